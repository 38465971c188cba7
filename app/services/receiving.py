"""Receiving against an inbound order (purchase receipts and customer returns).

A delivery may be received in several sittings: each :func:`receive_inbound` books what was
counted in one sitting and reports it to the OMS as one ``inbound_received`` event; the
inbound order stays open until a receipt closes it (everything announced has arrived, or
the receiver closes it short).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field

from app import errors
from app import exception_details as details
from app.clock import business_date
from app.outbox import record_event
from app.services.audit import record_audit
from app.services.lookups import get_inbound, get_location, get_sku, require_supervisor
from app.services.return_limits import return_room
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
    ReturnDisposition,
    StockBucket,
    StockChangeType,
)

# A return's QC PASS/FAIL (the older two-way result) as a disposition.
_QC_DISPOSITION = {
    QcResult.PASS: ReturnDisposition.RESTOCK,
    QcResult.FAIL: ReturnDisposition.DAMAGED,
}
_DISPOSITION_QC = {
    ReturnDisposition.RESTOCK: QcResult.PASS,
    ReturnDisposition.DAMAGED: QcResult.FAIL,
}


@dataclass(frozen=True)
class ReceiptLine:
    """What the receiver counted of one line of the inbound order, for one batch/expiry/QC
    disposition (a line may appear several times in one receipt with different batches or
    dispositions). ``qc_result`` PASS/FAIL stands for RESTOCK/DAMAGED when no
    ``disposition`` is given."""

    line_no: int
    received_qty: int
    batch_no: str | None = None
    expiry_date: dt.date | None = None
    qc_result: QcResult | None = None
    serials: Sequence[str] = field(default_factory=tuple)
    disposition: ReturnDisposition | None = None

    @property
    def decided(self) -> ReturnDisposition | None:
        """The disposition of these units (returns), from either field."""
        if self.disposition is not None:
            return self.disposition
        return _QC_DISPOSITION.get(self.qc_result) if self.qc_result else None


def most_allowed(expected_qty: int, tolerance_pct: int) -> int:
    """The most units of a line that may be received without a supervisor."""
    return expected_qty + expected_qty * tolerance_pct // 100


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
    if is_return and receipt.decided is None:
        raise errors.QcResultRequired("line_qc", line=line.line_no)
    sellable = not is_return or receipt.decided is ReturnDisposition.RESTOCK
    if sellable and receipt.expiry_date is not None and receipt.expiry_date < business_date():
        raise errors.ExpiredBatch(
            "line_expired", line=line.line_no, expiry=receipt.expiry_date.isoformat()
        )


def _check_receipts(
    uow: UnitOfWork, inbound: InboundOrder, receipts: Sequence[ReceiptLine]
) -> dict[int, int]:
    """Every receipt line valid; returns the quantity received now per line number."""
    by_line_no = {line.line_no: line for line in inbound.lines}
    seen: set[tuple[object, ...]] = set()
    now: dict[int, int] = {}
    for receipt in receipts:
        key = (receipt.line_no, receipt.batch_no, receipt.expiry_date, receipt.decided)
        if receipt.line_no not in by_line_no or key in seen:
            raise errors.InvalidInput("line_not_on_inbound", line=receipt.line_no)
        seen.add(key)
        _check_line(uow, inbound, by_line_no[receipt.line_no], receipt)
        now[receipt.line_no] = now.get(receipt.line_no, 0) + receipt.received_qty
    if inbound.inbound_type == "RETURN":
        _check_return_room(uow, inbound, now)
    return now


def _check_return_room(uow: UnitOfWork, inbound: InboundOrder, now: dict[int, int]) -> None:
    """No more of a SKU than its original order shipped (app/services/return_limits.py)."""
    room = return_room(uow.session, inbound)
    total: dict[str, int] = {}
    for line in inbound.lines:
        total[line.sku_id] = (
            total.get(line.sku_id, 0) + line.received_qty + now.get(line.line_no, 0)
        )
    for sku_id, quantity in sorted(total.items()):
        most = max(room.get(sku_id, 0), 0)
        if quantity > most and any(now.get(x.line_no) for x in inbound.lines if x.sku_id == sku_id):
            raise errors.ReturnOverShipped(
                "return_over_shipped",
                sku=sku_id,
                qty=quantity,
                most=most,
                order=inbound.related_order_no or "",
            )


def _check_over_receipt(
    uow: UnitOfWork,
    inbound: InboundOrder,
    now: dict[int, int],
    tolerance_pct: int | None,
    approved_by: str | None,
) -> str | None:
    """The supervisor who approved an over-receipt, or None when none is needed."""
    if tolerance_pct is None or inbound.inbound_type == "RETURN":
        # A return's limit is what its order shipped (_check_return_room), not a tolerance.
        return None
    over = [
        line
        for line in inbound.lines
        if line.received_qty + now.get(line.line_no, 0)
        > most_allowed(line.expected_qty, tolerance_pct)
    ]
    if not over:
        return None
    if approved_by is None:
        line = over[0]
        raise errors.OverReceipt(
            "over_receipt",
            sku=line.sku_id,
            received=line.received_qty + now.get(line.line_no, 0),
            expected=line.expected_qty,
            tolerance=tolerance_pct,
        )
    return require_supervisor(uow.session, approved_by).badge_code


def _book_line(
    uow: UnitOfWork,
    inbound: InboundOrder,
    line: InboundLine,
    receipt: ReceiptLine,
    *,
    location_code: str,
    ledger: Ledger,
) -> InboundReceivedLine:
    """Book one receipt line into the dock: stock in its bucket, a putaway task, the line."""
    session = uow.session
    quantity = receipt.received_qty
    sku = get_sku(session, inbound.owner_id, line.sku_id)
    # Only batch/expiry-managed goods are split by label; what was captured is booked.
    batch = (receipt.batch_no or "").strip() or None if sku.batch_managed else None
    expiry = receipt.expiry_date if sku.expiry_managed or sku.batch_managed else None
    disposition = receipt.decided if inbound.inbound_type == "RETURN" else None
    qc = _DISPOSITION_QC.get(disposition) if disposition else receipt.qc_result
    damaged = disposition is ReturnDisposition.DAMAGED or qc is QcResult.FAIL
    frozen = disposition is ReturnDisposition.QUARANTINE
    line.received_qty += quantity
    line.damaged_qty += quantity if damaged else 0
    line.quarantined_qty += quantity if frozen else 0
    line.batch_no = batch
    line.expiry_date = expiry
    line.qc_result = qc.value if qc else None
    line.received_location = location_code
    receive_serials(
        session,
        sku,
        serials=receipt.serials,
        quantity=quantity,
        location_code=location_code,
        batch_no=batch,
    )
    row = get_or_create_stock(
        session, StockSlot(location_code, inbound.owner_id, line.sku_id, batch, expiry)
    )
    ledger.change(row, StockBucket.ON_HAND, quantity)
    if damaged:
        ledger.change(row, StockBucket.DAMAGED, quantity)
    if frozen:
        ledger.change(row, StockBucket.FROZEN, quantity)
    session.add(
        PutawayTask(
            inbound_line_id=line.id,
            stock_id=row.id,
            from_location=location_code,
            quantity=quantity,
            damaged=damaged,
            frozen=frozen,
            status="open",
        )
    )
    return InboundReceivedLine(
        sku_id=line.sku_id,
        expected_qty=line.expected_qty,
        received_qty=quantity,
        batch_no=batch,
        expiry_date=expiry,
        qc_result=qc,
        disposition=disposition,
    )


def _disposition_counts(lines: Sequence[InboundReceivedLine]) -> str:
    """A return's units per disposition, e.g. ``DAMAGED=1 RESTOCK=1`` ("" for a purchase)."""
    counts: dict[str, int] = {}
    for line in lines:
        if line.disposition is not None and line.received_qty:
            key = line.disposition.value
            counts[key] = counts.get(key, 0) + line.received_qty
    return " ".join(f"{key}={qty}" for key, qty in sorted(counts.items()))


def receive_inbound(
    uow: UnitOfWork,
    inbound_no: str,
    receipts: Sequence[ReceiptLine],
    *,
    location_code: str,
    operator: str,
    close: bool = True,
    over_receipt_tolerance_pct: int | None = None,
    approved_by: str | None = None,
) -> InboundOrder:
    """Book one receipt of the inbound order into ``location_code`` (the dock).

    ``close`` true makes this the last receipt: the inbound order is done and over/under
    receipts against the announced quantities raise a low-severity exception record for the
    office. ``close`` false books what arrived and keeps the order open for the rest; a
    receipt of nothing is refused unless it closes the order. With
    ``over_receipt_tolerance_pct`` set (the floor always sets it), a line received beyond
    expected + tolerance needs ``approved_by``, an active supervisor's badge. Returns need a
    disposition per unit (seed 002 §4.2 流程2, 质检): RESTOCK is sellable, DAMAGED is booked in
    the damaged bucket, QUARANTINE frozen (a QC hold a supervisor lifts); a return never holds
    more of a SKU than its original order shipped (``return_limits``). Putaway tasks move the
    goods on from the dock, held units as held.
    """
    session = uow.session
    inbound = get_inbound(session, inbound_no)
    if inbound.status != "open":
        raise errors.AlreadyReceived("inbound_already_received", inbound=inbound_no)
    location = get_location(session, location_code)
    if location.frozen:
        raise errors.LocationFrozen("receive_elsewhere", bin=location.code)
    now = _check_receipts(uow, inbound, receipts)
    if sum(now.values()) == 0 and not close:
        raise errors.InvalidQuantity("nothing_received")
    if sum(now.values()) == 0 and not any(line.received_qty for line in inbound.lines):
        raise errors.InvalidQuantity("nothing_received")
    supervisor = _check_over_receipt(uow, inbound, now, over_receipt_tolerance_pct, approved_by)
    by_line_no = {line.line_no: line for line in inbound.lines}
    ledger = Ledger()
    event_lines = []
    for receipt in receipts:
        if receipt.received_qty:
            line = by_line_no[receipt.line_no]
            booked = _book_line(
                uow, inbound, line, receipt, location_code=location.code, ledger=ledger
            )
            event_lines.append(booked)
    # Lines with nothing in this receipt are reported with 0, so every receipt names them all.
    event_lines.extend(
        InboundReceivedLine(sku_id=line.sku_id, expected_qty=line.expected_qty, received_qty=0)
        for line in inbound.lines
        if not now.get(line.line_no)
    )
    if close:
        inbound.status = "received"
    inbound.received_by = operator
    inbound.received_at = utc_now()
    event = record_event(
        uow,
        InboundReceived(
            inbound_no=inbound.inbound_no,
            owner_id=inbound.owner_id,
            lines=event_lines,
            movements=ledger.all_movements(),
            closes_inbound=close,
        ),
        operator,
    )
    if ledger.all_movements():
        emit_stock_changed(
            uow,
            ledger,
            StockChangeType.RECEIPT,
            operator,
            with_movements=False,
            warehouse_id=inbound.warehouse_id,
        )
    differences = [
        f"#{line.line_no} {line.sku_id}: {line.received_qty}/{line.expected_qty}"
        for line in inbound.lines
        if line.received_qty != line.expected_qty
    ]
    if close and differences:
        session.add(
            ExceptionRecord(
                exception_type="RECEIPT_DIFFERENCE",
                order_no=inbound.inbound_no,
                severity="low",
                status="open",
                detail_code=details.RECEIPT_DIFFERENCE,
                detail_args_json=details.detail_args(differences="; ".join(differences)),
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
            "received_now": sum(now.values()),
            "received": sum(line.received_qty for line in inbound.lines),
            "expected": sum(line.expected_qty for line in inbound.lines),
            "closed": close,
            "over_receipt_approved_by": supervisor,
            # Who decided what about returned units is part of the trail (seed 002 §4.2).
            "dispositions": _disposition_counts(event_lines),
        },
        outbox_event=event,
    )
    return inbound
