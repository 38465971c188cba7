"""OMS logical stock per (warehouse, owner, SKU): on_hand and reserved, never below zero."""

from __future__ import annotations

import datetime as dt
import json

from sqlalchemy import select
from sqlalchemy.orm import Session

from oms_contract.base import MAX_QUANTITY
from oms_contract.events import StockChanged
from oms_server.errors import RuleViolation
from oms_server.models import LogicalStock, OwnerRow, SkuRow, utc_now
from oms_server.services.movement_checks import MOVEMENTS_MISMATCH, put_back_qty

STOCK_LIMIT_EXCEEDED = "STOCK_LIMIT_EXCEEDED"


def check_on_hand_change(owner_id: str, sku_id: str, on_hand: int, delta: int) -> None:
    """Refuse a change that would take on-hand below zero or above ``MAX_QUANTITY``: every
    station's available figure for the SKU must stay a valid quantity."""
    if on_hand + delta < 0:
        raise RuleViolation(
            "NEGATIVE_STOCK",
            f"SKU {sku_id} of owner {owner_id}: the OMS holds {on_hand}, "
            f"a change of {delta} would make it negative.",
        )
    if on_hand + delta > MAX_QUANTITY:
        raise RuleViolation(
            STOCK_LIMIT_EXCEEDED,
            f"SKU {sku_id} of owner {owner_id}: the OMS holds {on_hand}; a change of {delta} "
            f"would pass the most one warehouse may hold ({MAX_QUANTITY}).",
        )


def check_put_back(on_hand: int, payload: StockChanged) -> None:
    """A put-back returns picked, unshipped goods: never more than the OMS's on-hand."""
    returned = put_back_qty(payload)
    if returned > on_hand:
        raise RuleViolation(
            MOVEMENTS_MISMATCH,
            f"A put-back of {returned} x {payload.sku_id} is more than the OMS holds ({on_hand}).",
        )


def require_owner(session: Session, owner_id: str) -> OwnerRow:
    owner = session.get(OwnerRow, owner_id)
    if owner is None:
        raise RuleViolation("OWNER_NOT_FOUND", f"Owner {owner_id} is not known to the OMS.")
    return owner


def require_sku(session: Session, owner_id: str, sku_id: str) -> SkuRow:
    sku = session.get(SkuRow, (owner_id, sku_id))
    if sku is None:
        raise RuleViolation(
            "SKU_NOT_FOUND", f"SKU {sku_id} of owner {owner_id} is not known to the OMS."
        )
    return sku


def locked_stock(session: Session, warehouse_id: str, owner_id: str, sku_id: str) -> LogicalStock:
    """The stock row, locked until commit (created at zero if new)."""
    row = session.scalars(
        select(LogicalStock)
        .where(
            LogicalStock.warehouse_id == warehouse_id,
            LogicalStock.owner_id == owner_id,
            LogicalStock.sku_id == sku_id,
        )
        .with_for_update()
    ).one_or_none()
    if row is None:
        row = LogicalStock(
            warehouse_id=warehouse_id,
            owner_id=owner_id,
            sku_id=sku_id,
            on_hand=0,
            reserved=0,
            updated_at=utc_now(),
        )
        session.add(row)
        session.flush()
    return row


def change_on_hand(row: LogicalStock, delta: int, now: dt.datetime) -> None:
    check_on_hand_change(row.owner_id, row.sku_id, row.on_hand, delta)
    row.on_hand += delta
    row.updated_at = now


def reserve(row: LogicalStock, quantity: int, now: dt.datetime) -> None:
    row.reserved += quantity
    row.updated_at = now


def release(row: LogicalStock, quantity: int, now: dt.datetime) -> None:
    row.reserved = max(0, row.reserved - quantity)
    row.updated_at = now


def safety_stock_of(sku: SkuRow | None) -> int:
    """The SKU's safety stock from its master data (0 when unknown or unreadable)."""
    if sku is None:
        return 0
    try:
        value = json.loads(sku.data_json).get("safety_stock", 0)
    except (ValueError, AttributeError):
        return 0
    return value if isinstance(value, int) and value > 0 else 0


def available(row: LogicalStock, safety_stock: int = 0) -> int:
    """What the OMS may still promise (seed 000 §3.2: 可售 = 实物 − 锁定 − 安全库存): on-hand
    less reserved, frozen, damaged (services/stock_holds.py) and the SKU's safety stock."""
    held = (row.frozen or 0) + (row.damaged or 0)
    return max(0, row.on_hand - row.reserved - held - safety_stock)


def stock_lines(
    session: Session, warehouse_id: str | None, owner_id: str | None, sku_id: str | None
) -> list[LogicalStock]:
    query = select(LogicalStock)
    if warehouse_id:
        query = query.where(LogicalStock.warehouse_id == warehouse_id)
    if owner_id:
        query = query.where(LogicalStock.owner_id == owner_id)
    if sku_id:
        query = query.where(LogicalStock.sku_id == sku_id)
    order = (LogicalStock.warehouse_id, LogicalStock.owner_id, LogicalStock.sku_id)
    return list(session.scalars(query.order_by(*order)))


def safety_stocks(session: Session, rows: list[LogicalStock]) -> dict[tuple[str, str], int]:
    """Safety stock per (owner, SKU) of ``rows``, one query per owner."""
    found: dict[tuple[str, str], int] = {}
    owners = sorted({row.owner_id for row in rows})
    for owner_id in owners:
        wanted = {row.sku_id for row in rows if row.owner_id == owner_id}
        for sku in session.scalars(select(SkuRow).where(SkuRow.owner_id == owner_id)):
            if sku.sku_id in wanted:
                found[(owner_id, sku.sku_id)] = safety_stock_of(sku)
    return found
