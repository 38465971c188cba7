"""Unpicking: a unit booked as picked goes back to the bin, batch and serial it came from.

A picker who scanned a unit twice, or took the wrong one, undoes it before packing: the
stock row the pick task took from gets the unit back and the order's reservation is
restored on it, the task and the order line count one fewer, a PICKED order is PICKING
again, and one ``unpicked`` event tells the OMS (and, through its feed, the other stations).
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from sqlalchemy import select

from app import errors
from app.outbox import RecordedEvent, record_event
from app.services.audit import AuditValue, record_audit
from app.services.lookups import check_quantity, get_order, sku_id_for_scan
from app.services.order_events import refuse_unless_workable, set_status
from local_db.models import OutboundLine, OutboundOrder, PickTask, SerialNumber, Stock
from local_db.store import UnitOfWork
from oms_contract.events import StockBucket, StockMovement, Unpicked, UnpickedLine

UNPICKABLE = ("PICKING", "PICKED")


@dataclass(frozen=True)
class UnpickOutcome:
    order_no: str
    order_status: str
    task_id: int
    sku_id: str
    location_code: str
    batch_no: str | None
    quantity: int
    serials: tuple[str, ...]
    event: RecordedEvent


def _serials(task: PickTask) -> list[str]:
    return [str(serial) for serial in json.loads(task.serials_json)]


def _task_to_unpick(
    uow: UnitOfWork, order: OutboundOrder, sku_id: str, serial_no: str | None, task_id: int | None
) -> PickTask:
    """The pick the unit came from: the named task, or the order's latest pick of the SKU
    (of that serial, for serial-numbered goods)."""
    tasks = [
        task
        for task in uow.session.scalars(
            select(PickTask)
            .where(PickTask.order_id == order.id, PickTask.status != "cancelled")
            .order_by(PickTask.picked_at.desc(), PickTask.id.desc())
        )
        if task.sku_id == sku_id and task.picked_qty > 0 and task_id in (None, task.id)
    ]
    if serial_no is not None:
        tasks = [task for task in tasks if serial_no in _serials(task)]
    if not tasks:
        if serial_no:
            raise errors.NothingToUnpick(
                "serial_not_picked_here", serial=serial_no, sku=sku_id, order=order.order_no
            )
        raise errors.NothingToUnpick("sku_not_picked_here", sku=sku_id, order=order.order_no)
    return tasks[0]


def unpick(
    uow: UnitOfWork,
    order_no: str,
    *,
    barcode: str,
    quantity: int,
    operator: str,
    batch_no: str | None = None,
    serial_no: str | None = None,
    task_id: int | None = None,
) -> UnpickOutcome:
    """Put ``quantity`` picked units of the scanned item back where they were picked from."""
    session = uow.session
    order = get_order(session, order_no)
    if order.handled_remotely:
        raise errors.NotAllowed("order_at_other_station", order=order.order_no)
    if order.status == "ALLOCATED":
        raise errors.NothingToUnpick("nothing_picked_yet", order=order.order_no)
    refuse_unless_workable(order, *UNPICKABLE)
    check_quantity(quantity)
    sku_id = sku_id_for_scan(session, order, barcode)
    serial = serial_no.strip() if serial_no and serial_no.strip() else None
    task = _task_to_unpick(uow, order, sku_id, serial, task_id)
    if batch_no and batch_no.strip() != (task.batch_no or ""):
        raise errors.WrongBatch(
            "unpick_other_batch", scanned=batch_no.strip(), batch=task.batch_no or "-"
        )
    picked_serials = _serials(task)
    if picked_serials and serial is None:
        raise errors.SerialsRequired("unpick_scan_serial", sku=sku_id)
    if serial is not None and quantity != 1:
        raise errors.InvalidQuantity("serials_one_at_a_time")
    if quantity > task.picked_qty:
        raise errors.NothingToUnpick(
            "unpick_above_picked", qty=task.picked_qty, sku=sku_id, bin=task.location_code
        )

    row = session.get(Stock, task.stock_id)
    line = session.get(OutboundLine, task.line_id)
    assert row is not None and line is not None
    row.on_hand += quantity
    row.locked += quantity  # the order's reservation on the row, as before the pick
    before: dict[str, AuditValue] = {
        "picked_qty": task.picked_qty,
        "status": task.status,
        "order": order.status,
    }
    task.picked_qty -= quantity
    task.status = "open"
    line.picked_qty -= quantity
    returned: list[str] = []
    if serial is not None:
        task.serials_json = json.dumps([s for s in picked_serials if s != serial])
        record = session.get(SerialNumber, (order.owner_id, sku_id, serial))
        if record is not None:
            record.status = "in_stock"
            record.location_code = task.location_code
            record.outbound_order_id = None
        returned = [serial]
    if order.status == "PICKED":
        set_status(order, "PICKING")
    event = record_event(
        uow,
        Unpicked(
            order_no=order.order_no,
            lines=[
                UnpickedLine(
                    sku_id=sku_id,
                    quantity=quantity,
                    location_code=task.location_code,
                    batch_no=task.batch_no,
                    expiry_date=task.expiry_date,
                    serials=returned,
                )
            ],
            movements=[
                StockMovement(
                    location_code=row.location_code,
                    owner_id=row.owner_id,
                    sku_id=row.sku_id,
                    batch_no=row.batch_no,
                    expiry_date=row.expiry_date,
                    bucket=StockBucket.ON_HAND,
                    delta=quantity,
                )
            ],
        ),
        operator,
    )
    record_audit(
        uow,
        operator=operator,
        action="unpick",
        entity="pick_task",
        entity_key=str(task.id),
        before=before,
        after={"picked_qty": task.picked_qty, "status": task.status, "order": order.status},
        outbox_event=event,
    )
    return UnpickOutcome(
        order_no=order.order_no,
        order_status=order.status,
        task_id=task.id,
        sku_id=sku_id,
        location_code=task.location_code,
        batch_no=task.batch_no,
        quantity=quantity,
        serials=tuple(returned),
        event=event,
    )
