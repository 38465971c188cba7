"""Outbox → OMS: send pending events in station order, record every answer in one commit.

What is sendable, the envelopes and the local rejection of unbuildable rows are the outbox
queue's (``sync.outbox_queue``); this module sends its batches and records the answers.

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

Pipelining: while the OMS judges batch N, the station loads batch N+1 (read only) and
records batch N-1's answers. N+1 is sent only once N's answer is known to accept every event
(``accepted`` or ``duplicate``): then recording N changes no hold, so N+1 is exactly what it
would be if loaded afterwards. Any other answer (a rejection, a deferral, an event left
unanswered) is recorded first and the next batch loaded afresh.

Within one ``push_all`` the next batch is sought after the last ``station_seq`` loaded (a
seek on its unique index instead of reading and sorting every pending row). Every event
before that position was, in the snapshot that covered it, sent, or final, or rejected, or
held behind a rejected event; it can only become sendable again when one of the rejected
events the pass has seen (read with each batch, in the same snapshot, or rejected by the
pass itself) is retried or discarded by a supervisor. So each batch also reads the set of
rejected rows: if one the pass has seen is gone from it, the batch is dropped and the pass
starts again from the oldest pending event, once everything sent so far is recorded.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field

from sqlalchemy import Update, select, update

from local_db.models.sync import OutboxEvent
from local_db.store import Store
from local_db.types import utc_now
from oms_contract.events import EventEnvelope
from oms_contract.sync_api import (
    EARLIER_EVENT_REJECTED,
    EventOutcome,
    EventResult,
    PushResponse,
)
from sync.client import OmsClient
from sync.errors import OmsError, RejectedRequest
from sync.outbox_queue import Batch, load_batch, reject_event, reject_unbuildable
from sync.state import LAST_PUSH_AT, StationIdentity, write_time

log = logging.getLogger("wms.sync.push")

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


def _is_clean(batch: Batch, results: dict[str, EventResult]) -> bool:
    """Every event of the batch answered accepted or duplicate: recording it holds nothing."""
    return all(
        (result := results.get(envelope.event_id)) is not None
        and result.outcome in (EventOutcome.ACCEPTED, EventOutcome.DUPLICATE)
        for envelope in batch.envelopes
    )


def _add(total: PushReport, report: PushReport) -> None:
    total.sent += report.sent
    total.accepted += report.accepted
    total.rejected += report.rejected
    total.unanswered += report.unanswered
    total.deferred += report.deferred
    total.rejected_event_ids += report.rejected_event_ids


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
        the station is closing); raises the first OMS failure. Batch N+1 is loaded, and
        N-1's answers recorded, while the OMS judges batch N (see the module docstring)."""
        total = PushReport()
        seen: set[int] = set()  # rejected rows seen in this pass (see the module docstring)
        # Answered all-accepted but not yet recorded: recorded while the next one travels.
        answered: tuple[Batch, dict[str, EventResult]] | None = None
        with ThreadPoolExecutor(max_workers=1, thread_name_prefix="wms-push") as http:
            try:
                batch = self._next_batch(None, seen)
                while True:
                    if batch is None:
                        # A rejection was resolved: start again from the oldest pending
                        # event, once everything sent is recorded.
                        if answered is not None:
                            _add(total, self._record_results(*answered, seen))
                            answered = None
                        batch = self._next_batch(None, seen)
                        assert batch is not None
                    if batch.empty or not keep_going():
                        break
                    if batch.unbuildable:
                        reject_unbuildable(self._store, batch.unbuildable, seen)
                    if not batch.envelopes:
                        # Unbuildable rows were taken out of the queue: look again.
                        total.sent += len(batch.unbuildable)
                        batch = self._next_batch(batch.last_seq, seen)
                        continue
                    answer = http.submit(self._client.push, batch.envelopes)
                    if answered is not None:
                        _add(total, self._record_results(*answered, seen))
                        answered = None
                    upcoming = self._next_batch(batch.last_seq, seen)
                    results = self._send(batch.envelopes, answer)
                    if _is_clean(batch, results):
                        answered = (batch, results)
                        batch = upcoming
                        continue
                    report = self._record_results(batch, results, seen)
                    _add(total, report)
                    # Unanswered or deferred events stay pending; asking again at once would
                    # only get the same answer (deferred ones are normally held now, behind
                    # their order's rejected event, but an OMS that disagrees must not make
                    # this loop spin).
                    if report.unanswered or report.deferred:
                        break
                    batch = self._next_batch(batch.last_seq, seen)
            finally:
                if answered is not None:
                    _add(total, self._record_results(*answered, seen))
        return total

    def push_batch(self) -> PushReport:
        """One batch from the oldest pending event, sent and recorded (no pipelining)."""
        seen: set[int] = set()
        batch = self._next_batch(None, seen)
        assert batch is not None
        if batch.unbuildable:
            reject_unbuildable(self._store, batch.unbuildable, seen)
        if not batch.envelopes:
            # Unbuildable rows were taken out of the queue: let the caller look again.
            return PushReport(sent=len(batch.unbuildable))
        return self._record_results(batch, self._send(batch.envelopes), seen)

    # --- steps ----------------------------------------------------------------------------

    def _next_batch(self, after_seq: int | None, seen: set[int]) -> Batch | None:
        return load_batch(self._store, self._identity, self._batch_size, after_seq, seen)

    def _send(
        self, envelopes: list[EventEnvelope], answer: Future[PushResponse] | None = None
    ) -> dict[str, EventResult]:
        """The OMS's answers by event id; ``answer`` is the request already under way."""
        try:
            response = answer.result() if answer is not None else self._client.push(envelopes)
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
        self, batch: Batch, results: dict[str, EventResult], seen: set[int]
    ) -> PushReport:
        """Every answer of the batch in one commit. Accepted rows and rows that stay pending
        are set with one UPDATE per outcome; a rejection gets its exception record as ever
        (and joins ``seen``)."""
        now = utc_now()
        report = PushReport(sent=len(batch.envelopes))
        stray = set(results) - set(batch.row_ids)
        if stray:
            log.error("OMS answered for %d events the station did not send", len(stray))
        accepted: list[int] = []
        waiting: dict[str, list[int]] = {}  # last_error → rows that stay pending
        rejected: list[tuple[int, EventResult]] = []
        with self._store.unit_of_work() as uow:
            session = uow.session
            pending = set(
                session.scalars(
                    select(OutboxEvent.id).where(
                        OutboxEvent.id.in_(list(batch.row_ids.values())),
                        OutboxEvent.status == "pending",
                    )
                )
            )
            for event_id, row_id in batch.row_ids.items():
                if row_id not in pending:
                    continue
                result = results.get(event_id)
                if result is None:
                    # Not answered: stays pending and goes again (the OMS dedupes by id).
                    waiting.setdefault(_UNANSWERED, []).append(row_id)
                    report.unanswered += 1
                elif (
                    result.outcome is EventOutcome.REJECTED
                    and result.error_code == EARLIER_EVENT_REJECTED
                ):
                    # Not judged on its own: it waits behind the rejected event of its order.
                    waiting.setdefault(_DEFERRED, []).append(row_id)
                    report.deferred += 1
                elif result.outcome in (EventOutcome.ACCEPTED, EventOutcome.DUPLICATE):
                    accepted.append(row_id)
                    report.accepted += 1
                else:
                    rejected.append((row_id, result))
                    report.rejected += 1
                    report.rejected_event_ids.append(event_id)
            if accepted:
                session.execute(
                    _bump(accepted).values(status="accepted", accepted_at=now, last_error=None)
                )
            for message, row_ids in waiting.items():
                session.execute(_bump(row_ids).values(last_error=message))
            for row_id, result in rejected:
                row = session.get_one(OutboxEvent, row_id)
                row.attempts += 1
                reject_event(
                    session,
                    row,
                    result.error_code or "REJECTED",
                    result.error_message or "refused by the OMS without a reason",
                    now,
                )
            write_time(session, LAST_PUSH_AT, now)
            uow.commit()
        seen.update(row_id for row_id, _ in rejected)
        log.info(
            "Pushed %d events: %d accepted, %d rejected, %d unanswered",
            report.sent,
            report.accepted,
            report.rejected,
            report.unanswered,
        )
        return report


_UNANSWERED = "The OMS did not answer for this event; it will be resent."
_DEFERRED = "Held: an earlier event of this order was rejected by the OMS."


def _bump(row_ids: list[int]) -> Update:
    """An UPDATE of these outbox rows counting one more attempt (Core: no ORM objects)."""
    return (
        update(OutboxEvent)
        .where(OutboxEvent.id.in_(row_ids))
        .values(attempts=OutboxEvent.attempts + 1)
        .execution_options(synchronize_session=False)
    )
