"""``executemany`` INSERT and UPDATE for the set-based push, cheap on SQLite.

Through Core, SQLAlchemy builds each row's parameters in Python (``construct_params`` and
every column's bind processor, the date-time ones formatting a string per value): about as
much time as SQLite needs to write the rows. On SQLite these statements go straight to the
driver instead, the values run through the same bind processors (so the stored text is what
Core would store) once per distinct value. Other databases keep the Core statements.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from sqlalchemy import Table, and_, bindparam
from sqlalchemy.orm import Session

Row = Mapping[str, Any]


def insert_many(session: Session, table: Table, rows: Sequence[Row]) -> None:
    """``INSERT`` every row (all rows carry the same keys)."""
    if not rows:
        return
    names = list(rows[0])
    connection = session.connection()
    if connection.dialect.name != "sqlite" or _needs_defaults(table, names):
        session.execute(table.insert(), list(rows))
        return
    quote = connection.dialect.identifier_preparer.quote
    marks = ", ".join("?" for _ in names)
    columns = ", ".join(quote(name) for name in names)
    sql = f"INSERT INTO {quote(table.name)} ({columns}) VALUES ({marks})"
    connection.exec_driver_sql(sql, _tuples(session, table, names, rows))


def update_many(session: Session, table: Table, keys: Sequence[str], rows: Sequence[Row]) -> None:
    """``UPDATE`` each row's other columns where its ``keys`` columns match."""
    if not rows:
        return
    names = [name for name in rows[0] if name not in keys]
    connection = session.connection()
    if connection.dialect.name != "sqlite":
        statement = (
            table.update()
            .where(and_(*(table.c[key] == bindparam(f"key_{key}") for key in keys)))
            .values({name: bindparam(name) for name in names})
        )
        session.execute(
            statement,
            [
                {**{name: row[name] for name in names}, **{f"key_{k}": row[k] for k in keys}}
                for row in rows
            ],
        )
        return
    quote = connection.dialect.identifier_preparer.quote
    assignments = ", ".join(f"{quote(name)} = ?" for name in names)
    where = " AND ".join(f"{quote(key)} = ?" for key in keys)
    sql = f"UPDATE {quote(table.name)} SET {assignments} WHERE {where}"
    connection.exec_driver_sql(sql, _tuples(session, table, [*names, *keys], rows))


def _needs_defaults(table: Table, names: list[str]) -> bool:
    """A column left out whose default SQLAlchemy computes in Python: only Core sets it."""
    return any(column.default is not None and column.name not in names for column in table.columns)


def _tuples(
    session: Session, table: Table, names: list[str], rows: Sequence[Row]
) -> list[tuple[Any, ...]]:
    dialect = session.connection().dialect
    # What Core runs per value: the type's own processing and then the dialect's (a public
    # ``bind_processor`` of a TypeDecorator leaves the SQLite date-time formatting out).
    converters = [_memoised(table.c[name].type._cached_bind_processor(dialect)) for name in names]
    return [
        tuple(
            value if convert is None else convert(value)
            for convert, value in zip(converters, (row[name] for name in names), strict=True)
        )
        for row in rows
    ]


def _memoised(process: Callable[[Any], Any] | None) -> Callable[[Any], Any] | None:
    """The bind processor, run once per distinct date-time (a batch shares its timestamps,
    and formatting one is the costly part)."""
    if process is None:
        return None
    done: dict[dt.datetime, Any] = {}

    def convert(value: Any) -> Any:
        if not isinstance(value, dt.datetime):
            return process(value)
        result = done.get(value)
        if result is None:
            result = done[value] = process(value)
        return result

    return convert
