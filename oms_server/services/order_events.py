"""Station events about outbound orders: receipts, status callbacks, picks, cancels.

Status order: CREATED < RECEIVED < PICKING < PICKED < PACKED < SHIPPED. EXCEPTION may come
from any non-final status and any status may follow it; SHIPPED and CANCELLED are final. A
repeat of the current status is accepted and changes nothing (several stations of one
warehouse may report the same step).
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session

from oms_contract.events import (
    CancelOutcome,
    CancelResult,
    OutboundReceived,
    OutboundStatus,
    OutboundStatusChanged,
    PickedLines,
    ReceiveResult,
    Unpicked,
)
from oms_server.errors import RuleViolation
from oms_server.models import OutboundOrder, PickedLineRow
from oms_server.services import stock
from oms_server.services.context import EventContext
from oms_server.services.movement_checks import check_movements, known_bins, movement_bins
from oms_server.services.order_checks import check_command_matches, known_order_of_warehouse
from oms_server.services.orders import (
    CREATED,
    RECEIVE_FAILED,
    RECEIVED,
    order_lines,
    record_history,
)
from oms_server.services.reroute_rules import is_previous_route, refuse_old_route

_RANK = {
    CREATED: 0,
    RECEIVE_FAILED: 0,
    RECEIVED: 1,
    OutboundStatus.PICKING: 2,
    OutboundStatus.PICKED: 3,
    OutboundStatus.PACKED: 4,
    OutboundStatus.SHIPPED: 5,
}


def _order_for_event(session: Session, order_no: str, warehouse_id: str) -> OutboundOrder:
    order = session.get(OutboundOrder, order_no)
    if order is not None and is_previous_route(order, warehouse_id):
        raise refuse_old_route(order_no, warehouse_id, order.warehouse_id)
    return known_order_of_warehouse(order, order_no, warehouse_id)


def _old_route_answer(
    session: Session, order_no: str, warehouse_id: str, ctx: EventContext, what: str
) -> bool:
    """An answer of a warehouse the order was re-routed away from (its receipt, its cancel):
    recorded in the order's history, changes nothing. True when it was one."""
    order = session.get(OutboundOrder, order_no)
    if order is None or not is_previous_route(order, warehouse_id):
        return False
    record_history(
        session, order, what, ctx.occurred_at, ctx=ctx, note=f"from warehouse {warehouse_id}"
    )
    return True


def apply_outbound_received(
    session: Session, payload: OutboundReceived, warehouse_id: str, ctx: EventContext
) -> None:
    if _old_route_answer(session, payload.order_no, warehouse_id, ctx, "OLD_ROUTE_RECEIPT"):
        return
    order = _order_for_event(session, payload.order_no, warehouse_id)
    check_command_matches(order, payload.command_id)
    if payload.result == ReceiveResult.SUCCESS:
        order.receive_result = ReceiveResult.SUCCESS
        if order.status == RECEIVE_FAILED:
            # The station took the order up once stock arrived: promise it again.
            _reserve_again(session, order, ctx.now)
        if order.status in (CREATED, RECEIVE_FAILED):
            order.status = RECEIVED
        record_history(session, order, RECEIVED, ctx.occurred_at, ctx=ctx)
    else:
        # One station's shortage does not undo another station's successful receipt.
        if order.receive_result != ReceiveResult.SUCCESS:
            order.receive_result = ReceiveResult.FAIL
            order.error_code = payload.error_code
            order.error_message = payload.error_message
            # Seed 000 §5.1: the stock is not there; stop promising it and let the OMS user
            # re-route, cancel or wait (services/reroute.py).
            _release_reservation(session, order, ctx.now)
            if order.status == CREATED:
                order.status = RECEIVE_FAILED
        record_history(
            session,
            order,
            "RECEIVE_FAILED",
            ctx.occurred_at,
            ctx=ctx,
            error_code=payload.error_code,
            note=payload.error_message,
        )
    order.updated_at = ctx.now


def _check_transition(order: OutboundOrder, new: OutboundStatus) -> bool:
    """Raise when ``new`` may not follow the order's status; False means a harmless repeat."""
    current = order.status
    if current == new:
        return False
    if current == OutboundStatus.CANCELLED:
        raise RuleViolation(
            "ORDER_CANCELLED", f"Order {order.order_no} is cancelled; it cannot become {new}."
        )
    if current == OutboundStatus.SHIPPED:
        if new == OutboundStatus.CANCELLED:
            raise RuleViolation(
                "ORDER_ALREADY_SHIPPED",
                f"Order {order.order_no} has shipped; it cannot be cancelled.",
            )
        raise RuleViolation(
            "STATUS_BACKWARDS", f"Order {order.order_no} has shipped; it cannot become {new}."
        )
    if new in {OutboundStatus.EXCEPTION, OutboundStatus.CANCELLED}:
        return True
    if current == OutboundStatus.EXCEPTION:
        return True
    if _RANK[new] < _RANK[current]:
        raise RuleViolation(
            "STATUS_BACKWARDS", f"Order {order.order_no} is {current}; it cannot go back to {new}."
        )
    return True


def apply_status(
    session: Session, payload: OutboundStatusChanged, warehouse_id: str, ctx: EventContext
) -> None:
    if payload.status == OutboundStatus.CANCELLED and _old_route_answer(
        session, payload.order_no, warehouse_id, ctx, "OLD_ROUTE_CANCELLED"
    ):
        return
    order = _order_for_event(session, payload.order_no, warehouse_id)
    changes = _check_transition(order, payload.status)
    order.wms_outbound_no = payload.wms_outbound_no
    if changes:
        if payload.status == OutboundStatus.SHIPPED:
            _ship(session, order, ctx.now)
            order.tracking_no = payload.tracking_no
            order.carrier_code = payload.carrier_code
            order.package_count = payload.package_count
            order.weight = str(payload.weight) if payload.weight is not None else None
        elif payload.status == OutboundStatus.CANCELLED:
            _release_reservation(session, order, ctx.now)
        elif payload.status == OutboundStatus.EXCEPTION:
            order.error_code = payload.error_code
            order.error_message = payload.error_message
        order.status = payload.status
    order.updated_at = ctx.now
    record_history(
        session,
        order,
        payload.status,
        payload.status_time,
        ctx=ctx,
        error_code=payload.error_code,
        note=None if changes else "repeat",
    )


def apply_picked_lines(
    session: Session, payload: PickedLines, warehouse_id: str, ctx: EventContext
) -> None:
    order = _order_for_event(session, payload.order_no, warehouse_id)
    bins = known_bins(session, warehouse_id, movement_bins([payload]))
    check_movements(payload, bins, order.owner_id)
    if order.status == OutboundStatus.CANCELLED:
        raise RuleViolation("ORDER_CANCELLED", f"Order {order.order_no} is cancelled.")
    if order.status == OutboundStatus.SHIPPED:
        raise RuleViolation("ORDER_ALREADY_SHIPPED", f"Order {order.order_no} has shipped.")
    lines = {line.sku_id: line for line in order_lines(session, order.order_no)}
    for picked in payload.lines:
        stock.require_sku(session, order.owner_id, picked.sku_id)
        line = lines.get(picked.sku_id)
        if line is None:
            raise RuleViolation(
                "SKU_NOT_ON_ORDER", f"SKU {picked.sku_id} is not on order {order.order_no}."
            )
        if line.picked_qty + picked.quantity > line.ordered_qty:
            raise RuleViolation(
                "OVER_PICK",
                f"Order {order.order_no} wants {line.ordered_qty} of {picked.sku_id}; "
                f"{line.picked_qty + picked.quantity} would be picked.",
            )
        line.picked_qty += picked.quantity
        session.add(
            PickedLineRow(
                order_no=order.order_no, event_id=ctx.event_id, line_json=picked.model_dump_json()
            )
        )
    order.updated_at = ctx.now


def apply_unpicked(
    session: Session, payload: Unpicked, warehouse_id: str, ctx: EventContext
) -> None:
    """Units picked for the order went back to their bin before packing: the lines' picked
    quantity goes down and a PICKED order is PICKING again (an unpick, not a status going
    backwards). Logical stock does not move: picks never moved it."""
    order = _order_for_event(session, payload.order_no, warehouse_id)
    if order.status == OutboundStatus.CANCELLED:
        raise RuleViolation("ORDER_CANCELLED", f"Order {order.order_no} is cancelled.")
    if order.status in (OutboundStatus.PACKED, OutboundStatus.SHIPPED):
        raise RuleViolation(
            "STATUS_BACKWARDS",
            f"Order {order.order_no} is {order.status}; picked units cannot go back now.",
        )
    bins = known_bins(session, warehouse_id, movement_bins([payload]))
    check_movements(payload, bins, order.owner_id)
    lines = {line.sku_id: line for line in order_lines(session, order.order_no)}
    taken: dict[str, int] = {}
    for unpicked in payload.lines:
        line = lines.get(unpicked.sku_id)
        if line is None:
            raise RuleViolation(
                "SKU_NOT_ON_ORDER", f"SKU {unpicked.sku_id} is not on order {order.order_no}."
            )
        taken[unpicked.sku_id] = taken.get(unpicked.sku_id, 0) + unpicked.quantity
        if taken[unpicked.sku_id] > line.picked_qty:
            raise RuleViolation(
                "UNPICK_EXCEEDS_PICKED",
                f"Order {order.order_no} has {line.picked_qty} of {unpicked.sku_id} picked; "
                f"{taken[unpicked.sku_id]} cannot go back.",
            )
    for unpicked in payload.lines:
        lines[unpicked.sku_id].picked_qty -= unpicked.quantity
    if order.status == OutboundStatus.PICKED:
        order.status = OutboundStatus.PICKING
    units = ", ".join(f"{line.quantity} x {line.sku_id}" for line in payload.lines)
    record_history(session, order, "UNPICKED", ctx.occurred_at, ctx=ctx, note=units)
    order.updated_at = ctx.now


def apply_cancel_result(
    session: Session, payload: CancelResult, warehouse_id: str, ctx: EventContext
) -> None:
    what = "OLD_ROUTE_" + (
        "CANCELLED" if payload.result == CancelOutcome.CANCELLED else "CANCEL_REFUSED"
    )
    if _old_route_answer(session, payload.order_no, warehouse_id, ctx, what):
        return
    order = _order_for_event(session, payload.order_no, warehouse_id)
    if payload.result == CancelOutcome.CANCELLED:
        if _check_transition(order, OutboundStatus.CANCELLED):
            _release_reservation(session, order, ctx.now)
            order.status = OutboundStatus.CANCELLED
        record_history(session, order, OutboundStatus.CANCELLED, ctx.occurred_at, ctx=ctx)
    else:
        order.cancel_refused = True
        record_history(
            session, order, "CANCEL_REFUSED", ctx.occurred_at, ctx=ctx, note=payload.message
        )
    order.updated_at = ctx.now


def _ship(session: Session, order: OutboundOrder, now: dt.datetime) -> None:
    """Shipped quantity leaves logical on-hand; the whole reservation is released."""
    picked_any = (
        session.scalar(select(PickedLineRow.id).where(PickedLineRow.order_no == order.order_no))
        is not None
    )
    for line in order_lines(session, order.order_no):
        row = stock.locked_stock(session, order.warehouse_id, order.owner_id, line.sku_id)
        shipped = line.picked_qty if picked_any else line.ordered_qty
        stock.change_on_hand(row, -shipped, now)
        if order.reservation_open:
            stock.release(row, line.ordered_qty, now)
        line.shipped_qty = shipped
    order.reservation_open = False


def _reserve_again(session: Session, order: OutboundOrder, now: dt.datetime) -> None:
    if order.reservation_open:
        return
    for line in order_lines(session, order.order_no):
        row = stock.locked_stock(session, order.warehouse_id, order.owner_id, line.sku_id)
        stock.reserve(row, line.ordered_qty, now)
    order.reservation_open = True


def _release_reservation(session: Session, order: OutboundOrder, now: dt.datetime) -> None:
    if not order.reservation_open:
        return
    for line in order_lines(session, order.order_no):
        row = stock.locked_stock(session, order.warehouse_id, order.owner_id, line.sku_id)
        stock.release(row, line.ordered_qty, now)
    order.reservation_open = False
