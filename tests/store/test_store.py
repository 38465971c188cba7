"""The store: migrated on open, tuned pragmas, units of work commit or roll back."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

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
