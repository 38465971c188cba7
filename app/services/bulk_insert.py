"""Plain ``executemany`` inserts for set-based work, with the row ids chosen up front.

The ORM's bulk insert with RETURNING (to learn the new ids) costs more than SQLite's own
work. The tables have no AUTOINCREMENT, so SQLite gives a new row ``max(id) + 1``; under the
unit of work's write lock, numbering the rows the same way ourselves gives the very ids SQLite
would have given, and lets a plain ``executemany`` write them.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, cast

from sqlalchemy import Table, func, select
from sqlalchemy.orm import Session

from local_db.models import Base


def _table(model: type[Base]) -> Table:
    return cast(Table, model.__table__)


def first_free_id(session: Session, model: type[Base]) -> int:
    """The id SQLite would give the next row of ``model`` (pending changes flushed first)."""
    session.flush()
    return int(session.scalar(select(func.max(_table(model).c.id))) or 0) + 1


def insert_rows(session: Session, model: type[Base], rows: Sequence[dict[str, Any]]) -> None:
    if rows:
        session.connection().execute(_table(model).insert(), list(rows))
