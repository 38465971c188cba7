"""Engine and transactions: SQLite (WAL, busy timeout, BEGIN IMMEDIATE) or PostgreSQL.

Every write runs in :func:`write_transaction`. On SQLite ``BEGIN IMMEDIATE`` takes the
database write lock up front, so two writers never both read-then-write the same stock row;
on PostgreSQL the services lock the warehouse row (``SELECT ... FOR UPDATE``) instead.
:meth:`Database.create_schema` runs the schema migrations (``oms_server/schema_migrations.py``).
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker

from oms_server import schema_migrations
from oms_server.feed_waiters import appended_in

SQLITE_BUSY_TIMEOUT_MS = 15_000
_READ_ONLY = "oms_read_only"


class Database:
    """The engine plus the two kinds of session the routes use."""

    def __init__(self, database_url: str) -> None:
        self.url = make_url(database_url)
        self.feed_listeners: list[Callable[[frozenset[str]], None]] = []
        self.is_sqlite = self.url.get_backend_name() == "sqlite"
        self.engine = _create_engine(database_url, is_sqlite=self.is_sqlite)
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)
        self._read_sessions = sessionmaker(
            self.engine.execution_options(**{_READ_ONLY: True}), expire_on_commit=False
        )

    def create_schema(self) -> schema_migrations.Upgrade:
        """Upgrade the database to the newest schema revision, under the migration lock
        (``oms_server/schema_migrations.py``); a database from before migrations is adopted
        first. Raises ``SchemaTooNew`` for a database a newer build migrated."""
        with self.migration_connection() as connection:
            return schema_migrations.upgrade(connection)

    @contextlib.contextmanager
    def migration_connection(self) -> Iterator[Connection]:
        """A connection for schema changes, outside any transaction. On SQLite its foreign
        keys are off (a pragma that only works outside a transaction), so a batch migration
        can rebuild a table other rows refer to; the migration checks them before commit."""
        with self.engine.connect() as connection:
            if not self.is_sqlite:
                yield connection
                return
            driver = connection.connection.driver_connection
            assert driver is not None
            driver.execute("PRAGMA foreign_keys=OFF")
            try:
                yield connection
            finally:
                if connection.in_transaction():
                    connection.rollback()
                driver.execute("PRAGMA foreign_keys=ON")

    @contextlib.contextmanager
    def write_transaction(self) -> Iterator[Session]:
        """One transaction: committed when the block ends normally, rolled back otherwise.

        After a commit that appended to feeds, each ``feed_listeners`` callback gets those
        warehouses (the long-poll wakes its waiters: oms_server/feed_waiters.py)."""
        with self._sessions() as session:
            with session.begin():
                yield session
            appended = appended_in(session)
        if appended:
            for listener in self.feed_listeners:
                listener(appended)

    @contextlib.contextmanager
    def read_session(self) -> Iterator[Session]:
        with self._read_sessions() as session, session.begin():
            yield session

    def dispose(self) -> None:
        self.engine.dispose()


def _create_engine(database_url: str, *, is_sqlite: bool) -> Engine:
    if not is_sqlite:
        return create_engine(database_url, pool_pre_ping=True, pool_size=10, max_overflow=20)
    url = make_url(database_url)
    if url.database and url.database != ":memory:":
        Path(url.database).parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(
        database_url,
        connect_args={"check_same_thread": False, "timeout": SQLITE_BUSY_TIMEOUT_MS / 1000},
    )

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Let SQLAlchemy's "begin" event emit BEGIN itself (pysqlite would defer it).
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Any) -> None:
        if connection.get_execution_options().get(_READ_ONLY):
            connection.exec_driver_sql("BEGIN")
        else:
            connection.exec_driver_sql("BEGIN IMMEDIATE")

    return engine
