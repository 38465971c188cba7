"""``wms-floor prune``: prune the sync history now, as the running station does once a day
(``sync.retention``), e.g. before backing up a store that was offline for months."""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from pathlib import Path

from local_db.store import open_store
from station.config import StationConfig
from sync.retention import prune_sync_history


def prune_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="wms-floor prune",
        description=(
            "Delete outbox events the OMS accepted and applied feed entries older than "
            "sync_history_days (default 90), in short batches. Events not yet accepted, held "
            "or rejected are never deleted. The running station does this once a day itself; "
            "this command refuses to run beside it."
        ),
    )
    parser.add_argument("--config", type=Path, help="settings file (TOML)")
    parser.add_argument("--db", type=Path, help="station store (overrides the settings file)")
    parser.add_argument(
        "--days",
        type=float,
        help="keep this many days instead of the settings file's sync_history_days (>= 1)",
    )
    return parser


def run_prune(config: StationConfig, days: float | None) -> str:
    """Prune the store of ``config``; the line to print."""
    keep_days = config.sync_history_days if days is None else days
    store = open_store(config.db_path)
    try:
        report = prune_sync_history(store, keep_days)
    finally:
        store.close()
    return (
        f"Pruned {report.outbox_rows} accepted outbox events and {report.feed_log_rows} "
        f"applied feed entries older than {keep_days:g} days "
        f"({report.cutoff.isoformat(timespec='seconds')})."
    )


def parse_days(parser: argparse.ArgumentParser, argv: Sequence[str]) -> argparse.Namespace:
    args = parser.parse_args(argv)
    if args.days is not None and not 1 <= args.days <= 3650:
        parser.error(f"--days must be between 1 and 3650, not {args.days:g}")
    return args
