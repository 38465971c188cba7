"""The allocation rule: which stock rows an order's lines reserve.

First-expiry-first-out for expiry-managed SKUs, then the pickers' walk order (bin pick
sequence, bin code, row id); only pickable, unfrozen bins and unexpired rows; all or nothing
per order. A line naming a batch (seed 003, 批次指定出库) takes rows of that batch only, in
the same order; when they do not cover it the order is short like any other. One planner
serves every caller, a single command as a list of one: the SKUs and stock rows of all the
orders are read as tuples (one query per owner and chunk) and the orders are planned in
memory in the given order, a later one seeing the earlier ones' locks.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from sqlalchemy import Connection

from app.clock import business_date
from app.outbox import PendingEvent
from app.services.allocation_payloads import allocation_payload, received_payload
from app.services.stock_ledger import SkuKey

# Keeps each IN (...) list well under SQLite's bound-parameter limit.
_CHUNK = 500
_FAR_FUTURE = "9999-12-31"

# A stock row as read: (sku_id, id, location_code, batch_no, expiry_date, free, locked,
# pick_sequence, pickable). Rows stay as read; the locked figure of each row the run took
# from is kept beside them, by stock id.
SKU, ID, BIN, BATCH, EXPIRY, _FREE, _LOCKED, _WALK, _PICKABLE = range(9)
StockRow = Sequence[Any]


class DemandLine(NamedTuple):
    sku_id: str
    quantity: int
    batch_no: str | None = None
    """The batch the OMS wants shipped; None: any batch."""


@dataclass(frozen=True)
class Demand:
    """What an order asks for: its lines, in line order."""

    command_id: str
    order_no: str
    owner_id: str
    warehouse_id: str
    items: Sequence[DemandLine]


@dataclass
class Pick:
    line_no: int
    stock: StockRow
    quantity: int


@dataclass
class Plan:
    """One order's result, before anything is written."""

    demand: Demand
    shortage: str | None = None
    """The OMS's words for a shortage (outbound_received FAIL), None when allocated."""
    short_by: dict[tuple[str, str | None], int] = field(default_factory=dict)
    """Units missing per (SKU, batch named by the line or None), for the station's own
    exception record."""
    picks: list[Pick] = field(default_factory=list)
    # In station order; the first is outbound_received.
    events: list[PendingEvent] = field(default_factory=list)

    @property
    def status(self) -> str:
        return "SHORTAGE" if self.shortage is not None else "ALLOCATED"


def _by_owner(keys: Iterable[SkuKey]) -> dict[str, list[str]]:
    grouped: dict[str, set[str]] = defaultdict(set)
    for owner_id, sku_id in keys:
        grouped[owner_id].add(sku_id)
    return {owner: sorted(skus) for owner, skus in sorted(grouped.items())}


def _chunked(
    connection: Connection, sql: str, owner_id: str, sku_ids: list[str], *extra: object
) -> Iterable[Sequence[Any]]:
    # ``owner_id = ? AND sku_id IN (...)`` seeks the (owner, SKU) index; a row-value IN over
    # pairs would scan it.
    for start in range(0, len(sku_ids), _CHUNK):
        chunk = sku_ids[start : start + _CHUNK]
        marks = ",".join("?" * len(chunk))
        yield from connection.exec_driver_sql(
            sql.format(marks=marks), (*extra, owner_id, *chunk)
        ).fetchall()


_SKUS = (
    "SELECT sku_id, expiry_managed, safety_stock FROM sku "
    "WHERE owner_id = ? AND sku_id IN ({marks})"
)
# Only the rows available_qty counts (not in a frozen bin, not expired): allocation takes
# from the pickable ones among them, in the pickers' walk (SQLite sorts; FEFO goes in front
# of the walk in memory, for the SKUs that want it).
_STOCK = (
    "SELECT s.sku_id, s.id, s.location_code, s.batch_no, s.expiry_date, "
    "s.on_hand - s.locked - s.frozen - s.damaged, s.locked, l.pick_sequence, l.pickable "
    "FROM stock s JOIN location l ON l.code = s.location_code "
    "WHERE l.frozen = 0 AND (s.expiry_date IS NULL OR s.expiry_date >= ?) "
    "AND s.owner_id = ? AND s.sku_id IN ({marks}) "
    "ORDER BY s.sku_id, l.pick_sequence, s.location_code, s.id"
)


def _expiry_first(row: StockRow) -> str:
    return row[EXPIRY] or _FAR_FUTURE


class Planner:
    """Allocation in memory over the stock rows of the given orders' SKUs, in order."""

    def __init__(self, connection: Connection, demands: Sequence[Demand]) -> None:
        self.today = business_date().isoformat()
        wanted = _by_owner((d.owner_id, line.sku_id) for d in demands for line in d.items)
        # (owner, SKU) -> (expiry managed, safety stock)
        self.skus: dict[SkuKey, tuple[bool, int]] = {}
        for owner_id, sku_ids in wanted.items():
            for sku_id, expiry_managed, safety_stock in _chunked(
                connection, _SKUS, owner_id, sku_ids
            ):
                self.skus[(owner_id, sku_id)] = (bool(expiry_managed), int(safety_stock))
        # Rows allocation may take from, in walk order; and the sum of max(0, free) over the
        # rows available_qty counts (not in a frozen bin, not expired).
        self.walks: dict[SkuKey, list[StockRow]] = {}
        self.free_sum: dict[SkuKey, int] = defaultdict(int)
        known = _by_owner(self.skus)
        for owner_id, sku_ids in known.items():
            sku_id = None
            key: SkuKey = (owner_id, "")
            walk: list[StockRow] = []
            for row in _chunked(connection, _STOCK, owner_id, sku_ids, self.today):
                if row[SKU] != sku_id:
                    sku_id = row[SKU]
                    key = (owner_id, sku_id)
                    walk = self.walks[key] = []
                if row[_FREE] > 0:
                    self.free_sum[key] += row[_FREE]
                if row[_PICKABLE]:
                    walk.append(row)
        for key, walk in self.walks.items():
            if self.skus[key][0]:
                # Stable: rows with the same expiry keep the walk order.
                walk.sort(key=_expiry_first)
        # Stock id -> locked figure, for the rows earlier orders of the run took from.
        self.locked_now: dict[int, int] = {}

    def plan(self, demand: Demand) -> Plan:
        """Reserve the order's stock, or say what is missing (then nothing is reserved)."""
        result = Plan(demand)
        taken: dict[int, int] = defaultdict(int)
        missing: list[str] = []
        owner_id = demand.owner_id
        for line_no, (sku_id, quantity, batch_no) in enumerate(demand.items, start=1):
            key = (owner_id, sku_id)
            what = sku_id if batch_no is None else f"{sku_id} batch {batch_no}"
            short_key = (sku_id, batch_no)
            if key not in self.skus:
                # Only an order held from before commands with unknown SKUs were refused
                # (app.services.command_refusals) gets here.
                missing.append(f"{sku_id} (unknown SKU)")
                result.short_by[short_key] = result.short_by.get(short_key, 0) + quantity
                continue
            need = quantity
            for stock in self.walks.get(key, ()):
                if need == 0:
                    break
                if batch_no is not None and stock[BATCH] != batch_no:
                    continue
                stock_id: int = stock[ID]
                free: int = stock[_FREE]
                locked = self.locked_now.get(stock_id)
                if locked is not None:
                    # What earlier orders of the run locked is no longer free.
                    free -= locked - stock[_LOCKED]
                can_take = min(need, free - taken[stock_id])
                if can_take <= 0:
                    continue
                taken[stock_id] += can_take
                result.picks.append(Pick(line_no, stock, can_take))
                need -= can_take
            if need:
                missing.append(f"{what} short by {need}")
                result.short_by[short_key] = result.short_by.get(short_key, 0) + need
        if missing:
            # The OMS's words for it (outbound_received FAIL); the record keeps short_by.
            result.shortage = (
                f"Not enough stock for order {demand.order_no}: " + "; ".join(missing) + "."
            )
            result.picks = []
            result.events = [
                (
                    "outbound_received",
                    demand.order_no,
                    received_payload(demand.command_id, demand.order_no, result.shortage),
                )
            ]
            return result
        self._lock(result)
        return result

    def _lock(self, result: Plan) -> None:
        demand = result.demand
        # The pick tasks' walk order (a stable sort of the plan).
        result.picks.sort(key=lambda p: (p.stock[_WALK], p.stock[BIN], p.stock[ID]))
        locked_by_sku: dict[SkuKey, int] = defaultdict(int)
        owner_id = demand.owner_id
        for pick in result.picks:
            stock = pick.stock
            stock_id: int = stock[ID]
            locked = self.locked_now.get(stock_id)
            before = stock[_LOCKED] if locked is None else locked
            self.locked_now[stock_id] = before + pick.quantity
            key = (owner_id, stock[SKU])
            locked_by_sku[key] += pick.quantity
            # A row allocation takes from is counted by available_qty and stays >= 0 free.
            self.free_sum[key] -= pick.quantity
        result.events = [
            (
                "outbound_received",
                demand.order_no,
                received_payload(demand.command_id, demand.order_no, None),
            )
        ]
        for key in sorted(k for k, v in locked_by_sku.items() if v):
            available = max(0, self.free_sum[key] - self.skus[key][1])
            result.events.append(
                (
                    "stock_changed",
                    None,
                    allocation_payload(demand.warehouse_id, key, -locked_by_sku[key], available),
                )
            )
