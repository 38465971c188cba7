"""Picking with scan validation, and short picks with a reason."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import Connection, select

from app import errors
from app.clock import business_date
from app.outbox import RecordedEvent, record_event
from app.services.audit import record_audit
from app.services.lookups import (
    check_quantity,
    first_known_code,
    unknown_barcode,
    unknown_sku,
)
from app.services.order_events import (
    OrderState,
    emit_status,
    refuse_unless_workable,
    set_status,
)
from app.services.serials import take_serials
from app.services.stock_ledger import Ledger
from local_db.models import (
    ExceptionRecord,
    OutboundLine,
    OutboundOrder,
    PickTask,
    Stock,
)
from local_db.store import UnitOfWork
from local_db.types import to_sqlite_utc, utc_now
from oms_contract.events import (
    OutboundStatus,
    PickedLine,
    PickedLines,
    StockBucket,
    StockMovement,
)

SHORT_REASONS = {
    "NOT_FOUND": StockBucket.FROZEN,  # the bin holds less than the books say: hold for a count
    "DAMAGED": StockBucket.DAMAGED,  # the units are there but cannot be sold
}
WORKABLE = ("ALLOCATED", "PICKING")


@dataclass(frozen=True)
class PickOutcome:
    order_no: str
    order_status: str
    task_remaining: int
    events: list[RecordedEvent]


def _unknown_task(task_id: int) -> errors.UnknownTask:
    return errors.UnknownTask("pick_task_not_known", task=task_id)


def _refuse_unless_pickable(
    order: OrderState, *, handled_remotely: bool, task_status: str, location_code: str
) -> None:
    """The refusals of a task nobody may pick now, in the order both pick paths give them."""
    if handled_remotely:
        raise errors.NotAllowed("order_at_other_station", order=order.order_no)
    refuse_unless_workable(order, *WORKABLE)
    if task_status != "open":
        raise errors.TaskClosed("pick_finished", bin=location_code)


def _open_task(uow: UnitOfWork, task_id: int) -> tuple[PickTask, OutboundOrder]:
    task = uow.session.get(PickTask, task_id)
    if task is None:
        raise _unknown_task(task_id)
    order = task.order
    _refuse_unless_pickable(
        order,
        handled_remotely=order.handled_remotely,
        task_status=task.status,
        location_code=task.location_code,
    )
    return task, order


def _remaining(task: PickTask) -> int:
    return task.quantity - task.picked_qty - task.short_qty


def _start_picking(uow: UnitOfWork, order: OutboundOrder, operator: str) -> list[RecordedEvent]:
    if order.status != "ALLOCATED":
        return []
    set_status(order, "PICKING")
    return [emit_status(uow, order, OutboundStatus.PICKING, operator)]


def _finish_if_done(
    uow: UnitOfWork, order: OutboundOrder, task: PickTask, operator: str
) -> list[RecordedEvent]:
    if task.status == "open":
        # This pick is not finished, so neither is the order: no need to load its other tasks.
        return []
    uow.session.flush()
    if any(other.status == "open" for other in order.pick_tasks):
        return []
    set_status(order, "PICKED")
    return [emit_status(uow, order, OutboundStatus.PICKED, operator)]


# The scan's hot path reads and writes with plain SQL on the unit of work's connection: at a
# pick per scan, the ORM's per-statement work (compilation, identity map, flush) cost several
# times SQLite's own (python -m bench.scan_service). short_pick and the rest stay on the ORM.
_PICK_CONTEXT = """
SELECT t.status, t.location_code, t.sku_id, t.batch_no, t.expiry_date, t.quantity,
       t.picked_qty, t.short_qty, t.serials_json, t.line_id, t.stock_id,
       o.id, o.order_no, o.owner_id, o.status, o.handled_remotely, o.wms_outbound_no,
       k.sku_id, k.batch_managed, k.serial_managed,
       s.location_code, s.owner_id, s.sku_id, s.batch_no, s.expiry_date
FROM pick_task AS t
JOIN outbound_order AS o ON o.id = t.order_id
LEFT JOIN sku AS k ON k.owner_id = o.owner_id AND k.sku_id = t.sku_id
LEFT JOIN stock AS s ON s.id = t.stock_id
WHERE t.id = ?
"""
_SET_ORDER_STATUS = "UPDATE outbound_order SET status = ?, updated_at = ? WHERE id = ?"
_TAKE_STOCK = "UPDATE stock SET on_hand = on_hand - ?, locked = locked - ? WHERE id = ?"
_BOOK_TASK = (
    "UPDATE pick_task SET picked_qty = picked_qty + ?, serials_json = ?, picked_by = ?, "
    "picked_at = ?, status = ? WHERE id = ?"
)
_BOOK_LINE = "UPDATE outbound_line SET picked_qty = picked_qty + ? WHERE id = ?"
_ANY_OPEN_TASK = "SELECT 1 FROM pick_task WHERE order_id = ? AND status = 'open' LIMIT 1"


@dataclass(frozen=True)
class _OrderRow:
    id: int
    order_no: str
    owner_id: str
    status: str
    wms_outbound_no: str


@dataclass(frozen=True)
class _PickContext:
    """A pick task with what a scan is checked against, as one row."""

    order: _OrderRow
    handled_remotely: bool
    task_status: str
    location_code: str
    sku_id: str
    batch_no: str | None
    expiry_date: dt.date | None
    picked_qty: int
    remaining: int
    serials_json: str
    line_id: int
    stock_id: int
    sku_known: bool
    batch_managed: bool
    serial_managed: bool
    stock_slot: tuple[str, str, str, str | None, dt.date | None]


def _date(value: str | None) -> dt.date | None:
    return None if value is None else dt.date.fromisoformat(value)


def _pick_context(connection: Connection, task_id: int) -> _PickContext | None:
    row = connection.exec_driver_sql(_PICK_CONTEXT, (task_id,)).first()
    if row is None:
        return None
    (task_status, location, sku_id, batch_no, expiry, quantity, picked, short, serials_json,
     line_id, stock_id, order_id, order_no, owner_id, order_status, remote, wms_no,
     known_sku, batch_managed, serial_managed,
     stock_location, stock_owner, stock_sku, stock_batch, stock_expiry) = row  # fmt: skip
    assert stock_location is not None, f"pick task {task_id} points at no stock row"
    return _PickContext(
        order=_OrderRow(order_id, order_no, owner_id, order_status, wms_no),
        handled_remotely=bool(remote),
        task_status=task_status,
        location_code=location,
        sku_id=sku_id,
        batch_no=batch_no,
        expiry_date=_date(expiry),
        picked_qty=picked,
        remaining=quantity - picked - short,
        serials_json=serials_json,
        line_id=line_id,
        stock_id=stock_id,
        sku_known=known_sku is not None,
        batch_managed=bool(batch_managed),
        serial_managed=bool(serial_managed),
        stock_slot=(stock_location, stock_owner, stock_sku, stock_batch, _date(stock_expiry)),
    )


_LINE_BARCODE = (
    "SELECT sku_id FROM outbound_line WHERE order_id = ? AND barcode = ? ORDER BY line_no LIMIT 1"
)


def _scanned_sku(connection: Connection, order: _OrderRow, code: str) -> str | None:
    """``lookups.sku_id_for_scan`` in plain SQL: the barcode the OMS sent on one of the
    order's lines first, then the owner's barcodes and SKU codes."""
    scanned = code.strip()
    if scanned:
        on_line = connection.exec_driver_sql(_LINE_BARCODE, (order.id, scanned)).first()
        if on_line is not None:
            return str(on_line[0])
    found = first_known_code(connection, order.owner_id, (scanned,))
    return None if found is None else found[1]


def _checked_pick(
    connection: Connection, task_id: int, *, location_code: str, barcode: str, batch_no: str | None
) -> _PickContext:
    """The task and what it is checked against, once the scan passed every check (the same
    refusals, in the same order, as the other floor services give)."""
    pick = _pick_context(connection, task_id)
    if pick is None:
        raise _unknown_task(task_id)
    order = pick.order
    _refuse_unless_pickable(
        order,
        handled_remotely=pick.handled_remotely,
        task_status=pick.task_status,
        location_code=pick.location_code,
    )
    if location_code.strip().upper() != pick.location_code.upper():
        raise errors.WrongLocation(
            "pick_elsewhere", scanned=location_code.strip(), bin=pick.location_code
        )
    if not pick.sku_known:
        raise unknown_sku(order.owner_id, pick.sku_id)
    scanned_sku = _scanned_sku(connection, order, barcode)
    if scanned_sku is None:
        raise unknown_barcode(barcode)
    if scanned_sku != pick.sku_id:
        raise errors.WrongSku("pick_other_sku", scanned=scanned_sku, sku=pick.sku_id)
    if pick.batch_managed:
        if not batch_no:
            raise errors.BatchRequired("scan_batch_of", sku=pick.sku_id)
        if batch_no.strip() != (pick.batch_no or ""):
            raise errors.WrongBatch(
                "pick_other_batch", scanned=batch_no.strip(), batch=pick.batch_no or ""
            )
    if pick.expiry_date is not None and pick.expiry_date < business_date():
        raise errors.ExpiredBatch("expired_do_not_pick", expiry=pick.expiry_date.isoformat())
    return pick


def confirm_pick(
    uow: UnitOfWork,
    task_id: int,
    *,
    location_code: str,
    barcode: str,
    quantity: int,
    operator: str,
    batch_no: str | None = None,
    serials: Sequence[str] = (),
) -> PickOutcome:
    """The picker scanned the bin, the goods (and batch/serials) and says ``quantity``."""
    session = uow.session
    connection = session.connection()
    # Everything is read and checked before anything changes: a refusal changes nothing.
    pick = _checked_pick(
        connection, task_id, location_code=location_code, barcode=barcode, batch_no=batch_no
    )
    order = pick.order
    check_quantity(quantity)
    if quantity > pick.remaining:
        raise errors.OverPick(
            "over_pick", qty=pick.remaining, sku=pick.sku_id, bin=pick.location_code
        )
    captured: list[str] = []
    if pick.serial_managed:
        captured = take_serials(
            session,
            order.owner_id,
            pick.sku_id,
            order.id,
            serials=serials,
            quantity=quantity,
            location_code=pick.location_code,
        )

    now = to_sqlite_utc(utc_now())
    events: list[RecordedEvent] = []
    status = order.status
    if status == "ALLOCATED":
        status = "PICKING"
        connection.exec_driver_sql(_SET_ORDER_STATUS, (status, now, order.id))
        events.append(emit_status(uow, order, OutboundStatus.PICKING, operator))
    connection.exec_driver_sql(_TAKE_STOCK, (quantity, quantity, pick.stock_id))
    remaining = pick.remaining - quantity
    serials_json = json.dumps([*json.loads(pick.serials_json), *captured])
    task_status = "open" if remaining else "done"
    connection.exec_driver_sql(
        _BOOK_TASK, (quantity, serials_json, operator, now, task_status, task_id)
    )
    connection.exec_driver_sql(_BOOK_LINE, (quantity, pick.line_id))
    location, owner_id, sku_id, stock_batch, stock_expiry = pick.stock_slot
    picked = PickedLines(
        order_no=order.order_no,
        lines=[
            PickedLine(
                sku_id=pick.sku_id,
                quantity=quantity,
                location_code=pick.location_code,
                batch_no=pick.batch_no,
                expiry_date=pick.expiry_date,
                serials=captured,
            )
        ],
        movements=[
            StockMovement(
                location_code=location,
                owner_id=owner_id,
                sku_id=sku_id,
                batch_no=stock_batch,
                expiry_date=stock_expiry,
                bucket=StockBucket.ON_HAND,
                delta=-quantity,
            )
        ],
    )
    events.append(record_event(uow, picked, operator))
    if not remaining and connection.exec_driver_sql(_ANY_OPEN_TASK, (order.id,)).first() is None:
        status = "PICKED"
        connection.exec_driver_sql(_SET_ORDER_STATUS, (status, now, order.id))
        events.append(emit_status(uow, order, OutboundStatus.PICKED, operator))
    record_audit(
        uow,
        operator=operator,
        action="confirm_pick",
        entity="pick_task",
        entity_key=str(task_id),
        before={"picked_qty": pick.picked_qty},
        after={"picked_qty": pick.picked_qty + quantity, "status": task_status, "order": status},
        outbox_event=events[0],
    )
    return PickOutcome(order.order_no, status, remaining, events)


def short_pick(
    uow: UnitOfWork, task_id: int, *, quantity: int, reason: str, operator: str
) -> PickOutcome:
    """The bin holds fewer than the task asks. The missing units leave the reservation and
    are held (NOT_FOUND: frozen until a count; DAMAGED: damaged) so nobody else is sent."""
    session = uow.session
    task, order = _open_task(uow, task_id)
    bucket = SHORT_REASONS.get(reason.strip().upper())
    if bucket is None:
        raise errors.InvalidInput("choose_short_reason", choices=", ".join(sorted(SHORT_REASONS)))
    check_quantity(quantity, short_pick=True)
    if quantity > _remaining(task):
        raise errors.OverPick(
            "short_above_remaining", qty=_remaining(task), sku=task.sku_id, bin=task.location_code
        )
    events = _start_picking(uow, order, operator)
    row = session.get(Stock, task.stock_id)
    line = session.get(OutboundLine, task.line_id)
    assert row is not None
    assert line is not None
    ledger = Ledger()
    ledger.lock(row, -quantity)
    ledger.change(row, bucket, quantity)
    task.short_qty += quantity
    task.short_reason = reason.strip().upper()
    line.short_qty += quantity
    if _remaining(task) == 0:
        task.status = "done"
    picked = PickedLines(
        order_no=order.order_no,
        lines=[
            PickedLine(
                sku_id=task.sku_id,
                quantity=0,
                location_code=task.location_code,
                batch_no=task.batch_no,
                expiry_date=task.expiry_date,
                short_qty=quantity,
                short_reason=task.short_reason,
            )
        ],
        movements=ledger.all_movements(),
    )
    events.append(record_event(uow, picked, operator))
    message = f"Short pick of {quantity} x {task.sku_id} at {task.location_code} ({reason})."
    exception_event = emit_status(
        uow,
        order,
        OutboundStatus.EXCEPTION,
        operator,
        error_code="SHORT_PICK",
        error_message=message,
    )
    events.append(exception_event)
    session.add(
        ExceptionRecord(
            exception_type="SHORT_PICK",
            order_no=order.order_no,
            sku_id=task.sku_id,
            location_code=task.location_code,
            severity="medium",
            status="open",
            detail=message,
            created_at=utc_now(),
            outbox_event_id=exception_event.id,
        )
    )
    events += _finish_if_done(uow, order, task, operator)
    record_audit(
        uow,
        operator=operator,
        action="short_pick",
        entity="pick_task",
        entity_key=str(task.id),
        after={"short_qty": task.short_qty, "reason": task.short_reason, "status": task.status},
        outbox_event=events[0],
    )
    return PickOutcome(order.order_no, order.status, _remaining(task), events)


def open_pick_tasks(uow: UnitOfWork, order_no: str) -> list[PickTask]:
    """The order's unfinished picks in walk order (for the picker's screen)."""
    return list(
        uow.session.scalars(
            select(PickTask)
            .join(OutboundOrder, OutboundOrder.id == PickTask.order_id)
            .where(OutboundOrder.order_no == order_no, PickTask.status == "open")
            .order_by(PickTask.sequence)
        )
    )
