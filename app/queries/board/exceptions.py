"""Open exceptions by type and age: how many, how old the oldest, how many waited long."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import and_, case, func, select
from sqlalchemy.orm import Session

from local_db.models.records import ExceptionRecord

AGE_BANDS = (dt.timedelta(hours=1), dt.timedelta(hours=4))
"""The board's age columns: under 1 h, 1 to 4 h, over 4 h (a shift's half)."""


@dataclass(frozen=True)
class OpenExceptions:
    exception_type: str
    count: int
    by_age: tuple[int, int, int]
    """Under 1 h, 1 to 4 h, over 4 h (:data:`AGE_BANDS`)."""
    oldest_age: dt.timedelta


def open_exceptions(session: Session, now: dt.datetime) -> tuple[OpenExceptions, ...]:
    """Per type, most first. Open exceptions are few: the status index finds them."""
    young, middle = (now - band for band in AGE_BANDS)
    created = ExceptionRecord.created_at
    rows = session.execute(
        select(
            ExceptionRecord.exception_type,
            func.count(),
            func.sum(case((created > young, 1), else_=0)),
            func.sum(case((and_(created <= young, created > middle), 1), else_=0)),
            func.min(created),
        )
        .where(ExceptionRecord.status == "open")
        .group_by(ExceptionRecord.exception_type)
    )
    found = []
    for exception_type, count, young_count, middle_count, oldest in rows:
        under, between = int(young_count or 0), int(middle_count or 0)
        by_age = (under, between, int(count) - under - between)
        found.append(
            OpenExceptions(exception_type, int(count), by_age, max(now - oldest, dt.timedelta()))
        )
    found.sort(key=lambda e: (-e.count, e.exception_type))
    return tuple(found)
