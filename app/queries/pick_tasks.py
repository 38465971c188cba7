"""What the picker's screen needs about an order's pick tasks, read in one short session."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace

from sqlalchemy import func, select

from app.services.lookups import first_known_code
from local_db.models.master_data import Sku
from local_db.models.outbound import (
    TASK_QUEUE_SHIPPED_FROM,
    OutboundLine,
    OutboundOrder,
    PickTask,
    PutBackTask,
)
from local_db.store import Store

# Statuses a picker can work on (the pick service's own list).
PICKABLE_STATUSES = ("ALLOCATED", "PICKING")


@dataclass(frozen=True)
class PickStep:
    task_id: int
    location_code: str
    sku_id: str
    sku_name: str
    line_barcode: str | None
    batch_no: str | None
    expiry_date: dt.date | None
    quantity: int
    picked_qty: int
    short_qty: int
    open: bool
    batch_managed: bool
    serial_managed: bool

    @property
    def remaining(self) -> int:
        return self.quantity - self.picked_qty - self.short_qty


@dataclass(frozen=True)
class PutBackStep:
    task_id: int
    sku_id: str
    quantity: int
    suggested_location: str


@dataclass(frozen=True)
class OrderStamp:
    """What anyone else (the OMS feed, another station) changes when they change an order
    under a picker: its status, or that it is now handled elsewhere."""

    status: str
    cancelled_mid_pick: bool
    handled_remotely: bool
    hold_reason: str | None = None
    """A supervisor holds the order (app.supervision.task_control)."""
    assigned_to: str | None = None


@dataclass(frozen=True)
class OrderPicture:
    order_no: str
    owner_id: str
    status: str
    cancelled_mid_pick: bool
    handled_remotely: bool
    steps: tuple[PickStep, ...]
    put_backs: tuple[PutBackStep, ...]
    put_backs_done: int = 0
    hold_reason: str | None = None
    assigned_to: str | None = None

    @property
    def stamp(self) -> OrderStamp:
        return OrderStamp(
            self.status,
            self.cancelled_mid_pick,
            self.handled_remotely,
            self.hold_reason,
            self.assigned_to,
        )

    def after_step(
        self, task_id: int, *, picked: int = 0, short: int = 0, task_open: bool, status: str
    ) -> OrderPicture:
        """The picture after this station booked on one of its steps (the service's answer),
        without reading the order again."""
        steps = tuple(
            replace(
                step,
                picked_qty=step.picked_qty + picked,
                short_qty=step.short_qty + short,
                open=task_open,
            )
            if step.task_id == task_id
            else step
            for step in self.steps
        )
        return replace(self, steps=steps, status=status)


def read_order(store: Store, order_no: str) -> OrderPicture | None:
    with store.read_session() as session:
        order = session.scalars(
            select(OutboundOrder).where(OutboundOrder.order_no == order_no)
        ).first()
        if order is None:
            return None
        rows = session.execute(
            select(PickTask, OutboundLine, Sku)
            .join(OutboundLine, OutboundLine.id == PickTask.line_id)
            .join(Sku, (Sku.owner_id == order.owner_id) & (Sku.sku_id == PickTask.sku_id))
            .where(PickTask.order_id == order.id, PickTask.status != "cancelled")
            .order_by(PickTask.sequence, PickTask.id)
        ).all()
        steps = tuple(
            PickStep(
                task_id=task.id,
                location_code=task.location_code,
                sku_id=task.sku_id,
                sku_name=line.sku_name,
                line_barcode=line.barcode,
                batch_no=task.batch_no,
                expiry_date=task.expiry_date,
                quantity=task.quantity,
                picked_qty=task.picked_qty,
                short_qty=task.short_qty,
                open=task.status == "open",
                batch_managed=sku.batch_managed,
                serial_managed=sku.serial_managed,
            )
            for task, line, sku in rows
        )
        put_backs = tuple(
            PutBackStep(t.id, t.sku_id, t.quantity, t.suggested_location)
            for t in session.scalars(
                select(PutBackTask)
                .where(PutBackTask.order_id == order.id, PutBackTask.status == "open")
                .order_by(PutBackTask.id)
            )
        )
        put_backs_done = session.scalar(
            select(func.count())
            .select_from(PutBackTask)
            .where(PutBackTask.order_id == order.id, PutBackTask.status == "done")
        )
        return OrderPicture(
            put_backs_done=int(put_backs_done or 0),
            order_no=order.order_no,
            owner_id=order.owner_id,
            status=order.status,
            cancelled_mid_pick=order.cancelled_mid_pick,
            handled_remotely=order.handled_remotely,
            steps=steps,
            put_backs=put_backs,
            hold_reason=order.hold_reason,
            assigned_to=order.assigned_to,
        )


_ORDER_STAMP = (
    "SELECT status, cancelled_mid_pick, handled_remotely, hold_reason, assigned_to "
    "FROM outbound_order WHERE order_no = ?"
)


def order_stamp(store: Store, order_no: str) -> OrderStamp | None:
    """One indexed row: enough to tell whether the picture in memory is still the order's.
    Read at every scan, so plain SQL (no ORM session)."""
    with store.read_connection() as connection:
        row = connection.exec_driver_sql(_ORDER_STAMP, (order_no,)).first()
    return None if row is None else OrderStamp(row[0], bool(row[1]), bool(row[2]), row[3], row[4])


def resolve_item(store: Store, owner_id: str, codes: tuple[str, ...]) -> tuple[str, str] | None:
    """(the code as scanned, its SKU id) for the first of ``codes`` the owner knows, or None."""
    with store.read_connection() as connection:
        found = first_known_code(connection, owner_id, codes)
    return None if found is None else (codes[found[0]], found[1])


# The task list's index, named: on a store without statistics (the station never runs
# ANALYZE) SQLite chose the status index and sorted every open order, 1.7 s on the full-scale
# bench store against 0.03 ms walking the task queue to the first workable order.
_NEXT_WORKABLE = (
    "SELECT order_no FROM outbound_order INDEXED BY ix_outbound_order_task_queue "
    "WHERE task_queue_key < ? AND status IN ('ALLOCATED', 'PICKING') AND handled_remotely = 0 "
    "AND hold_reason IS NULL AND assigned_to IS NULL AND order_no != ? "
    "AND NOT EXISTS (SELECT 1 FROM order_claim AS c "
    "WHERE c.order_no = outbound_order.order_no AND c.mine = 0) "
    "ORDER BY task_queue_key, id LIMIT 1"
)
# An operator's own orders: few, found through the partial index on assigned_to.
_NEXT_OWN = (
    "SELECT order_no FROM outbound_order INDEXED BY ix_outbound_order_assigned_to "
    "WHERE assigned_to = ? AND task_queue_key < ? AND status IN ('ALLOCATED', 'PICKING') "
    "AND handled_remotely = 0 AND hold_reason IS NULL AND order_no != ? "
    "AND NOT EXISTS (SELECT 1 FROM order_claim AS c "
    "WHERE c.order_no = outbound_order.order_no AND c.mine = 0) "
    "ORDER BY task_queue_key, id LIMIT 1"
)


# The orders this station holds the claim of (#14): few; what an offline station may work.
_NEXT_CLAIMED = (
    "SELECT o.order_no FROM order_claim AS c JOIN outbound_order AS o ON o.order_no = c.order_no "
    "WHERE c.mine = 1 AND c.pending_release IS NULL AND o.task_queue_key < ? "
    "AND o.status IN ('ALLOCATED', 'PICKING') AND o.handled_remotely = 0 "
    "AND o.hold_reason IS NULL ORDER BY o.task_queue_key, o.id LIMIT 1"
)


def next_workable_order(
    store: Store, exclude: str | None = None, operator: str | None = None
) -> str | None:
    """The order to pick next: an order a supervisor assigned to ``operator`` first, then the
    task list's order (priority, then deadline). Orders on hold are never given, nor orders
    assigned to someone else (those are taken only by scanning them), nor orders another
    station holds the claim of (#14).

    One query over every open order, walking the task list's index: filtering a first page of
    the list in Python missed an ALLOCATED order behind a page of PICKED ones."""
    assert set(PICKABLE_STATUSES) == {"ALLOCATED", "PICKING"}  # spelled out in the SQL
    skip = "" if exclude is None else exclude
    with store.read_connection() as connection:
        if operator is not None:
            own = connection.exec_driver_sql(
                _NEXT_OWN, (operator, TASK_QUEUE_SHIPPED_FROM, skip)
            ).first()
            if own is not None:
                return str(own[0])
        row = connection.exec_driver_sql(_NEXT_WORKABLE, (TASK_QUEUE_SHIPPED_FROM, skip)).first()
    return None if row is None else str(row[0])


def next_claimed_order(store: Store) -> str | None:
    """The first workable order this station holds the claim of (offline, "next task" gives
    only these: the others may be worked elsewhere)."""
    with store.read_connection() as connection:
        row = connection.exec_driver_sql(_NEXT_CLAIMED, (TASK_QUEUE_SHIPPED_FROM,)).first()
    return None if row is None else str(row[0])


_PICKED_SERIAL = (
    "SELECT s.sku_id FROM serial_number AS s JOIN outbound_order AS o "
    "ON o.id = s.outbound_order_id WHERE o.order_no = ? AND s.serial_no = ? "
    "AND s.status = 'picked' LIMIT 1"
)


def picked_serial_sku(store: Store, order_no: str, code: str) -> str | None:
    """The SKU of a serial picked for the order, when ``code`` is one."""
    with store.read_connection() as connection:
        row = connection.exec_driver_sql(_PICKED_SERIAL, (order_no, code.strip())).first()
    return None if row is None else str(row[0])
