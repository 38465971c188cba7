"""The task list: open outbound orders by priority then deadline, a page at a time."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import Select, func, or_, select
from sqlalchemy.orm import Session

from app.services.claims import taken_by_others
from local_db.models.outbound import TASK_QUEUE_SHIPPED_FROM, OutboundLine, OutboundOrder

# Cancelled orders stay on the list for a day so the floor sees what was withdrawn.
CANCELLED_VISIBLE_FOR = dt.timedelta(days=1)


@dataclass(frozen=True)
class TaskFilter:
    owner_id: str | None = None
    carrier_code: str | None = None


@dataclass(frozen=True)
class TaskRow:
    order_no: str
    owner_id: str
    carrier_code: str
    priority: int
    deadline: dt.datetime | None
    status: str
    line_count: int
    unit_count: int
    cancelled_mid_pick: bool
    handled_remotely: bool = False
    """Another station works the order (it won it, or took it first)."""
    hold_reason: str | None = None
    """A supervisor holds the order (app.supervision.task_control): nobody works it."""
    assigned_to: str | None = None
    """A supervisor assigned it: that operator's next task."""
    taken_by: str | None = None
    """Another station holds the order's claim (#14): its name (or device id)."""

    @property
    def held(self) -> bool:
        return self.status == "SHORTAGE"


def _open_orders(task_filter: TaskFilter, now: dt.datetime) -> Select[OutboundOrder]:
    query = select(OutboundOrder).where(
        OutboundOrder.task_queue_key < TASK_QUEUE_SHIPPED_FROM,
        or_(
            OutboundOrder.status != "CANCELLED",
            OutboundOrder.updated_at >= now - CANCELLED_VISIBLE_FOR,
        ),
    )
    if task_filter.owner_id:
        query = query.where(OutboundOrder.owner_id == task_filter.owner_id)
    if task_filter.carrier_code:
        query = query.where(OutboundOrder.carrier_code == task_filter.carrier_code)
    return query


def task_page_query(
    task_filter: TaskFilter, now: dt.datetime, offset: int, limit: int
) -> Select[OutboundOrder]:
    """One page of the task list. Workable first, then held (shortage), cancelled last;
    priority, deadline, id: the indexed key (local_db.models.outbound.TASK_QUEUE_KEY_SQL)."""
    return (
        _open_orders(task_filter, now)
        .order_by(OutboundOrder.task_queue_key, OutboundOrder.id)
        .offset(offset)
        .limit(limit)
    )


def fetch_tasks(
    session: Session,
    task_filter: TaskFilter,
    now: dt.datetime,
    offset: int,
    limit: int,
    *,
    operator: str | None = None,
) -> list[TaskRow]:
    """A page of the list; with ``operator``, the orders assigned to them come first."""
    mine: list[OutboundOrder] = []
    if operator is not None:
        # Few (the partial index on assigned_to), so read whole on every page.
        mine = list(
            session.scalars(
                _open_orders(task_filter, now)
                .where(OutboundOrder.assigned_to == operator)
                .order_by(OutboundOrder.task_queue_key, OutboundOrder.id)
            )
        )
    orders = mine[offset : offset + limit]
    if len(orders) < limit:
        query = task_page_query(task_filter, now, max(offset - len(mine), 0), limit - len(orders))
        if mine:
            query = query.where(
                or_(OutboundOrder.assigned_to.is_(None), OutboundOrder.assigned_to != operator)
            )
        orders += session.scalars(query)
    totals = _line_totals(session, [order.id for order in orders])
    taken = taken_by_others(session, [order.order_no for order in orders])
    return [
        TaskRow(
            order_no=order.order_no,
            owner_id=order.owner_id,
            carrier_code=order.carrier_code,
            priority=order.priority,
            deadline=order.deadline,
            status=order.status,
            line_count=totals.get(order.id, (0, 0))[0],
            unit_count=totals.get(order.id, (0, 0))[1],
            cancelled_mid_pick=order.cancelled_mid_pick,
            handled_remotely=order.handled_remotely,
            hold_reason=order.hold_reason,
            assigned_to=order.assigned_to,
            taken_by=taken.get(order.order_no),
        )
        for order in orders
    ]


def _line_totals(session: Session, order_ids: list[int]) -> dict[int, tuple[int, int]]:
    if not order_ids:
        return {}
    rows = session.execute(
        select(OutboundLine.order_id, func.count(OutboundLine.id), func.sum(OutboundLine.quantity))
        .where(OutboundLine.order_id.in_(order_ids))
        .group_by(OutboundLine.order_id)
    )
    return {order_id: (lines, units or 0) for order_id, lines, units in rows}
