"""Changing stock rows: every physical delta is recorded as a movement for other stations."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from local_db.models import Stock
from oms_contract.events import StockBucket, StockMovement

SkuKey = tuple[str, str]  # (owner_id, sku_id)


def free_qty(row: Stock) -> int:
    """Units of a row nobody has reserved, frozen or found damaged."""
    return row.on_hand - row.locked - row.frozen - row.damaged


@dataclass(frozen=True)
class StockSlot:
    """Where and what: the identity of one stock row."""

    location_code: str
    owner_id: str
    sku_id: str
    batch_no: str | None = None
    expiry_date: dt.date | None = None


def find_stock(session: Session, slot: StockSlot) -> Stock | None:
    query = select(Stock).where(
        Stock.location_code == slot.location_code,
        Stock.owner_id == slot.owner_id,
        Stock.sku_id == slot.sku_id,
        Stock.batch_no.is_(None) if slot.batch_no is None else Stock.batch_no == slot.batch_no,
        Stock.expiry_date.is_(None)
        if slot.expiry_date is None
        else Stock.expiry_date == slot.expiry_date,
    )
    return session.scalars(query.order_by(Stock.id)).first()


def get_or_create_stock(session: Session, slot: StockSlot) -> Stock:
    row = find_stock(session, slot)
    if row is None:
        row = Stock(
            location_code=slot.location_code,
            owner_id=slot.owner_id,
            sku_id=slot.sku_id,
            batch_no=slot.batch_no,
            expiry_date=slot.expiry_date,
            on_hand=0,
            locked=0,
            frozen=0,
            damaged=0,
        )
        session.add(row)
        session.flush()
    return row


@dataclass
class Ledger:
    """The physical changes of one action, grouped by (owner, SKU) for its events."""

    movements: dict[SkuKey, list[StockMovement]] = field(default_factory=lambda: defaultdict(list))
    on_hand_change: dict[SkuKey, int] = field(default_factory=lambda: defaultdict(int))
    lock_change: dict[SkuKey, int] = field(default_factory=lambda: defaultdict(int))
    hold_change: dict[SkuKey, int] = field(default_factory=lambda: defaultdict(int))

    def change(self, row: Stock, bucket: StockBucket, delta: int) -> None:
        if delta == 0:
            return
        if bucket is StockBucket.ON_HAND:
            row.on_hand += delta
            self.on_hand_change[(row.owner_id, row.sku_id)] += delta
        elif bucket is StockBucket.FROZEN:
            row.frozen += delta
            self.hold_change[(row.owner_id, row.sku_id)] += delta
        else:
            row.damaged += delta
            self.hold_change[(row.owner_id, row.sku_id)] += delta
        self.movements[(row.owner_id, row.sku_id)].append(
            StockMovement(
                location_code=row.location_code,
                owner_id=row.owner_id,
                sku_id=row.sku_id,
                batch_no=row.batch_no,
                expiry_date=row.expiry_date,
                bucket=bucket,
                delta=delta,
            )
        )

    def lock(self, row: Stock, quantity: int) -> None:
        """Reserve (or with a negative quantity release); station-local, no movement."""
        row.locked += quantity
        self.lock_change[(row.owner_id, row.sku_id)] += quantity

    def sellable_change(self, key: SkuKey) -> int:
        """How much the action changed the free quantity of (owner, SKU)."""
        return (
            self.on_hand_change.get(key, 0)
            - self.lock_change.get(key, 0)
            - self.hold_change.get(key, 0)
        )

    def all_movements(self) -> list[StockMovement]:
        return [m for moves in self.movements.values() for m in moves]

    def raised(self) -> list[SkuKey]:
        """The (owner, SKU)s of which the action may have made stock allocatable: goods put
        on a shelf (also a put-away or a move, whose free total does not change), a hold or a
        reservation released. Orders held for a shortage of them are tried again."""
        keys = {
            key
            for key, moves in self.movements.items()
            if any((m.delta > 0) == (m.bucket is StockBucket.ON_HAND) for m in moves)
        }
        keys |= {key for key, change in self.lock_change.items() if change < 0}
        return sorted(keys)

    def touched(self) -> list[SkuKey]:
        keys = set(self.movements) | {k for k, v in self.lock_change.items() if v}
        return sorted(keys)
