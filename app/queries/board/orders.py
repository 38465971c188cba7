"""Orders by status, and the orders at risk of missing their deadline (the OMS's cut-off)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.queries.board.timeline import TimedTable, first_id_since
from local_db.models.outbound import OutboundOrder
from local_db.models.records import ExceptionRecord

# Orders not packed yet: these can still miss the carrier's collection.
NOT_PACKED = ("ALLOCATED", "SHORTAGE", "PICKING", "PICKED")
OPEN_STATUSES = (*NOT_PACKED, "PACKED")
AT_RISK_LISTED = 50
"""How many at-risk orders the board lists (the count is always complete)."""


@dataclass(frozen=True)
class OrderCounts:
    received_today: int
    allocated: int
    picking: int
    picked: int
    packed: int
    shipped_today: int
    """Shipped from this station since the day began."""
    shortage: int
    """Held: received but not allocated (库存不足), waiting for stock or a supervisor."""
    with_open_exception: int
    """Open orders with an open exception record (short pick, cancelled mid-pick...)."""


@dataclass(frozen=True)
class AtRiskOrder:
    order_no: str
    carrier_code: str
    deadline: dt.datetime
    status: str
    priority: int


@dataclass(frozen=True)
class AtRisk:
    count: int
    orders: tuple[AtRiskOrder, ...]
    """The first :data:`AT_RISK_LISTED`, earliest deadline first."""


def order_counts(session: Session, day_start: dt.datetime) -> OrderCounts:
    # The covering status index: a count per open status without reading an order row.
    by_status: dict[str, int] = dict(
        session.execute(
            select(OutboundOrder.status, func.count())
            .where(OutboundOrder.status.in_(OPEN_STATUSES))
            .group_by(OutboundOrder.status)
        ).all()
    )
    return OrderCounts(
        received_today=_count_since(session, "outbound_order.created_at", day_start),
        allocated=by_status.get("ALLOCATED", 0),
        picking=by_status.get("PICKING", 0),
        picked=by_status.get("PICKED", 0),
        packed=by_status.get("PACKED", 0),
        shipped_today=_count_since(session, "shipment.shipped_at", day_start),
        shortage=by_status.get("SHORTAGE", 0),
        with_open_exception=_open_orders_with_exception(session),
    )


def _count_since(session: Session, table_time: TimedTable, since: dt.datetime) -> int:
    """Rows written since ``since``, counted on the primary key from the first of them
    (see ``timeline``): no row is read."""
    first = first_id_since(session, table_time, since)
    if first is None:
        return 0
    table = table_time.split(".")[0]
    count = session.connection().exec_driver_sql(
        f"SELECT count(*) FROM {table} WHERE id >= ?", (first,)
    )
    return int(count.scalar() or 0)


def _open_orders_with_exception(session: Session) -> int:
    """From the open exceptions (few, the status index) to their orders (by number)."""
    query = (
        select(func.count(func.distinct(OutboundOrder.id)))
        .select_from(ExceptionRecord)
        .join(OutboundOrder, OutboundOrder.order_no == ExceptionRecord.order_no)
        .where(ExceptionRecord.status == "open", OutboundOrder.status.in_(OPEN_STATUSES))
    )
    return int(session.scalar(query) or 0)


def orders_at_risk(session: Session, now: dt.datetime, within: dt.timedelta) -> AtRisk:
    """Orders not packed whose deadline falls before ``now + within`` (overdue ones too)."""
    at_risk = (
        OutboundOrder.status.in_(NOT_PACKED),
        OutboundOrder.deadline.is_not(None),
        OutboundOrder.deadline <= now + within,
    )
    # Through the status index, reading each open order's deadline: tens of milliseconds
    # for 50,000 open orders (BENCHMARKS.md); an index on (status, deadline) would make it a
    # range seek, and the list below is a sort of the at-risk ones only.
    count = int(session.scalar(select(func.count()).where(*at_risk)) or 0)
    rows = session.execute(
        select(
            OutboundOrder.order_no,
            OutboundOrder.carrier_code,
            OutboundOrder.deadline,
            OutboundOrder.status,
            OutboundOrder.priority,
        )
        .where(*at_risk)
        .order_by(OutboundOrder.deadline, OutboundOrder.priority.desc(), OutboundOrder.id)
        .limit(AT_RISK_LISTED)
    )
    orders = tuple(
        AtRiskOrder(order_no, carrier, deadline, status, priority)
        for order_no, carrier, deadline, status, priority in rows
        if deadline is not None
    )
    return AtRisk(count, orders)
