"""The transactional outbox: events for the OMS are rows written in the action's own
transaction, so a committed change always has its event and a rolled-back one never has."""

from __future__ import annotations

import uuid

from pydantic import TypeAdapter
from sqlalchemy import func, select

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

_PAYLOAD_ADAPTER: TypeAdapter[AnyPayload] = TypeAdapter(EventPayload)


def _order_no(payload: AnyPayload) -> str | None:
    order_no = getattr(payload, "order_no", None)
    return order_no if isinstance(order_no, str) else None


def record_event(uow: UnitOfWork, payload: AnyPayload, operator: str) -> OutboxEvent:
    """Append ``payload`` to the outbox with the next station sequence number.

    The unit of work holds SQLite's write lock (BEGIN IMMEDIATE), so the next number cannot
    race with another writer.
    """
    session = uow.session
    # The high-water mark in sync state keeps numbers rising even if accepted rows are ever
    # pruned from the outbox: the OMS must never see a station number twice.
    mark = session.get(SyncState, LAST_STATION_SEQ)
    in_outbox = session.scalar(select(func.max(OutboxEvent.station_seq))) or 0
    station_seq = max(in_outbox, int(mark.value) if mark is not None else 0) + 1
    if mark is None:
        session.add(SyncState(key=LAST_STATION_SEQ, value=str(station_seq)))
    else:
        mark.value = str(station_seq)
    event = OutboxEvent(
        event_id=uuid.uuid4().hex,
        station_seq=station_seq,
        event_type=payload.event_type,
        order_no=_order_no(payload),
        payload_json=payload.model_dump_json(),
        operator=operator,
        occurred_at=utc_now(),
        status="pending",
        attempts=0,
    )
    session.add(event)
    session.flush()
    return event


def load_payload(event: OutboxEvent) -> AnyPayload:
    """The pydantic payload of an outbox row (for building the envelope at push time)."""
    return _PAYLOAD_ADAPTER.validate_json(event.payload_json)
