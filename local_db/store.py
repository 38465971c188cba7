"""The station store: one SQLite file, migrated on open, one writer at a time."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from types import TracebackType
from typing import Literal

from sqlalchemy import Connection, Engine, create_engine, text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from local_db import migrate
from local_db.backup import BackupError, default_backup_dir, take_backup
from local_db.checkpoints import SAFETY_VALVE_PAGES, WalCheckpointer
from local_db.errors import StoreProblem, classify_store_error
from local_db.integrity import IntegrityGate, check_readable, quick_check, read_only_connection
from local_db.private_files import FILE_MODE, FOLDER_MODE, create_private_file, tighten
from local_db.sqlite_tuning import (
    BUSY_TIMEOUT_MS,
    IMMEDIATE_OPTION,
    SQLITE_AUTOCHECKPOINT_PAGES,
    tune_engine,
)

log = logging.getLogger("wms.store")


class StoreError(Exception):
    """The store cannot be opened or migrated (the environment's fault, not a bug)."""


class UnitOfWork:
    """One write transaction: the process-wide writer lock plus ``BEGIN IMMEDIATE``.

    Commit explicitly with :meth:`commit`; leaving the block without committing (or with an
    exception) rolls everything back, so a refused action changes nothing.
    """

    def __init__(self, store: Store) -> None:
        self._store = store
        self.session: Session = Session(
            bind=store.write_engine, expire_on_commit=False, autoflush=True
        )
        self.committed = False

    def commit(self) -> None:
        self.session.commit()
        self.committed = True
        self._store.last_commit_at = time.monotonic()

    def rollback(self) -> None:
        self.session.rollback()

    def __enter__(self) -> UnitOfWork:
        # Take the SQLite write lock now (BEGIN IMMEDIATE), before the first read.
        try:
            self.session.connection()
        except BaseException:
            # Busy (another process writes) or worse: give the connection back at once.
            self.session.close()
            raise
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        try:
            if self.session.in_transaction():
                self.session.rollback()
        finally:
            # close() keeps loaded attributes readable on the returned objects.
            self.session.close()


class Store:
    def __init__(
        self, db_path: Path, engine: Engine, integrity: IntegrityGate | None = None
    ) -> None:
        self.db_path = db_path
        self.engine = engine
        # Writes wait for the integrity check and stop for good once the file is damaged.
        self.integrity = integrity or IntegrityGate(db_path)
        self.checkpointer: WalCheckpointer | None = None
        # When this process last committed (time.monotonic()): checkpoints wait for a gap.
        self.last_commit_at = float("-inf")
        self.write_engine = engine.execution_options(**{IMMEDIATE_OPTION: True})
        # SQLite allows one writer; serialise writers of this process here so they queue
        # instead of spinning on busy_timeout. Not re-entrant: a nested unit of work is a bug.
        self._writer_lock = threading.Lock()
        self._writer_thread: int | None = None

    @contextmanager
    def unit_of_work(self) -> Iterator[UnitOfWork]:
        if self._writer_thread == threading.get_ident():
            raise RuntimeError("nested unit of work on the same thread")
        self.integrity.wait_writable()
        with self._writer_lock:
            self._writer_thread = threading.get_ident()
            try:
                with UnitOfWork(self) as uow:
                    yield uow
            except DBAPIError as exc:
                # Disk full, locked, read-only, damaged: the environment's fault; the
                # transaction rolled back. Anything else is a bug and propagates unchanged.
                unavailable = classify_store_error(exc)
                if unavailable is None:
                    raise
                log.warning("store unavailable (%s): %s", unavailable.problem, exc.orig)
                if unavailable.problem is StoreProblem.CORRUPT:
                    self.integrity.mark_damaged(str(exc.orig))
                raise unavailable from exc
            finally:
                self._writer_thread = None

    @contextmanager
    def read_session(self) -> Iterator[Session]:
        session = Session(bind=self.engine, expire_on_commit=False, autoflush=False)
        try:
            yield session
        finally:
            # close() ends the read transaction without expiring what was loaded.
            session.close()

    @contextmanager
    def read_connection(self) -> Iterator[Connection]:
        """A plain connection for a small read on a hot path (an ORM session costs more than
        the query); its read transaction ends when the block does."""
        with self.engine.connect() as connection:
            yield connection

    def close(self) -> None:
        if self.checkpointer is not None:
            self.checkpointer.stop()
        self.engine.dispose()


def _make_engine(
    db_path: Path,
    *,
    foreign_keys: bool = True,
    busy_timeout_ms: int = BUSY_TIMEOUT_MS,
    autocheckpoint_pages: int = SQLITE_AUTOCHECKPOINT_PAGES,
) -> Engine:
    engine = create_engine(f"sqlite:///{db_path}")
    tune_engine(
        engine,
        foreign_keys=foreign_keys,
        busy_timeout_ms=busy_timeout_ms,
        autocheckpoint_pages=autocheckpoint_pages,
    )
    return engine


def migrate_to_head(db_path: Path, revision: str = "head") -> None:
    """Upgrade the file to ``revision`` (foreign keys off while tables are rebuilt)."""
    engine = _make_engine(db_path, foreign_keys=False)
    target = migrate.head_revision() if revision == "head" else revision
    try:
        with engine.connect() as connection:
            with connection.begin():
                current = migrate.current_revision(connection)
            if current == target:
                # Nothing to rebuild, so nothing to check: foreign_key_check reads every
                # referencing table, most of a second on a large store at every start.
                return
            migrate.upgrade(connection, revision)
            with connection.begin():
                problems = connection.execute(text("PRAGMA foreign_key_check")).all()
            if problems:
                raise StoreError(f"migration left dangling references: {problems[:5]}")
    finally:
        engine.dispose()


IntegrityCheck = Literal["readable", "quick", "background"]


def _has_data(db_path: Path) -> bool:
    return db_path.exists() and db_path.stat().st_size > 0


def _needs_migration(db_path: Path) -> bool:
    if not _has_data(db_path):
        return True
    engine = create_engine("sqlite://", creator=lambda: read_only_connection(db_path))
    try:
        with engine.connect() as connection:
            return migrate.current_revision(connection) != migrate.head_revision()
    finally:
        engine.dispose()


def open_store(
    db_path: Path,
    *,
    busy_timeout_ms: int = BUSY_TIMEOUT_MS,
    background_checkpoints: bool = False,
    integrity: IntegrityCheck = "quick",
    backup_dir: Path | None = None,
) -> Store:
    """Check the file, create the parent folder, migrate the file to the newest schema,
    return the store. A damaged file raises :class:`local_db.errors.StoreDamaged` before
    anything is written to it.

    ``busy_timeout_ms``: how long to wait for another process's write lock before failing.
    ``background_checkpoints``: for the long-running station process: WAL checkpoints on a
    thread of their own instead of inside a commit (see ``local_db.checkpoints``); short-lived
    tools keep SQLite's inline default.
    ``integrity``: ``"quick"`` (the default: header, schema and ``PRAGMA quick_check``
    before returning: ``wms-floor check``, ``enroll``, tools), ``"background"`` (the station:
    quick_check on a thread started with ``store.integrity.start_background()`` once the
    window is up; writes wait for its answer; see ``local_db.integrity``) or ``"readable"``
    (header and schema only, milliseconds).
    ``backup_dir``: where the backup taken before a schema migration goes (default: a
    ``backups`` folder beside the store); only a store with data that will be migrated is
    backed up.
    """
    db_path = Path(db_path)
    check_readable(db_path)
    gate = IntegrityGate(db_path)
    if integrity == "quick":
        quick_check(db_path)  # before anything else reads the file's tables
    migrating = _needs_migration(db_path)
    if integrity == "background" and migrating:
        quick_check(db_path)  # a migration writes: know the file is intact first
    elif integrity == "background":
        gate = IntegrityGate(db_path, verified=False)  # started by the caller or a first write
    # Consignee data and PIN hashes: this user's only (-wal and -shm take the file's mode).
    db_path.parent.mkdir(mode=FOLDER_MODE, parents=True, exist_ok=True)
    create_private_file(db_path)
    for companion in ("-wal", "-shm"):
        tighten(db_path.with_name(db_path.name + companion), FILE_MODE)
    if migrating and _has_data(db_path):
        # A migration rebuilds tables: keep the store as it was, to go back to. A backup
        # that cannot be written (folder unwritable, disk full) is logged, not a reason to
        # keep the floor from working: the daily backups are the older copies.
        try:
            take_backup(db_path, backup_dir or default_backup_dir(db_path), "pre-migration")
        except (BackupError, OSError) as exc:
            log.error("No backup before migrating the store: %s", exc)
    migrate_to_head(db_path)
    log.info("store opened at schema %s", migrate.head_revision())
    if not background_checkpoints:
        return Store(db_path, _make_engine(db_path, busy_timeout_ms=busy_timeout_ms), gate)
    engine = _make_engine(
        db_path, busy_timeout_ms=busy_timeout_ms, autocheckpoint_pages=SAFETY_VALVE_PAGES
    )
    store = Store(db_path, engine, gate)
    store.checkpointer = WalCheckpointer(db_path, last_commit=lambda: store.last_commit_at)
    store.checkpointer.start()
    return store
