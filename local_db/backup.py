"""Backups of the store with SQLite's online backup API (#15).

Never a file copy: a copy of a live WAL database can miss committed pages still in the
``-wal`` file or catch a page half written. ``sqlite3.Connection.backup`` with ``pages=-1``
copies the whole database in one step inside one read transaction, so the copy is the
committed state at one instant (a prefix of the work), while writers go on (WAL: readers do
not block the writer).

Files are named ``<store stem>-<UTC time>-<reason>.sqlite3`` in the backup folder; those
older than the retention are deleted after each new backup.
"""

from __future__ import annotations

import datetime as dt
import logging
import sqlite3
from dataclasses import dataclass
from pathlib import Path
from typing import Final

from local_db.private_files import FILE_MODE, FOLDER_MODE, create_private_file

log = logging.getLogger("wms.store.backup")

BACKUP_FOLDER_NAME: Final = "backups"
BACKUP_SUFFIX: Final = ".sqlite3"
_STAMP: Final = "%Y%m%dT%H%M%S%fZ"


class BackupError(Exception):
    """A backup cannot be written or read (the message says which file and why)."""


@dataclass(frozen=True)
class BackupFile:
    path: Path
    taken_at: dt.datetime
    reason: str


def default_backup_dir(db_path: Path) -> Path:
    """Beside the store, so a backup is on the same protected, per-user folder."""
    return Path(db_path).parent / BACKUP_FOLDER_NAME


def _file_name(db_path: Path, reason: str, now: dt.datetime) -> str:
    return f"{Path(db_path).stem}-{now.astimezone(dt.UTC).strftime(_STAMP)}-{reason}{BACKUP_SUFFIX}"


def copy_database(source: Path, target: Path) -> None:
    """Copy ``source`` into ``target`` with the online backup API (one step: one snapshot).

    ``target`` is overwritten page by page by SQLite itself, so this also restores a backup
    into a store file (its -wal is taken care of by SQLite)."""
    src = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
    try:
        dst = sqlite3.connect(target)
        try:
            src.backup(dst, pages=-1)
        finally:
            dst.close()
    except sqlite3.Error as exc:
        raise BackupError(f"Copying {source} to {target} failed: {exc}") from exc
    finally:
        src.close()


def take_backup(
    db_path: Path, folder: Path, reason: str, *, now: dt.datetime | None = None
) -> BackupFile:
    """Write a consistent backup of the store at ``db_path`` into ``folder``."""
    now = now or dt.datetime.now(dt.UTC)
    folder.mkdir(mode=FOLDER_MODE, parents=True, exist_ok=True)
    target = folder / _file_name(db_path, reason, now)
    partial = target.with_name(target.name + ".partial")
    partial.unlink(missing_ok=True)
    # Consignee data and PIN hashes: the backup is this user's only, like the store.
    create_private_file(partial)
    try:
        copy_database(db_path, partial)
        partial.replace(target)
    except BaseException:
        partial.unlink(missing_ok=True)
        target.unlink(missing_ok=True)
        raise
    partial.with_name(partial.name + "-journal").unlink(missing_ok=True)
    target.chmod(FILE_MODE)
    log.info("store backed up (%s) to %s", reason, target)
    return BackupFile(target, now, reason)


def list_backups(folder: Path, db_path: Path) -> list[BackupFile]:
    """This store's backups in ``folder``, oldest first."""
    found = []
    prefix = f"{Path(db_path).stem}-"
    for path in folder.glob(f"{prefix}*{BACKUP_SUFFIX}"):
        stamp, _, reason = path.name[len(prefix) : -len(BACKUP_SUFFIX)].partition("-")
        try:
            taken_at = dt.datetime.strptime(stamp, _STAMP).replace(tzinfo=dt.UTC)
        except ValueError:
            continue  # not one of ours
        found.append(BackupFile(path, taken_at, reason))
    return sorted(found, key=lambda backup: backup.taken_at)


def prune_backups(
    folder: Path, db_path: Path, keep_days: float, *, now: dt.datetime | None = None
) -> list[Path]:
    """Delete this store's backups older than ``keep_days``; the newest is always kept."""
    now = now or dt.datetime.now(dt.UTC)
    cutoff = now - dt.timedelta(days=keep_days)
    backups = list_backups(folder, db_path)
    deleted = []
    for backup in backups[:-1]:
        if backup.taken_at < cutoff:
            backup.path.unlink(missing_ok=True)
            deleted.append(backup.path)
    return deleted


def latest_backup_at(folder: Path, db_path: Path, reason: str | None = None) -> dt.datetime | None:
    backups = [b for b in list_backups(folder, db_path) if reason is None or b.reason == reason]
    return backups[-1].taken_at if backups else None
