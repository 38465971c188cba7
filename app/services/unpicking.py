"""Unpicking: a unit booked as picked goes back to the bin, batch and serial it came from.

A picker who scanned a unit twice, or took the wrong one, undoes it before packing: the
stock row the pick task took from gets the unit back and the order's reservation is
restored on it, the task and the order line count one fewer, a PICKED order is PICKING
again, and one ``unpicked`` event tells the OMS (and, through its feed, the other stations).
The booking is the pick's own, backwards (:mod:`app.services.pick_booking`).
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from sqlalchemy import Connection

from app import errors
from app.outbox import RecordedEvent, record_event
from app.services.audit import record_audit
from app.services.lookups import check_quantity, unknown_barcode
from app.services.order_events import refuse_unless_workable
from app.services.pick_booking import (
    Booking,
    OrderRow,
    PickContext,
    book,
    held_movements,
    order_row,
    pick_context,
    scanned_sku,
    set_order_status,
)
from local_db.store import UnitOfWork
from local_db.types import to_sqlite_utc, utc_now
from oms_contract.events import Unpicked, UnpickedLine

UNPICKABLE = ("PICKING", "PICKED")

# The order's picks of a SKU, the latest first.
_PICKED_TASKS = (
    "SELECT id, serials_json FROM pick_task WHERE order_id = ? AND sku_id = ? "
    "AND status != 'cancelled' AND picked_qty > 0 ORDER BY picked_at DESC, id DESC"
)
_RETURN_SERIAL = (
    "UPDATE serial_number SET status = 'in_stock', location_code = ?, outbound_order_id = NULL "
    "WHERE owner_id = ? AND sku_id = ? AND serial_no = ?"
)


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


def _serials(serials_json: str) -> list[str]:
    return [str(serial) for serial in json.loads(serials_json)]


def _task_to_unpick(
    connection: Connection,
    order: OrderRow,
    sku_id: str,
    serial_no: str | None,
    task_id: int | None,
) -> PickContext:
    """The pick the unit came from: the named task, or the order's latest pick of the SKU
    (of that serial, for serial-numbered goods)."""
    tasks = [
        found
        for found, serials_json in connection.exec_driver_sql(_PICKED_TASKS, (order.id, sku_id))
        if task_id in (None, found) and (serial_no is None or serial_no in _serials(serials_json))
    ]
    if not tasks:
        if serial_no:
            raise errors.NothingToUnpick(
                "serial_not_picked_here", serial=serial_no, sku=sku_id, order=order.order_no
            )
        raise errors.NothingToUnpick("sku_not_picked_here", sku=sku_id, order=order.order_no)
    return pick_context(connection, tasks[0])


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
    # Pending ORM changes of the unit of work must be in the database before it is read.
    uow.session.flush()
    connection = uow.session.connection()
    order, handled_remotely = order_row(connection, order_no)
    if handled_remotely:
        raise errors.NotAllowed("order_at_other_station", order=order.order_no)
    if order.status == "ALLOCATED":
        raise errors.NothingToUnpick("nothing_picked_yet", order=order.order_no)
    refuse_unless_workable(order, *UNPICKABLE)
    check_quantity(quantity)
    sku_id = scanned_sku(connection, order, barcode)
    if sku_id is None:
        raise unknown_barcode(barcode)
    serial = serial_no.strip() if serial_no and serial_no.strip() else None
    task = _task_to_unpick(connection, order, sku_id, serial, task_id)
    if batch_no and batch_no.strip() != (task.batch_no or ""):
        raise errors.WrongBatch(
            "unpick_other_batch", scanned=batch_no.strip(), batch=task.batch_no or "-"
        )
    picked_serials = _serials(task.serials_json)
    if picked_serials and serial is None:
        raise errors.SerialsRequired("unpick_scan_serial", sku=sku_id)
    if serial is not None and quantity != 1:
        raise errors.InvalidQuantity("serials_one_at_a_time")
    if quantity > task.picked_qty:
        raise errors.NothingToUnpick(
            "unpick_above_picked", qty=task.picked_qty, sku=sku_id, bin=task.location_code
        )

    booking = Booking(picked=-quantity)
    returned: list[str] = []
    serials_json = task.serials_json
    if serial is not None:
        serials_json = json.dumps([s for s in picked_serials if s != serial])
        connection.exec_driver_sql(
            _RETURN_SERIAL, (task.location_code, order.owner_id, sku_id, serial)
        )
        returned = [serial]
    book(
        connection,
        task,
        booking,
        serials_json=serials_json,
        picked_by=None,
        now=to_sqlite_utc(utc_now()),
    )
    status = order.status
    if status == "PICKED":
        status = "PICKING"
        set_order_status(connection, order.id, status)
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
            movements=held_movements(task, booking),
        ),
        operator,
    )
    record_audit(
        uow,
        operator=operator,
        action="unpick",
        entity="pick_task",
        entity_key=str(task.task_id),
        before={"picked_qty": task.picked_qty, "status": task.task_status, "order": order.status},
        after={"picked_qty": task.picked_qty - quantity, "status": "open", "order": status},
        outbox_event=event,
    )
    return UnpickOutcome(
        order_no=order.order_no,
        order_status=status,
        task_id=task.task_id,
        sku_id=sku_id,
        location_code=task.location_code,
        batch_no=task.batch_no,
        quantity=quantity,
        serials=tuple(returned),
        event=event,
    )
