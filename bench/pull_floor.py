"""Pull floor: the pull's own SQLite statements, replayed by the raw ``sqlite3`` module.

    python -m bench.pull_floor [--quick]

Runs the pull as ``bench.pull`` does while recording every statement the station sends to its
store, with its parameters, and every commit and rollback (SQLAlchemy's engine events). Then
replays them in order with the ``sqlite3`` module on a copy of the store as it was before the
pull, with the station's pragmas and its WAL checkpoints on their own thread. No HTTP, JSON,
validation, planning or ORM is left: only what SQLite itself needs for the same reads and
writes, in the same transactions. ``bench.pull``'s time over this one is the overhead the
station's Python adds; this one is the most the pull could gain without writing less.

The recording run's own time is not a figure (recording costs time and memory).
"""

from __future__ import annotations

import sqlite3
import time
from collections import defaultdict
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from sqlalchemy import event

from bench.common import figure, load_average, require_generated, scale_from_args
from bench.sync_setup import client_for, oms_and_station
from local_db.checkpoints import SAFETY_VALVE_PAGES, WalCheckpointer
from local_db.sqlite_tuning import BUSY_TIMEOUT_MS
from local_db.store import Store
from station.sync_wiring import floor_hooks
from sync.engine import SyncSettings, feed_puller

# (statement, parameters, executemany); COMMIT and ROLLBACK stand for the engine's own.
Recorded = tuple[str, Any, bool]
_COMMIT = "COMMIT"
_ROLLBACK = "ROLLBACK"


def record_pull(store: Store) -> list[Recorded]:
    """Pull the whole feed, recording the store's statements on the way."""
    recorded: list[Recorded] = []

    def on_statement(
        _conn: Any, _cursor: Any, statement: str, parameters: Any, _ctx: Any, many: bool
    ) -> None:
        recorded.append((statement, parameters, many))

    def on_commit(_conn: Any) -> None:
        recorded.append((_COMMIT, None, False))

    def on_rollback(_conn: Any) -> None:
        recorded.append((_ROLLBACK, None, False))

    engine = store.engine
    event.listen(engine, "before_cursor_execute", on_statement)
    event.listen(engine, "commit", on_commit)
    event.listen(engine, "rollback", on_rollback)
    client, identity = client_for(store)
    try:
        feed_puller(store, client, identity, floor_hooks(), SyncSettings()).pull_all()
    finally:
        client.close()
        event.remove(engine, "before_cursor_execute", on_statement)
        event.remove(engine, "commit", on_commit)
        event.remove(engine, "rollback", on_rollback)
    return recorded


def snapshot(store: Store, target: Path) -> None:
    """A consistent copy of the store as it is now (SQLite's online backup)."""
    target.unlink(missing_ok=True)
    source = sqlite3.connect(store.db_path)
    copy = sqlite3.connect(target)
    try:
        source.backup(copy)
    finally:
        copy.close()
        source.close()


def _connect(db_path: Path) -> sqlite3.Connection:
    # As local_db.sqlite_tuning sets up a station connection with its checkpoint thread.
    connection = sqlite3.connect(db_path, isolation_level=None, check_same_thread=False)
    for pragma in (
        "journal_mode=WAL",
        "synchronous=FULL",
        "foreign_keys=ON",
        f"busy_timeout={BUSY_TIMEOUT_MS}",
        f"wal_autocheckpoint={SAFETY_VALVE_PAGES}",
    ):
        connection.execute(f"PRAGMA {pragma}")
    return connection


def replay(db_path: Path, recorded: Sequence[Recorded]) -> tuple[float, dict[str, float]]:
    """Run the recorded statements in order; the seconds taken, and by statement kind."""
    last_commit = [float("-inf")]
    checkpointer = WalCheckpointer(db_path, last_commit=lambda: last_commit[0])
    connection = _connect(db_path)
    by_kind: dict[str, float] = defaultdict(float)
    checkpointer.start()
    try:
        started = time.perf_counter()
        for statement, parameters, many in recorded:
            before = time.perf_counter()
            if statement in (_COMMIT, _ROLLBACK):
                if connection.in_transaction:
                    connection.execute(statement)
                last_commit[0] = time.monotonic()
            elif many:
                connection.executemany(statement, parameters)
            else:
                connection.execute(statement, parameters or ()).fetchall()
            by_kind[" ".join(statement.split()[:3])] += time.perf_counter() - before
        seconds = time.perf_counter() - started
    finally:
        checkpointer.stop()
        connection.close()
    return seconds, by_kind


# Tables the pull writes: after the replay they must hold what the pull left.
_WRITTEN = ("outbound_order", "outbound_line", "pick_task", "outbox_event", "applied_feed_entry")


def row_counts(db_path: Path) -> dict[str, int]:
    connection = sqlite3.connect(db_path)
    try:
        return {
            table: int(connection.execute(f"SELECT count(*) FROM {table}").fetchone()[0])
            for table in _WRITTEN
        } | {"locked": int(connection.execute("SELECT total(locked) FROM stock").fetchone()[0])}
    finally:
        connection.close()


def main() -> None:
    scale = scale_from_args(__doc__ or "")
    folder = require_generated(scale)
    work = folder / "work-pull-floor"
    before_pull = work / "station-before-pull.sqlite3"
    with oms_and_station(folder, work) as (_, store):
        snapshot(store, before_pull)
        recorded = record_pull(store)
        pulled = row_counts(store.db_path)
    load_before = load_average()
    seconds, by_kind = replay(before_pull, recorded)
    replayed = row_counts(before_pull)
    if replayed != pulled:
        raise SystemExit(f"the replay did other work than the pull: {replayed} != {pulled}")
    statements = sum(1 for s, _, _ in recorded if s not in (_COMMIT, _ROLLBACK))
    rows = sum(len(p) if many else 1 for s, p, many in recorded if s not in (_COMMIT, _ROLLBACK))
    costliest = ", ".join(
        f"{kind} {s:.1f} s" for kind, s in sorted(by_kind.items(), key=lambda i: -i[1])[:4]
    )
    note = f"{statements} statements, {rows} rows; costliest: {costliest}; {load_before}"
    figure("pull_floor_s", seconds, "s", note)
    figure("pull_floor_entries_per_s", scale.feed_commands / seconds, "entries/s")


if __name__ == "__main__":
    main()
