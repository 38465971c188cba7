"""Taking in outbound commands and reserving their stock; re-allocating held orders.

Every reservation goes through one planner (:mod:`app.services.allocation_plan`) and is
written here in plain SQL on the unit of work's connection: a single command is a run of one,
a feed page's run of new commands is planned and written together (while a station catches
up this is most of the pull, ``python -m bench.pull``), and orders held for a shortage are
planned again when stock arrives or a supervisor asks. Every table is written with one
``executemany`` of tuples; new order numbers and event ids are time-ordered (:mod:`app.ids`)
so their unique indexes grow at one edge. Statements go through SQLAlchemy's
``exec_driver_sql`` so a full disk or a locked store still arrives as the DBAPIError the store
classifies.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, select, update
from sqlalchemy.orm import Session

from app import errors
from app import exception_details as details
from app.ids import new_outbound_numbers
from app.outbox import record_payloads
from app.services.allocation_plan import (
    BATCH,
    BIN,
    EXPIRY,
    ID,
    SKU,
    Demand,
    DemandLine,
    Plan,
    Planner,
)
from app.services.audit import audit_json
from app.services.stock_ledger import SkuKey
from local_db.models import ExceptionRecord, OutboundOrder, Owner, Sku, Stock
from local_db.store import UnitOfWork
from local_db.types import to_sqlite_utc, utc_now
from oms_contract.documents import OutboundCommand

_INSERT_ORDER = (
    "INSERT INTO outbound_order (id, command_id, order_no, wms_outbound_no, warehouse_id, "
    "owner_id, consignee, phone, province, city, district, address, carrier_code, "
    "service_type, priority, deadline, ext_info_json, status, cancelled_mid_pick, "
    "handled_remotely, created_at, updated_at) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, 0, ?, ?)"
)
_INSERT_LINE = (
    "INSERT INTO outbound_line (id, order_id, line_no, sku_id, sku_name, quantity, barcode, "
    "batch_no, picked_qty, short_qty, packed_qty) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 0, 0, 0)"
)
_INSERT_TASK = (
    "INSERT INTO pick_task (order_id, line_id, stock_id, sequence, location_code, sku_id, "
    "batch_no, expiry_date, quantity, picked_qty, short_qty, short_reason, serials_json, "
    "status, picked_by, picked_at) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 0, 0, NULL, '[]', 'open', NULL, NULL)"
)
_INSERT_EXCEPTION = (
    "INSERT INTO exception_record (exception_type, order_no, severity, status, detail, "
    "detail_code, detail_args_json, created_at, outbox_event_id) "
    "VALUES ('STOCK_SHORTAGE', ?, 'high', 'open', '', ?, ?, ?, ?)"
)
_INSERT_AUDIT = (
    "INSERT INTO audit_log (occurred_at, operator, action, entity, entity_key, before_json, "
    "after_json, outbox_event_id) VALUES (?, ?, ?, 'outbound_order', ?, NULL, ?, ?)"
)
# Held orders, most urgent first (the task list's key: bucket 1 is SHORTAGE; indexed).
_HELD_ORDERS = (
    "SELECT id, command_id, order_no, owner_id, warehouse_id FROM outbound_order "
    "WHERE task_queue_key >= '1-' AND task_queue_key < '2' "
    "AND status = 'SHORTAGE' AND handled_remotely = 0 ORDER BY task_queue_key, id"
)
_HELD_LINES = (
    "SELECT order_id, id, sku_id, quantity, batch_no FROM outbound_line "
    "WHERE order_id IN ({marks}) ORDER BY order_id, line_no"
)
_SHORTAGE_RESOLVED = "allocated when stock arrived"


def _max_id(connection: Connection, table: str) -> int:
    return int(connection.exec_driver_sql(f"SELECT max(id) FROM {table}").scalar() or 0)


def _demand(command: OutboundCommand) -> Demand:
    return Demand(
        command.command_id,
        command.order_no,
        command.owner_id,
        command.warehouse_id,
        [DemandLine(item.sku_id, item.quantity, item.batch_no) for item in command.items],
    )


def _ext_info_json(ext_info: dict[str, str]) -> str:
    return json.dumps(ext_info, ensure_ascii=False, sort_keys=True) if ext_info else "{}"


def _task_rows(order_id: int, line_ids: Sequence[int], plan: Plan) -> list[tuple[Any, ...]]:
    return [
        (
            order_id,
            line_ids[pick.line_no - 1],
            pick.stock[ID],
            sequence,
            pick.stock[BIN],
            pick.stock[SKU],
            pick.stock[BATCH],
            pick.stock[EXPIRY],
            pick.quantity,
        )
        for sequence, pick in enumerate(plan.picks, start=1)
    ]


def _write_orders(
    connection: Connection, commands: Sequence[OutboundCommand], plans: list[Plan], now: str
) -> None:
    """Orders, lines and pick tasks."""
    first_order = _max_id(connection, "outbound_order") + 1
    next_line = _max_id(connection, "outbound_line") + 1
    numbers = new_outbound_numbers(len(plans))
    orders: list[tuple[Any, ...]] = []
    lines: list[tuple[Any, ...]] = []
    tasks: list[tuple[Any, ...]] = []
    for order_id, c, plan, number in zip(
        range(first_order, first_order + len(plans)), commands, plans, numbers, strict=True
    ):
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
                plan.status,
                now,
                now,
            )
        )
        line_ids = range(next_line, next_line + len(c.items))
        for line_id, (line_no, item) in zip(line_ids, enumerate(c.items, start=1), strict=True):
            lines.append(
                (
                    line_id,
                    order_id,
                    line_no,
                    item.sku_id,
                    item.sku_name,
                    item.quantity,
                    item.barcode,
                    item.batch_no,
                )
            )
        next_line += len(c.items)
        tasks += _task_rows(order_id, line_ids, plan)
    connection.exec_driver_sql(_INSERT_ORDER, orders)
    connection.exec_driver_sql(_INSERT_LINE, lines)
    if tasks:
        connection.exec_driver_sql(_INSERT_TASK, tasks)


def _write_locks(session: Session, locked: dict[int, int]) -> None:
    """The planner's new locked figures, as an ORM bulk UPDATE by primary key: one
    executemany, and SQLAlchemy sets the figure on any Stock the session already holds
    (a receipt's row, say), so a later step of the same unit of work reads it."""
    if locked:
        rows = [{"id": stock_id, "locked": figure} for stock_id, figure in locked.items()]
        session.execute(update(Stock), rows)


def _allocate_orders(session: Session, order_ids: list[int], now: dt.datetime) -> None:
    """Held orders become ALLOCATED; an order the session holds gets the new status and its
    task-queue key (computed by SQLite) is expired by SQLAlchemy's synchronisation."""
    session.execute(
        update(OutboundOrder)
        .where(OutboundOrder.id.in_(order_ids))
        .values(status="ALLOCATED", updated_at=now)
        .execution_options(synchronize_session="evaluate")
    )


def _resolve_shortages(
    session: Session, order_nos: list[str], operator: str, now: dt.datetime
) -> None:
    session.execute(
        update(ExceptionRecord)
        .where(
            ExceptionRecord.exception_type == "STOCK_SHORTAGE",
            ExceptionRecord.status == "open",
            ExceptionRecord.order_no.in_(order_nos),
        )
        .values(
            status="resolved", resolution=_SHORTAGE_RESOLVED, resolved_by=operator, resolved_at=now
        )
        .execution_options(synchronize_session="evaluate")
    )


def _audit_after(plan: Plan) -> str | None:
    if plan.shortage is not None:
        return audit_json({"lines": len(plan.demand.items), "status": "SHORTAGE"})
    return audit_json({"pick_tasks": len(plan.picks), "status": "ALLOCATED"})


def _write_events_and_records(
    uow: UnitOfWork, connection: Connection, plans: list[Plan], operator: str, now: str
) -> None:
    """Outbox rows (one statement for the run), then audit and exception rows that point at
    each order's outbound_received event."""
    recorded = record_payloads(uow, [event for p in plans for event in p.events], operator)
    audits: list[tuple[Any, ...]] = []
    shortages: list[tuple[Any, ...]] = []
    n = 0
    for plan in plans:
        received_event = recorded[n].id
        n += len(plan.events)
        order_no = plan.demand.order_no
        if plan.shortage is not None:
            short = ", ".join(
                f"{sku} {qty}" if batch is None else f"{sku} ({batch}) {qty}"
                for (sku, batch), qty in plan.short_by.items()
            )
            args = details.detail_args(order=order_no, short=short)
            of_batch = any(batch is not None for _, batch in plan.short_by)
            code = details.STOCK_SHORTAGE_OF_BATCH if of_batch else details.STOCK_SHORTAGE
            shortages.append((order_no, code, args, now, received_event))
            action = "receive_outbound_command"
        else:
            action = "allocate_outbound"
        audits.append((now, operator, action, order_no, _audit_after(plan), received_event))
    if shortages:
        connection.exec_driver_sql(_INSERT_EXCEPTION, shortages)
    connection.exec_driver_sql(_INSERT_AUDIT, audits)


def receive_new_commands(
    uow: UnitOfWork, commands: Sequence[OutboundCommand], operator: str
) -> list[str]:
    """Create and allocate each command's order in turn; return each order's status
    (ALLOCATED, or SHORTAGE with its exception record and outbound_received FAIL).

    The caller has already settled that each command is new (no order with its command_id or
    order_no) and that its owner and SKUs are known (app.services.command_refusals).
    """
    if not commands:
        return []
    session = uow.session
    # Pending changes of earlier steps must be in the database before the stock is read.
    session.flush()
    connection = session.connection()
    planner = Planner(connection, [_demand(c) for c in commands])
    plans = [planner.plan(_demand(c)) for c in commands]
    now = to_sqlite_utc(utc_now())
    _write_locks(session, planner.locked_now)
    _write_orders(connection, commands, plans, now)
    _write_events_and_records(uow, connection, plans, operator, now)
    return [plan.status for plan in plans]


def find_existing(session: Session, command: OutboundCommand) -> OutboundOrder | None:
    return session.scalar(
        select(OutboundOrder).where(
            (OutboundOrder.command_id == command.command_id)
            | (OutboundOrder.order_no == command.order_no)
        )
    )


def receive_outbound_command(
    uow: UnitOfWork, command: OutboundCommand, operator: str
) -> OutboundOrder:
    """Create the order and reserve its stock, or record the shortage (库存不足).

    Idempotent by command_id (and order_no, as in seed 000): a repeat returns the existing
    order and writes nothing. A shortage is not a refusal: the order is kept with status
    SHORTAGE, an exception record and an outbound_received FAIL for the OMS; it is allocated
    again when stock arrives (:func:`reallocate_held_orders`).
    """
    session = uow.session
    existing = find_existing(session, command)
    if existing is not None:
        return existing
    if session.get(Owner, command.owner_id) is None:
        raise errors.NotFound("owner_not_known", owner=command.owner_id)
    for item in command.items:
        # Not a shortage that waits for stock forever: the feed answers it SKU_NOT_FOUND
        # before it gets here (app.services.command_refusals).
        if session.get(Sku, (command.owner_id, item.sku_id)) is None:
            raise errors.NotFound("sku_not_known", sku=item.sku_id, owner=command.owner_id)
    receive_new_commands(uow, [command], operator)
    order = session.scalar(select(OutboundOrder).where(OutboundOrder.order_no == command.order_no))
    assert order is not None
    return order


@dataclass(frozen=True)
class _Held:
    order_id: int
    line_ids: list[int]
    demand: Demand


def _held_orders(connection: Connection, skus: set[SkuKey] | None) -> list[_Held]:
    orders = connection.exec_driver_sql(_HELD_ORDERS).fetchall()
    if not orders:
        return []
    lines: dict[int, list[tuple[int, DemandLine]]] = {row[0]: [] for row in orders}
    ids = list(lines)
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        sql = _HELD_LINES.format(marks=",".join("?" * len(chunk)))
        for order_id, line_id, sku_id, quantity, batch_no in connection.exec_driver_sql(
            sql, tuple(chunk)
        ):
            lines[order_id].append((line_id, DemandLine(sku_id, quantity, batch_no)))
    held = []
    for order_id, command_id, order_no, owner_id, warehouse_id in orders:
        order_lines = lines[order_id]
        if skus is not None and not any((owner_id, ln.sku_id) in skus for _, ln in order_lines):
            continue
        items = [line for _, line in order_lines]
        demand = Demand(command_id, order_no, owner_id, warehouse_id, items)
        held.append(_Held(order_id, [line_id for line_id, _ in order_lines], demand))
    return held


def reallocate_held_orders(
    uow: UnitOfWork, operator: str, skus: Iterable[SkuKey] | None = None
) -> list[str]:
    """Allocate the orders held for a shortage (status SHORTAGE) that the stock now covers,
    most urgent first; return their order numbers. ``skus`` limits it to orders that want one
    of those (owner, SKU)s (the stock that just arrived); without it every held order is
    tried (a supervisor's request).

    An allocated order gets its pick tasks and locks, an outbound_received SUCCESS and the
    allocation stock_changed events for the OMS, and its open shortage record is resolved.
    An order still short stays as it was: nothing is written for it.
    """
    wanted = None if skus is None else set(skus)
    if wanted is not None and not wanted:
        return []
    session = uow.session
    session.flush()
    connection = session.connection()
    held = _held_orders(connection, wanted)
    if not held:
        return []
    planner = Planner(connection, [h.demand for h in held])
    plans = [(h, planner.plan(h.demand)) for h in held]
    allocated = [(h, plan) for h, plan in plans if plan.shortage is None]
    if not allocated:
        return []
    moment = utc_now()
    now = to_sqlite_utc(moment)
    _write_locks(session, planner.locked_now)
    tasks = [row for h, plan in allocated for row in _task_rows(h.order_id, h.line_ids, plan)]
    connection.exec_driver_sql(_INSERT_TASK, tasks)
    _allocate_orders(session, [h.order_id for h, _ in allocated], moment)
    _resolve_shortages(session, [h.demand.order_no for h, _ in allocated], operator, moment)
    _write_events_and_records(uow, connection, [plan for _, plan in allocated], operator, now)
    return [h.demand.order_no for h, _ in allocated]
