"""Converging with the other stations of the warehouse: their accepted events arrive in the
feed; we apply their stock movements and follow their order statuses.

``locked`` never travels (each station reserves for the orders it works), so a movement
can meet units this station has reserved. Reserved units are never booked away here: the
row stops at the reserved quantity and a STOCK_DIFFERENCE exception asks a supervisor to
sort it out, so the rows stay valid whatever arrives.
"""

from __future__ import annotations

from sqlalchemy import select

from app import errors
from app import exception_details as details
from app.feed import FEED_OPERATOR
from app.services.allocation import reallocate_held_orders
from app.services.audit import record_audit
from app.services.order_events import set_status
from app.services.stock_ledger import StockSlot, get_or_create_stock
from local_db.models import (
    ExceptionRecord,
    InboundOrder,
    Location,
    OutboundOrder,
    Sku,
    Stock,
)
from local_db.store import UnitOfWork
from local_db.types import utc_now
from oms_contract.events import (
    EventEnvelope,
    InboundReceived,
    OutboundStatus,
    OutboundStatusChanged,
    QcResult,
    ReturnDisposition,
    StockBucket,
    StockMovement,
)

# Local states a remote status moves an order to (EXCEPTION is a report, not a state).
_REMOTE_STATES = {
    OutboundStatus.PICKING: "PICKING",
    OutboundStatus.PICKED: "PICKED",
    OutboundStatus.PACKED: "PACKED",
    OutboundStatus.SHIPPED: "SHIPPED",
    OutboundStatus.CANCELLED: "CANCELLED",
}


def _movement_order(movement: StockMovement) -> int:
    # Additions to on-hand first, then releases of holds, then removals, then new holds:
    # every intermediate row stays valid (e.g. a damaged putaway: -damaged before -on_hand).
    if movement.bucket is StockBucket.ON_HAND:
        return 0 if movement.delta > 0 else 2
    return 1 if movement.delta < 0 else 3


def _difference(uow: UnitOfWork, row: Stock, missing: int, envelope: EventEnvelope) -> None:
    uow.session.add(
        ExceptionRecord(
            exception_type="STOCK_DIFFERENCE",
            sku_id=row.sku_id,
            location_code=row.location_code,
            severity="high",
            status="open",
            detail_code=details.REMOTE_MOVE_UNBOOKABLE,
            detail_args_json=details.detail_args(
                seq=envelope.station_seq,
                station=envelope.station_id,
                missing=missing,
                bin=row.location_code,
            ),
            created_at=utc_now(),
        )
    )


def _apply_movement(uow: UnitOfWork, movement: StockMovement, envelope: EventEnvelope) -> None:
    session = uow.session
    if session.get(Location, movement.location_code) is None:
        raise errors.MalformedFeedEntry("movement_bin_unknown", bin=movement.location_code)
    if session.get(Sku, (movement.owner_id, movement.sku_id)) is None:
        raise errors.MalformedFeedEntry("movement_sku_unknown", sku=movement.sku_id)
    row = get_or_create_stock(
        session,
        StockSlot(
            movement.location_code,
            movement.owner_id,
            movement.sku_id,
            movement.batch_no,
            movement.expiry_date,
        ),
    )
    if movement.bucket is StockBucket.ON_HAND:
        wanted = row.on_hand + movement.delta
        row.on_hand = max(wanted, row.locked)
        if wanted < row.locked:
            _difference(uow, row, row.locked - wanted, envelope)
        excess = row.frozen + row.damaged - (row.on_hand - row.locked)
        if excess > 0:
            from_damaged = min(row.damaged, excess)
            row.damaged -= from_damaged
            row.frozen -= excess - from_damaged
        return
    current = row.frozen if movement.bucket is StockBucket.FROZEN else row.damaged
    room = row.on_hand - row.locked - row.frozen - row.damaged
    wanted = current + movement.delta
    booked = max(0, min(wanted, current + room))
    if booked != wanted:
        _difference(uow, row, abs(wanted - booked), envelope)
    if movement.bucket is StockBucket.FROZEN:
        row.frozen = booked
    else:
        row.damaged = booked


def _release_local_work(uow: UnitOfWork, order: OutboundOrder) -> None:
    for task in order.pick_tasks:
        if task.status != "open":
            continue
        row = uow.session.get(Stock, task.stock_id)
        assert row is not None
        row.locked -= task.quantity - task.picked_qty - task.short_qty
        task.status = "cancelled"


def _follow_order(uow: UnitOfWork, payload: OutboundStatusChanged, envelope: EventEnvelope) -> str:
    session = uow.session
    order = session.scalar(select(OutboundOrder).where(OutboundOrder.order_no == payload.order_no))
    target = _REMOTE_STATES.get(payload.status)
    if order is None or target is None:
        return ""
    if order.status in ("ALLOCATED", "SHORTAGE") or order.handled_remotely:
        if not order.handled_remotely:
            _release_local_work(uow, order)
            order.handled_remotely = True
        if order.status not in ("SHIPPED", "CANCELLED"):
            set_status(order, target)
        return f"; order {order.order_no} {target} at {envelope.station_id}"
    # Both stations worked the same order: never undo local work silently.
    session.add(
        ExceptionRecord(
            exception_type="ORDER_WORKED_TWICE",
            order_no=order.order_no,
            severity="high",
            status="open",
            detail_code=details.ORDER_WORKED_TWICE,
            detail_args_json=details.detail_args(
                station=envelope.station_id,
                remote_status=payload.status.value,
                local_status=order.status,
            ),
            created_at=utc_now(),
        )
    )
    return f"; order {order.order_no} worked at two stations"


def apply_remote_event(
    uow: UnitOfWork, envelope: EventEnvelope, station_id: str, station_warehouse: str | None
) -> str:
    if envelope.station_id == station_id:
        return f"own event #{envelope.station_seq}, skipped"
    if station_warehouse is not None and envelope.warehouse_id != station_warehouse:
        raise errors.MalformedFeedEntry(
            "event_for_other_warehouse",
            warehouse=envelope.warehouse_id,
            station_warehouse=station_warehouse,
        )
    payload = envelope.payload
    note = ""
    if isinstance(payload, OutboundStatusChanged):
        # Release our reservations before their pick movements meet the same rows.
        note = _follow_order(uow, payload, envelope)
    if isinstance(payload, InboundReceived):
        inbound = uow.session.scalar(
            select(InboundOrder).where(InboundOrder.inbound_no == payload.inbound_no)
        )
        if inbound is not None and inbound.status == "open":
            # Another station's receipt: its quantities count here too, so a delivery
            # received in parts on several stations adds up; only the closing one closes.
            for received in payload.lines:
                line = next((ln for ln in inbound.lines if ln.sku_id == received.sku_id), None)
                if line is not None:
                    line.received_qty += received.received_qty
                    # A return's held units, as that station's QC decided them.
                    held = received.disposition or received.qc_result
                    if held in (ReturnDisposition.DAMAGED, QcResult.FAIL):
                        line.damaged_qty += received.received_qty
                    elif held is ReturnDisposition.QUARANTINE:
                        line.quarantined_qty += received.received_qty
            if payload.closes_inbound:
                inbound.status = "received"
            inbound.received_by = envelope.operator
            inbound.received_at = envelope.occurred_at
    movements = list(getattr(payload, "movements", []))
    for movement in sorted(movements, key=_movement_order):
        _apply_movement(uow, movement, envelope)
    uow.session.flush()
    # Goods another station put on a shelf (or released from a hold) may cover our held orders.
    # Reservations released because another station took an order are not: its picks of those
    # very units follow in the feed.
    arrived = {
        (m.owner_id, m.sku_id)
        for m in movements
        if (m.delta > 0) == (m.bucket is StockBucket.ON_HAND)
    }
    reallocate_held_orders(uow, FEED_OPERATOR, arrived)
    record_audit(
        uow,
        operator=envelope.operator,
        action="apply_remote_event",
        entity="station_event",
        entity_key=f"{envelope.station_id}#{envelope.station_seq}",
        after={"event_type": payload.event_type, "movements": len(movements)},
    )
    return f"{payload.event_type} from {envelope.station_id}: {len(movements)} movement(s){note}"
