"""Picking with scan validation, and short picks with a reason (booked through
:mod:`app.services.pick_booking`, as unpicks are)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass

from app import errors
from app import exception_details as details
from app.clock import business_date
from app.outbox import RecordedEvent, record_event
from app.services.audit import record_audit
from app.services.counting import count_task_for
from app.services.lookups import check_quantity, unknown_barcode, unknown_sku
from app.services.order_events import emit_status
from app.services.pick_booking import (
    Booking,
    PickContext,
    book,
    finish_if_done,
    held_movements,
    open_pick_context,
    scanned_sku,
    start_picking,
)
from app.services.serials import take_serials
from local_db.models import ExceptionRecord
from local_db.store import UnitOfWork
from local_db.types import to_sqlite_utc, utc_now
from oms_contract.events import OutboundStatus, PickedLine, PickedLines, StockBucket

SHORT_REASONS = {
    "NOT_FOUND": StockBucket.FROZEN,  # the bin holds less than the books say: hold for a count
    "DAMAGED": StockBucket.DAMAGED,  # the units are there but cannot be sold
}


@dataclass(frozen=True)
class PickOutcome:
    order_no: str
    order_status: str
    task_remaining: int
    events: list[RecordedEvent]


def _checked_pick(
    uow: UnitOfWork, task_id: int, *, location_code: str, barcode: str, batch_no: str | None
) -> PickContext:
    """The task and what it is checked against, once the scan passed every check."""
    connection = uow.session.connection()
    pick = open_pick_context(connection, task_id)
    order = pick.order
    if location_code.strip().upper() != pick.location_code.upper():
        raise errors.WrongLocation(
            "pick_elsewhere", scanned=location_code.strip(), bin=pick.location_code
        )
    if not pick.sku_known:
        raise unknown_sku(order.owner_id, pick.sku_id)
    scanned = scanned_sku(connection, order, barcode)
    if scanned is None:
        raise unknown_barcode(barcode)
    if scanned != pick.sku_id:
        raise errors.WrongSku("pick_other_sku", scanned=scanned, sku=pick.sku_id)
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
    # Everything is read and checked before anything changes: a refusal changes nothing.
    pick = _checked_pick(
        uow, task_id, location_code=location_code, barcode=barcode, batch_no=batch_no
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
            uow.session,
            order.owner_id,
            pick.sku_id,
            order.id,
            serials=serials,
            quantity=quantity,
            location_code=pick.location_code,
        )
    status, events = start_picking(uow, order, operator)
    booking = Booking(picked=quantity)
    remaining = book(
        uow.session.connection(),
        pick,
        booking,
        serials_json=json.dumps([*json.loads(pick.serials_json), *captured]),
        picked_by=operator,
        now=to_sqlite_utc(utc_now()),
    )
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
        movements=held_movements(pick, booking),
    )
    events.append(record_event(uow, picked, operator))
    status, finished = finish_if_done(uow, order, status, remaining, operator)
    events += finished
    record_audit(
        uow,
        operator=operator,
        action="confirm_pick",
        entity="pick_task",
        entity_key=str(task_id),
        before={"picked_qty": pick.picked_qty},
        after={
            "picked_qty": pick.picked_qty + quantity,
            "status": "open" if remaining else "done",
            "order": status,
        },
        outbox_event=events[0],
    )
    return PickOutcome(order.order_no, status, remaining, events)


def short_pick(
    uow: UnitOfWork, task_id: int, *, quantity: int, reason: str, operator: str
) -> PickOutcome:
    """The bin holds fewer than the task asks. The missing units leave the reservation and
    are held (NOT_FOUND: frozen until a count; DAMAGED: damaged) so nobody else is sent."""
    pick = open_pick_context(uow.session.connection(), task_id)
    order = pick.order
    short_reason = reason.strip().upper()
    bucket = SHORT_REASONS.get(short_reason)
    if bucket is None:
        raise errors.InvalidInput("choose_short_reason", choices=", ".join(sorted(SHORT_REASONS)))
    check_quantity(quantity, short_pick=True)
    if quantity > pick.remaining:
        raise errors.OverPick(
            "short_above_remaining", qty=pick.remaining, sku=pick.sku_id, bin=pick.location_code
        )
    status, events = start_picking(uow, order, operator)
    booking = Booking(short=quantity, held_in=bucket, short_reason=short_reason)
    remaining = book(
        uow.session.connection(),
        pick,
        booking,
        serials_json=pick.serials_json,
        picked_by=None,
        now=to_sqlite_utc(utc_now()),
    )
    picked = PickedLines(
        order_no=order.order_no,
        lines=[
            PickedLine(
                sku_id=pick.sku_id,
                quantity=0,
                location_code=pick.location_code,
                batch_no=pick.batch_no,
                expiry_date=pick.expiry_date,
                short_qty=quantity,
                short_reason=short_reason,
            )
        ],
        movements=held_movements(pick, booking),
    )
    events.append(record_event(uow, picked, operator))
    message = f"Short pick of {quantity} x {pick.sku_id} at {pick.location_code} ({reason})."
    exception_event = emit_status(
        uow,
        order,
        OutboundStatus.EXCEPTION,
        operator,
        error_code="SHORT_PICK",
        error_message=message,
    )
    events.append(exception_event)
    uow.session.add(
        ExceptionRecord(
            exception_type="SHORT_PICK",
            order_no=order.order_no,
            sku_id=pick.sku_id,
            location_code=pick.location_code,
            severity="medium",
            status="open",
            detail_code=details.SHORT_PICK,
            detail_args_json=details.detail_args(
                qty=quantity, sku=pick.sku_id, bin=pick.location_code, reason=short_reason
            ),
            created_at=utc_now(),
            outbox_event_id=exception_event.id,
        )
    )
    status, finished = finish_if_done(uow, order, status, remaining, operator)
    events += finished
    if bucket is StockBucket.FROZEN:
        # Units not found are frozen until someone counts the bin.
        count_task_for(uow, pick.location_code, operator, why=f"short pick {pick.sku_id}")
    record_audit(
        uow,
        operator=operator,
        action="short_pick",
        entity="pick_task",
        entity_key=str(task_id),
        after={
            "short_qty": pick.short_qty + quantity,
            "reason": short_reason,
            "status": "open" if remaining else "done",
        },
        outbox_event=events[0],
    )
    return PickOutcome(order.order_no, status, remaining, events)
