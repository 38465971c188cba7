"""``wms-floor backup``, ``wms-floor restore`` and ``wms-floor purge-personal-data``.

A backup reads through SQLite's online backup API and may run beside the station; a
restore and a purge write the store, so they refuse to run beside it (the station lock)."""

from __future__ import annotations

import argparse
from pathlib import Path

from app.services.personal_data import purge_personal_data
from local_db.store import open_store
from station.config import StationConfig
from station.housekeeping import back_up_now, backup_folder
from station.restore import RestoreReport, restore_store
from station.restore_oms import oms_highest_seq


def _common(parser: argparse.ArgumentParser) -> argparse.ArgumentParser:
    parser.add_argument("--config", type=Path, help="settings file (TOML)")
    parser.add_argument("--db", type=Path, help="station store (overrides the settings file)")
    parser.add_argument(
        "--set",
        action="append",
        default=[],
        metavar="SETTING=VALUE",
        help="set one setting for this run (wins over files and environment; repeatable)",
    )
    return parser


def backup_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="wms-floor backup",
        description=(
            "Write a consistent copy of the store (SQLite's online backup API, safe while the "
            "station runs) to the backup folder (backup_dir; default: 'backups' beside the "
            "store) or --to DIR. Backups older than backup_keep_days are deleted there."
        ),
    )
    parser.add_argument("--to", type=Path, help="folder to write the backup to")
    return _common(parser)


def restore_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="wms-floor restore",
        description=(
            "Replace the store by a backup (the current store is backed up first). Refused "
            "while the station runs, and refused when the backup is older than events this "
            "store has written, unless --force: the station then reconciles with the OMS at "
            "its next sync and shows every difference to a supervisor."
        ),
    )
    parser.add_argument("backup", type=Path, help="the backup file")
    parser.add_argument(
        "--force", action="store_true", help="restore a backup older than the store's events"
    )
    return _common(parser)


def purge_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="wms-floor purge-personal-data",
        description=(
            "Blank the consignee's name, phone, street address and district of orders shipped "
            "or cancelled more than personal_data_days (default 30) ago. The running station "
            "does this once a day itself; this command refuses to run beside it."
        ),
    )
    return _common(parser)


def run_backup(config: StationConfig, to: Path | None) -> str:
    backup = back_up_now(config, "manual", to)
    return f"Store backed up to {backup.path}."


def run_restore(config: StationConfig, backup: Path, force: bool) -> str:
    def ask_oms(path: Path) -> int | None:
        return oms_highest_seq(
            path, ca_bundle=config.ca_bundle, allow_insecure_http=config.allow_insecure_http
        )

    report: RestoreReport = restore_store(
        config.db_path, backup, backup_folder(config), force=force, oms_highest=ask_oms
    )
    lines = [f"Store {config.db_path} restored from {backup}."]
    if report.at_oms is None:
        lines.append("The OMS was not asked or did not answer: compared with the store only.")
    if report.saved_live_as is not None:
        lines.append(f"The replaced store was saved as {report.saved_live_as}.")
    if report.forced:
        lines.append(
            "Forced: the station reconciles its stock with the OMS at its next sync; every "
            "difference becomes an exception record for a supervisor."
        )
    return "\n".join(lines)


def run_purge(config: StationConfig) -> str:
    store = open_store(config.db_path, backup_dir=backup_folder(config))
    try:
        count = purge_personal_data(store, config.personal_data_days)
    finally:
        store.close()
    return (
        f"Personal data purged from {count} orders shipped or cancelled more than "
        f"{config.personal_data_days:g} days ago."
    )
