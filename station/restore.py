"""Restoring the store from a backup (#15) without silently losing or repeating work.

A backup is refused when the live store has written events the backup does not have
(its highest ``station_seq``, outbox rows and the number mark in sync state, is beyond the
backup's), or when the OMS, if it answers, has accepted events beyond the backup's (the
store itself may be lost): those events would be gone from the station. ``force`` restores
anyway, and then:

- the station-number mark is kept at the live store's, so a new event never reuses a number
  the OMS may already have seen;
- the last reconciliation is forgotten, so the first sync round reconciles the stock with
  the OMS (every difference an exception record for a supervisor, ``sync.reconcile``);
- the feed cursor is the backup's: the station reads the OMS feed again from there.

Events the backup still holds as pending that the OMS already accepted are sent again and
come back ``duplicate`` (the OMS keeps every accepted event id for ever): nothing is applied
twice. The live store is backed up (``pre-restore``) before it is overwritten.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from app.outbox import LAST_STATION_SEQ
from local_db.backup import BackupError, copy_database, take_backup
from local_db.store import open_store
from sync.state import LAST_RECONCILE_AT, clear_state, write_state

_HIGHEST_SEQ = "SELECT max(station_seq) FROM outbox_event"
_HIGHEST_SENT = "SELECT max(station_seq) FROM outbox_event WHERE status != 'pending'"
_MARK = "SELECT value FROM sync_state WHERE key = ?"


class RestoreRefused(Exception):
    """The backup cannot or must not replace the store (the message says why)."""


@dataclass(frozen=True)
class StoreMarks:
    highest_seq: int
    """The highest station number the store has given out (outbox rows or the mark)."""
    highest_sent: int
    """The highest station number of an event the OMS answered."""


def read_marks(db_path: Path) -> StoreMarks:
    connection = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
    try:
        in_outbox = connection.execute(_HIGHEST_SEQ).fetchone()[0] or 0
        sent = connection.execute(_HIGHEST_SENT).fetchone()[0] or 0
        mark_row = connection.execute(_MARK, (LAST_STATION_SEQ,)).fetchone()
    finally:
        connection.close()
    mark = int(mark_row[0]) if mark_row and mark_row[0] else 0
    return StoreMarks(max(int(in_outbox), mark), max(int(sent), 0))


def check_backup(backup: Path) -> StoreMarks:
    """The backup is an intact station store: its marks, else RestoreRefused."""
    if not backup.is_file():
        raise RestoreRefused(f"{backup} does not exist.")
    try:
        connection = sqlite3.connect(f"file:{backup}?mode=ro", uri=True)
        try:
            verdict = connection.execute("PRAGMA integrity_check").fetchone()[0]
        finally:
            connection.close()
        if verdict != "ok":
            raise RestoreRefused(f"{backup} is damaged (integrity_check: {verdict}).")
        return read_marks(backup)
    except sqlite3.Error as exc:
        raise RestoreRefused(f"{backup} is not a station store backup ({exc}).") from exc


def _live_marks(db_path: Path) -> StoreMarks | None:
    """None when there is no readable live store (lost or damaged: nothing to compare)."""
    if not db_path.exists() or db_path.stat().st_size == 0:
        return None
    try:
        return read_marks(db_path)
    except sqlite3.Error:
        return None


@dataclass(frozen=True)
class RestoreReport:
    backup: StoreMarks
    live: StoreMarks | None
    at_oms: int | None
    """The highest station number the OMS accepted (None: not asked or not reachable)."""
    forced: bool
    saved_live_as: Path | None


_FORCE_ADVICE = (
    "Restore with --force only if the store is lost; the station then reconciles its stock "
    "with the OMS and shows every difference to a supervisor."
)


def restore_store(
    db_path: Path,
    backup: Path,
    backup_dir: Path,
    *,
    force: bool = False,
    oms_highest: Callable[[Path], int | None] = lambda _backup: None,
) -> RestoreReport:
    """Replace the store at ``db_path`` by ``backup``. The caller holds the station lock.
    ``oms_highest`` asks the OMS for the highest station number it accepted from the
    backup's station (None: not known)."""
    backup_marks = check_backup(backup)
    live = _live_marks(db_path)
    if live is not None and live.highest_seq > backup_marks.highest_seq and not force:
        raise RestoreRefused(
            f"The backup is older than work this store has done: its events end at station "
            f"number {backup_marks.highest_seq}, this store's at {live.highest_seq} (the OMS "
            f"has answered up to {live.highest_sent}). Restoring it would lose those events. "
            + _FORCE_ADVICE
        )
    at_oms = oms_highest(backup)
    if at_oms is not None and at_oms > backup_marks.highest_seq and not force:
        raise RestoreRefused(
            f"The backup is older than the events the OMS has from this station: its events "
            f"end at station number {backup_marks.highest_seq}, the OMS accepted up to "
            f"{at_oms}. " + _FORCE_ADVICE
        )
    highest_known = max(live.highest_seq if live else 0, at_oms or 0)
    behind = highest_known > backup_marks.highest_seq
    saved = None
    if live is not None:
        try:
            saved = take_backup(db_path, backup_dir, "pre-restore").path
        except BackupError:
            saved = None  # a damaged store cannot be copied; it is replaced all the same
    copy_database(backup, db_path)
    store = open_store(db_path, backup_dir=backup_dir)  # migrates an older backup
    try:
        with store.unit_of_work() as uow:
            if behind:
                # Numbers the lost events used are never given out again.
                write_state(uow.session, LAST_STATION_SEQ, str(highest_known))
            # The first sync round after a restore reconciles the stock with the OMS.
            clear_state(uow.session, LAST_RECONCILE_AT)
            uow.commit()
    finally:
        store.close()
    return RestoreReport(backup_marks, live, at_oms, behind, saved)
