"""Booking on a pick task: the one path by which a pick, a short pick and an unpick change
the task, its order line, its stock row and the order's status.

It reads and writes with plain SQL on the unit of work's connection: at a pick per scan,
the ORM's per-statement work (compilation, identity map, flush) cost several times SQLite's
own (``python -m bench.scan_service``: service / raw p99 1.96×, target within 3×, in
BENCHMARKS.md). Short picks and unpicks take the same path so the three can never disagree
about what a booking changes; nothing here loads the rows it writes into the session.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Protocol

from sqlalchemy import Connection

from app import errors
from app.outbox import RecordedEvent
from app.services.lookups import first_known_code
from app.services.order_events import emit_status, refuse_unless_workable
from local_db.store import UnitOfWork
from local_db.types import to_sqlite_utc, utc_now
from oms_contract.events import OutboundStatus, StockBucket, StockMovement

WORKABLE = ("ALLOCATED", "PICKING")

_PICK_CONTEXT = """
SELECT t.status, t.location_code, t.sku_id, t.batch_no, t.expiry_date, t.quantity,
       t.picked_qty, t.short_qty, t.serials_json, t.line_id, t.stock_id,
       o.id, o.order_no, o.owner_id, o.status, o.handled_remotely, o.wms_outbound_no,
       k.sku_id, k.batch_managed, k.serial_managed,
       s.location_code, s.owner_id, s.sku_id, s.batch_no, s.expiry_date, o.hold_reason
FROM pick_task AS t
JOIN outbound_order AS o ON o.id = t.order_id
LEFT JOIN sku AS k ON k.owner_id = o.owner_id AND k.sku_id = t.sku_id
LEFT JOIN stock AS s ON s.id = t.stock_id
WHERE t.id = ?
"""
_ORDER = (
    "SELECT id, order_no, owner_id, status, wms_outbound_no, handled_remotely "
    "FROM outbound_order WHERE order_no = ?"
)
_SET_ORDER_STATUS = "UPDATE outbound_order SET status = ?, updated_at = ? WHERE id = ?"
# on_hand, locked, frozen, damaged changes of the row the task reserves.
_BOOK_STOCK = (
    "UPDATE stock SET on_hand = on_hand + ?, locked = locked + ?, frozen = frozen + ?, "
    "damaged = damaged + ? WHERE id = ?"
)
_BOOK_TASK = (
    "UPDATE pick_task SET picked_qty = picked_qty + ?, short_qty = short_qty + ?, "
    "short_reason = coalesce(?, short_reason), serials_json = ?, "
    "picked_by = coalesce(?, picked_by), picked_at = coalesce(?, picked_at), status = ? "
    "WHERE id = ?"
)
_BOOK_LINE = (
    "UPDATE outbound_line SET picked_qty = picked_qty + ?, short_qty = short_qty + ? WHERE id = ?"
)
_ANY_OPEN_TASK = "SELECT 1 FROM pick_task WHERE order_id = ? AND status = 'open' LIMIT 1"
_LINE_BARCODE = (
    "SELECT sku_id FROM outbound_line WHERE order_id = ? AND barcode = ? ORDER BY line_no LIMIT 1"
)


@dataclass(frozen=True)
class OrderRow:
    id: int
    order_no: str
    owner_id: str
    status: str
    wms_outbound_no: str


@dataclass(frozen=True)
class PickContext:
    """A pick task with its order, SKU and stock row, as one row."""

    task_id: int
    order: OrderRow
    handled_remotely: bool
    task_status: str
    location_code: str
    sku_id: str
    batch_no: str | None
    expiry_date: dt.date | None
    picked_qty: int
    short_qty: int
    remaining: int
    serials_json: str
    line_id: int
    stock_id: int
    sku_known: bool
    batch_managed: bool
    serial_managed: bool
    stock_slot: tuple[str, str, str, str | None, dt.date | None]
    hold_reason: str | None = None


def _date(value: str | None) -> dt.date | None:
    return None if value is None else dt.date.fromisoformat(value)


def unknown_task(task_id: int) -> errors.UnknownTask:
    return errors.UnknownTask("pick_task_not_known", task=task_id)


def pick_context(connection: Connection, task_id: int) -> PickContext:
    row = connection.exec_driver_sql(_PICK_CONTEXT, (task_id,)).first()
    if row is None:
        raise unknown_task(task_id)
    (task_status, location, sku_id, batch_no, expiry, quantity, picked, short, serials_json,
     line_id, stock_id, order_id, order_no, owner_id, order_status, remote, wms_no,
     known_sku, batch_managed, serial_managed,
     stock_location, stock_owner, stock_sku, stock_batch, stock_expiry, hold_reason,
     ) = row  # fmt: skip
    assert stock_location is not None, f"pick task {task_id} points at no stock row"
    return PickContext(
        task_id=task_id,
        order=OrderRow(order_id, order_no, owner_id, order_status, wms_no),
        handled_remotely=bool(remote),
        task_status=task_status,
        location_code=location,
        sku_id=sku_id,
        batch_no=batch_no,
        expiry_date=_date(expiry),
        picked_qty=picked,
        short_qty=short,
        remaining=quantity - picked - short,
        serials_json=serials_json,
        line_id=line_id,
        stock_id=stock_id,
        sku_known=known_sku is not None,
        batch_managed=bool(batch_managed),
        serial_managed=bool(serial_managed),
        stock_slot=(stock_location, stock_owner, stock_sku, stock_batch, _date(stock_expiry)),
        hold_reason=hold_reason,
    )


def open_pick_context(connection: Connection, task_id: int) -> PickContext:
    """The task, once it may be picked or short-picked now (refusals in this order)."""
    pick = pick_context(connection, task_id)
    if pick.handled_remotely:
        raise errors.NotAllowed("order_at_other_station", order=pick.order.order_no)
    refuse_unless_workable(pick.order, *WORKABLE)
    if pick.hold_reason is not None:
        raise errors.OrderOnHold(
            "order_on_hold_ask_supervisor", order=pick.order.order_no, hold=pick.hold_reason
        )
    if pick.task_status != "open":
        raise errors.TaskClosed("pick_finished", bin=pick.location_code)
    return pick


def order_row(connection: Connection, order_no: str) -> tuple[OrderRow, bool]:
    """The order and whether another station works it."""
    row = connection.exec_driver_sql(_ORDER, (order_no,)).first()
    if row is None:
        raise errors.UnknownOrder("order_not_here", order=order_no)
    order_id, number, owner_id, status, wms_no, remote = row
    return OrderRow(order_id, number, owner_id, status, wms_no), bool(remote)


class _OrderKey(Protocol):
    @property
    def id(self) -> int: ...
    @property
    def owner_id(self) -> str: ...


def scanned_sku(connection: Connection, order: _OrderKey, code: str) -> str | None:
    """The SKU a code scanned for this order stands for: the barcode the OMS sent on one of
    the order's lines first, then the owner's barcodes and SKU codes."""
    scanned = code.strip()
    if scanned:
        on_line = connection.exec_driver_sql(_LINE_BARCODE, (order.id, scanned)).first()
        if on_line is not None:
            return str(on_line[0])
    found = first_known_code(connection, order.owner_id, (scanned,))
    return None if found is None else found[1]


@dataclass(frozen=True)
class Booking:
    """What happened at the bin: ``picked`` units taken (negative: put back by an unpick),
    ``short`` units missing and held in ``held_in`` for the given reason."""

    picked: int = 0
    short: int = 0
    held_in: StockBucket | None = None
    short_reason: str | None = None


def book(
    connection: Connection,
    pick: PickContext,
    booking: Booking,
    *,
    serials_json: str,
    picked_by: str | None,
    now: str,
) -> int:
    """Write the booking on the task, its line and its stock row; return what is left to
    pick. The task's reservation shrinks by what was picked or found short (an unpick
    restores it); short units leave the shelf's free stock into their hold."""
    reserved = booking.picked + booking.short
    frozen = booking.short if booking.held_in is StockBucket.FROZEN else 0
    damaged = booking.short if booking.held_in is StockBucket.DAMAGED else 0
    connection.exec_driver_sql(
        _BOOK_STOCK, (-booking.picked, -reserved, frozen, damaged, pick.stock_id)
    )
    remaining = pick.remaining - reserved
    connection.exec_driver_sql(
        _BOOK_TASK,
        (
            booking.picked,
            booking.short,
            booking.short_reason,
            serials_json,
            picked_by,
            now if picked_by is not None else None,
            "open" if remaining else "done",
            pick.task_id,
        ),
    )
    connection.exec_driver_sql(_BOOK_LINE, (booking.picked, booking.short, pick.line_id))
    return remaining


def held_movements(pick: PickContext, booking: Booking) -> list[StockMovement]:
    """The row's physical changes a booking makes, for the event that reports it."""
    location, owner_id, sku_id, batch_no, expiry = pick.stock_slot
    changes = [(StockBucket.ON_HAND, -booking.picked)]
    if booking.held_in is not None:
        changes.append((booking.held_in, booking.short))
    return [
        StockMovement(
            location_code=location,
            owner_id=owner_id,
            sku_id=sku_id,
            batch_no=batch_no,
            expiry_date=expiry,
            bucket=bucket,
            delta=delta,
        )
        for bucket, delta in changes
        if delta
    ]


def set_order_status(connection: Connection, order_id: int, status: str) -> None:
    connection.exec_driver_sql(_SET_ORDER_STATUS, (status, to_sqlite_utc(utc_now()), order_id))


def start_picking(
    uow: UnitOfWork, order: OrderRow, operator: str
) -> tuple[str, list[RecordedEvent]]:
    """The first booking on an ALLOCATED order makes it PICKING (and tells the OMS)."""
    if order.status != "ALLOCATED":
        return order.status, []
    set_order_status(uow.session.connection(), order.id, "PICKING")
    return "PICKING", [emit_status(uow, order, OutboundStatus.PICKING, operator)]


def finish_if_done(
    uow: UnitOfWork, order: OrderRow, status: str, remaining: int, operator: str
) -> tuple[str, list[RecordedEvent]]:
    """The last open task done makes the order PICKED (and tells the OMS)."""
    connection = uow.session.connection()
    if remaining or connection.exec_driver_sql(_ANY_OPEN_TASK, (order.id,)).first() is not None:
        return status, []
    set_order_status(connection, order.id, "PICKED")
    return "PICKED", [emit_status(uow, order, OutboundStatus.PICKED, operator)]
