"""Stock adjustments outside a count (write-offs, found goods) and damage reports."""

from __future__ import annotations

import datetime as dt
import uuid

from app import errors
from app import exception_details as details
from app.services.audit import record_audit
from app.services.counting import DEFAULT_THRESHOLD, apply_adjustment
from app.services.lookups import check_quantity, get_location, get_sku
from app.services.moving import stock_row_at
from app.services.stock_events import emit_stock_changed
from app.services.stock_ledger import Ledger, StockSlot, free_qty
from local_db.models import ExceptionRecord, Stock, StockAdjustment
from local_db.store import UnitOfWork
from local_db.types import utc_now
from oms_contract.events import StockBucket, StockChangeType

REASON_CODES = {
    "DAMAGE_WRITE_OFF": -1,  # damaged units leave the books (only damaged ones)
    "EXPIRED_WRITE_OFF": -1,
    "LOST": -1,
    "FOUND": +1,
    "CORRECTION": 0,  # either sign
}


def adjust_stock(
    uow: UnitOfWork,
    *,
    location_code: str,
    owner_id: str,
    sku_id: str,
    quantity: int,
    reason_code: str,
    operator: str,
    batch_no: str | None = None,
    expiry_date: dt.date | None = None,
    threshold: int = DEFAULT_THRESHOLD,
) -> StockAdjustment:
    """Correct on-hand by ``quantity`` (signed) for a reason. Up to ``threshold`` units are
    booked at once; more waits for a supervisor (approve_adjustment in app.services.counting)."""
    session = uow.session
    reason = reason_code.strip().upper()
    sign = REASON_CODES.get(reason)
    if sign is None:
        raise errors.InvalidInput("choose_adjust_reason", choices=", ".join(sorted(REASON_CODES)))
    check_quantity(abs(quantity) if quantity else 0)
    if sign and (quantity > 0) != (sign > 0):
        if sign > 0:
            raise errors.InvalidQuantity("reason_only_adds", reason=reason)
        raise errors.InvalidQuantity("reason_only_removes", reason=reason)
    location = get_location(session, location_code)
    sku = get_sku(session, owner_id, sku_id)
    batch = (batch_no or "").strip() or None
    if quantity > 0:
        if sku.batch_managed and batch is None:
            raise errors.BatchRequired("scan_batch_of", sku=sku_id)
        if sku.expiry_managed and expiry_date is None:
            raise errors.ExpiryRequired("enter_expiry_of", sku=sku_id)
        slot = StockSlot(location.code, owner_id, sku_id, batch, expiry_date)
    else:
        row = stock_row_at(session, location.code, owner_id, sku_id, batch)
        slot = StockSlot(row.location_code, owner_id, sku_id, row.batch_no, row.expiry_date)
        if reason == "DAMAGE_WRITE_OFF" and row.damaged < -quantity:
            raise errors.InvalidQuantity(
                "damaged_only", qty=row.damaged, sku=sku_id, bin=row.location_code
            )
        if reason != "DAMAGE_WRITE_OFF" and free_qty(row) < -quantity:
            raise errors.StockShortage(
                "free_to_write_off", qty=max(free_qty(row), 0), sku=sku_id, bin=row.location_code
            )
    adjustment = StockAdjustment(
        adjustment_no="ADJ" + uuid.uuid4().hex[:16].upper(),
        location_code=slot.location_code,
        owner_id=owner_id,
        sku_id=sku_id,
        batch_no=slot.batch_no,
        expiry_date=slot.expiry_date,
        quantity=quantity,
        reason_code=reason,
        status="pending_approval",
        created_by=operator,
        created_at=utc_now(),
    )
    session.add(adjustment)
    session.flush()
    if abs(quantity) <= threshold:
        apply_adjustment(uow, adjustment, operator)
    else:
        session.add(
            ExceptionRecord(
                exception_type="ADJUSTMENT_APPROVAL",
                sku_id=sku_id,
                location_code=slot.location_code,
                severity="medium",
                status="open",
                detail_code=details.ADJUSTMENT_PENDING,
                detail_args_json=details.detail_args(
                    adjustment=adjustment.adjustment_no, reason=reason, qty=quantity
                ),
                created_at=utc_now(),
            )
        )
    record_audit(
        uow,
        operator=operator,
        action="adjust_stock",
        entity="stock_adjustment",
        entity_key=adjustment.adjustment_no,
        after={"quantity": quantity, "reason": reason, "status": adjustment.status},
    )
    return adjustment


def mark_damaged(
    uow: UnitOfWork,
    *,
    location_code: str,
    owner_id: str,
    sku_id: str,
    quantity: int,
    operator: str,
    batch_no: str | None = None,
) -> Stock:
    """Free units found damaged in the bin: they stay on hand but are no longer sellable."""
    row = stock_row_at(uow.session, location_code, owner_id, sku_id, batch_no)
    check_quantity(quantity)
    if free_qty(row) < quantity:
        raise errors.StockShortage(
            "free_to_mark_damaged", qty=max(free_qty(row), 0), sku=sku_id, bin=row.location_code
        )
    before = row.damaged
    ledger = Ledger()
    ledger.change(row, StockBucket.DAMAGED, quantity)
    events = emit_stock_changed(uow, ledger, StockChangeType.DAMAGE, operator, with_movements=True)
    record_audit(
        uow,
        operator=operator,
        action="mark_damaged",
        entity="stock",
        entity_key=str(row.id),
        before={"damaged": before},
        after={"damaged": row.damaged},
        outbox_event=events[0] if events else None,
    )
    return row
