"""The store: migrated on open, tuned pragmas, units of work commit or roll back."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from sqlalchemy import select

from local_db.errors import StoreProblem, StoreUnavailable
from local_db.models import SyncState
from local_db.store import open_store


def test_open_store_creates_parent_and_tunes_sqlite(tmp_path: Path) -> None:
    store = open_store(tmp_path / "nested" / "station.sqlite3")
    try:
        with store.engine.connect() as connection:
            pragma = connection.exec_driver_sql
            assert pragma("PRAGMA journal_mode").scalar() == "wal"
            assert pragma("PRAGMA synchronous").scalar() == 2  # FULL
            assert pragma("PRAGMA foreign_keys").scalar() == 1
            assert pragma("PRAGMA busy_timeout").scalar() == 5000
    finally:
        store.close()


def test_reopening_a_migrated_store_keeps_data(tmp_path: Path) -> None:
    path = tmp_path / "station.sqlite3"
    store = open_store(path)
    with store.unit_of_work() as uow:
        uow.session.add(SyncState(key="station_id", value="ST-1"))
        uow.commit()
    store.close()
    store = open_store(path)
    with store.read_session() as session:
        assert session.get(SyncState, "station_id") is not None
    store.close()


def test_unit_of_work_without_commit_rolls_back(tmp_path: Path) -> None:
    store = open_store(tmp_path / "s.sqlite3")
    with store.unit_of_work() as uow:
        uow.session.add(SyncState(key="k", value="v"))
        uow.session.flush()
    with pytest.raises(ZeroDivisionError), store.unit_of_work() as uow:
        uow.session.add(SyncState(key="k2", value="v"))
        uow.session.flush()
        _ = 1 / 0
    with store.read_session() as session:
        assert session.scalars(select(SyncState)).all() == []
    store.close()


def test_unit_of_work_holds_the_write_lock(tmp_path: Path) -> None:
    store = open_store(tmp_path / "s.sqlite3")
    with store.unit_of_work() as uow:
        # BEGIN IMMEDIATE was issued on entry: the connection is inside a write transaction.
        raw = uow.session.connection().connection.driver_connection
        assert raw is not None
        assert raw.in_transaction
        with pytest.raises(RuntimeError, match="nested"), store.unit_of_work():
            pass
    store.close()


def test_a_second_writer_process_is_locked_out_while_a_unit_of_work_is_open(
    tmp_path: Path,
) -> None:
    # Two Store objects on one file behave like two processes: the first unit of work holds
    # SQLite's write lock from its start (BEGIN IMMEDIATE), so the second cannot begin.
    path = tmp_path / "s.sqlite3"
    first = open_store(path)
    second = open_store(path, busy_timeout_ms=50)
    with first.unit_of_work() as uow:
        uow.session.add(SyncState(key="a", value="1"))
        uow.session.flush()
        with pytest.raises(StoreUnavailable, match="busy") as refused, second.unit_of_work():
            pass
        assert refused.value.problem is StoreProblem.BUSY
        # Readers are never blocked by the writer (WAL) and see only committed data.
        with second.read_session() as session:
            assert session.get(SyncState, "a") is None
        uow.commit()
    with second.unit_of_work() as uow:
        assert uow.session.get(SyncState, "a") is not None
    first.close()
    second.close()


def test_writers_of_one_process_take_turns(tmp_path: Path) -> None:
    store = open_store(tmp_path / "s.sqlite3")
    results: list[str] = []

    def write(key: str) -> None:
        with store.unit_of_work() as uow:
            uow.session.add(SyncState(key=key, value=key))
            uow.commit()
            results.append(key)

    threads = [threading.Thread(target=write, args=(f"k{n}",)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(results) == [f"k{n}" for n in range(8)]
    with store.read_session() as session:
        assert len(session.scalars(select(SyncState)).all()) == 8
    store.close()


def test_plain_sql_datetimes_are_written_as_the_orm_writes_them(tmp_path: Path) -> None:
    import datetime as dt

    from local_db.models import AuditLog
    from local_db.types import to_sqlite_utc

    store = open_store(tmp_path / "s.sqlite3")
    moments = [
        dt.datetime(2026, 11, 22, 4, 5, 6, tzinfo=dt.UTC),  # no microseconds
        dt.datetime(2026, 1, 2, 3, 4, 5, 600, tzinfo=dt.timezone(dt.timedelta(hours=8))),
        dt.datetime(987, 6, 5, 4, 3, 2, 1, tzinfo=dt.UTC),  # SQLAlchemy pads the year
    ]
    try:
        with store.unit_of_work() as uow:
            for n, moment in enumerate(moments):
                uow.session.add(
                    AuditLog(
                        occurred_at=moment, operator="P1", action="a", entity="e", entity_key=str(n)
                    )
                )
            uow.commit()
        with store.engine.connect() as connection:
            stored = (
                connection.exec_driver_sql("SELECT occurred_at FROM audit_log ORDER BY entity_key")
                .scalars()
                .all()
            )
        assert stored == [to_sqlite_utc(moment) for moment in moments]
        with pytest.raises(ValueError, match="naive"):
            to_sqlite_utc(dt.datetime(2026, 1, 1))
    finally:
        store.close()
