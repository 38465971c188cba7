"""Freezing (QC hold) and unfreezing units of a stock row."""

from __future__ import annotations

from app import errors
from app.services.audit import record_audit
from app.services.lookups import check_quantity, require_supervisor
from app.services.moving import stock_row_at
from app.services.stock_events import emit_stock_changed
from app.services.stock_ledger import Ledger, free_qty
from local_db.models import Stock
from local_db.store import UnitOfWork
from oms_contract.events import StockBucket, StockChangeType


def freeze_stock(
    uow: UnitOfWork,
    *,
    location_code: str,
    owner_id: str,
    sku_id: str,
    quantity: int,
    operator: str,
    batch_no: str | None = None,
    reason: str = "",
) -> Stock:
    """Supervisor only: put free units on hold (they stay in the bin but cannot be
    allocated or sold)."""
    require_supervisor(uow.session, operator)
    row = stock_row_at(uow.session, location_code, owner_id, sku_id, batch_no)
    check_quantity(quantity)
    if free_qty(row) < quantity:
        raise errors.StockShortage(
            "free_to_freeze", qty=max(free_qty(row), 0), sku=sku_id, bin=row.location_code
        )
    return _change(uow, row, quantity, StockChangeType.FREEZE, operator, reason=reason)


def unfreeze_stock(
    uow: UnitOfWork,
    *,
    location_code: str,
    owner_id: str,
    sku_id: str,
    quantity: int,
    operator: str,
    batch_no: str | None = None,
    reason: str = "",
) -> Stock:
    """Supervisor only: release units from hold."""
    require_supervisor(uow.session, operator)
    row = stock_row_at(uow.session, location_code, owner_id, sku_id, batch_no)
    check_quantity(quantity)
    if row.frozen < quantity:
        raise errors.InvalidQuantity(
            "frozen_only", qty=row.frozen, sku=sku_id, bin=row.location_code
        )
    return _change(uow, row, -quantity, StockChangeType.UNFREEZE, operator, reason=reason)


def _change(
    uow: UnitOfWork,
    row: Stock,
    delta: int,
    change_type: StockChangeType,
    operator: str,
    *,
    reason: str,
) -> Stock:
    before = row.frozen
    ledger = Ledger()
    ledger.change(row, StockBucket.FROZEN, delta)
    events = emit_stock_changed(uow, ledger, change_type, operator, with_movements=True)
    record_audit(
        uow,
        operator=operator,
        action=change_type.value.lower(),
        entity="stock",
        entity_key=str(row.id),
        before={"frozen": before},
        after={"frozen": row.frozen, "reason": reason[:200]},
        outbox_event=events[0] if events else None,
    )
    return row
