"""Applies one pushed event to the OMS state; raises RuleViolation to reject it."""

from __future__ import annotations

import datetime as dt

from sqlalchemy.orm import Session

from oms_contract.events import (
    CancelResult,
    EventEnvelope,
    InboundReceived,
    InventoryAdjusted,
    OutboundReceived,
    OutboundStatusChanged,
    PickedLines,
    StockChanged,
    Unpicked,
)
from oms_server.errors import RuleViolation
from oms_server.services import stock
from oms_server.services.context import EventContext
from oms_server.services.inbound import apply_inbound_received
from oms_server.services.movement_checks import (
    check_movements,
    known_bins,
    movement_bins,
)
from oms_server.services.order_events import (
    apply_cancel_result,
    apply_outbound_received,
    apply_picked_lines,
    apply_status,
    apply_unpicked,
)
from oms_server.services.stock_holds import apply_holds, hold_deltas


def apply_event(session: Session, envelope: EventEnvelope, ctx: EventContext) -> int | None:
    """Apply the event; answer its latency in ms for monitoring (None when not measured)."""
    latency_ms = _apply(session, envelope, ctx)
    # Every rule passed: the units it put on hold (or took off) leave what the OMS promises.
    for (owner_id, sku_id), (frozen, damaged) in hold_deltas(envelope.payload).items():
        row = stock.locked_stock(session, envelope.warehouse_id, owner_id, sku_id)
        apply_holds(row, frozen, damaged, ctx.now)
    return latency_ms


def _apply(session: Session, envelope: EventEnvelope, ctx: EventContext) -> int | None:
    payload = envelope.payload
    warehouse_id = envelope.warehouse_id
    latency_ms = _ms(ctx, ctx.occurred_at)
    if not isinstance(payload, PickedLines | Unpicked):  # checked once the order's owner is known
        check_movements(payload, known_bins(session, warehouse_id, movement_bins([payload])))
    match payload:
        case OutboundReceived():
            apply_outbound_received(session, payload, warehouse_id, ctx)
            return latency_ms
        case OutboundStatusChanged():
            apply_status(session, payload, warehouse_id, ctx)
            return _ms(ctx, payload.status_time)
        case PickedLines():
            apply_picked_lines(session, payload, warehouse_id, ctx)
        case Unpicked():
            apply_unpicked(session, payload, warehouse_id, ctx)
        case CancelResult():
            apply_cancel_result(session, payload, warehouse_id, ctx)
            return latency_ms
        case InboundReceived():
            apply_inbound_received(session, payload, warehouse_id, ctx)
        case InventoryAdjusted():
            _apply_adjustment(session, payload, warehouse_id, ctx)
        case StockChanged():
            _apply_stock_report(session, payload, warehouse_id, ctx)
            return latency_ms
    return None


def _ms(ctx: EventContext, since: dt.datetime) -> int:
    return max(0, int((ctx.now - since).total_seconds() * 1000))


def _apply_adjustment(
    session: Session, payload: InventoryAdjusted, warehouse_id: str, ctx: EventContext
) -> None:
    stock.require_sku(session, payload.owner_id, payload.sku_id)
    row = stock.locked_stock(session, warehouse_id, payload.owner_id, payload.sku_id)
    stock.change_on_hand(row, payload.quantity, ctx.now)


def _apply_stock_report(
    session: Session, payload: StockChanged, warehouse_id: str, ctx: EventContext
) -> None:
    """Informational (InventorySyncMessage): kept for display and latency, moves nothing."""
    if payload.warehouse_id != warehouse_id:
        raise RuleViolation(
            "WAREHOUSE_MISMATCH",
            f"The stock report is for warehouse {payload.warehouse_id}, not {warehouse_id}.",
        )
    stock.require_sku(session, payload.owner_id, payload.sku_id)
    row = stock.locked_stock(session, warehouse_id, payload.owner_id, payload.sku_id)
    stock.check_put_back(row.on_hand, payload)
    # The figure itself is kept once the event is accepted (station_figures).
