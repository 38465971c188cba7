"""WAL checkpoints on their own thread: never inside a commit, in the gaps between commits."""

from __future__ import annotations

import logging
import sqlite3
from pathlib import Path
from typing import Any

import pytest

from local_db.checkpoints import SAFETY_VALVE_PAGES, CheckpointResult, WalCheckpointer
from local_db.models import SyncState
from local_db.store import Store, open_store
from tests.store.manual_clock import ManualClock
from tests.support.waiting import wait_until

PAGE = 4096


class Commits:
    """When the (pretend) store last committed, on the manual clock."""

    def __init__(self, clock: ManualClock) -> None:
        self._clock = clock
        self._last = float("-inf")

    def commit_now(self) -> None:
        self._last = self._clock.now()

    def last(self) -> float:
        return self._last


def write_pages(store: Store, commits: int, per_commit_bytes: int = 64 * PAGE) -> None:
    """Commits that each add about ``per_commit_bytes`` to the WAL."""
    for n in range(commits):
        with store.unit_of_work() as uow:
            uow.session.add(SyncState(key=f"filler-{n}", value="x" * per_commit_bytes))
            uow.commit()


def wal_bytes(path: Path) -> int:
    wal = path.with_name(path.name + "-wal")
    return wal.stat().st_size if wal.exists() else 0


def test_a_station_store_leaves_checkpoints_to_its_thread(tmp_path: Path) -> None:
    store = open_store(tmp_path / "station.sqlite3", background_checkpoints=True)
    try:
        assert store.checkpointer is not None
        with store.engine.connect() as connection:
            autocheckpoint = connection.exec_driver_sql("PRAGMA wal_autocheckpoint").scalar()
        assert autocheckpoint == SAFETY_VALVE_PAGES
    finally:
        store.close()


def test_commits_do_not_checkpoint_inline_and_the_thread_catches_up_in_a_gap(
    tmp_path: Path,
) -> None:
    path = tmp_path / "station.sqlite3"
    store = open_store(path, background_checkpoints=True)
    assert store.checkpointer is not None
    store.checkpointer.stop()  # held back while the commits run
    try:
        # 2,000+ pages: SQLite's inline default (1,000 pages) would have reset the WAL.
        write_pages(store, 32)
        assert wal_bytes(path) > 1500 * PAGE

        checkpointer = WalCheckpointer(
            path, last_commit=lambda: store.last_commit_at, interval_s=0.05, quiet_s=0.05
        )
        checkpointer.start()
        try:
            assert wait_until(lambda: checkpointer.last_result is not None)
            result = checkpointer.last_result
            assert isinstance(result, CheckpointResult)
            assert not result.busy
            assert result.wal_frames > 1500
            assert result.copied_frames == result.wal_frames
        finally:
            checkpointer.stop()
    finally:
        store.close()
    # Nothing was lost on the way into the database file.
    reopened = open_store(path)
    try:
        with reopened.read_session() as session:
            assert session.get(SyncState, "filler-31") is not None
    finally:
        reopened.close()


@pytest.fixture
def quiet_store(tmp_path: Path) -> Path:
    path = tmp_path / "station.sqlite3"
    open_store(path).close()
    return path


def test_it_waits_for_a_gap_in_the_commits(quiet_store: Path) -> None:
    clock = ManualClock()
    commits = Commits(clock)
    checkpointer = WalCheckpointer(
        quiet_store,
        last_commit=commits.last,
        interval_s=1.0,
        quiet_s=0.05,
        max_defer_s=60,
        clock=clock,
    )
    checkpointer.start()
    try:
        assert clock.settle() == 1.0  # the first round is due after one interval
        # A picker scanning every 40 ms: never 50 ms without a commit.
        while clock.now() < 3.0:
            commits.commit_now()
            clock.advance(0.04)
            clock.settle()
            assert checkpointer.last_result is None
        clock.advance(0.05)  # the gap
        clock.settle()
        assert checkpointer.last_result is not None
        assert checkpointer.failures == 0
    finally:
        checkpointer.stop()


def test_a_stream_of_commits_gets_its_checkpoint_after_max_defer(quiet_store: Path) -> None:
    clock = ManualClock()
    checkpointer = WalCheckpointer(
        quiet_store,
        last_commit=clock.now,  # a commit at every moment: no gap ever
        interval_s=1.0,
        quiet_s=0.5,
        max_defer_s=5.0,
        clock=clock,
    )
    checkpointer.start()
    try:
        clock.settle()
        clock.advance(1.0)  # the round starts at 1.0: it defers until 6.0 at the latest
        while clock.settle() <= 6.0:
            assert checkpointer.last_result is None
            clock.advance(0.5)
        assert checkpointer.last_result is not None
    finally:
        checkpointer.stop()


def test_stopping_runs_one_last_checkpoint(quiet_store: Path) -> None:
    clock = ManualClock()
    checkpointer = WalCheckpointer(quiet_store, interval_s=1.0, clock=clock)
    checkpointer.start()
    clock.settle()
    assert checkpointer.last_result is None
    checkpointer.stop()
    assert checkpointer.last_result is not None


def test_the_checkpoint_connection_fsyncs_the_database_file(
    quiet_store: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Once the WAL's pages are copied, the next writer starts the WAL again from its beginning:
    the database file must be on the disk before that, or a power cut loses commits that
    were durable in the WAL. The checkpoint connection therefore runs synchronous=FULL."""
    statements: list[str] = []
    real_connect = sqlite3.connect

    def traced_connect(*args: Any, **kwargs: Any) -> sqlite3.Connection:
        connection = real_connect(*args, **kwargs)
        connection.set_trace_callback(statements.append)
        return connection

    monkeypatch.setattr(sqlite3, "connect", traced_connect)
    checkpointer = WalCheckpointer(quiet_store, interval_s=1.0, clock=ManualClock())
    checkpointer.start()
    checkpointer.stop()  # one last checkpoint
    assert checkpointer.last_result is not None
    said = [" ".join(statement.split()).upper() for statement in statements]
    checkpoint = said.index("PRAGMA WAL_CHECKPOINT(PASSIVE)")
    assert "PRAGMA SYNCHRONOUS=FULL" in said[:checkpoint]


def test_a_failing_checkpoint_is_reported_and_retried(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    not_a_database = tmp_path / "station.sqlite3"
    not_a_database.write_bytes(b"this is not an SQLite file" * 200)
    checkpointer = WalCheckpointer(not_a_database, interval_s=0.01, quiet_s=0)
    with caplog.at_level(logging.WARNING, logger="wms.store.checkpoints"):
        checkpointer.start()
        try:
            assert wait_until(lambda: checkpointer.failures >= 3)
        finally:
            checkpointer.stop()
    assert checkpointer.last_result is None
    # Reported once, not once per attempt.
    assert len([r for r in caplog.records if "checkpoint" in r.getMessage()]) == 1
    with pytest.raises(sqlite3.DatabaseError):
        sqlite3.connect(not_a_database).execute("PRAGMA schema_version").fetchone()
