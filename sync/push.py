"""Outbox → OMS: send pending events in station order, record every answer in one commit.

Ordering and holding back: events leave in ``station_seq`` order. A pending event is *held*
while an earlier event of the same order is ``rejected`` and not yet resolved by a
supervisor, so it is not sent after its order's refused event; events of other orders (and
order-less stock events) keep flowing. Later events of the order that travelled in the *same*
batch as the refused one are judged by the OMS: accepted ones stand, and an OMS that answers
them ``EARLIER_EVENT_REJECTED`` (see ``oms_contract.sync_api``) gets them held like the rest.

Exactly once: the OMS keeps every ``event_id``; a resend after a lost answer comes back as
``duplicate``, which the station records as accepted. Nothing is dropped: an event leaves
``pending`` only as accepted, or as rejected with an OMS_REJECTED exception record a
supervisor must resolve. The store's writer lock is held only for the short bookkeeping
transactions, never across the HTTP call.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from pydantic import TypeAdapter, ValidationError
from sqlalchemy import ColumnElement, Select, Subquery, and_, func, select, update
from sqlalchemy.orm import Session

from local_db.models.records import ExceptionRecord
from local_db.models.sync import OutboxEvent
from local_db.store import Store
from local_db.types import utc_now
from oms_contract.events import EventEnvelope, EventPayload
from oms_contract.sync_api import EARLIER_EVENT_REJECTED, EventOutcome, EventResult
from sync.client import OmsClient
from sync.errors import OmsError, RejectedRequest, validation_summary
from sync.state import LAST_PUSH_AT, StationIdentity, write_time

log = logging.getLogger("wms.sync.push")

_PAYLOAD = TypeAdapter[EventPayload](EventPayload)
# Codes the station itself uses when it cannot even build an envelope from an outbox row.
LOCAL_INVALID_EVENT = "LOCAL_INVALID_EVENT"
# Whole-batch refusals that mean "something in these events is invalid": narrow it down.
_INVALID_REQUEST_STATUSES = frozenset({400, 422})


@dataclass
class PushReport:
    sent: int = 0
    accepted: int = 0
    rejected: int = 0
    unanswered: int = 0
    deferred: int = 0
    rejected_event_ids: list[str] = field(default_factory=list)


def _first_rejections() -> Subquery:
    """Per order with an unresolved rejection, the station_seq of its first rejected event.
    Few rows, so joining it beats a correlated subquery per pending event (50k pending
    events: milliseconds instead of most of a second)."""
    return (
        select(OutboxEvent.order_no, func.min(OutboxEvent.station_seq).label("first_seq"))
        .where(OutboxEvent.status == "rejected", OutboxEvent.order_no.is_not(None))
        .group_by(OutboxEvent.order_no)
        .subquery("first_rejection")
    )


def _pending_with_holds(*columns: Any) -> tuple[Select[Any], ColumnElement[bool]]:
    rejection = _first_rejections()
    query = (
        select(*columns)
        .select_from(OutboxEvent)
        .outerjoin(rejection, rejection.c.order_no == OutboxEvent.order_no)
        .where(OutboxEvent.status == "pending")
    )
    held = and_(rejection.c.first_seq.is_not(None), OutboxEvent.station_seq > rejection.c.first_seq)
    return query, held


def sendable_events(session: Session, limit: int) -> list[OutboxEvent]:
    """Pending events, oldest first, leaving out those held behind a rejected event."""
    query, held = _pending_with_holds(OutboxEvent)
    return list(session.scalars(query.where(~held).order_by(OutboxEvent.station_seq).limit(limit)))


@dataclass(frozen=True)
class OutboxCounts:
    pending: int
    held: int
    rejected: int
    oldest_pending_at: dt.datetime | None


def outbox_counts(session: Session) -> OutboxCounts:
    pending, oldest = session.execute(
        select(func.count(), func.min(OutboxEvent.occurred_at)).where(
            OutboxEvent.status == "pending"
        )
    ).one()
    held_query, held_clause = _pending_with_holds(func.count())
    held = session.scalar(held_query.where(held_clause))
    rejected = session.scalar(select(func.count()).where(OutboxEvent.status == "rejected"))
    if oldest is not None and oldest.tzinfo is None:
        oldest = oldest.replace(tzinfo=dt.UTC)
    return OutboxCounts(int(pending), int(held or 0), int(rejected or 0), oldest)


def build_envelope(row: OutboxEvent, identity: StationIdentity) -> EventEnvelope:
    return EventEnvelope(
        event_id=row.event_id,
        station_id=identity.station_id,
        station_seq=row.station_seq,
        warehouse_id=identity.warehouse_id,
        operator=row.operator,
        occurred_at=row.occurred_at,
        payload=_PAYLOAD.validate_json(row.payload_json),
    )


def _reject(session: Session, row: OutboxEvent, code: str, message: str, now: dt.datetime) -> None:
    row.status = "rejected"
    row.reject_code = code
    row.reject_message = message
    row.last_error = f"{code}: {message}"
    session.add(
        ExceptionRecord(
            exception_type="OMS_REJECTED",
            order_no=row.order_no,
            severity="high",
            status="open",
            detail=(
                f"{row.event_type} #{row.station_seq} was refused: {code}: {message}. "
                "Later events of this order wait until a supervisor retries or discards it."
            ),
            created_at=now,
            outbox_event_id=row.id,
        )
    )
    log.warning(
        "Event %s (#%d %s, order %s) rejected: %s",
        row.event_id,
        row.station_seq,
        row.event_type,
        row.order_no,
        code,
    )


class Pusher:
    """Pushes the outbox for one enrolled station."""

    def __init__(
        self, store: Store, client: OmsClient, identity: StationIdentity, batch_size: int
    ) -> None:
        self._store = store
        self._client = client
        self._identity = identity
        self._batch_size = batch_size

    def push_all(self, keep_going: Callable[[], bool] = lambda: True) -> PushReport:
        """Send batches until nothing sendable is left (or ``keep_going()`` turns false, e.g.
        the station is closing); raises the first OMS failure."""
        total = PushReport()
        while keep_going():
            report = self.push_batch()
            total.sent += report.sent
            total.accepted += report.accepted
            total.rejected += report.rejected
            total.unanswered += report.unanswered
            total.deferred += report.deferred
            total.rejected_event_ids += report.rejected_event_ids
            # Unanswered or deferred events stay pending; asking again at once would only get
            # the same answer (deferred ones are normally held now, behind their order's
            # rejected event, but an OMS that disagrees must not make this loop spin).
            if report.sent == 0 or report.unanswered or report.deferred:
                return total
        return total

    def push_batch(self) -> PushReport:
        envelopes, unbuildable = self._load_batch()
        if unbuildable:
            self._record_unbuildable(unbuildable)
        report = PushReport()
        if not envelopes:
            # Unbuildable rows were taken out of the queue: let the caller look again.
            report.sent = len(unbuildable)
            return report
        results = self._send(envelopes)
        self._record_results(envelopes, results, report)
        return report

    # --- steps ----------------------------------------------------------------------------

    def _load_batch(self) -> tuple[list[EventEnvelope], dict[int, str]]:
        envelopes: list[EventEnvelope] = []
        unbuildable: dict[int, str] = {}
        with self._store.read_session() as session:
            for row in sendable_events(session, self._batch_size):
                try:
                    envelopes.append(build_envelope(row, self._identity))
                except ValidationError as exc:
                    unbuildable[row.id] = validation_summary(exc)
        return envelopes, unbuildable

    def _record_unbuildable(self, unbuildable: dict[int, str]) -> None:
        now = utc_now()
        with self._store.unit_of_work() as uow:
            for row_id, reason in unbuildable.items():
                row = uow.session.get(OutboxEvent, row_id)
                if row is not None and row.status == "pending":
                    _reject(uow.session, row, LOCAL_INVALID_EVENT, reason, now)
            uow.commit()

    def _send(self, envelopes: list[EventEnvelope]) -> dict[str, EventResult]:
        try:
            response = self._client.push(envelopes)
        except RejectedRequest as exc:
            if exc.status_code not in _INVALID_REQUEST_STATUSES:
                self._record_failure(envelopes, exc)
                raise
            if len(envelopes) == 1:
                # The OMS refuses this one event outright: same as a per-event rejection.
                body = exc.body
                return {
                    envelopes[0].event_id: EventResult(
                        event_id=envelopes[0].event_id,
                        outcome=EventOutcome.REJECTED,
                        error_code=body.error_code,
                        error_message=body.message,
                    )
                }
            # Some event in the batch is invalid; find it by sending one at a time so the
            # others are not blocked behind it.
            log.warning("OMS refused a batch of %d (%s); sending singly", len(envelopes), exc)
            results: dict[str, EventResult] = {}
            for envelope in envelopes:
                results.update(self._send([envelope]))
            return results
        except OmsError as exc:
            self._record_failure(envelopes, exc)
            raise
        return {result.event_id: result for result in response.results}

    def _record_failure(self, envelopes: list[EventEnvelope], error: OmsError) -> None:
        event_ids = [envelope.event_id for envelope in envelopes]
        with self._store.unit_of_work() as uow:
            uow.session.execute(
                update(OutboxEvent)
                .where(OutboxEvent.event_id.in_(event_ids), OutboxEvent.status == "pending")
                .values(attempts=OutboxEvent.attempts + 1, last_error=str(error)[:2000])
            )
            uow.commit()

    def _record_results(
        self,
        envelopes: list[EventEnvelope],
        results: dict[str, EventResult],
        report: PushReport,
    ) -> None:
        now = utc_now()
        report.sent = len(envelopes)
        by_id = {e.event_id: e for e in envelopes}
        stray = set(results) - set(by_id)
        if stray:
            log.error("OMS answered for %d events the station did not send", len(stray))
        with self._store.unit_of_work() as uow:
            session = uow.session
            rows = {
                row.event_id: row
                for row in session.scalars(
                    select(OutboxEvent).where(OutboxEvent.event_id.in_(list(by_id)))
                )
            }
            for event_id in by_id:
                row = rows.get(event_id)
                if row is None or row.status != "pending":
                    continue
                row.attempts += 1
                result = results.get(event_id)
                if result is None:
                    # Not answered: stays pending and goes again (the OMS dedupes by id).
                    row.last_error = "The OMS did not answer for this event; it will be resent."
                    report.unanswered += 1
                elif (
                    result.outcome is EventOutcome.REJECTED
                    and result.error_code == EARLIER_EVENT_REJECTED
                ):
                    # Not judged on its own: it waits behind the rejected event of its order.
                    row.last_error = "Held: an earlier event of this order was rejected by the OMS."
                    report.deferred += 1
                elif result.outcome in (EventOutcome.ACCEPTED, EventOutcome.DUPLICATE):
                    row.status = "accepted"
                    row.accepted_at = now
                    row.last_error = None
                    report.accepted += 1
                else:
                    _reject(
                        session,
                        row,
                        result.error_code or "REJECTED",
                        result.error_message or "refused by the OMS without a reason",
                        now,
                    )
                    report.rejected += 1
                    report.rejected_event_ids.append(event_id)
            write_time(session, LAST_PUSH_AT, now)
            uow.commit()
        log.info(
            "Pushed %d events: %d accepted, %d rejected, %d unanswered",
            report.sent,
            report.accepted,
            report.rejected,
            report.unanswered,
        )
