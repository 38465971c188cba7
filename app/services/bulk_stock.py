"""Stock rows of many (owner, SKU)s read once, kept in memory while a feed page is allocated.

The rows carry what allocation and ``available_qty`` need (the bin's pickable/frozen flags
and walk order), so a page of commands is planned without a query per line or per SKU.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import bindparam, select, update
from sqlalchemy.orm import Session
from sqlalchemy.orm.util import identity_key

from app.services.stock_ledger import SkuKey
from local_db.models import Location, Sku, Stock

_FAR_FUTURE = dt.date.max
# SQLite's bound-parameter limit is far above this; it keeps each statement small.
_CHUNK = 500


@dataclass
class StockLine:
    """One stock row as loaded, with its bin's flags; ``locked`` changes in memory."""

    id: int
    location_code: str
    owner_id: str
    sku_id: str
    batch_no: str | None
    expiry_date: dt.date | None
    on_hand: int
    locked: int
    frozen: int
    damaged: int
    pickable: bool
    bin_frozen: bool
    pick_sequence: int

    def free(self) -> int:
        """As :func:`app.services.stock_ledger.free_qty`."""
        return self.on_hand - self.locked - self.frozen - self.damaged


@dataclass(frozen=True)
class SkuFacts:
    expiry_managed: bool
    safety_stock: int


def _chunks(items: list[str]) -> Iterable[list[str]]:
    for start in range(0, len(items), _CHUNK):
        yield items[start : start + _CHUNK]


def _by_owner(keys: Iterable[SkuKey]) -> dict[str, list[str]]:
    grouped: dict[str, set[str]] = defaultdict(set)
    for owner_id, sku_id in keys:
        grouped[owner_id].add(sku_id)
    # One query per owner: ``owner_id = ? AND sku_id IN (...)`` uses ix_stock_owner_sku,
    # where a row-value IN over (owner, SKU) pairs makes SQLite scan the whole index.
    return {owner: sorted(skus) for owner, skus in sorted(grouped.items())}


def load_skus(session: Session, keys: Iterable[SkuKey]) -> dict[SkuKey, SkuFacts]:
    facts: dict[SkuKey, SkuFacts] = {}
    for owner_id, sku_ids in _by_owner(keys).items():
        for chunk in _chunks(sku_ids):
            rows = session.execute(
                select(Sku.sku_id, Sku.expiry_managed, Sku.safety_stock).where(
                    Sku.owner_id == owner_id, Sku.sku_id.in_(chunk)
                )
            )
            for sku_id, expiry_managed, safety_stock in rows:
                facts[(owner_id, sku_id)] = SkuFacts(bool(expiry_managed), safety_stock)
    return facts


def load_stock(session: Session, keys: Iterable[SkuKey]) -> dict[SkuKey, list[StockLine]]:
    """Every stock row of the given (owner, SKU)s in any bin, ordered by id."""
    lines: dict[SkuKey, list[StockLine]] = defaultdict(list)
    for owner_id, sku_ids in _by_owner(keys).items():
        for chunk in _chunks(sku_ids):
            rows = session.execute(
                select(
                    Stock.id,
                    Stock.location_code,
                    Stock.owner_id,
                    Stock.sku_id,
                    Stock.batch_no,
                    Stock.expiry_date,
                    Stock.on_hand,
                    Stock.locked,
                    Stock.frozen,
                    Stock.damaged,
                    Location.pickable,
                    Location.frozen,
                    Location.pick_sequence,
                )
                .join(Location, Location.code == Stock.location_code)
                .where(Stock.owner_id == owner_id, Stock.sku_id.in_(chunk))
                .order_by(Stock.id)
            )
            for row in rows:
                line = StockLine(
                    id=row[0],
                    location_code=row[1],
                    owner_id=row[2],
                    sku_id=row[3],
                    batch_no=row[4],
                    expiry_date=row[5],
                    on_hand=row[6],
                    locked=row[7],
                    frozen=row[8],
                    damaged=row[9],
                    pickable=bool(row[10]),
                    bin_frozen=bool(row[11]),
                    pick_sequence=row[12],
                )
                lines[(line.owner_id, line.sku_id)].append(line)
    return lines


def walk_order(lines: list[StockLine], sku: SkuFacts, today: dt.date) -> list[StockLine]:
    """As ``allocation._candidates``: pickable, unfrozen, unexpired rows, first-expiry-first
    for expiry-managed SKUs, then the pickers' walk order."""
    usable = [
        line
        for line in lines
        if line.pickable
        and not line.bin_frozen
        and (line.expiry_date is None or line.expiry_date >= today)
    ]

    def walk_key(line: StockLine) -> tuple[dt.date, int, str, int]:
        expiry = (line.expiry_date or _FAR_FUTURE) if sku.expiry_managed else _FAR_FUTURE
        return (expiry, line.pick_sequence, line.location_code, line.id)

    return sorted(usable, key=walk_key)


def available(lines: list[StockLine], sku: SkuFacts | None, today: dt.date) -> int:
    """As :func:`app.queries.stock.available_qty`, from the rows in memory."""
    free = sum(
        max(0, line.free())
        for line in lines
        if not line.bin_frozen and (line.expiry_date is None or line.expiry_date >= today)
    )
    return max(0, free - (sku.safety_stock if sku is not None else 0))


def write_locks(session: Session, changed: Iterable[StockLine]) -> None:
    """Write the new ``locked`` of the changed rows; stale copies in the session are expired
    so a later step of the same page reads the new figures."""
    rows = [{"row_id": line.id, "new_locked": line.locked} for line in changed]
    if not rows:
        return
    table = Stock.__table__
    statement = (
        update(Stock)
        .where(table.c.id == bindparam("row_id"))
        .values(locked=bindparam("new_locked"))
    )
    session.connection().execute(statement, rows)
    for row in rows:
        held = session.identity_map.get(identity_key(Stock, row["row_id"]))
        if held is not None:
            session.expire(held)
