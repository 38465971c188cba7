"""Column types SQLite lacks: timezone-aware UTC datetimes."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import DateTime
from sqlalchemy.engine import Dialect
from sqlalchemy.types import TypeDecorator


class UtcDateTime(TypeDecorator[dt.datetime]):
    """Stores UTC without an offset (SQLite has no timezone type) and hands back aware UTC.

    A naive datetime is refused: it would be ambiguous on a station that moves between
    time zones or whose clock setting changes.
    """

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: dt.datetime | None, dialect: Dialect) -> dt.datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime refused: pass a timezone-aware UTC datetime")
        return value.astimezone(dt.UTC).replace(tzinfo=None)

    def process_result_value(
        self, value: dt.datetime | None, dialect: Dialect
    ) -> dt.datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=dt.UTC)


def utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def to_sqlite_utc(value: dt.datetime) -> str:
    """A UTC datetime as ``UtcDateTime`` stores it, for the hot paths that write with plain
    SQL (``exec_driver_sql``) instead of SQLAlchemy's typed statements."""
    if value.tzinfo is None:
        raise ValueError("naive datetime refused: pass a timezone-aware UTC datetime")
    v = value.astimezone(dt.UTC)
    # SQLAlchemy's SQLite DateTime storage format (strftime's %Y would not pad years < 1000).
    return (
        f"{v.year:04d}-{v.month:02d}-{v.day:02d} "
        f"{v.hour:02d}:{v.minute:02d}:{v.second:02d}.{v.microsecond:06d}"
    )
