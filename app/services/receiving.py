"""Receiving against an inbound order (purchase receipts and customer returns)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field

from app import errors
from app.outbox import record_event
from app.services.audit import record_audit
from app.services.lookups import get_inbound, get_location, get_sku, today
from app.services.serials import receive_serials
from app.services.stock_events import emit_stock_changed
from app.services.stock_ledger import Ledger, StockSlot, get_or_create_stock
from local_db.models import ExceptionRecord, InboundLine, InboundOrder, PutawayTask
from local_db.store import UnitOfWork
from local_db.types import utc_now
from oms_contract.events import (
    InboundReceived,
    InboundReceivedLine,
    QcResult,
    StockBucket,
    StockChangeType,
)


@dataclass(frozen=True)
class ReceiptLine:
    """What the receiver counted for one line of the inbound order."""

    line_no: int
    received_qty: int
    batch_no: str | None = None
    expiry_date: dt.date | None = None
    qc_result: QcResult | None = None
    serials: Sequence[str] = field(default_factory=tuple)


def _check_line(
    uow: UnitOfWork, inbound: InboundOrder, line: InboundLine, receipt: ReceiptLine
) -> None:
    sku = get_sku(uow.session, inbound.owner_id, line.sku_id)
    if receipt.received_qty < 0 or receipt.received_qty > 10_000_000:
        raise errors.InvalidQuantity("line_quantity", line=line.line_no)
    if receipt.received_qty == 0:
        return
    if sku.batch_managed and not (receipt.batch_no or "").strip():
        raise errors.BatchRequired("line_batch", line=line.line_no, sku=sku.sku_id)
    if sku.expiry_managed and receipt.expiry_date is None:
        raise errors.ExpiryRequired("line_expiry", line=line.line_no, sku=sku.sku_id)
    is_return = inbound.inbound_type == "RETURN"
    if is_return and receipt.qc_result is None:
        raise errors.QcResultRequired("line_qc", line=line.line_no)
    sellable = not is_return or receipt.qc_result is QcResult.PASS
    if sellable and receipt.expiry_date is not None and receipt.expiry_date < today():
        raise errors.ExpiredBatch(
            "line_expired", line=line.line_no, expiry=receipt.expiry_date.isoformat()
        )


def receive_inbound(
    uow: UnitOfWork,
    inbound_no: str,
    receipts: Sequence[ReceiptLine],
    *,
    location_code: str,
    operator: str,
) -> InboundOrder:
    """Receive the whole delivery into ``location_code`` (the dock) in one go.

    Lines not listed count as 0 received. Over and under receipts are recorded (and raise a
    low-severity exception record for the office). Returns need a QC result per line: PASS
    is sellable, FAIL is booked as damaged. Putaway tasks move the goods on from the dock.
    """
    session = uow.session
    inbound = get_inbound(session, inbound_no)
    if inbound.status != "open":
        raise errors.AlreadyReceived("inbound_already_received", inbound=inbound_no)
    location = get_location(session, location_code)
    if location.frozen:
        raise errors.LocationFrozen("receive_elsewhere", bin=location.code)
    by_line_no = {line.line_no: line for line in inbound.lines}
    seen: set[int] = set()
    for receipt in receipts:
        if receipt.line_no not in by_line_no or receipt.line_no in seen:
            raise errors.InvalidInput("line_not_on_inbound", line=receipt.line_no)
        seen.add(receipt.line_no)
        _check_line(uow, inbound, by_line_no[receipt.line_no], receipt)
    if sum(r.received_qty for r in receipts) == 0:
        raise errors.InvalidQuantity("nothing_received")
    ledger = Ledger()
    differences = []
    received = {r.line_no: r for r in receipts}
    for line in inbound.lines:
        receipt = received.get(line.line_no, ReceiptLine(line.line_no, 0))
        quantity = receipt.received_qty
        line.received_qty = quantity
        if quantity != line.expected_qty:
            differences.append(f"line {line.line_no} {line.sku_id}: {quantity}/{line.expected_qty}")
        if quantity == 0:
            continue
        sku = get_sku(session, inbound.owner_id, line.sku_id)
        batch = (receipt.batch_no or "").strip() or None
        line.batch_no = batch
        line.expiry_date = receipt.expiry_date
        line.qc_result = receipt.qc_result.value if receipt.qc_result else None
        line.received_location = location.code
        damaged = receipt.qc_result is QcResult.FAIL
        line.damaged_qty = quantity if damaged else 0
        receive_serials(
            session,
            sku,
            serials=receipt.serials,
            quantity=quantity,
            location_code=location.code,
            batch_no=batch,
        )
        row = get_or_create_stock(
            session,
            StockSlot(location.code, inbound.owner_id, line.sku_id, batch, receipt.expiry_date),
        )
        ledger.change(row, StockBucket.ON_HAND, quantity)
        if damaged:
            ledger.change(row, StockBucket.DAMAGED, quantity)
        session.add(
            PutawayTask(
                inbound_line_id=line.id,
                stock_id=row.id,
                from_location=location.code,
                quantity=quantity,
                damaged=damaged,
                status="open",
            )
        )
    inbound.status = "received"
    inbound.received_by = operator
    inbound.received_at = utc_now()
    event = record_event(
        uow,
        InboundReceived(
            inbound_no=inbound.inbound_no,
            owner_id=inbound.owner_id,
            lines=[
                InboundReceivedLine(
                    sku_id=line.sku_id,
                    expected_qty=line.expected_qty,
                    received_qty=line.received_qty,
                    batch_no=line.batch_no,
                    expiry_date=line.expiry_date,
                    qc_result=QcResult(line.qc_result) if line.qc_result else None,
                )
                for line in inbound.lines
            ],
            movements=ledger.all_movements(),
        ),
        operator,
    )
    emit_stock_changed(
        uow,
        ledger,
        StockChangeType.RECEIPT,
        operator,
        with_movements=False,
        warehouse_id=inbound.warehouse_id,
    )
    if differences:
        session.add(
            ExceptionRecord(
                exception_type="RECEIPT_DIFFERENCE",
                order_no=inbound.inbound_no,
                severity="low",
                status="open",
                detail="Received/expected: " + "; ".join(differences),
                created_at=utc_now(),
                outbox_event_id=event.id,
            )
        )
    record_audit(
        uow,
        operator=operator,
        action="receive_inbound",
        entity="inbound_order",
        entity_key=inbound.inbound_no,
        before={"status": "open"},
        after={
            "status": inbound.status,
            "received": sum(line.received_qty for line in inbound.lines),
            "expected": sum(line.expected_qty for line in inbound.lines),
        },
        outbox_event=event,
    )
    return inbound
