"""Inbound orders (采购/退货入库): created by the OMS, received by a station."""

from __future__ import annotations

from collections import defaultdict

from sqlalchemy import select
from sqlalchemy.orm import Session

from oms_contract.base import MAX_QUANTITY
from oms_contract.documents import InboundOrder, InboundType
from oms_contract.events import InboundReceived, InboundReceivedLine, QcResult, ReturnDisposition
from oms_contract.sync_api import InboundOrderCreated
from oms_server.errors import NotFound, RuleViolation
from oms_server.models import InboundOrderRow, InboundReceipt, utc_now
from oms_server.schemas import InboundAccepted, InboundLineView, InboundView
from oms_server.services import stock
from oms_server.services.context import EventContext
from oms_server.services.feed import append_feed, lock_warehouse
from oms_server.services.returns import check_return

CREATED = "CREATED"
PARTIALLY_RECEIVED = "PARTIALLY_RECEIVED"
RECEIVED = "RECEIVED"


def create_inbound(session: Session, inbound: InboundOrder) -> tuple[InboundAccepted, bool]:
    """Idempotent by ``inbound_no``: the same order again is answered, a different one refused."""
    warehouse = lock_warehouse(session, inbound.warehouse_id)
    existing = session.get(InboundOrderRow, inbound.inbound_no)
    if existing is not None:
        if InboundOrder.model_validate_json(existing.body_json) != inbound:
            raise RuleViolation(
                "INBOUND_CONFLICT",
                f"Inbound order {inbound.inbound_no} exists with different content.",
            )
        return (
            InboundAccepted(
                inbound_no=inbound.inbound_no,
                warehouse_id=inbound.warehouse_id,
                status=existing.status,
            ),
            False,
        )
    stock.require_owner(session, inbound.owner_id)
    expected: dict[str, int] = defaultdict(int)
    for line in inbound.lines:
        stock.require_sku(session, inbound.owner_id, line.sku_id)
        expected[line.sku_id] += line.expected_qty
    is_return = inbound.inbound_type is InboundType.RETURN
    check_return(session, inbound)
    now = utc_now()
    session.add(
        InboundOrderRow(
            inbound_no=inbound.inbound_no,
            warehouse_id=inbound.warehouse_id,
            owner_id=inbound.owner_id,
            body_json=inbound.model_dump_json(),
            status="CREATED",
            created_at=now,
            related_order_no=inbound.related_order_no if is_return else None,
        )
    )
    session.flush()
    for sku_id, quantity in expected.items():
        session.add(
            InboundReceipt(inbound_no=inbound.inbound_no, sku_id=sku_id, expected_qty=quantity)
        )
    entry = append_feed(session, warehouse, InboundOrderCreated(inbound=inbound), now)
    return (
        InboundAccepted(
            inbound_no=inbound.inbound_no,
            warehouse_id=inbound.warehouse_id,
            status="CREATED",
            feed_seq=entry.seq,
        ),
        True,
    )


def apply_inbound_received(
    session: Session, payload: InboundReceived, warehouse_id: str, ctx: EventContext
) -> None:
    """QC-passed received quantity (no QC result counts as passed) joins logical on-hand.

    A returned line with a disposition joins on-hand whatever it is: DAMAGED and QUARANTINE
    units are held too (``stock_holds.hold_deltas``), so only RESTOCK is promised again and a
    later write-off or unfreeze finds them there. A QC FAIL line without one (a station of
    contract version 2) stays out of on-hand, as before.

    Receipts add up: a partial receipt leaves the order PARTIALLY_RECEIVED, the closing one
    makes it RECEIVED, and a receipt after that is refused (INBOUND_CLOSED)."""
    order = session.get(InboundOrderRow, payload.inbound_no)
    if order is None:
        raise RuleViolation(
            "INBOUND_NOT_FOUND", f"Inbound order {payload.inbound_no} is not known to the OMS."
        )
    if order.warehouse_id != warehouse_id:
        raise RuleViolation(
            "WAREHOUSE_MISMATCH",
            f"Inbound order {order.inbound_no} belongs to warehouse {order.warehouse_id}.",
        )
    if payload.owner_id != order.owner_id:
        raise RuleViolation(
            "OWNER_MISMATCH",
            f"Inbound order {order.inbound_no} is for owner {order.owner_id}, "
            f"not {payload.owner_id}.",
        )
    if order.status == RECEIVED:
        raise RuleViolation(
            "INBOUND_CLOSED",
            f"Inbound order {order.inbound_no} is closed: its last receipt was already booked.",
        )
    receipts = {
        row.sku_id: row
        for row in session.scalars(
            select(InboundReceipt).where(InboundReceipt.inbound_no == order.inbound_no)
        )
    }
    for line in payload.lines:
        stock.require_sku(session, order.owner_id, line.sku_id)
        receipt = receipts.get(line.sku_id)
        if receipt is None:
            # Unexpected goods of a known SKU are still received (returns often hold them).
            receipt = InboundReceipt(
                inbound_no=order.inbound_no,
                sku_id=line.sku_id,
                expected_qty=0,
                received_qty=0,
                passed_qty=0,
            )
            session.add(receipt)
            receipts[line.sku_id] = receipt
        passed = _passed(line)
        if receipt.received_qty + line.received_qty > MAX_QUANTITY:
            raise RuleViolation(
                stock.STOCK_LIMIT_EXCEEDED,
                f"Inbound order {order.inbound_no}: {receipt.received_qty} of {line.sku_id} "
                f"were received already; {line.received_qty} more would pass {MAX_QUANTITY}.",
            )
        receipt.received_qty += line.received_qty
        receipt.passed_qty += passed
        if line.disposition is ReturnDisposition.DAMAGED:
            receipt.damaged_qty += line.received_qty
        elif line.disposition is ReturnDisposition.QUARANTINE:
            receipt.quarantined_qty += line.received_qty
        booked = line.received_qty if line.disposition is not None else passed
        if booked:
            row = stock.locked_stock(session, warehouse_id, order.owner_id, line.sku_id)
            stock.change_on_hand(row, booked, ctx.now)
    order.status = RECEIVED if payload.closes_inbound else PARTIALLY_RECEIVED


def _passed(line: InboundReceivedLine) -> int:
    """Units that may be promised again: restocked, or not failed (no disposition)."""
    if line.disposition is not None:
        return line.received_qty if line.disposition is ReturnDisposition.RESTOCK else 0
    return 0 if line.qc_result == QcResult.FAIL else line.received_qty


def get_inbound(session: Session, inbound_no: str) -> InboundView:
    order = session.get(InboundOrderRow, inbound_no)
    if order is None:
        raise NotFound("INBOUND_NOT_FOUND", f"Inbound order {inbound_no} is not known to the OMS.")
    receipts = session.scalars(
        select(InboundReceipt)
        .where(InboundReceipt.inbound_no == inbound_no)
        .order_by(InboundReceipt.sku_id)
    )
    document = InboundOrder.model_validate_json(order.body_json)
    return InboundView(
        inbound_no=order.inbound_no,
        warehouse_id=order.warehouse_id,
        owner_id=order.owner_id,
        inbound_type=document.inbound_type,
        related_order_no=document.related_order_no,
        status=order.status,
        lines=[
            InboundLineView(
                sku_id=row.sku_id,
                expected_qty=row.expected_qty,
                received_qty=row.received_qty,
                passed_qty=row.passed_qty,
                damaged_qty=row.damaged_qty,
                quarantined_qty=row.quarantined_qty,
            )
            for row in receipts
        ],
    )
