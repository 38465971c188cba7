"""A return (退货入库, seed 002 §4.2 流程2: 审核通过 → 生成退货单 → WMS退货入库) is accepted only
for goods that left the warehouse: a SHIPPED order of the same owner, per SKU at most its
shipped quantity less what its earlier returns took.

An earlier return "took" per SKU what it announced, or what was received of it when more
came; a return closed short (RECEIVED with less than announced) took only what arrived, so
the rest may still come back on a new return.
"""

from __future__ import annotations

from collections import defaultdict

from sqlalchemy import select
from sqlalchemy.orm import Session

from oms_contract.documents import InboundOrder, InboundType
from oms_server.errors import RuleViolation
from oms_server.models import InboundOrderRow, InboundReceipt, OutboundOrder
from oms_server.services.orders import order_lines

RETURN_ORDER_REQUIRED = "RETURN_ORDER_REQUIRED"
RETURN_ORDER_NOT_FOUND = "RETURN_ORDER_NOT_FOUND"
RETURN_ORDER_NOT_SHIPPED = "RETURN_ORDER_NOT_SHIPPED"
RETURN_EXCEEDS_SHIPPED = "RETURN_EXCEEDS_SHIPPED"


def check_return(session: Session, inbound: InboundOrder) -> None:
    """Raise ``RuleViolation`` unless the return fits its original order (nothing written)."""
    if inbound.inbound_type is not InboundType.RETURN:
        return
    order_no = inbound.related_order_no
    if order_no is None:
        raise RuleViolation(
            RETURN_ORDER_REQUIRED,
            f"Return {inbound.inbound_no} names no original order (related_order_no).",
        )
    # Locked: two returns of one order (to any warehouse) are checked one after the other.
    order = session.get(OutboundOrder, order_no, with_for_update=True)
    if order is None:
        raise RuleViolation(
            RETURN_ORDER_NOT_FOUND, f"Order {order_no} is not known to the OMS: nothing to return."
        )
    if order.owner_id != inbound.owner_id:
        raise RuleViolation(
            "OWNER_MISMATCH",
            f"Order {order_no} is for owner {order.owner_id}, not {inbound.owner_id}.",
        )
    if order.status != "SHIPPED":
        raise RuleViolation(
            RETURN_ORDER_NOT_SHIPPED,
            f"Order {order_no} is {order.status}, not SHIPPED: only shipped goods come back.",
        )
    shipped = {line.sku_id: line.shipped_qty for line in order_lines(session, order_no)}
    taken = returned_qty(session, order_no)
    wanted: dict[str, int] = defaultdict(int)
    for line in inbound.lines:
        wanted[line.sku_id] += line.expected_qty
    for sku_id, quantity in sorted(wanted.items()):
        room = shipped.get(sku_id, 0) - taken.get(sku_id, 0)
        if quantity > room:
            raise RuleViolation(
                RETURN_EXCEEDS_SHIPPED,
                f"Return {inbound.inbound_no}: {quantity} × {sku_id} of order {order_no}, "
                f"which shipped {shipped.get(sku_id, 0)} and has {taken.get(sku_id, 0)} "
                f"returned already (at most {max(room, 0)} more).",
            )


def returned_qty(session: Session, order_no: str) -> dict[str, int]:
    """Per SKU, what the order's returns so far took (see the module's docstring)."""
    rows = session.execute(
        select(
            InboundReceipt.sku_id,
            InboundReceipt.expected_qty,
            InboundReceipt.received_qty,
            InboundOrderRow.status,
        )
        .join(InboundOrderRow, InboundOrderRow.inbound_no == InboundReceipt.inbound_no)
        .where(InboundOrderRow.related_order_no == order_no)
    )
    taken: dict[str, int] = defaultdict(int)
    for sku_id, expected, received, status in rows:
        taken[sku_id] += received if status == "RECEIVED" else max(expected, received)
    return dict(taken)
