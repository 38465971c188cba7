"""Stock figures per owner/SKU: available (seed 000's 可售库存) and the reconciliation snapshot.

available = on-hand − locked − frozen − damaged − safety stock, never below 0. Stock in a
frozen bin and expired batches are not available either.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.clock import business_date
from local_db.models import Location, Sku, Stock
from local_db.types import utc_now
from oms_contract.sync_api import StockSnapshot, StockSnapshotLine


def _today() -> dt.date:
    return business_date()


def row_available(row: Stock, bin_frozen: bool, today: dt.date) -> int:
    """What of one stock row can be sold: nothing in a frozen bin or of an expired batch."""
    if bin_frozen or (row.expiry_date is not None and row.expiry_date < today):
        return 0
    return max(0, row.on_hand - row.locked - row.frozen - row.damaged)


def available_qty(session: Session, owner_id: str, sku_id: str) -> int:
    today = _today()
    rows = session.execute(
        select(Stock, Location.frozen)
        .join(Location, Location.code == Stock.location_code)
        .where(Stock.owner_id == owner_id, Stock.sku_id == sku_id)
    ).all()
    free = sum(row_available(row, bool(frozen), today) for row, frozen in rows)
    sku = session.get(Sku, (owner_id, sku_id))
    safety = sku.safety_stock if sku is not None else 0
    return max(0, free - safety)


def stock_snapshot(session: Session, warehouse_id: str) -> StockSnapshot:
    """Per owner/SKU: sellable on-hand (on-hand less damaged) and available, for every SKU
    the station knows (zero lines included, so the OMS sees stock that went to nothing)."""
    today = _today()
    on_hand: dict[tuple[str, str], int] = defaultdict(int)
    free: dict[tuple[str, str], int] = defaultdict(int)
    rows = session.execute(
        select(Stock, Location.frozen).join(Location, Location.code == Stock.location_code)
    ).all()
    for row, frozen in rows:
        key = (row.owner_id, row.sku_id)
        on_hand[key] += max(0, row.on_hand - row.damaged)
        free[key] += row_available(row, bool(frozen), today)
    lines = []
    for sku in session.scalars(select(Sku).order_by(Sku.owner_id, Sku.sku_id)):
        key = (sku.owner_id, sku.sku_id)
        lines.append(
            StockSnapshotLine(
                owner_id=sku.owner_id,
                sku_id=sku.sku_id,
                on_hand=on_hand[key],
                available_qty=max(0, free[key] - sku.safety_stock),
            )
        )
    return StockSnapshot(warehouse_id=warehouse_id, taken_at=utc_now(), lines=lines)
