"""The supervisor's exception queue: every exception record, filtered, oldest first, a page
at a time, and the open ones counted by type (issue #13.1).

Oldest first is id order (records are numbered as they are written, ``created_at`` with
them), so ``status = 'open' ... ORDER BY id`` walks the status index in order and pages by
key (``after_id``), not by OFFSET: a page costs the same on the thousandth page.
Indexed filters: status, type, order. SKU, bin and owner filter the rows the index gives.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from local_db.models import ExceptionRecord
from local_db.store import Store
from local_db.types import utc_now

PAGE_SIZE = 50


@dataclass(frozen=True)
class QueueFilter:
    exception_type: str | None = None
    status: str | None = "open"
    severity: str | None = None
    older_than: dt.timedelta | None = None
    order_no: str | None = None
    sku_id: str | None = None
    location_code: str | None = None
    assigned_to: str | None = None
    """The owner of the exception: the operator it is assigned to."""


@dataclass(frozen=True)
class QueueRow:
    id: int
    exception_type: str
    severity: str
    status: str
    order_no: str | None
    sku_id: str | None
    location_code: str | None
    detail_code: str | None
    detail_args_json: str
    detail: str
    """Text of records written before detail codes."""
    assigned_to: str | None
    assigned_at: dt.datetime | None
    created_at: dt.datetime
    resolution_code: str | None
    resolution: str | None
    resolved_by: str | None

    def age(self, now: dt.datetime) -> dt.timedelta:
        return now - self.created_at


@dataclass(frozen=True)
class QueuePage:
    rows: list[QueueRow]
    next_after_id: int | None
    """Pass as ``after_id`` for the next page; None when this was the last."""


def _filtered(queue_filter: QueueFilter, now: dt.datetime) -> Select[ExceptionRecord]:
    query = select(ExceptionRecord)
    f = queue_filter
    if f.status:
        query = query.where(ExceptionRecord.status == f.status)
    if f.exception_type:
        query = query.where(ExceptionRecord.exception_type == f.exception_type)
    if f.severity:
        query = query.where(ExceptionRecord.severity == f.severity)
    if f.older_than is not None:
        query = query.where(ExceptionRecord.created_at <= now - f.older_than)
    if f.order_no:
        query = query.where(ExceptionRecord.order_no == f.order_no.strip())
    if f.sku_id:
        query = query.where(ExceptionRecord.sku_id == f.sku_id.strip())
    if f.location_code:
        query = query.where(ExceptionRecord.location_code == f.location_code.strip())
    if f.assigned_to:
        query = query.where(ExceptionRecord.assigned_to == f.assigned_to.strip())
    return query


def _row(record: ExceptionRecord) -> QueueRow:
    return QueueRow(
        id=record.id,
        exception_type=record.exception_type,
        severity=record.severity,
        status=record.status,
        order_no=record.order_no,
        sku_id=record.sku_id,
        location_code=record.location_code,
        detail_code=record.detail_code,
        detail_args_json=record.detail_args_json or "{}",
        detail=record.detail or "",
        assigned_to=record.assigned_to,
        assigned_at=record.assigned_at,
        created_at=record.created_at,
        resolution_code=record.resolution_code,
        resolution=record.resolution,
        resolved_by=record.resolved_by,
    )


def exception_page(
    session: Session,
    queue_filter: QueueFilter,
    now: dt.datetime,
    *,
    after_id: int | None = None,
    limit: int = PAGE_SIZE,
) -> QueuePage:
    """One page of the queue, oldest first."""
    query = _filtered(queue_filter, now)
    if after_id is not None:
        query = query.where(ExceptionRecord.id > after_id)
    records = list(session.scalars(query.order_by(ExceptionRecord.id).limit(limit + 1)))
    more = len(records) > limit
    rows = [_row(record) for record in records[:limit]]
    return QueuePage(rows, rows[-1].id if more and rows else None)


def open_counts_by_type(session: Session) -> dict[str, int]:
    """The open exceptions by type (the task list's and ``wms-floor check``'s figure)."""
    rows = session.execute(
        select(ExceptionRecord.exception_type, func.count())
        .where(ExceptionRecord.status == "open")
        .group_by(ExceptionRecord.exception_type)
        .order_by(ExceptionRecord.exception_type)
    )
    return {str(kind): int(count) for kind, count in rows}


def load_queue(
    store: Store, queue_filter: QueueFilter, after_id: int | None = None
) -> tuple[QueuePage, dict[str, int]]:
    """A page of the queue and the open counts, read together (the console page's query)."""
    with store.read_session() as session:
        return (
            exception_page(session, queue_filter, utc_now(), after_id=after_id),
            open_counts_by_type(session),
        )


def open_exception_counts(store: Store) -> dict[str, int]:
    with store.read_session() as session:
        return open_counts_by_type(session)
