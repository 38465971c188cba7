"""Small helpers shared by the sync tests: outbox rows, station identity, waiting with deadlines."""

from __future__ import annotations

import datetime as dt
import uuid

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from local_db.models.sync import OutboxEvent
from local_db.store import Store, UnitOfWork
from oms_contract.events import (
    InventoryAdjusted,
    OutboundStatus,
    OutboundStatusChanged,
    StockChanged,
    StockChangeType,
)
from oms_contract.sync_api import FeedEntry, StockSnapshot
from sync.hooks import FloorHooks
from sync.state import OMS_URL, STATION_ID, WAREHOUSE_ID, StationIdentity, write_state

NOW = dt.datetime(2026, 11, 22, 2, 0, tzinfo=dt.UTC)


def no_floor_effects() -> FloorHooks:
    """Floor hooks that apply nothing: for tests about the sync plumbing alone."""

    def apply_entry(uow: UnitOfWork, entry: FeedEntry, station_id: str) -> str:
        return "ok"

    def take_snapshot(session: Session, warehouse_id: str) -> StockSnapshot:
        return StockSnapshot(warehouse_id=warehouse_id, taken_at=NOW, lines=[])

    return FloorHooks(apply_entry=apply_entry, refusals=(), take_snapshot=take_snapshot)


def enrol_locally(store: Store, identity: StationIdentity) -> None:
    with store.unit_of_work() as uow:
        write_state(uow.session, STATION_ID, identity.station_id)
        write_state(uow.session, WAREHOUSE_ID, identity.warehouse_id)
        write_state(uow.session, OMS_URL, identity.oms_url)
        uow.commit()


def status_event(
    order_no: str, status: OutboundStatus = OutboundStatus.PICKING
) -> OutboundStatusChanged:
    return OutboundStatusChanged(
        order_no=order_no, wms_outbound_no=f"W-{order_no}", status=status, status_time=NOW
    )


def stock_event(sku_id: str = "SKU-1") -> StockChanged:
    return StockChanged(
        warehouse_id="WH1",
        owner_id="OWN-1",
        sku_id=sku_id,
        change_type=StockChangeType.ADJUSTMENT,
        change_qty=1,
        available_qty=10,
    )


def add_outbox_row(
    session: Session,
    payload: OutboundStatusChanged | StockChanged | InventoryAdjusted,
    *,
    payload_json: str | None = None,
    operator: str = "B-001",
) -> OutboxEvent:
    """An outbox row as ``app.outbox.record_event`` writes it (kept local: tests of the push
    logic should not depend on the floor services)."""
    next_seq = (session.scalar(select(func.max(OutboxEvent.station_seq))) or 0) + 1
    row = OutboxEvent(
        event_id=uuid.uuid4().hex,
        station_seq=next_seq,
        event_type=payload.event_type,
        order_no=getattr(payload, "order_no", None),
        payload_json=payload_json if payload_json is not None else payload.model_dump_json(),
        operator=operator,
        occurred_at=NOW,
        status="pending",
        attempts=0,
    )
    session.add(row)
    session.flush()
    return row
