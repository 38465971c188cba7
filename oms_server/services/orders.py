"""Outbound orders on the OMS side: commands, cancel requests, the order view."""

from __future__ import annotations

import datetime as dt
import json
from collections import defaultdict

from sqlalchemy import select
from sqlalchemy.orm import Session

from oms_contract.documents import CancelRequest, OutboundCommand
from oms_contract.events import OutboundStatus, PickedLine
from oms_contract.sync_api import CancelRequested, OutboundCommandCreated
from oms_server.errors import NotFound, RuleViolation
from oms_server.models import (
    OrderStatusHistory,
    OutboundLine,
    OutboundOrder,
    PickedLineRow,
    utc_now,
)
from oms_server.schemas import CancelAccepted, OrderLineView, OrderView, StatusHistoryEntry
from oms_server.services import stock
from oms_server.services.batch_orders import require_batch_capable_stations
from oms_server.services.context import EventContext
from oms_server.services.feed import append_feed, lock_warehouse

CREATED = "CREATED"
RECEIVED = "RECEIVED"
RECEIVE_FAILED = "RECEIVE_FAILED"
"""The warehouse answered FAIL: reservation released, waiting for the OMS user
(services/reroute.py) or for the station to take the order up when stock arrives."""


def create_outbound(session: Session, command: OutboundCommand) -> tuple[OrderView, bool]:
    """Record the command, reserve logical stock, put it on the warehouse feed.

    Idempotent by ``command_id``: the same command again answers the existing order
    (``created`` False); a different command under a known id or order number is refused.
    """
    warehouse = lock_warehouse(session, command.warehouse_id)
    existing = session.scalars(
        select(OutboundOrder).where(OutboundOrder.command_id == command.command_id)
    ).one_or_none()
    if existing is not None:
        if OutboundCommand.model_validate_json(existing.command_json) != command:
            raise RuleViolation(
                "COMMAND_CONFLICT",
                f"Command {command.command_id} was already received with different content.",
            )
        return order_view(session, existing), False
    if session.get(OutboundOrder, command.order_no) is not None:
        raise RuleViolation(
            "ORDER_EXISTS",
            f"Order {command.order_no} already exists under another command_id.",
        )
    stock.require_owner(session, command.owner_id)
    require_batch_capable_stations(session, command)
    # Logical stock is per owner and SKU (seed 003): a line naming a batch reserves its SKU.
    wanted: dict[str, int] = defaultdict(int)
    safety: dict[str, int] = {}
    for item in command.items:
        sku = stock.require_sku(session, command.owner_id, item.sku_id)
        safety[item.sku_id] = stock.safety_stock_of(sku)
        wanted[item.sku_id] += item.quantity
    now = utc_now()
    shortages = []
    rows = {}
    for sku_id, quantity in sorted(wanted.items()):
        row = stock.locked_stock(session, command.warehouse_id, command.owner_id, sku_id)
        rows[sku_id] = row
        free = stock.available(row, safety[sku_id])
        if free < quantity:
            shortages.append(f"{sku_id} (wanted {quantity}, available {free})")
    if shortages:
        raise RuleViolation(
            "INSUFFICIENT_STOCK", "Not enough logical stock for: " + ", ".join(shortages)
        )
    for sku_id, quantity in wanted.items():
        stock.reserve(rows[sku_id], quantity, now)
    order = OutboundOrder(
        order_no=command.order_no,
        command_id=command.command_id,
        warehouse_id=command.warehouse_id,
        owner_id=command.owner_id,
        command_json=command.model_dump_json(),
        status=CREATED,
        created_at=now,
        updated_at=now,
        reservation_open=True,
        cancel_refused=False,
    )
    session.add(order)
    session.flush()
    for sku_id, quantity in wanted.items():
        session.add(OutboundLine(order_no=order.order_no, sku_id=sku_id, ordered_qty=quantity))
    record_history(session, order, CREATED, now)
    entry = append_feed(session, warehouse, OutboundCommandCreated(command=command), now)
    sent(order, command, entry.seq, now)
    session.flush()
    return order_view(session, order), True


def sent(order: OutboundOrder, command: OutboundCommand, feed_seq: int, now: dt.datetime) -> None:
    """The order's current command went on the feed at ``feed_seq`` (services/overdue_work.py)."""
    order.sent_at = now
    order.command_feed_seq = feed_seq
    order.deadline = command.deadline


def request_cancel(session: Session, order_no: str, reason: str) -> tuple[CancelAccepted, bool]:
    """Put a cancel on the feed; the order becomes CANCELLED when a station confirms it."""
    order = session.get(OutboundOrder, order_no)
    if order is None:
        raise NotFound("ORDER_NOT_FOUND", f"Order {order_no} is not known to the OMS.")
    warehouse = lock_warehouse(session, order.warehouse_id)
    session.refresh(order)
    if order.status == OutboundStatus.SHIPPED:
        raise RuleViolation("ORDER_ALREADY_SHIPPED", f"Order {order_no} has already shipped.")
    if order.status == OutboundStatus.CANCELLED or order.cancel_requested_at is not None:
        return CancelAccepted(order_no=order_no, status=order.status, cancel_requested=True), False
    now = utc_now()
    order.cancel_requested_at = now
    record_history(session, order, "CANCEL_REQUESTED", now, note=reason or None)
    cancel = CancelRequest(order_no=order_no, warehouse_id=order.warehouse_id, reason=reason)
    entry = append_feed(session, warehouse, CancelRequested(cancel=cancel), now)
    return (
        CancelAccepted(
            order_no=order_no, status=order.status, cancel_requested=True, feed_seq=entry.seq
        ),
        True,
    )


def get_order(session: Session, order_no: str) -> OrderView:
    order = session.get(OutboundOrder, order_no)
    if order is None:
        raise NotFound("ORDER_NOT_FOUND", f"Order {order_no} is not known to the OMS.")
    return order_view(session, order)


def order_lines(session: Session, order_no: str) -> list[OutboundLine]:
    return list(
        session.scalars(
            select(OutboundLine)
            .where(OutboundLine.order_no == order_no)
            .order_by(OutboundLine.sku_id)
        )
    )


def record_history(
    session: Session,
    order: OutboundOrder,
    status: str,
    status_time: dt.datetime,
    *,
    ctx: EventContext | None = None,
    error_code: str | None = None,
    note: str | None = None,
) -> None:
    session.add(
        OrderStatusHistory(
            order_no=order.order_no,
            status=str(status),
            status_time=status_time,
            recorded_at=ctx.now if ctx else status_time,
            station_id=ctx.station_id if ctx else None,
            event_id=ctx.event_id if ctx else None,
            error_code=error_code,
            note=(note or None) and note[:500],
        )
    )


def order_view(session: Session, order: OutboundOrder) -> OrderView:
    session.flush()
    history = session.scalars(
        select(OrderStatusHistory)
        .where(OrderStatusHistory.order_no == order.order_no)
        .order_by(OrderStatusHistory.id)
    )
    picked = session.scalars(
        select(PickedLineRow)
        .where(PickedLineRow.order_no == order.order_no)
        .order_by(PickedLineRow.id)
    )
    return OrderView(
        order_no=order.order_no,
        command_id=order.command_id,
        warehouse_id=order.warehouse_id,
        owner_id=order.owner_id,
        status=order.status,
        receive_result=order.receive_result,
        cancel_requested=order.cancel_requested_at is not None,
        cancel_refused=order.cancel_refused,
        wms_outbound_no=order.wms_outbound_no,
        tracking_no=order.tracking_no,
        carrier_code=order.carrier_code,
        package_count=order.package_count,
        weight=order.weight,
        error_code=order.error_code,
        error_message=order.error_message,
        lines=[
            OrderLineView(
                sku_id=line.sku_id,
                ordered_qty=line.ordered_qty,
                picked_qty=line.picked_qty,
                shipped_qty=line.shipped_qty,
            )
            for line in order_lines(session, order.order_no)
        ],
        picked_lines=[PickedLine.model_validate_json(row.line_json) for row in picked],
        previous_warehouses=[
            str(route.get("warehouse_id"))
            for route in json.loads(order.previous_routes_json or "[]")
        ],
        history=[
            StatusHistoryEntry(
                status=row.status,
                status_time=row.status_time,
                recorded_at=row.recorded_at,
                station_id=row.station_id,
                event_id=row.event_id,
                error_code=row.error_code,
                note=row.note,
            )
            for row in history
        ],
    )
