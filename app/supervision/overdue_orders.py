"""Work not processed in time at this station (seed 000 §5.2 超时未处理), as exception records.

Two kinds, one ``ORDER_OVERDUE`` record each at most per order:

- ``ORDER_NOT_STARTED_IN_TIME``: the seed's rule — an order still waiting to ship four hours
  after it arrived (``minusHours(4)``) that the warehouse has not started (its ``CREATED``:
  here ALLOCATED, or held as SHORTAGE; a supervisor's hold keeps it ALLOCATED).
- ``ORDER_PAST_DEADLINE``: an open order (not shipped, not cancelled) whose command's
  ``deadline`` (seed §2.1 时效要求) has passed.

A check runs on a schedule (``ui/overdue_watch.py``, every 5 minutes as the seed's
``fixedRate = 300000``); its writes are one unit of work: it closes the open records of
orders that shipped or were cancelled, then writes the new ones. A record once written is
never written again for its order and kind, even after the supervisor acknowledged it.

Cheap on a big store: the deadline rule is a range of the (status, deadline) index; the
four-hour rule finds where "four hours ago" falls in the order ids by a binary search over
the primary key (``first_id_since``) and reads the status index below it; whether a record
exists is a probe of the records' order-number index. The search runs in a read transaction;
the unit of work only checks the orders found again and writes. At most
:data:`RECORDS_PER_CHECK` records are written per check, so a store that is far behind gets
its records over several checks instead of one long write. On the benchmark's store (50,000
open orders, all received days ago): the first checks 20-45 ms; once every order has its
record, about 60 ms of reads and under 1 ms in the unit of work per check.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final

from sqlalchemy import ColumnElement, exists, select, true, update
from sqlalchemy.orm import Session

from app import exception_details as details
from app.queries.board.timeline import first_id_since
from local_db.models import ExceptionRecord, OutboundOrder
from local_db.store import Store, UnitOfWork
from local_db.types import utc_now

EXCEPTION_TYPE: Final = "ORDER_OVERDUE"
NOT_STARTED_WITHIN: Final = dt.timedelta(hours=4)
"""Seed 000 §5.2: ``LocalDateTime.now().minusHours(4)``."""
NOT_STARTED: Final = ("ALLOCATED", "SHORTAGE")
"""The station's statuses of an order received and not worked yet (the seed's CREATED)."""
OPEN: Final = ("ALLOCATED", "SHORTAGE", "PICKING", "PICKED", "PACKED")
RECORDS_PER_CHECK: Final = 200
SYSTEM: Final = "SYSTEM"
CLOSED_SHIPPED: Final = "ORDER_SHIPPED"
CLOSED_CANCELLED: Final = "ORDER_CANCELLED"
"""Resolution codes of a record closed by itself when its order ended."""
ENDED_CODES: Final = {"SHIPPED": CLOSED_SHIPPED, "CANCELLED": CLOSED_CANCELLED}
ENDED: Final = tuple(ENDED_CODES)


@dataclass(frozen=True)
class OverdueCheck:
    raised: tuple[tuple[str, str], ...]
    """(order number, detail code) of each record written."""
    closed: int
    """Open records closed because their order shipped or was cancelled."""

    @property
    def changed(self) -> bool:
        return bool(self.raised) or self.closed > 0


def check_overdue(store: Store, now: dt.datetime | None = None) -> OverdueCheck:
    """One scheduled check (``now``: the clock, injected by tests). The orders are looked for
    in a read transaction, so a big store's search never holds the writer lock a scan's
    commit waits for; the unit of work checks those again and writes the records."""
    moment = now or utc_now()
    with store.read_session() as session:
        candidates = [order_no for order_no, _, _ in _find(session, moment, None)]
        ended = list(_ended(session, None))
    with store.unit_of_work() as uow:
        result = check_overdue_orders(uow, moment, candidates, ended)
        uow.commit()
    return result


def check_overdue_orders(
    uow: UnitOfWork,
    now: dt.datetime,
    candidates: Sequence[str] | None = None,
    ended: Sequence[int] | None = None,
) -> OverdueCheck:
    """Close the records of ended orders and write the new ones, in the caller's unit of
    work; ``candidates`` (orders) and ``ended`` (record ids): only these are looked at, as
    they are now (None: all)."""
    session = uow.session
    closed = _close_finished(session, now, ended)
    found = _find(session, now, candidates) if candidates is None or candidates else []
    for order_no, code, args in found:
        session.add(
            ExceptionRecord(
                exception_type=EXCEPTION_TYPE,
                order_no=order_no,
                severity="high" if code == details.ORDER_PAST_DEADLINE else "medium",
                status="open",
                detail_code=code,
                detail_args_json=args,
                created_at=now,
            )
        )
    session.flush()
    return OverdueCheck(tuple((order_no, code) for order_no, code, _ in found), closed)


def _find(
    session: Session, now: dt.datetime, only: Sequence[str] | None
) -> list[tuple[str, str, str]]:
    found = _past_deadline(session, now, RECORDS_PER_CHECK, only)
    return found + _not_started(session, now, RECORDS_PER_CHECK - len(found), only)


def _among(only: Sequence[str] | None) -> ColumnElement[bool]:
    """The candidates (probed by the order-number index), or every order."""
    return OutboundOrder.order_no.in_(only) if only is not None else true()


def _not_recorded(code: str) -> ColumnElement[bool]:
    """No ORDER_OVERDUE record of this kind for the order, open or acknowledged. Only this
    check writes these detail codes, so the code alone names the kind: with the type in the
    condition SQLite probes the type's index, every record of the type for each order."""
    return ~exists().where(
        ExceptionRecord.order_no == OutboundOrder.order_no, ExceptionRecord.detail_code == code
    )


def _past_deadline(
    session: Session, now: dt.datetime, limit: int, only: Sequence[str] | None
) -> list[tuple[str, str, str]]:
    if limit <= 0:
        return []
    rows = session.execute(
        select(OutboundOrder.order_no, OutboundOrder.status, OutboundOrder.deadline)
        .where(
            OutboundOrder.status.in_(OPEN),
            OutboundOrder.deadline.is_not(None),
            OutboundOrder.deadline < now,
            _among(only),
            _not_recorded(details.ORDER_PAST_DEADLINE),
        )
        .limit(limit)
    )
    return [
        (
            order_no,
            details.ORDER_PAST_DEADLINE,
            details.detail_args(order=order_no, status=status, deadline=_minute(deadline)),
        )
        for order_no, status, deadline in rows
        if deadline is not None
    ]


def _not_started(
    session: Session, now: dt.datetime, limit: int, only: Sequence[str] | None
) -> list[tuple[str, str, str]]:
    if limit <= 0:
        return []
    boundary = None
    if only is None:
        boundary = first_id_since(session, "outbound_order.created_at", now - NOT_STARTED_WITHIN)
    before = OutboundOrder.id < boundary if boundary is not None else true()
    rows = session.execute(
        select(OutboundOrder.order_no, OutboundOrder.status, OutboundOrder.created_at)
        .where(
            OutboundOrder.status.in_(NOT_STARTED),
            before,
            # The ids' order is the arrival order only as far as the clock rose: check it.
            OutboundOrder.created_at <= now - NOT_STARTED_WITHIN,
            _among(only),
            _not_recorded(details.ORDER_NOT_STARTED_IN_TIME),
        )
        .limit(limit)
    )
    hours = int(NOT_STARTED_WITHIN.total_seconds() // 3600)
    return [
        (
            order_no,
            details.ORDER_NOT_STARTED_IN_TIME,
            details.detail_args(
                order=order_no, status=status, received=_minute(created_at), hours=hours
            ),
        )
        for order_no, status, created_at in rows
    ]


def _ended(session: Session, only: Sequence[int] | None) -> dict[int, str]:
    """Open ORDER_OVERDUE records (the status/type index) whose order shipped or was
    cancelled: one probe of the order-number index per open record."""
    query = (
        select(ExceptionRecord.id, OutboundOrder.status)
        .join(OutboundOrder, OutboundOrder.order_no == ExceptionRecord.order_no)
        .where(
            ExceptionRecord.status == "open",
            ExceptionRecord.exception_type == EXCEPTION_TYPE,
            OutboundOrder.status.in_(ENDED),
        )
    )
    if only is not None:
        query = query.where(ExceptionRecord.id.in_(only))
    return {record_id: status for record_id, status in session.execute(query)}


def _close_finished(session: Session, now: dt.datetime, only: Sequence[int] | None) -> int:
    ended = _ended(session, only) if only is None or only else {}
    for status, code in ENDED_CODES.items():
        chosen = [record_id for record_id, ended_as in ended.items() if ended_as == status]
        if chosen:
            session.execute(
                update(ExceptionRecord)
                .where(ExceptionRecord.id.in_(chosen))
                .values(
                    status="resolved",
                    resolution_code=code,
                    resolution=code,
                    resolved_by=SYSTEM,
                    resolved_at=now,
                )
                .execution_options(synchronize_session=False)
            )
    return len(ended)


def _minute(moment: dt.datetime) -> str:
    """UTC to the minute: an argument the operator reads, no personal data."""
    return moment.astimezone(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
