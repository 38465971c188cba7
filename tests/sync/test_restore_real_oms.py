"""Restoring a station's store from a backup (#15) against the real OMS process. Seed 003
(分离库存模型, 3: 实现单据处理的幂等性，防止重复处理导致数据错误; 定期库存对账机制): a backup
older than the events the station already sent is refused unless forced; after a forced
restore the events the backup still holds as unsent come back ``duplicate`` (the OMS applies
nothing twice), new events never reuse a station number, and the first sync round
reconciles the stock with the OMS."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select

from local_db.backup import list_backups, take_backup
from local_db.models import OutboxEvent
from local_db.station_lock import StationLock
from local_db.store import Store, open_store
from station.exit_codes import ExitCode
from station.main import main
from station.restore import RestoreRefused, restore_store
from station.sync_wiring import floor_hooks
from sync.engine import SyncEngine, SyncSettings
from sync.state import LAST_RECONCILE_AT, read_state, read_time
from tests.support.oms_process import RunningOms
from tests.sync.real_oms import enrolled_station, oms_on_hand, queue_found_goods, sync_round

LAST_STATION_SEQ = "last_station_seq"


def _sync(store: Store) -> None:
    engine = SyncEngine(store, SyncSettings(), hooks=floor_hooks())
    try:
        sync_round(engine)
    finally:
        engine.close()


def _statuses(store: Store) -> dict[str, str]:
    with store.read_session() as session:
        rows = session.execute(select(OutboxEvent.event_id, OutboxEvent.status)).all()
    return {event_id: status for event_id, status in rows}


def _highest_seq(store: Store) -> int:
    with store.read_session() as session:
        return session.scalar(select(func.max(OutboxEvent.station_seq))) or 0


def test_an_older_backup_is_refused_and_a_forced_restore_converges_with_the_oms(
    oms_demo_server: RunningOms, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "station.sqlite3"
    folder = tmp_path / "backups"
    config = tmp_path / "config.toml"
    config.write_text(f'db_path = "{db}"\nbackup_dir = "{folder}"\n', encoding="utf-8")
    base = oms_on_hand(oms_demo_server)
    store, _ = enrolled_station(oms_demo_server, db)
    sent_before = queue_found_goods(store, 3)
    _sync(store)  # accepted, and the stock reconciled
    with store.read_session() as session:
        reconciled_before = read_time(session, LAST_RECONCILE_AT)
    assert reconciled_before is not None
    unsent_in_backup = queue_found_goods(store, 2)
    backup = take_backup(db, tmp_path / "kept", "manual").path
    _sync(store)
    lost = queue_found_goods(store, 2)
    _sync(store)  # sent: the backup knows nothing of them
    assert oms_on_hand(oms_demo_server) == base + 7
    live_highest = _highest_seq(store)
    store.close()

    with pytest.raises(RestoreRefused, match="Restoring it would lose those events"):
        restore_store(db, backup, folder)
    with StationLock(db):  # a running station holds this lock
        assert main(["restore", str(backup), "--force", "--config", str(config)]) == (
            ExitCode.ALREADY_RUNNING
        )
    assert main(["restore", str(backup), "--config", str(config)]) == ExitCode.FAILED
    assert "nothing restored" in capsys.readouterr().err
    store = open_store(db)
    assert set(lost) <= set(_statuses(store))  # refused: the live store is untouched
    store.close()

    assert main(["restore", str(backup), "--force", "--config", str(config)]) == ExitCode.OK
    assert "Forced" in capsys.readouterr().out
    assert [b.reason for b in list_backups(folder, db)] == ["pre-restore"]
    store = open_store(db)
    statuses = _statuses(store)
    assert not set(lost) & set(statuses)
    assert [statuses[e] for e in sent_before + unsent_in_backup] == ["accepted"] * 3 + [
        "pending"
    ] * 2
    with store.read_session() as session:
        # The lost events' numbers are never given out again.
        assert read_state(session, LAST_STATION_SEQ) == str(live_highest)
    _sync(store)
    # The backup's unsent events went out again and came back duplicate: nothing twice.
    statuses = _statuses(store)
    assert [statuses[e] for e in unsent_in_backup] == ["accepted"] * 2
    assert oms_on_hand(oms_demo_server) == base + 7
    with store.read_session() as session:
        reconciled_after = read_time(session, LAST_RECONCILE_AT)
    assert reconciled_after is not None and reconciled_after > reconciled_before
    store.close()


def test_with_the_store_lost_the_oms_tells_that_the_backup_is_older(
    oms_demo_server: RunningOms, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "station.sqlite3"
    config = tmp_path / "config.toml"
    config.write_text(f'db_path = "{db}"\n', encoding="utf-8")
    store, _ = enrolled_station(oms_demo_server, db)
    queue_found_goods(store, 2)
    _sync(store)
    backup = take_backup(db, tmp_path / "kept", "manual").path
    queue_found_goods(store, 2)
    _sync(store)
    highest = _highest_seq(store)
    store.close()
    for companion in ("", "-wal", "-shm"):  # the disk died
        db.with_name(db.name + companion).unlink(missing_ok=True)

    assert main(["restore", str(backup), "--config", str(config)]) == ExitCode.FAILED
    err = capsys.readouterr().err
    assert f"the OMS accepted up to {highest}" in err, err
    assert not db.exists() or db.stat().st_size == 0
    assert main(["restore", str(backup), "--force", "--config", str(config)]) == ExitCode.OK
    store = open_store(db)
    with store.read_session() as session:
        assert read_state(session, LAST_STATION_SEQ) == str(highest)
    _sync(store)
    store.close()
