"""Re-routing an order its warehouse could not take (seed 000 §5.1: 库存不足 → 重新分仓或取消).

A station that cannot fill a command answers FAIL (``outbound_received``); the OMS releases
the reservation and the order is RECEIVE_FAILED. The OMS user then re-routes it to another
warehouse (``POST /outbound-commands/{order_no}/reroute``), cancels it, or waits: the
station keeps the order held and answers SUCCESS once stock arrives (the OMS reserves
again). Re-routing keeps the order number, gives the order a new command id in the new
warehouse, reserves there, cancels the order at the old warehouse (a cancel on its feed,
as the seed's ``wmsClient.cancelOutbound``) and puts the new command on the new one's.

An order its station refused for master data it lacks (SKU_NOT_FOUND, OWNER_NOT_FOUND: the
station kept nothing of it) may also be sent again to the same warehouse once the master
data is posted there (seed 000 §5.1: SKU不存在 → 检查主数据): a new command id on the same
feed, no cancel, history RESENT.

The old warehouse's stations answer that cancel, and one may have taken the order up just
before it arrived: their receipts, cancel results and CANCELLED status are recorded in the
order's history and change nothing; any other event of the old route is refused
(ORDER_REROUTED).
"""

from __future__ import annotations

import json
from collections import defaultdict
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from oms_contract.documents import CancelRequest, OutboundCommand
from oms_contract.sync_api import CancelRequested, OutboundCommandCreated
from oms_server.errors import NotFound, RuleViolation
from oms_server.models import LogicalStock, OutboundOrder, utc_now
from oms_server.schemas import OrderView, RerouteRequest
from oms_server.services import stock
from oms_server.services.batch_orders import require_batch_capable_stations
from oms_server.services.claims import release_rerouted
from oms_server.services.feed import append_feed, lock_warehouse
from oms_server.services.orders import (
    RECEIVE_FAILED,
    order_lines,
    order_view,
    record_history,
    sent,
)
from oms_server.services.reroute_rules import previous_routes

ORDER_NOT_REROUTABLE = "ORDER_NOT_REROUTABLE"
REROUTE_SAME_WAREHOUSE = "REROUTE_SAME_WAREHOUSE"
COMMAND_CONFLICT = "COMMAND_CONFLICT"
RESENDABLE: frozenset[str | None] = frozenset(
    {"SKU_NOT_FOUND", "OWNER_NOT_FOUND", "BATCH_NOT_MANAGED"}
)
"""FAIL codes after which the station kept nothing of the order, so the same warehouse may
be sent it again (once its master data is fixed)."""


def reroute_order(
    session: Session, order_no: str, request: RerouteRequest
) -> tuple[OrderView, bool]:
    """Send a RECEIVE_FAILED order to ``request.warehouse_id`` under ``request.command_id``.

    Idempotent by ``command_id``: the same re-route again answers the order (False)."""
    order = session.get(OutboundOrder, order_no)
    if order is None:
        raise NotFound("ORDER_NOT_FOUND", f"Order {order_no} is not known to the OMS.")
    # Both feeds are appended to: lock the warehouses in one order, like every writer.
    old_warehouse_id = order.warehouse_id
    warehouses = {
        wid: lock_warehouse(session, wid)
        for wid in sorted({old_warehouse_id, request.warehouse_id})
    }
    session.refresh(order)
    if order.command_id == request.command_id:
        if order.warehouse_id != request.warehouse_id:
            raise RuleViolation(
                COMMAND_CONFLICT,
                f"Command {request.command_id} sent order {order_no} to warehouse "
                f"{order.warehouse_id}, not {request.warehouse_id}.",
            )
        return order_view(session, order), False
    _check_command_id_free(session, order, request.command_id)
    if order.status != RECEIVE_FAILED:
        raise RuleViolation(
            ORDER_NOT_REROUTABLE,
            f"Order {order_no} is {order.status}: only an order its warehouse could not take "
            f"({RECEIVE_FAILED}) can be re-routed.",
        )
    resend = request.warehouse_id == order.warehouse_id
    if resend and order.error_code not in RESENDABLE:
        raise RuleViolation(
            REROUTE_SAME_WAREHOUSE,
            f"Order {order_no} is already at warehouse {order.warehouse_id}: its station takes "
            "it up by itself when stock arrives; re-route it to another warehouse or cancel it. "
            "(Only an order refused SKU_NOT_FOUND, OWNER_NOT_FOUND or BATCH_NOT_MANAGED is "
            "sent again to the same warehouse, once its master data is there.)",
        )
    old_command = OutboundCommand.model_validate_json(order.command_json)
    command = old_command.model_copy(
        update={"command_id": request.command_id, "warehouse_id": request.warehouse_id}
    )
    require_batch_capable_stations(session, command)
    now = utc_now()
    _reserve_at(session, order, request.warehouse_id, now)
    routes = [
        *previous_routes(order),
        {
            "warehouse_id": old_warehouse_id,
            "command_id": order.command_id,
            "rerouted_at": now.isoformat(),
        },
    ]
    order.previous_routes_json = json.dumps(routes)
    order.command_id = command.command_id
    order.warehouse_id = command.warehouse_id
    order.command_json = command.model_dump_json()
    order.status = "CREATED"
    order.receive_result = None
    order.error_code = None
    order.error_message = None
    order.reservation_open = True
    order.updated_at = now
    record_history(
        session,
        order,
        "RESENT" if resend else "REROUTED",
        now,
        note=f"from warehouse {old_warehouse_id} (command {old_command.command_id}) to "
        f"{command.warehouse_id} (command {command.command_id})",
    )
    if not resend:
        cancel = CancelRequest(
            order_no=order_no,
            warehouse_id=old_warehouse_id,
            reason=f"re-routed to warehouse {command.warehouse_id}",
        )
        append_feed(session, warehouses[old_warehouse_id], CancelRequested(cancel=cancel), now)
        # A claim at the old warehouse goes with the order's work there (cancelled).
        release_rerouted(session, warehouses[old_warehouse_id], order_no, now)
    entry = append_feed(
        session, warehouses[command.warehouse_id], OutboundCommandCreated(command=command), now
    )
    sent(order, command, entry.seq, now)
    return order_view(session, order), True


def _check_command_id_free(session: Session, order: OutboundOrder, command_id: str) -> None:
    if any(route.get("command_id") == command_id for route in previous_routes(order)):
        raise RuleViolation(
            COMMAND_CONFLICT,
            f"Command {command_id} was an earlier route of order {order.order_no}.",
        )
    other = session.scalars(
        select(OutboundOrder.order_no).where(OutboundOrder.command_id == command_id)
    ).first()
    if other is not None:
        raise RuleViolation(COMMAND_CONFLICT, f"Command {command_id} belongs to order {other}.")


def _reserve_at(session: Session, order: OutboundOrder, warehouse_id: str, now: Any) -> None:
    """Reserve the order's lines at ``warehouse_id`` or refuse (nothing changed)."""
    wanted: dict[str, int] = defaultdict(int)
    for line in order_lines(session, order.order_no):
        wanted[line.sku_id] += line.ordered_qty
    rows: dict[str, LogicalStock] = {}
    shortages = []
    for sku_id, quantity in sorted(wanted.items()):
        sku = stock.require_sku(session, order.owner_id, sku_id)
        row = stock.locked_stock(session, warehouse_id, order.owner_id, sku_id)
        rows[sku_id] = row
        free = stock.available(row, stock.safety_stock_of(sku))
        if free < quantity:
            shortages.append(f"{sku_id} (wanted {quantity}, available {free})")
    if shortages:
        raise RuleViolation(
            "INSUFFICIENT_STOCK",
            f"Not enough logical stock at warehouse {warehouse_id} for: " + ", ".join(shortages),
        )
    for sku_id, quantity in wanted.items():
        stock.reserve(rows[sku_id], quantity, now)
