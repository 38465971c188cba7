"""Receiving a feed page's run of new outbound commands in plain SQL on the unit of work's
connection.

The outcome equals :func:`app.services.allocation.receive_outbound_command` called for each
command in turn (the page-versus-entry property test holds both to it): the same orders,
lines, pick tasks, stock locks, outbox payloads in the same station order, exception records
and audit rows. What differs is the cost, which while a station catches up is most of the
pull: the SKUs and stock rows are read as tuples (one query per owner and chunk), allocation
runs in memory in command order (a later command sees the earlier ones' locks), every table is
written with one ``executemany`` of tuples, payload JSON is serialised from plain dicts by
pydantic's own serialiser (byte for byte what the models give, checked by a test), and new
order numbers and event ids are time-ordered (:mod:`app.ids`) so their unique indexes grow at
one edge.

Statements go through SQLAlchemy's ``exec_driver_sql`` so a full disk or a locked store still
arrives as the DBAPIError the store classifies.

The caller has already settled that each command is new (no order with its command_id or
order_no) and that its owner is known.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from pydantic_core import to_json
from sqlalchemy import Connection
from sqlalchemy.orm import Session
from sqlalchemy.orm.util import identity_key

from app import errors
from app.ids import new_outbound_numbers
from app.outbox import record_serialized_events
from app.services.lookups import today
from local_db.models import Stock
from local_db.store import UnitOfWork
from local_db.types import to_sqlite_utc, utc_now
from oms_contract.documents import OutboundCommand
from oms_contract.events import OutboundReceived, ReceiveResult, StockChanged, StockChangeType

# Keeps each IN (...) list well under SQLite's bound-parameter limit.
_CHUNK = 500
_FAR_FUTURE = "9999-12-31"
_MAX_TEXT = 500
_MAX_QUANTITY = 10_000_000

# A stock row as read: (sku_id, id, location_code, batch_no, expiry_date, free, locked,
# pick_sequence, pickable). Rows stay as read; the locked figure of each row the run took
# from is kept beside them, by stock id.
_SKU, _ID, _BIN, _BATCH, _EXPIRY, _FREE, _LOCKED, _WALK, _PICKABLE = range(9)
StockRow = Sequence[Any]
SkuKey = tuple[str, str]


def received_json(command: OutboundCommand, shortage: str | None) -> str:
    """``OutboundReceived(...).model_dump_json()`` for a received command, without the model."""
    if shortage is None:
        values: dict[str, Any] = {
            "event_type": "outbound_received",
            "command_id": command.command_id,
            "order_no": command.order_no,
            "result": ReceiveResult.SUCCESS.value,
            "error_code": None,
            "error_message": None,
        }
        return to_json(values).decode()
    if len(shortage) >= _MAX_TEXT:
        # Cut to the contract's length; the model then strips what the cut left at the edge.
        return OutboundReceived(
            command_id=command.command_id,
            order_no=command.order_no,
            result=ReceiveResult.FAIL,
            error_code=errors.StockShortage.code,
            error_message=shortage[:_MAX_TEXT],
        ).model_dump_json()
    values = {
        "event_type": "outbound_received",
        "command_id": command.command_id,
        "order_no": command.order_no,
        "result": ReceiveResult.FAIL.value,
        "error_code": errors.StockShortage.code,
        "error_message": shortage,
    }
    return to_json(values).decode()


def allocation_json(warehouse_id: str, key: SkuKey, change_qty: int, available_qty: int) -> str:
    """``StockChanged(...).model_dump_json()`` for an allocation, without the model."""
    if not (-_MAX_QUANTITY <= change_qty <= _MAX_QUANTITY and 0 <= available_qty <= _MAX_QUANTITY):
        # Out of the contract: the model refuses it exactly as the per-entry path would.
        StockChanged(
            warehouse_id=warehouse_id,
            owner_id=key[0],
            sku_id=key[1],
            change_type=StockChangeType.ALLOCATION,
            change_qty=change_qty,
            available_qty=available_qty,
        )
    values = {
        "event_type": "stock_changed",
        "warehouse_id": warehouse_id,
        "owner_id": key[0],
        "sku_id": key[1],
        "change_type": StockChangeType.ALLOCATION.value,
        "change_qty": change_qty,
        "available_qty": available_qty,
        "movements": [],
    }
    return to_json(values).decode()


@dataclass
class _Pick:
    line_no: int
    stock: StockRow
    quantity: int


@dataclass
class _Received:
    """One command's result, before anything is written."""

    command: OutboundCommand
    shortage: str | None = None
    picks: list[_Pick] = field(default_factory=list)
    # (event_type, order_no, payload_json) in station order; the first is outbound_received.
    events: list[tuple[str, str | None, str]] = field(default_factory=list)

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
    return row[_EXPIRY] or _FAR_FUTURE


class _Planner:
    """Allocation in memory over the run's stock rows, in command order (as
    ``app.services.allocation``: FEFO for expiry-managed SKUs, then the pickers' walk)."""

    def __init__(self, connection: Connection, commands: Sequence[OutboundCommand]) -> None:
        self.today = today().isoformat()
        wanted = _by_owner((c.owner_id, item.sku_id) for c in commands for item in c.items)
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
                if row[_SKU] != sku_id:
                    sku_id = row[_SKU]
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
        # Stock id -> locked figure, for the rows earlier commands of the run took from.
        self.locked_now: dict[int, int] = {}

    def receive(self, command: OutboundCommand) -> _Received:
        result = _Received(command)
        taken: dict[int, int] = defaultdict(int)
        missing: list[str] = []
        owner_id = command.owner_id
        for line_no, item in enumerate(command.items, start=1):
            key = (owner_id, item.sku_id)
            if key not in self.skus:
                missing.append(f"{item.sku_id} (unknown SKU)")
                continue
            need = item.quantity
            for stock in self.walks.get(key, ()):
                if need == 0:
                    break
                stock_id: int = stock[_ID]
                free: int = stock[_FREE]
                locked = self.locked_now.get(stock_id)
                if locked is not None:
                    # What earlier commands of the run locked is no longer free.
                    free -= locked - stock[_LOCKED]
                can_take = min(need, free - taken[stock_id])
                if can_take <= 0:
                    continue
                taken[stock_id] += can_take
                result.picks.append(_Pick(line_no, stock, can_take))
                need -= can_take
            if need:
                missing.append(f"{item.sku_id} short by {need}")
        if missing:
            result.shortage = (
                f"Not enough stock for order {command.order_no}: " + "; ".join(missing) + "."
            )
            result.picks = []
            result.events = [
                ("outbound_received", command.order_no, received_json(command, result.shortage))
            ]
            return result
        self._lock(result)
        return result

    def _lock(self, result: _Received) -> None:
        command = result.command
        # Walk order as allocation._apply_plan (a stable sort of the plan).
        result.picks.sort(key=lambda p: (p.stock[_WALK], p.stock[_BIN], p.stock[_ID]))
        locked_by_sku: dict[SkuKey, int] = defaultdict(int)
        owner_id = command.owner_id
        for pick in result.picks:
            stock = pick.stock
            stock_id: int = stock[_ID]
            locked = self.locked_now.get(stock_id)
            before = stock[_LOCKED] if locked is None else locked
            self.locked_now[stock_id] = before + pick.quantity
            key = (owner_id, stock[_SKU])
            locked_by_sku[key] += pick.quantity
            # A row allocation takes from is counted by available_qty and stays >= 0 free.
            self.free_sum[key] -= pick.quantity
        result.events = [("outbound_received", command.order_no, received_json(command, None))]
        for key in sorted(k for k, v in locked_by_sku.items() if v):
            available = max(0, self.free_sum[key] - self.skus[key][1])
            result.events.append(
                (
                    "stock_changed",
                    None,
                    allocation_json(command.warehouse_id, key, -locked_by_sku[key], available),
                )
            )


def _max_id(connection: Connection, table: str) -> int:
    return int(connection.exec_driver_sql(f"SELECT max(id) FROM {table}").scalar() or 0)


_INSERT_ORDER = (
    "INSERT INTO outbound_order (id, command_id, order_no, wms_outbound_no, warehouse_id, "
    "owner_id, consignee, phone, province, city, district, address, carrier_code, "
    "service_type, priority, deadline, ext_info_json, status, cancelled_mid_pick, "
    "handled_remotely, created_at, updated_at) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, 0, ?, ?)"
)
_INSERT_LINE = (
    "INSERT INTO outbound_line (id, order_id, line_no, sku_id, sku_name, quantity, barcode, "
    "picked_qty, short_qty, packed_qty) VALUES (?, ?, ?, ?, ?, ?, ?, 0, 0, 0)"
)
_INSERT_TASK = (
    "INSERT INTO pick_task (order_id, line_id, stock_id, sequence, location_code, sku_id, "
    "batch_no, expiry_date, quantity, picked_qty, short_qty, short_reason, serials_json, "
    "status, picked_by, picked_at) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 0, 0, NULL, '[]', 'open', NULL, NULL)"
)
_LOCK_STOCK = "UPDATE stock SET locked = ? WHERE id = ?"
_INSERT_EXCEPTION = (
    "INSERT INTO exception_record (exception_type, order_no, severity, status, detail, "
    "created_at, outbox_event_id) VALUES ('STOCK_SHORTAGE', ?, 'high', 'open', ?, ?, ?)"
)
_INSERT_AUDIT = (
    "INSERT INTO audit_log (occurred_at, operator, action, entity, entity_key, before_json, "
    "after_json, outbox_event_id) VALUES (?, ?, ?, 'outbound_order', ?, NULL, ?, ?)"
)


def _ext_info_json(ext_info: dict[str, str]) -> str:
    return json.dumps(ext_info, ensure_ascii=False, sort_keys=True) if ext_info else "{}"


def _write_orders(connection: Connection, received: list[_Received], now: str) -> None:
    """Orders, lines and pick tasks."""
    first_order = _max_id(connection, "outbound_order") + 1
    next_line = _max_id(connection, "outbound_line") + 1
    numbers = new_outbound_numbers(len(received))
    orders: list[tuple[Any, ...]] = []
    lines: list[tuple[Any, ...]] = []
    tasks: list[tuple[Any, ...]] = []
    for order_id, r, number in zip(
        range(first_order, first_order + len(received)), received, numbers, strict=True
    ):
        c = r.command
        orders.append(
            (
                order_id,
                c.command_id,
                c.order_no,
                number,
                c.warehouse_id,
                c.owner_id,
                c.consignee,
                c.phone,
                c.province,
                c.city,
                c.district,
                c.address,
                c.carrier_code,
                c.service_type,
                c.priority,
                None if c.deadline is None else to_sqlite_utc(c.deadline),
                _ext_info_json(c.ext_info),
                r.status,
                now,
                now,
            )
        )
        first_line = next_line
        for line_no, item in enumerate(c.items, start=1):
            lines.append(
                (
                    next_line,
                    order_id,
                    line_no,
                    item.sku_id,
                    item.sku_name,
                    item.quantity,
                    item.barcode,
                )
            )
            next_line += 1
        for sequence, pick in enumerate(r.picks, start=1):
            stock = pick.stock
            tasks.append(
                (
                    order_id,
                    first_line + pick.line_no - 1,
                    stock[_ID],
                    sequence,
                    stock[_BIN],
                    stock[_SKU],
                    stock[_BATCH],
                    stock[_EXPIRY],
                    pick.quantity,
                )
            )
    connection.exec_driver_sql(_INSERT_ORDER, orders)
    connection.exec_driver_sql(_INSERT_LINE, lines)
    if tasks:
        connection.exec_driver_sql(_INSERT_TASK, tasks)


def _write_locks(session: Session, connection: Connection, locked: dict[int, int]) -> None:
    rows = [(figure, stock_id) for stock_id, figure in locked.items()]
    if not rows:
        return
    connection.exec_driver_sql(_LOCK_STOCK, rows)
    # A stale copy in the session would hide the new figure from a later entry of the page.
    for _, stock_id in rows:
        held = session.identity_map.get(identity_key(Stock, stock_id))
        if held is not None:
            session.expire(held)


def _write_events_and_records(
    uow: UnitOfWork, connection: Connection, received: list[_Received], operator: str, now: str
) -> None:
    """Outbox rows (one statement for the page), then audit and exception rows that point at
    each order's outbound_received event."""
    recorded = record_serialized_events(
        uow, [event for r in received for event in r.events], operator
    )
    audits: list[tuple[Any, ...]] = []
    shortages: list[tuple[Any, ...]] = []
    n = 0
    for r in received:
        received_event = recorded[n].id
        n += len(r.events)
        order_no = r.command.order_no
        if r.shortage is not None:
            shortages.append((order_no, r.shortage, now, received_event))
            action = "receive_outbound_command"
            # As app.services.audit: json.dumps(..., sort_keys=True).
            after = f'{{"lines": {len(r.command.items)}, "status": "SHORTAGE"}}'
        else:
            action = "allocate_outbound"
            after = f'{{"pick_tasks": {len(r.picks)}, "status": "ALLOCATED"}}'
        audits.append((now, operator, action, order_no, after, received_event))
    if shortages:
        connection.exec_driver_sql(_INSERT_EXCEPTION, shortages)
    connection.exec_driver_sql(_INSERT_AUDIT, audits)


def receive_new_commands(
    uow: UnitOfWork, commands: Sequence[OutboundCommand], operator: str
) -> list[str]:
    """Create and allocate each command's order in turn; return each order's status
    (ALLOCATED, or SHORTAGE with its exception record and outbound_received FAIL)."""
    if not commands:
        return []
    session = uow.session
    # Pending changes of earlier entries must be in the database before the stock is read.
    session.flush()
    connection = session.connection()
    planner = _Planner(connection, commands)
    received = [planner.receive(command) for command in commands]
    now = to_sqlite_utc(utc_now())
    _write_locks(session, connection, planner.locked_now)
    _write_orders(connection, received, now)
    _write_events_and_records(uow, connection, received, operator, now)
    return [r.status for r in received]
