"""Backups of the store (#15). Seed 003 (分离库存模型: each WMS owns its database, so the
station's store is the only copy of floor work not yet at the OMS; 数据一致性): a backup is
taken with SQLite's online backup API while the floor writes and is a consistent prefix of
the committed work; a schema migration is preceded by one; old ones go after the set days."""

from __future__ import annotations

import datetime as dt
import sqlite3
import subprocess
import sys
import threading
from pathlib import Path

from sqlalchemy import func, select

from local_db.backup import list_backups, prune_backups, take_backup
from local_db.models import OutboxEvent
from local_db.store import Store, migrate_to_head, open_store
from tests.sync.helpers import add_outbox_row, stock_event


def _seqs(path: Path) -> list[int]:
    connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        assert connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        return [seq for (seq,) in connection.execute("SELECT station_seq FROM outbox_event")]
    finally:
        connection.close()


def test_a_backup_taken_while_another_thread_writes_is_a_consistent_prefix(
    tmp_path: Path,
) -> None:
    store = open_store(tmp_path / "station.sqlite3")
    committed = 0
    started = threading.Event()
    stop = threading.Event()

    def write() -> None:
        nonlocal committed
        while not stop.is_set():
            with store.unit_of_work() as uow:
                for _ in range(5):  # one transaction of five events: all or none in a copy
                    add_outbox_row(uow.session, stock_event())
                uow.commit()
            committed += 5
            if committed >= 100:
                started.set()

    writer = threading.Thread(target=write)
    writer.start()
    try:
        started.wait()
        before = committed
        backup = take_backup(store.db_path, tmp_path / "backups", "manual")
        # Keep writing after the copy, so the copy is not simply the final state.
        target = committed + 100
        while committed < target and writer.is_alive():
            threading.Event().wait(0.001)
    finally:
        stop.set()
        writer.join()
    seqs = sorted(_seqs(backup.path))
    assert seqs == list(range(1, len(seqs) + 1))  # a prefix, nothing missing in between
    assert len(seqs) % 5 == 0  # whole transactions only
    assert len(seqs) >= before
    with store.read_session() as session:
        assert session.scalar(select(func.count()).select_from(OutboxEvent)) > len(seqs)
    store.close()
    assert [b.reason for b in list_backups(tmp_path / "backups", store.db_path)] == ["manual"]


def _store_with_events(path: Path, count: int) -> Store:
    store = open_store(path)
    with store.unit_of_work() as uow:
        for _ in range(count):
            add_outbox_row(uow.session, stock_event())
        uow.commit()
    return store


def test_a_schema_migration_is_preceded_by_a_backup_and_only_then(tmp_path: Path) -> None:
    db = tmp_path / "station.sqlite3"
    backups = tmp_path / "backups"
    new = tmp_path / "new.sqlite3"
    open_store(new, backup_dir=backups).close()  # a new store: nothing to keep
    assert list_backups(backups, new) == []
    migrate_to_head(db, "0008")  # a store of the previous station version
    open_store(db, backup_dir=backups).close()
    taken = list_backups(backups, db)
    assert [b.reason for b in taken] == ["pre-migration"]
    check = sqlite3.connect(taken[0].path)
    assert check.execute("SELECT version_num FROM alembic_version").fetchone()[0] == "0008"
    check.close()
    open_store(db, backup_dir=backups).close()  # at head: no migration, no backup
    assert len(list_backups(backups, db)) == 1


def test_backups_older_than_the_set_days_are_deleted_but_never_the_newest(
    tmp_path: Path,
) -> None:
    store = _store_with_events(tmp_path / "station.sqlite3", 3)
    folder = tmp_path / "backups"
    now = dt.datetime(2026, 12, 1, tzinfo=dt.UTC)
    old = take_backup(store.db_path, folder, "daily", now=now - dt.timedelta(days=20))
    recent = take_backup(store.db_path, folder, "daily", now=now - dt.timedelta(days=2))
    assert prune_backups(folder, store.db_path, 14, now=now) == [old.path]
    assert [b.path for b in list_backups(folder, store.db_path)] == [recent.path]
    assert prune_backups(folder, store.db_path, 1, now=now) == []  # the newest stays
    assert _seqs(recent.path) == [1, 2, 3]
    store.close()


_WRITER = """
import sys
from pathlib import Path
from local_db.store import open_store
from tests.sync.helpers import add_outbox_row, stock_event

store = open_store(Path(sys.argv[1]))
written = 0
while True:
    with store.unit_of_work() as uow:
        for _ in range(5):
            add_outbox_row(uow.session, stock_event())
        uow.commit()
    written += 5
    print(written, flush=True)
"""


def test_a_backup_taken_while_another_process_writes_is_a_consistent_prefix(
    tmp_path: Path,
) -> None:
    db = tmp_path / "station.sqlite3"
    open_store(db).close()
    writer = subprocess.Popen(
        [sys.executable, "-c", _WRITER, str(db)],
        stdout=subprocess.PIPE,
        text=True,
        cwd=Path(__file__).resolve().parents[2],
    )
    assert writer.stdout is not None
    try:
        before = 0
        while before < 100:  # the writer says what it has committed
            before = int(writer.stdout.readline())
        backup = take_backup(db, tmp_path / "backups", "manual")
        after = before
        while after < before + 100:
            after = int(writer.stdout.readline())
    finally:
        writer.kill()
        writer.wait()
        writer.stdout.close()
    seqs = sorted(_seqs(backup.path))
    assert seqs == list(range(1, len(seqs) + 1))
    assert len(seqs) % 5 == 0
    assert before <= len(seqs) < after
