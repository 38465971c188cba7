"""Cancelling an outbound order (the OMS asks; allowed until shipped)."""

from __future__ import annotations

from sqlalchemy import select

from app import errors
from app import exception_details as details
from app.outbox import RecordedEvent, record_event
from app.services.audit import record_audit
from app.services.lookups import get_location, get_order
from app.services.order_events import emit_status, set_status
from app.services.stock_events import emit_stock_changed
from app.services.stock_ledger import Ledger, StockSlot, get_or_create_stock
from local_db.models import (
    ExceptionRecord,
    OutboundOrder,
    PutBackTask,
    SerialNumber,
    Stock,
)
from local_db.store import UnitOfWork
from local_db.types import utc_now
from oms_contract.events import (
    CancelOutcome,
    CancelResult,
    OutboundStatus,
    StockBucket,
    StockChangeType,
)


def _release_open_picks(order: OutboundOrder, ledger: Ledger, uow: UnitOfWork) -> None:
    for task in order.pick_tasks:
        if task.status != "open":
            continue
        remaining = task.quantity - task.picked_qty - task.short_qty
        row = uow.session.get(Stock, task.stock_id)
        assert row is not None
        if remaining:
            ledger.lock(row, -remaining)
        task.status = "cancelled"


def _put_back_tasks(order: OutboundOrder, uow: UnitOfWork) -> int:
    created = 0
    for task in order.pick_tasks:
        if task.picked_qty == 0:
            continue
        uow.session.add(
            PutBackTask(
                order_id=order.id,
                owner_id=order.owner_id,
                sku_id=task.sku_id,
                batch_no=task.batch_no,
                expiry_date=task.expiry_date,
                quantity=task.picked_qty,
                suggested_location=task.location_code,
                status="open",
            )
        )
        created += 1
    # Picked serials are back in the warehouse but in no bin until put back.
    for serial in uow.session.scalars(
        select(SerialNumber).where(
            SerialNumber.outbound_order_id == order.id, SerialNumber.status == "picked"
        )
    ):
        serial.status = "in_stock"
        serial.location_code = None
    return created


def cancel_outbound(
    uow: UnitOfWork, order_no: str, operator: str, reason: str = ""
) -> CancelOutcome:
    """Cancel the order, releasing its reservation; goods already picked get put-back tasks
    and the order is flagged so the picker's screen says stop.

    A shipped order cannot be cancelled: the OMS is answered REFUSED_ALREADY_SHIPPED (that
    answer is committed like any other). Cancelling twice is refused (OrderCancelled).
    """
    session = uow.session
    order = get_order(session, order_no)
    if order.status == "CANCELLED":
        raise errors.OrderCancelled("order_already_cancelled", order=order_no)
    if order.status == "SHIPPED":
        event = record_event(
            uow,
            CancelResult(
                order_no=order_no,
                result=CancelOutcome.REFUSED_ALREADY_SHIPPED,
                message="The order left the warehouse before the cancel arrived.",
            ),
            operator,
        )
        record_audit(
            uow,
            operator=operator,
            action="cancel_refused",
            entity="outbound_order",
            entity_key=order_no,
            after={"status": order.status},
            outbox_event=event,
        )
        return CancelOutcome.REFUSED_ALREADY_SHIPPED
    before = order.status
    ledger = Ledger()
    _release_open_picks(order, ledger, uow)
    put_backs = _put_back_tasks(order, uow)
    order.cancelled_mid_pick = put_backs > 0
    order.cancel_reason = reason[:500] or None
    set_status(order, "CANCELLED")
    event = record_event(
        uow,
        CancelResult(
            order_no=order_no, result=CancelOutcome.CANCELLED, message=reason[:500] or None
        ),
        operator,
    )
    emit_status(uow, order, OutboundStatus.CANCELLED, operator)
    if ledger.touched():
        emit_stock_changed(
            uow,
            ledger,
            StockChangeType.RELEASE,
            operator,
            with_movements=False,
            warehouse_id=order.warehouse_id,
        )
    if put_backs:
        session.add(
            ExceptionRecord(
                exception_type="ORDER_CANCELLED_MID_PICK",
                order_no=order_no,
                severity="medium",
                status="open",
                detail_code=details.CANCELLED_MID_PICK,
                detail_args_json=details.detail_args(status_before=before, put_backs=put_backs),
                created_at=utc_now(),
                outbox_event_id=event.id,
            )
        )
    record_audit(
        uow,
        operator=operator,
        action="cancel_outbound",
        entity="outbound_order",
        entity_key=order_no,
        before={"status": before},
        after={"status": order.status, "put_back_tasks": put_backs},
        outbox_event=event,
    )
    return CancelOutcome.CANCELLED


def put_back(uow: UnitOfWork, task_id: int, location_code: str, operator: str) -> PutBackTask:
    """Return goods of a cancelled order to a bin (any bin that is not frozen)."""
    session = uow.session
    task = session.get(PutBackTask, task_id)
    if task is None:
        raise errors.UnknownTask("put_back_task_not_known", task=task_id)
    if task.status != "open":
        raise errors.TaskClosed("already_put_back")
    location = get_location(session, location_code)
    if location.frozen:
        raise errors.LocationFrozen("choose_another_bin", bin=location.code)
    row = get_or_create_stock(
        session,
        StockSlot(location.code, task.owner_id, task.sku_id, task.batch_no, task.expiry_date),
    )
    ledger = Ledger()
    ledger.change(row, StockBucket.ON_HAND, task.quantity)
    task.status = "done"
    task.put_location = location.code
    task.done_by = operator
    task.done_at = utc_now()
    for serial in session.scalars(
        select(SerialNumber).where(
            SerialNumber.outbound_order_id == task.order_id,
            SerialNumber.sku_id == task.sku_id,
            SerialNumber.status == "in_stock",
            SerialNumber.location_code.is_(None),
        )
    ):
        serial.location_code = location.code
        serial.outbound_order_id = None
    order = session.get(OutboundOrder, task.order_id)
    assert order is not None
    events: list[RecordedEvent] = emit_stock_changed(
        uow,
        ledger,
        StockChangeType.PUT_BACK,
        operator,
        with_movements=True,
        warehouse_id=order.warehouse_id,
    )
    record_audit(
        uow,
        operator=operator,
        action="put_back",
        entity="put_back_task",
        entity_key=str(task.id),
        after={"location": location.code, "quantity": task.quantity},
        outbox_event=events[0] if events else None,
    )
    return task
