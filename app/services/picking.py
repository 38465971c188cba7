"""Picking with scan validation, and short picks with a reason."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import select

from app import errors
from app.outbox import record_event
from app.services.audit import record_audit
from app.services.lookups import check_quantity, get_sku, sku_id_for_scan, today
from app.services.order_events import emit_status, refuse_unless_workable, set_status
from app.services.serials import take_serials
from app.services.stock_ledger import Ledger
from local_db.models import (
    ExceptionRecord,
    OutboundLine,
    OutboundOrder,
    OutboxEvent,
    PickTask,
    Sku,
    Stock,
)
from local_db.store import UnitOfWork
from local_db.types import utc_now
from oms_contract.events import OutboundStatus, PickedLine, PickedLines, StockBucket

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
    events: list[OutboxEvent]


def _open_task(uow: UnitOfWork, task_id: int) -> tuple[PickTask, OutboundOrder]:
    task = uow.session.get(PickTask, task_id)
    if task is None:
        raise errors.UnknownTask(f"Pick task {task_id} does not exist.")
    order = task.order
    if order.handled_remotely:
        raise errors.NotAllowed(f"Order {order.order_no} is being handled at another station.")
    refuse_unless_workable(order, *WORKABLE)
    if task.status != "open":
        raise errors.TaskClosed(f"This pick at {task.location_code} is already finished.")
    return task, order


def _remaining(task: PickTask) -> int:
    return task.quantity - task.picked_qty - task.short_qty


def _start_picking(uow: UnitOfWork, order: OutboundOrder, operator: str) -> list[OutboxEvent]:
    if order.status != "ALLOCATED":
        return []
    set_status(order, "PICKING")
    return [emit_status(uow, order, OutboundStatus.PICKING, operator)]


def _finish_if_done(
    uow: UnitOfWork, order: OutboundOrder, task: PickTask, operator: str
) -> list[OutboxEvent]:
    if task.status == "open":
        # This pick is not finished, so neither is the order: no need to load its other tasks.
        return []
    uow.session.flush()
    if any(other.status == "open" for other in order.pick_tasks):
        return []
    set_status(order, "PICKED")
    return [emit_status(uow, order, OutboundStatus.PICKED, operator)]


def _checked_pick(
    uow: UnitOfWork, task_id: int, *, location_code: str, barcode: str, batch_no: str | None
) -> tuple[PickTask, OutboundOrder, OutboundLine, Sku, Stock]:
    """The task, its order, line, SKU and stock row, once the scan is checked against them."""
    session = uow.session
    task, order = _open_task(uow, task_id)
    if location_code.strip().upper() != task.location_code.upper():
        raise errors.WrongLocation(
            f"Wrong bin: you scanned {location_code.strip()}, this pick is at {task.location_code}."
        )
    # Held before the scan is resolved: the session keeps loaded rows only while someone
    # refers to them, so the barcode lookup's SKU would otherwise be read twice.
    sku = get_sku(session, order.owner_id, task.sku_id)
    scanned_sku = sku_id_for_scan(session, order, barcode)
    if scanned_sku != task.sku_id:
        raise errors.WrongSku(f"Wrong item: you scanned {scanned_sku}, pick {task.sku_id} here.")
    line = session.get(OutboundLine, task.line_id)
    assert line is not None
    if sku.batch_managed:
        if not batch_no:
            raise errors.BatchRequired(f"Scan the batch number of {sku.sku_id}.")
        if batch_no.strip() != (task.batch_no or ""):
            raise errors.WrongBatch(
                f"Wrong batch: you scanned {batch_no.strip()}, pick batch {task.batch_no}."
            )
    if task.expiry_date is not None and task.expiry_date < today():
        raise errors.ExpiredBatch(
            f"This stock expired on {task.expiry_date.isoformat()}: do not pick it, "
            "call your supervisor."
        )
    row = session.get(Stock, task.stock_id)
    assert row is not None
    return task, order, line, sku, row


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
    # Everything is read and checked before anything changes: nothing to flush until the
    # writes, and a refusal leaves the session clean.
    with session.no_autoflush:
        task, order, line, sku, row = _checked_pick(
            uow, task_id, location_code=location_code, barcode=barcode, batch_no=batch_no
        )
    check_quantity(quantity)
    if quantity > _remaining(task):
        raise errors.OverPick(
            f"Over-pick: only {_remaining(task)} more of {task.sku_id} are needed from "
            f"{task.location_code}."
        )
    captured = take_serials(
        session, sku, order, serials=serials, quantity=quantity, location_code=task.location_code
    )

    events = _start_picking(uow, order, operator)
    ledger = Ledger()
    ledger.lock(row, -quantity)
    ledger.change(row, StockBucket.ON_HAND, -quantity)
    task.picked_qty += quantity
    line.picked_qty += quantity
    task.serials_json = json.dumps([*json.loads(task.serials_json), *captured])
    task.picked_by = operator
    task.picked_at = utc_now()
    if _remaining(task) == 0:
        task.status = "done"
    picked = PickedLines(
        order_no=order.order_no,
        lines=[
            PickedLine(
                sku_id=task.sku_id,
                quantity=quantity,
                location_code=task.location_code,
                batch_no=task.batch_no,
                expiry_date=task.expiry_date,
                serials=captured,
            )
        ],
        movements=ledger.all_movements(),
    )
    events.append(record_event(uow, picked, operator))
    events += _finish_if_done(uow, order, task, operator)
    record_audit(
        uow,
        operator=operator,
        action="confirm_pick",
        entity="pick_task",
        entity_key=str(task.id),
        before={"picked_qty": task.picked_qty - quantity},
        after={"picked_qty": task.picked_qty, "status": task.status, "order": order.status},
        outbox_event=events[0],
    )
    return PickOutcome(order.order_no, order.status, _remaining(task), events)


def short_pick(
    uow: UnitOfWork, task_id: int, *, quantity: int, reason: str, operator: str
) -> PickOutcome:
    """The bin holds fewer than the task asks. The missing units leave the reservation and
    are held (NOT_FOUND: frozen until a count; DAMAGED: damaged) so nobody else is sent."""
    session = uow.session
    task, order = _open_task(uow, task_id)
    bucket = SHORT_REASONS.get(reason.strip().upper())
    if bucket is None:
        raise errors.InvalidInput(
            "Choose a short-pick reason: " + ", ".join(sorted(SHORT_REASONS)) + "."
        )
    check_quantity(quantity, "short quantity")
    if quantity > _remaining(task):
        raise errors.OverPick(
            f"Only {_remaining(task)} of {task.sku_id} are still to pick at {task.location_code}."
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
