"""How many units of each SKU a return may bring back (seed 002 §4.2 流程2: 退货入库 checks the
goods against the order they left on).

When this station shipped the original order itself, the limit is what it shipped (the
picked quantity of the SHIPPED order) less what its other returns of that order received;
otherwise (shipped by another station or warehouse, or before this store) it is what the
return announces, which the OMS checked against the order's shipped quantities.
"""

from __future__ import annotations

from collections import defaultdict

from sqlalchemy import select
from sqlalchemy.orm import Session

from local_db.models import InboundLine, InboundOrder, OutboundLine, OutboundOrder


def return_room(session: Session, inbound: InboundOrder) -> dict[str, int]:
    """Per SKU, the most units the return ``inbound`` may hold in all (received included)."""
    shipped = _shipped_here(session, inbound.related_order_no)
    if shipped is None:
        announced: dict[str, int] = defaultdict(int)
        for line in inbound.lines:
            announced[line.sku_id] += line.expected_qty
        return dict(announced)
    others = session.execute(
        select(InboundLine.sku_id, InboundLine.received_qty)
        .join(InboundOrder, InboundOrder.id == InboundLine.inbound_id)
        .where(
            InboundOrder.inbound_type == "RETURN",
            InboundOrder.related_order_no == inbound.related_order_no,
            InboundOrder.id != inbound.id,
        )
    )
    room = dict(shipped)
    for sku_id, received in others:
        room[sku_id] = room.get(sku_id, 0) - received
    return room


def _shipped_here(session: Session, order_no: str | None) -> dict[str, int] | None:
    if order_no is None:
        return None
    order = session.scalar(select(OutboundOrder).where(OutboundOrder.order_no == order_no))
    if order is None or order.status != "SHIPPED" or order.handled_remotely:
        return None
    shipped: dict[str, int] = defaultdict(int)
    for line in session.scalars(select(OutboundLine).where(OutboundLine.order_id == order.id)):
        shipped[line.sku_id] += line.picked_qty
    return dict(shipped)
