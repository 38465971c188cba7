"""The outbox as a queue: what is sendable, held or rejected, and the envelopes to send.

A pending event is *held* while an earlier event of the same order is ``rejected`` and not
yet resolved by a supervisor; events of other orders (and order-less stock events) keep
flowing. An outbox row no envelope can be built from is rejected here, locally, with
``LOCAL_INVALID_EVENT`` and an exception record, like an event the OMS refused. The pusher
(``sync.push``) sends what this module loads and records the OMS's answers.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from pydantic import TypeAdapter, ValidationError
from sqlalchemy import ColumnElement, Select, Subquery, and_, func, select
from sqlalchemy.orm import Session

from local_db.models.records import ExceptionRecord
from local_db.models.sync import OutboxEvent
from local_db.store import Store
from local_db.types import utc_now
from oms_contract.events import EventEnvelope, EventPayload
from sync import exception_details as details
from sync.errors import validation_summary
from sync.state import StationIdentity

log = logging.getLogger("wms.sync.push")

_PAYLOAD = TypeAdapter[EventPayload](EventPayload)
# Codes the station itself uses when it cannot even build an envelope from an outbox row.
LOCAL_INVALID_EVENT = "LOCAL_INVALID_EVENT"


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


def _pending_with_holds(
    *columns: Any, pending: ColumnElement[bool] = OutboxEvent.status == "pending"
) -> tuple[Select[Any], ColumnElement[bool]]:
    rejection = _first_rejections()
    query = (
        select(*columns)
        .select_from(OutboxEvent)
        .outerjoin(rejection, rejection.c.order_no == OutboxEvent.order_no)
        .where(pending)
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
    return envelope_of(
        identity,
        event_id=row.event_id,
        station_seq=row.station_seq,
        operator=row.operator,
        occurred_at=row.occurred_at,
        payload_json=row.payload_json,
    )


def envelope_of(
    identity: StationIdentity,
    *,
    event_id: str,
    station_seq: int,
    operator: str,
    occurred_at: dt.datetime,
    payload_json: str,
) -> EventEnvelope:
    """The envelope of one outbox row; raises ``ValidationError`` when it cannot be built."""
    return EventEnvelope(
        event_id=event_id,
        station_id=identity.station_id,
        station_seq=station_seq,
        warehouse_id=identity.warehouse_id,
        operator=operator,
        occurred_at=occurred_at,
        payload=_PAYLOAD.validate_json(payload_json),
    )


def reject_event(
    session: Session, row: OutboxEvent, code: str, message: str, now: dt.datetime
) -> None:
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
            detail_code=details.EVENT_REFUSED_BY_OMS,
            detail_args_json=details.detail_args(
                event_type=row.event_type, seq=row.station_seq, code=code, message=message
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


@dataclass
class Batch:
    """The next sendable events of a pass, as envelopes, and the rows that could not be."""

    envelopes: list[EventEnvelope]
    row_ids: dict[str, int]  # event_id → outbox row id
    unbuildable: dict[int, str]  # outbox row id → why no envelope could be built
    last_seq: int  # the pass goes on after this station_seq

    @property
    def empty(self) -> bool:
        return not self.envelopes and not self.unbuildable


_SENDABLE_COLUMNS = (
    OutboxEvent.id,
    OutboxEvent.event_id,
    OutboxEvent.station_seq,
    OutboxEvent.operator,
    OutboxEvent.occurred_at,
    OutboxEvent.payload_json,
)


def sendable_rows(session: Session, limit: int, after_seq: int | None) -> Sequence[Any]:
    """``sendable_events`` as tuples; with ``after_seq``, only those after it."""
    if after_seq is None:
        query, held = _pending_with_holds(*_SENDABLE_COLUMNS)
    else:
        # Walk the station_seq index from the position: the next pending rows come at once.
        # ``status || ''`` keeps SQLite off the status index, with which it would read and
        # sort every pending row of the backlog for each batch.
        query, held = _pending_with_holds(
            *_SENDABLE_COLUMNS, pending=OutboxEvent.status.concat("") == "pending"
        )
        query = query.where(OutboxEvent.station_seq > after_seq)
    return session.execute(query.where(~held).order_by(OutboxEvent.station_seq).limit(limit)).all()


def _rejected_row_ids(session: Session) -> frozenset[int]:
    query = select(OutboxEvent.id).where(OutboxEvent.status == "rejected")
    return frozenset(session.scalars(query))


def load_batch(
    store: Store,
    identity: StationIdentity,
    batch_size: int,
    after_seq: int | None,
    seen: set[int],
) -> Batch | None:
    """The next batch: from the oldest pending event, or after ``after_seq``; None when
    a rejected row in ``seen`` has been resolved since (the pass must start again).
    Adds the rejected rows of this snapshot to ``seen`` (replaces them from the start)."""
    envelopes: list[EventEnvelope] = []
    row_ids: dict[str, int] = {}
    unbuildable: dict[int, str] = {}
    with store.read_session() as session:  # one snapshot for both reads
        rows = sendable_rows(session, batch_size, after_seq)
        rejected = _rejected_row_ids(session)
    if after_seq is None:
        seen.clear()
    elif not seen <= rejected:
        return None
    seen |= rejected
    for row_id, event_id, station_seq, operator, occurred_at, payload_json in rows:
        try:
            envelope = envelope_of(
                identity,
                event_id=event_id,
                station_seq=station_seq,
                operator=operator,
                occurred_at=occurred_at,
                payload_json=payload_json,
            )
        except ValidationError as exc:
            unbuildable[row_id] = validation_summary(exc)
            continue
        envelopes.append(envelope)
        row_ids[event_id] = row_id
    last_seq = rows[-1][2] if rows else (after_seq or 0)
    return Batch(envelopes, row_ids, unbuildable, last_seq)


def reject_unbuildable(store: Store, unbuildable: dict[int, str], seen: set[int]) -> None:
    """Rows no envelope could be built from leave the queue as LOCAL_INVALID_EVENT
    rejections (each with its exception record) and join ``seen``."""
    now = utc_now()
    with store.unit_of_work() as uow:
        for row_id, reason in unbuildable.items():
            row = uow.session.get(OutboxEvent, row_id)
            if row is not None and row.status == "pending":
                reject_event(uow.session, row, LOCAL_INVALID_EVENT, reason, now)
                seen.add(row_id)
        uow.commit()
