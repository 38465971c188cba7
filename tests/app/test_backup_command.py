"""The backup and personal-data settings, ``wms-floor backup`` / ``purge-personal-data`` and
the station's daily chores from the sync engine (#15). Seed 003 (分离库存模型: the station's
database is its own; 数据一致性) and seed 000 §2 (the command's 收货人 data)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from sqlalchemy import text

from local_db.backup import list_backups
from local_db.station_lock import StationLock
from local_db.store import open_store
from local_db.types import to_sqlite_utc, utc_now
from station.config import ConfigError, load_config
from station.exit_codes import ExitCode
from station.main import main
from station.sync_wiring import floor_hooks
from sync.engine import SyncEngine, SyncSettings
from tests.store.support import BINS, add_stock, allocated, order, seed_master_data


def _settings(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "config.toml"
    path.write_text(body, encoding="utf-8")
    return path


def test_the_settings_have_defaults_and_are_validated(tmp_path: Path) -> None:
    config = load_config(_settings(tmp_path, ""))
    assert (config.backup_dir, config.backup_keep_days, config.personal_data_days) == (
        None,
        14,
        30,
    )
    with pytest.raises(ConfigError, match="personal_data_days"):
        load_config(_settings(tmp_path, "personal_data_days = 0\n"))


def test_wms_floor_backup_writes_to_the_folder_asked_for(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "station.sqlite3"
    open_store(db).close()
    config = _settings(tmp_path, f'db_path = "{db}"\n')
    assert main(["backup", "--config", str(config), "--to", str(tmp_path / "usb")]) == 0
    assert "backed up to" in capsys.readouterr().out
    assert [b.reason for b in list_backups(tmp_path / "usb", db)] == ["manual"]


def test_the_engine_runs_the_daily_backup_and_purge_even_unenrolled(tmp_path: Path) -> None:
    db = tmp_path / "station.sqlite3"
    store = open_store(db)
    seed_master_data(store)
    add_stock(store, BINS[0], "SKU-A", 5)
    allocated(store, "SO-1", [("SKU-A", 1)])
    old = to_sqlite_utc(utc_now() - dt.timedelta(days=40))
    with store.unit_of_work() as uow:
        uow.session.execute(
            text("UPDATE outbound_order SET status = 'CANCELLED', updated_at = :t"), {"t": old}
        )
        uow.commit()
    config = load_config(
        _settings(tmp_path, f'db_path = "{db}"\nbackup_dir = "{tmp_path / "b"}"\n')
    )
    engine = SyncEngine(store, SyncSettings(), hooks=floor_hooks(config))
    try:
        engine.run_once()
        engine.run_once()  # once a day: not again
    finally:
        engine.close()
    assert [b.reason for b in list_backups(tmp_path / "b", db)] == ["daily"]
    assert order(store, "SO-1").consignee == ""
    store.close()


def test_wms_floor_purge_personal_data_refuses_beside_a_running_station(tmp_path: Path) -> None:
    db = tmp_path / "station.sqlite3"
    open_store(db).close()
    config = _settings(tmp_path, f'db_path = "{db}"\n')
    with StationLock(db):
        assert main(["purge-personal-data", "--config", str(config)]) == ExitCode.ALREADY_RUNNING
    assert main(["purge-personal-data", "--config", str(config)]) == ExitCode.OK
