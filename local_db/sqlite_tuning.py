"""SQLite settings for a floor station, applied to every connection.

- ``journal_mode=WAL``: readers (the UI's screens) never block the writer and the writer
  never blocks readers; a committed transaction is one append to the WAL.
- ``synchronous=FULL``: the WAL is fsynced at every commit. NORMAL (the usual WAL choice)
  can lose the last commits on a power cut; a picker's confirmed scan must survive one.
- ``foreign_keys=ON``: SQLite leaves them off by default; we want the schema to refuse
  dangling rows rather than find them at reconciliation.
- ``wal_autocheckpoint``: SQLite's default (1,000 pages) unless the store checkpoints on a
  thread of its own (``local_db.checkpoints``); then only a safety valve far above it.
- ``busy_timeout``: another process (a maintenance script, a second instance by mistake)
  holding the write lock makes us wait up to this long instead of failing at once.

pysqlite's own transaction handling issues ``BEGIN`` lazily, only before DML, so a SELECT
that precedes an UPDATE runs outside the transaction and DDL is never transactional. Per the
SQLAlchemy docs (pysqlite: "Serializable isolation / Savepoints / Transactional DDL") we
switch the driver to autocommit (``isolation_level=None``) and emit BEGIN ourselves from the
engine's ``begin`` event: ``BEGIN IMMEDIATE`` for units of work (the write lock is taken
before the first read, so a read-modify-write can never be overtaken and a lock conflict
shows up at once as "busy" instead of as a deadlock at commit), plain deferred ``BEGIN``
for read sessions.
"""

from __future__ import annotations

import sqlite3
from typing import Any

from sqlalchemy import Connection, Engine, event

BUSY_TIMEOUT_MS = 5000
SQLITE_AUTOCHECKPOINT_PAGES = 1000  # SQLite's own default
IMMEDIATE_OPTION = "wms_begin_immediate"


def _on_connect(
    dbapi_connection: Any,
    _record: Any,
    *,
    foreign_keys: bool,
    busy_timeout_ms: int,
    autocheckpoint_pages: int,
) -> None:
    assert isinstance(dbapi_connection, sqlite3.Connection)
    # Autocommit at the driver level: we issue BEGIN ourselves (see module docstring).
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=FULL")
        cursor.execute(f"PRAGMA foreign_keys={'ON' if foreign_keys else 'OFF'}")
        cursor.execute(f"PRAGMA busy_timeout={int(busy_timeout_ms)}")
        cursor.execute(f"PRAGMA wal_autocheckpoint={int(autocheckpoint_pages)}")
    finally:
        cursor.close()


def _on_begin(connection: Connection) -> None:
    if connection.get_execution_options().get(IMMEDIATE_OPTION, False):
        connection.exec_driver_sql("BEGIN IMMEDIATE")
    else:
        connection.exec_driver_sql("BEGIN")


def tune_engine(
    engine: Engine,
    *,
    foreign_keys: bool = True,
    busy_timeout_ms: int = BUSY_TIMEOUT_MS,
    autocheckpoint_pages: int = SQLITE_AUTOCHECKPOINT_PAGES,
) -> None:
    """``foreign_keys=False`` only for the migration engine: batch migrations recreate
    tables, which foreign keys would block; the result is checked with foreign_key_check."""

    def on_connect(dbapi_connection: Any, record: Any) -> None:
        _on_connect(
            dbapi_connection,
            record,
            foreign_keys=foreign_keys,
            busy_timeout_ms=busy_timeout_ms,
            autocheckpoint_pages=autocheckpoint_pages,
        )

    event.listen(engine, "connect", on_connect)
    event.listen(engine, "begin", _on_begin)
