"""The station's daily chores beside the sync history prune (#15): a backup of the store and
the purge of finished orders' personal data. The sync engine calls them once a day through
``FloorHooks.daily`` (sync never imports app); ``wms-floor backup`` and
``wms-floor purge-personal-data`` run them by hand."""

from __future__ import annotations

import datetime as dt
import logging
from pathlib import Path
from typing import Final

from app.services.personal_data import purge_personal_data
from local_db.backup import (
    BackupFile,
    default_backup_dir,
    latest_backup_at,
    prune_backups,
    take_backup,
)
from local_db.store import Store
from station.config import StationConfig

log = logging.getLogger("wms.housekeeping")

DAILY: Final = "daily"
# A station restarted during the day does not take a second daily backup.
_DAILY_GAP: Final = dt.timedelta(hours=20)


def backup_folder(config: StationConfig) -> Path:
    return config.backup_dir or default_backup_dir(config.db_path)


def back_up_now(config: StationConfig, reason: str, folder: Path | None = None) -> BackupFile:
    """A backup now, then the old ones past ``backup_keep_days`` deleted."""
    folder = folder or backup_folder(config)
    backup = take_backup(config.db_path, folder, reason)
    prune_backups(folder, config.db_path, config.backup_keep_days)
    return backup


def daily_chores(config: StationConfig, store: Store) -> None:
    """Once a day from the station process; each chore on its own so one failing does not
    stop the other (both try again the next day)."""
    now = dt.datetime.now(dt.UTC)
    last = latest_backup_at(backup_folder(config), config.db_path, DAILY)
    if last is None or now - last >= _DAILY_GAP:
        try:
            back_up_now(config, DAILY)
        except Exception:
            log.exception("The daily backup of the store failed")
    try:
        purge_personal_data(store, config.personal_data_days)
    except Exception:
        log.exception("Purging finished orders' personal data failed")
