"""The first row of a table written since a moment, found through its primary key.

Rows of ``audit_log``, ``shipment`` and ``outbound_order`` are appended as things happen, so
their ids rise with the time they carry (written from ``utc_now`` at insert). A binary search
over the id (a few dozen primary-key seeks) finds where today starts without an index on
the time column, so "today" costs what today holds, not what the table has gathered over
months. Should the clock step backwards, a few rows at the boundary may be missed or
counted: a board figure, never a booking.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from sqlalchemy.orm import Session

from local_db.types import to_sqlite_utc

# The tables and time columns this works for (names go into SQL text: a fixed list).
TimedTable = Literal["audit_log.occurred_at", "shipment.shipped_at", "outbound_order.created_at"]


def first_id_since(session: Session, table_time: TimedTable, since: dt.datetime) -> int | None:
    """The id from which on the table's rows are at or after ``since`` (None: no row is),
    assuming times rise with ids. Plain SQL: each probe is one primary-key seek, and an ORM
    statement per probe would cost more than the seek."""
    table, column = table_time.split(".")
    connection = session.connection()
    # Two statements: SQLite seeks the primary key for a lone min() or max(), not for both.
    high = connection.exec_driver_sql(f"SELECT max(id) FROM {table}").scalar()
    if high is None:
        return None
    low = int(connection.exec_driver_sql(f"SELECT min(id) FROM {table}").scalar() or 0)
    boundary = to_sqlite_utc(since)
    probe = f"SELECT {column} FROM {table} WHERE id >= ? ORDER BY id LIMIT 1"

    def at_or_after(row_id: int) -> bool:
        """Whether the first row at or after ``row_id`` (ids may have gaps) is from
        ``since`` on; rising with ``row_id`` while times rise with ids."""
        time = connection.exec_driver_sql(probe, (row_id,)).scalar()
        return time is not None and str(time) >= boundary

    if not at_or_after(high):
        return None
    while low < high:
        middle = (low + high) // 2
        if at_or_after(middle):
            high = middle
        else:
            low = middle + 1
    return int(low)
