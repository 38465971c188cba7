"""The transactional outbox: events for the OMS are rows written in the action's own
transaction, so a committed change always has its event and a rolled-back one never has."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Sequence

from pydantic import TypeAdapter
from sqlalchemy import func, select

from app.services.bulk_insert import first_free_id, insert_rows
from local_db.models import OutboxEvent, SyncState
from local_db.store import UnitOfWork
from local_db.types import utc_now
from oms_contract.events import (
    CancelResult,
    EventPayload,
    InboundReceived,
    InventoryAdjusted,
    OutboundReceived,
    OutboundStatusChanged,
    PickedLines,
    StockChanged,
)

AnyPayload = (
    OutboundReceived
    | OutboundStatusChanged
    | PickedLines
    | StockChanged
    | InboundReceived
    | InventoryAdjusted
    | CancelResult
)

LAST_STATION_SEQ = "last_station_seq"

# session.info key: (transaction, max(station_seq) read in it).
_OUTBOX_FLOOR = "wms.outbox.floor"

_PAYLOAD_ADAPTER: TypeAdapter[AnyPayload] = TypeAdapter(EventPayload)


def _order_no(payload: AnyPayload) -> str | None:
    order_no = getattr(payload, "order_no", None)
    return order_no if isinstance(order_no, str) else None


def reserve_station_seqs(uow: UnitOfWork, count: int) -> int:
    """Reserve ``count`` consecutive station sequence numbers; return the first.

    The unit of work holds SQLite's write lock (BEGIN IMMEDIATE), so the numbers cannot race
    with another writer. The high-water mark in sync state keeps numbers rising even if
    accepted rows are ever pruned from the outbox: the OMS must never see a station number
    twice. ``max(station_seq)`` is asked once per transaction, not once per event: every
    later number of the transaction comes from here, so the mark alone moves on. A rolled
    back savepoint also rolls the mark back (SQLAlchemy expires it), so its numbers, never
    committed, are handed out again instead of leaving a gap.
    """
    session = uow.session
    mark = session.get(SyncState, LAST_STATION_SEQ)
    transaction = session.get_transaction()
    seen = session.info.get(_OUTBOX_FLOOR)
    if seen is None or seen[0] is not transaction:
        in_outbox = session.scalar(select(func.max(OutboxEvent.station_seq))) or 0
        seen = (transaction, in_outbox)
        session.info[_OUTBOX_FLOOR] = seen
    first = max(seen[1], int(mark.value) if mark is not None else 0) + 1
    last = first + count - 1
    if mark is None:
        session.add(SyncState(key=LAST_STATION_SEQ, value=str(last)))
    else:
        mark.value = str(last)
    return first


def _outbox_row(
    payload: AnyPayload, operator: str, station_seq: int, occurred_at: dt.datetime
) -> OutboxEvent:
    return OutboxEvent(
        event_id=uuid.uuid4().hex,
        station_seq=station_seq,
        event_type=payload.event_type,
        order_no=_order_no(payload),
        payload_json=payload.model_dump_json(),
        operator=operator,
        occurred_at=occurred_at,
        status="pending",
        attempts=0,
    )


def record_event(uow: UnitOfWork, payload: AnyPayload, operator: str) -> OutboxEvent:
    """Append ``payload`` to the outbox with the next station sequence number."""
    station_seq = reserve_station_seqs(uow, 1)
    event = _outbox_row(payload, operator, station_seq, utc_now())
    uow.session.add(event)
    uow.session.flush()
    return event


def record_events(uow: UnitOfWork, payloads: Sequence[AnyPayload], operator: str) -> list[int]:
    """Append many payloads in one statement, numbered in the given order; return their ids.

    For set-based work (a feed page): the rows are not kept in the session.
    """
    if not payloads:
        return []
    first = reserve_station_seqs(uow, len(payloads))
    first_id = first_free_id(uow.session, OutboxEvent)
    now = utc_now()
    rows = [
        {
            "id": first_id + n,
            "event_id": uuid.uuid4().hex,
            "station_seq": first + n,
            "event_type": payload.event_type,
            "order_no": _order_no(payload),
            "payload_json": payload.model_dump_json(),
            "operator": operator,
            "occurred_at": now,
            "status": "pending",
            "attempts": 0,
        }
        for n, payload in enumerate(payloads)
    ]
    insert_rows(uow.session, OutboxEvent, rows)
    return list(range(first_id, first_id + len(rows)))


def load_payload(event: OutboxEvent) -> AnyPayload:
    """The pydantic payload of an outbox row (for building the envelope at push time)."""
    return _PAYLOAD_ADAPTER.validate_json(event.payload_json)
