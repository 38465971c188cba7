"""What the schema tests read and load: drift against the models, rows, the frozen databases
of the last build before migrations (``tests/fixtures/oms/``)."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import create_engine, inspect, text

from oms_server.db import Database
from oms_server.models import Base

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "oms"
Rows = dict[str, list[tuple[Any, ...]]]


def drift(db: Database) -> list[Any]:
    """What Alembic's autogenerate would write to make the database equal the models."""
    with db.engine.connect() as connection:
        context = MigrationContext.configure(
            connection, opts={"compare_type": True, "compare_server_default": True}
        )
        return list(compare_metadata(context, Base.metadata))


def oms_tables(db: Database) -> set[str]:
    return set(inspect(db.engine).get_table_names()) - {"alembic_version"}


def table_rows(db: Database) -> Rows:
    """Every row of every table, as the database returns them, in a stable order."""
    with db.engine.connect() as connection:
        return {
            name: sorted(
                (tuple(row) for row in connection.execute(text(f"SELECT * FROM {name}"))),
                key=repr,
            )
            for name in sorted(oms_tables(db))
        }


def kept(before: Rows, after: Rows) -> dict[str, bool]:
    """Per table of ``before``: are its rows all there, their old columns unchanged? (Later
    revisions append columns.)"""
    result = {}
    for table, rows in before.items():
        width = len(rows[0]) if rows else 0
        result[table] = sorted((row[:width] for row in after[table]), key=repr) == rows
    return result


def load_before_migrations(db: Database) -> None:
    """Fill an empty database with the last pre-migration build's demo database."""
    dialect = "sqlite" if db.is_sqlite else "postgresql"
    script = (FIXTURES / f"before_migrations.{dialect}.sql").read_text(encoding="utf-8")
    if db.is_sqlite:
        assert db.url.database
        with sqlite3.connect(db.url.database) as connection:
            connection.executescript(script)
        connection.close()
        return
    # A connection of its own: the dump empties the session's search_path.
    engine = create_engine(db.url)
    try:
        raw = engine.raw_connection()
        try:
            raw.cursor().execute(script)
            raw.commit()
        finally:
            raw.close()
    finally:
        engine.dispose()
