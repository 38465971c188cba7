"""Engine and transactions: SQLite (WAL, busy timeout, BEGIN IMMEDIATE) or PostgreSQL.

Every write runs in :func:`write_transaction`. On SQLite ``BEGIN IMMEDIATE`` takes the
database write lock up front, so two writers never both read-then-write the same stock row;
on PostgreSQL the services lock the warehouse row (``SELECT ... FOR UPDATE``) instead.
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from sqlalchemy import DefaultClause, Engine, create_engine, event, inspect, select, update
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker

from oms_server.feed_waiters import appended_in
from oms_server.models import Base, InboundOrderRow

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

    def create_schema(self) -> None:
        Base.metadata.create_all(self.engine)
        _add_missing_columns(self.engine)
        _add_missing_indexes(self.engine)
        _fill_return_orders(self.engine)

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


def _add_missing_columns(engine: Engine) -> None:
    """Columns added to existing tables since a database was made (all nullable or with a
    server default): the reference OMS has no migration tool, and a demo database lives on."""
    with engine.begin() as connection:
        existing = inspect(connection)
        tables = set(existing.get_table_names())
        for table in Base.metadata.sorted_tables:
            if table.name not in tables:
                continue
            present = {column["name"] for column in existing.get_columns(table.name)}
            for column in table.columns:
                if column.name in present:
                    continue
                ddl = column.type.compile(dialect=engine.dialect)
                default = column.server_default
                suffix = ""
                if isinstance(default, DefaultClause) and isinstance(default.arg, str):
                    suffix = f" DEFAULT '{default.arg}' NOT NULL"
                connection.exec_driver_sql(
                    f'ALTER TABLE {table.name} ADD COLUMN "{column.name}" {ddl}{suffix}'
                )


def _add_missing_indexes(engine: Engine) -> None:
    """Indexes added to existing tables since a database was made (``create_all`` makes
    those of new tables only)."""
    with engine.begin() as connection:
        existing = inspect(connection)
        tables = set(existing.get_table_names())
        for table in Base.metadata.sorted_tables:
            if table.name not in tables:
                continue
            present = {index["name"] for index in existing.get_indexes(table.name)}
            for index in table.indexes:
                if index.name not in present:
                    index.create(connection)


def _fill_return_orders(engine: Engine) -> None:
    """Returns stored before ``inbound_order.related_order_no`` had the column: copy it from
    their body, so the check of a new return counts them (services/returns.py)."""
    with engine.begin() as connection:
        rows = connection.execute(
            select(InboundOrderRow.inbound_no, InboundOrderRow.body_json).where(
                InboundOrderRow.related_order_no.is_(None),
                InboundOrderRow.body_json.like('%"related_order_no":"%'),
                InboundOrderRow.body_json.like('%"inbound_type":"RETURN"%'),
            )
        ).all()
        for inbound_no, body_json in rows:
            related = json.loads(body_json).get("related_order_no")
            connection.execute(
                update(InboundOrderRow)
                .where(InboundOrderRow.inbound_no == inbound_no)
                .values(related_order_no=related)
            )


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
