"""Seed 000 §5.2 超时未处理 at the OMS: work a warehouse has not handled in time, now.

- Unanswered commands: an outbound command with no ``outbound_received`` answer five
  minutes after it went on the warehouse's feed (the seed's ``wmsOrder == null``; five
  minutes is the seed's check interval, ``fixedRate = 300000``).
- Orders not started: the seed's rule itself — ``findByStatusAndCreatedBefore(PENDING_SHIP,
  now.minusHours(4))`` whose WMS status is still ``CREATED``: here an order created more
  than four hours ago that is still CREATED (no answer) or RECEIVED (no pick yet).
- Orders past their deadline: not shipped nor cancelled, the command's ``deadline`` (seed
  §2.1 时效要求) passed.

Each is counted per station: a command for the stations that pulled it (their feed cursor is
past it), an order for the station that received it; work no station has is the warehouse's.

Read through the (status, created_at) and (status, deadline) indexes; every overdue order is
one row here, so the cost follows how much work is late: a few milliseconds when none is, and
about a second (on the worker thread of the check) for the benchmark's OMS database where
100,000 commands have never been answered.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Final

from sqlalchemy import ColumnElement, select
from sqlalchemy.orm import InstrumentedAttribute, Session

from oms_contract.events import OutboundStatus
from oms_server.models import OrderStatusHistory, OutboundOrder, Station, StationState
from oms_server.schemas import OverdueSubject, OverdueWork
from oms_server.services.orders import CREATED, RECEIVE_FAILED, RECEIVED

UNANSWERED_AFTER: Final = dt.timedelta(minutes=5)
NOT_STARTED_AFTER: Final = dt.timedelta(hours=4)
"""Seed 000 §5.2: ``LocalDateTime.now().minusHours(4)``."""
LISTED_MAX: Final = 20
NOT_STARTED: Final = (CREATED, RECEIVED)
NOT_SHIPPED: Final = (
    CREATED,
    RECEIVED,
    RECEIVE_FAILED,
    OutboundStatus.PICKING.value,
    OutboundStatus.PICKED.value,
    OutboundStatus.PACKED.value,
    OutboundStatus.EXCEPTION.value,
)
_CHUNK: Final = 500


@dataclass(frozen=True)
class _Late:
    order_no: str
    warehouse_id: str
    age_s: float
    subjects: tuple[str, ...]


@dataclass(frozen=True)
class OverdueFigures:
    unanswered_commands: OverdueWork
    orders_not_started: OverdueWork
    orders_past_deadline: OverdueWork


class _Stations:
    """The active stations of each warehouse and their feed cursors."""

    def __init__(self, session: Session, warehouse_id: str | None) -> None:
        query = select(Station.warehouse_id, Station.device_id, Station.feed_cursor).where(
            Station.pseudo.is_(False), Station.state == StationState.ACTIVE
        )
        if warehouse_id:
            query = query.where(Station.warehouse_id == warehouse_id)
        self.cursors: dict[str, dict[str, int]] = defaultdict(dict)
        for warehouse, device_id, cursor in session.execute(query.order_by(Station.device_id)):
            self.cursors[warehouse][device_id] = cursor

    def pulled(self, warehouse_id: str, feed_seq: int | None) -> tuple[str, ...]:
        """The stations whose cursor is past the command (it was delivered to them)."""
        if feed_seq is None:
            return ()
        stations = self.cursors.get(warehouse_id, {})
        return tuple(device for device, cursor in stations.items() if cursor >= feed_seq)

    def is_active(self, warehouse_id: str, device_id: str) -> bool:
        return device_id in self.cursors.get(warehouse_id, {})


def overdue_figures(session: Session, now: dt.datetime, warehouse_id: str | None) -> OverdueFigures:
    stations = _Stations(session, warehouse_id)
    return OverdueFigures(
        unanswered_commands=_work(
            _unanswered(session, now, warehouse_id, stations), UNANSWERED_AFTER
        ),
        orders_not_started=_work(
            _not_started(session, now, warehouse_id, stations), NOT_STARTED_AFTER
        ),
        orders_past_deadline=_work(
            _past_deadline(session, now, warehouse_id, stations), dt.timedelta()
        ),
    )


def _unanswered(
    session: Session, now: dt.datetime, warehouse_id: str | None, stations: _Stations
) -> list[_Late]:
    # created_at is at or before the current command's sent_at: a prefilter on the index.
    query = select(
        OutboundOrder.order_no,
        OutboundOrder.warehouse_id,
        OutboundOrder.created_at,
        OutboundOrder.sent_at,
        OutboundOrder.command_feed_seq,
    ).where(
        OutboundOrder.status == CREATED,
        OutboundOrder.created_at <= now - UNANSWERED_AFTER,
        OutboundOrder.receive_result.is_(None),
    )
    if warehouse_id:
        query = query.where(OutboundOrder.warehouse_id == warehouse_id)
    found = []
    for order_no, warehouse, created_at, sent_at, feed_seq in session.execute(query):
        age = now - (sent_at or created_at)
        if age >= UNANSWERED_AFTER:
            subjects = stations.pulled(warehouse, feed_seq) or (warehouse,)
            found.append(_Late(order_no, warehouse, age.total_seconds(), subjects))
    return found


def _not_started(
    session: Session, now: dt.datetime, warehouse_id: str | None, stations: _Stations
) -> list[_Late]:
    return _late_orders(
        session,
        now,
        warehouse_id,
        stations,
        OutboundOrder.created_at,
        OutboundOrder.status.in_(NOT_STARTED),
        OutboundOrder.created_at <= now - NOT_STARTED_AFTER,
    )


def _past_deadline(
    session: Session, now: dt.datetime, warehouse_id: str | None, stations: _Stations
) -> list[_Late]:
    return _late_orders(
        session,
        now,
        warehouse_id,
        stations,
        OutboundOrder.deadline,
        OutboundOrder.status.in_(NOT_SHIPPED),
        OutboundOrder.deadline.is_not(None),
        OutboundOrder.deadline < now,
    )


def _late_orders(
    session: Session,
    now: dt.datetime,
    warehouse_id: str | None,
    stations: _Stations,
    late_since: InstrumentedAttribute[Any],
    *conditions: ColumnElement[bool],
) -> list[_Late]:
    """The orders meeting ``conditions``, each aged from its ``late_since`` time, with who
    has it."""
    query = select(
        OutboundOrder.order_no,
        OutboundOrder.warehouse_id,
        OutboundOrder.status,
        late_since,
        OutboundOrder.command_feed_seq,
    ).where(*conditions)
    if warehouse_id:
        query = query.where(OutboundOrder.warehouse_id == warehouse_id)
    rows = session.execute(query).all()
    receivers = _receivers(session, [row[0] for row in rows if row[2] != CREATED], stations)
    return [
        _Late(
            order_no,
            warehouse,
            (now - since).total_seconds(),
            _subjects(warehouse, status, feed_seq, receivers.get(order_no), stations),
        )
        for order_no, warehouse, status, since, feed_seq in rows
        if since is not None
    ]


def _subjects(
    warehouse_id: str,
    status: str,
    feed_seq: int | None,
    receiver: str | None,
    stations: _Stations,
) -> tuple[str, ...]:
    """Who has the order: the station that received it, or (not answered yet) the stations
    that pulled its command; else the warehouse."""
    if status == CREATED:
        return stations.pulled(warehouse_id, feed_seq) or (warehouse_id,)
    if receiver is not None and stations.is_active(warehouse_id, receiver):
        return (receiver,)
    return (warehouse_id,)


def _receivers(session: Session, order_nos: Sequence[str], stations: _Stations) -> dict[str, str]:
    """Each order's latest station in its history (the one working it now)."""
    found: dict[str, str] = {}
    for start in range(0, len(order_nos), _CHUNK):
        rows = session.execute(
            select(OrderStatusHistory.order_no, OrderStatusHistory.station_id)
            .where(
                OrderStatusHistory.order_no.in_(order_nos[start : start + _CHUNK]),
                OrderStatusHistory.station_id.is_not(None),
            )
            .order_by(OrderStatusHistory.id)
        )
        for order_no, station_id in rows:
            if station_id is not None:
                found[order_no] = station_id
    return found


def _work(late: Iterable[_Late], threshold: dt.timedelta) -> OverdueWork:
    ordered = sorted(late, key=lambda item: (-item.age_s, item.order_no))
    by_subject: dict[tuple[str, str], list[_Late]] = defaultdict(list)
    for item in ordered:
        for subject in item.subjects:
            by_subject[(item.warehouse_id, subject)].append(item)
    return OverdueWork(
        threshold_s=int(threshold.total_seconds()),
        count=len(ordered),
        oldest_age_s=ordered[0].age_s if ordered else None,
        order_nos=[item.order_no for item in ordered[:LISTED_MAX]],
        listed_max=LISTED_MAX,
        by_subject=[
            OverdueSubject(
                subject=subject,
                warehouse_id=warehouse,
                count=len(items),
                oldest_age_s=items[0].age_s,
                order_nos=[item.order_no for item in items[:LISTED_MAX]],
            )
            for (warehouse, subject), items in sorted(by_subject.items())
        ],
        alert=bool(ordered),
    )
