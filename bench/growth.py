"""A year of the benchmark's daily volume at the station, with and without pruning (#12.11).

    python -m bench.growth [--quick] [--orders-per-day N] [--days D]

The day's volume is the live board's day (``bench.board``): 5,000 orders shipped a day, three
lines each (the data set's 150,108 lines for 50,000 orders). Per order the station writes
eight outbox events (received, PICKING, one ``picked_lines`` per line, PICKED, PACKED,
SHIPPED) and five audit rows (receive, three picks, ship), plus 2,000 stock events a day
(moves, receipts, adjustments) with an audit row each: 42,000 events and 32,000 audit rows a
day. The feed brings the day's 5,000 commands and the echo of every accepted event: 47,000
applied feed entries a day. Compressed: each day's rows are written with plain SQL (one
transaction, times spread over the working day), all accepted a few seconds after they
happened; with pruning, ``sync.retention.prune_sync_history`` then runs as the engine runs
it once a day (90 days kept, batches of 100; no pause between batches here). ``--quick``
simulates 1/100 of the volume; the per-day figures scale linearly.

Figures: the store file's size after ``--days`` days with and without pruning, the part of
it the sync history takes (outbox, applied feed log and their indexes, by ``dbstat``), the
audit log's share (kept: it is not sync history), and the longest single prune batch (how
long a scan can wait behind the prune).
"""

from __future__ import annotations

import argparse
import datetime as dt
import itertools
import sqlite3
import statistics
import tempfile
import time
import uuid
from dataclasses import dataclass
from pathlib import Path

from bench.common import OUT, figure, load_average
from local_db.store import Store, open_store
from local_db.types import to_sqlite_utc
from sync.retention import prune_sync_history

FULL_ORDERS_PER_DAY = 5_000
QUICK_ORDERS_PER_DAY = 50
LINES_PER_ORDER = 3
STOCK_EVENTS_PER_ORDER = 0.4  # 2,000 a day for 5,000 orders
KEEP_DAYS = 90.0
START = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
HISTORY_TABLES = ("outbox_event", "applied_feed_entry")

_EVENT = (
    "INSERT INTO outbox_event (id, event_id, station_seq, event_type, order_no, payload_json, "
    "operator, occurred_at, status, attempts, accepted_at) "
    "VALUES (?, ?, ?, ?, ?, ?, 'P001', ?, 'accepted', 1, ?)"
)
_AUDIT = (
    "INSERT INTO audit_log (id, occurred_at, operator, action, entity, entity_key, before_json, "
    "after_json, outbox_event_id) VALUES (?, ?, 'P001', ?, ?, ?, NULL, ?, ?)"
)
_APPLIED = "INSERT INTO applied_feed_entry (seq, kind, applied_at, outcome) VALUES (?, ?, ?, ?)"
_STATE = (
    "INSERT INTO sync_state (key, value) VALUES (?, ?) "
    "ON CONFLICT (key) DO UPDATE SET value = excluded.value"
)


def _status(order: str, status: str) -> str:
    return (
        f'{{"event_type":"outbound_status","order_no":"{order}","wms_outbound_no":"W{order}",'
        f'"status":"{status}","status_time":"2026-01-01T10:00:00Z","tracking_no":null,'
        '"carrier_code":null,"package_count":null,"weight":null,"error_code":null,'
        '"error_message":null}'
    )


def _picked(order: str, line: int) -> str:
    sku, bin_ = f"SKU-{line:06d}", f"A-{line % 40:02d}-{line % 7:02d}-01"
    return (
        f'{{"event_type":"picked_lines","order_no":"{order}","lines":[{{"sku_id":"{sku}",'
        f'"quantity":1,"location_code":"{bin_}","batch_no":null,"serials":[]}}],'
        f'"movements":[{{"location_code":"{bin_}","owner_id":"OWN-01","sku_id":"{sku}",'
        '"batch_no":null,"expiry_date":null,"bucket":"on_hand","delta":-1}]}'
    )


def _stock(number: int) -> str:
    sku = f"SKU-{number % 100_000:06d}"
    return (
        '{"event_type":"stock_changed","warehouse_id":"WH-BENCH","owner_id":"OWN-01",'
        f'"sku_id":"{sku}","change_type":"MOVE","change_qty":0,"available_qty":{number % 500},'
        f'"movements":[{{"location_code":"B-01-01-01","owner_id":"OWN-01","sku_id":"{sku}",'
        '"batch_no":null,"expiry_date":null,"bucket":"on_hand","delta":-4},'
        f'{{"location_code":"B-02-02-02","owner_id":"OWN-01","sku_id":"{sku}",'
        '"batch_no":null,"expiry_date":null,"bucket":"on_hand","delta":4}],'
        '"feed_cursor":12345}'
    )


@dataclass
class Counters:
    event: int = 0
    audit: int = 0
    feed: int = 0
    order: int = 0


def _day(db: sqlite3.Connection, day: int, orders: int, n: Counters) -> None:
    """One day's outbox, audit rows and applied feed entries, all accepted and applied."""
    start = START + dt.timedelta(days=day, hours=8)
    events: list[tuple[object, ...]] = []
    audits: list[tuple[object, ...]] = []
    applied: list[tuple[object, ...]] = []
    stock_events = int(orders * STOCK_EVENTS_PER_ORDER)
    per_day = orders * (5 + LINES_PER_ORDER) + stock_events
    step = dt.timedelta(hours=10) / max(1, per_day)

    def event(kind: str, order: str | None, payload: str, action: str | None) -> None:
        n.event += 1
        at = start + step * (len(events) + 1)
        events.append(
            (
                n.event,
                str(uuid.uuid4()),
                n.event,
                kind,
                order,
                payload,
                to_sqlite_utc(at),
                to_sqlite_utc(at + dt.timedelta(seconds=2)),
            )
        )
        if action is not None:
            n.audit += 1
            audits.append(
                (n.audit, to_sqlite_utc(at), action, "outbound_order", order or "-", "{}", n.event)
            )
        n.feed += 1
        applied.append((n.feed, "station_event_accepted", to_sqlite_utc(at), "own event"))

    for _ in range(orders):
        n.order += 1
        order = f"SO-{n.order:09d}"
        n.feed += 1
        applied.append(
            (n.feed, "outbound_command_created", to_sqlite_utc(start), "received, allocated")
        )
        event("outbound_received", order, _status(order, "RECEIVED"), "receive_order")
        event("outbound_status", order, _status(order, "PICKING"), None)
        for line in range(LINES_PER_ORDER):
            event("picked_lines", order, _picked(order, n.order + line), "confirm_pick")
        event("outbound_status", order, _status(order, "PICKED"), None)
        event("outbound_status", order, _status(order, "PACKED"), None)
        event("outbound_status", order, _status(order, "SHIPPED"), "ship_order")
    for number in range(stock_events):
        event("stock_changed", None, _stock(n.event + number), "move_stock")
    db.execute("BEGIN IMMEDIATE")
    db.executemany(_EVENT, events)
    db.executemany(_AUDIT, audits)
    db.executemany(_APPLIED, applied)
    db.execute(_STATE, ("feed_cursor", str(n.feed)))
    db.execute(_STATE, ("last_station_seq", str(n.event)))
    db.execute("COMMIT")


def _sizes(path: Path) -> tuple[int, int, int]:
    """(file bytes, sync history bytes, audit log bytes) after a checkpoint."""
    db = sqlite3.connect(path)
    try:
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        file_bytes = path.stat().st_size
        by_table: dict[str, int] = {}
        for _name, table, size in db.execute(
            "SELECT d.name, coalesce(m.tbl_name, d.name), sum(d.pgsize) FROM dbstat d "
            "LEFT JOIN sqlite_schema m ON m.name = d.name GROUP BY d.name"
        ):
            by_table[table] = by_table.get(table, 0) + int(size)
        history = sum(by_table.get(t, 0) for t in HISTORY_TABLES)
        return file_bytes, history, by_table.get("audit_log", 0)
    finally:
        db.close()


def _prune_day(store: Store, day: int) -> list[float]:
    """The engine's daily prune at the end of ``day``; each batch's seconds."""
    marks = [time.perf_counter()]
    prune_sync_history(
        store,
        KEEP_DAYS,
        now=START + dt.timedelta(days=day + 1),
        pause=lambda: marks.append(time.perf_counter()),
    )
    return [b - a for a, b in itertools.pairwise(marks)]


@dataclass
class Run:
    file_mb: float
    history_mb: float
    audit_mb: float
    outbox_rows: int
    seconds: float
    batch_median_ms: float
    batch_max_ms: float


def simulate(path: Path, orders_per_day: int, days: int, prune: bool) -> Run:
    for suffix in ("", "-wal", "-shm"):
        Path(str(path) + suffix).unlink(missing_ok=True)
    open_store(path, integrity="readable").close()  # the schema at head, as a station has it
    # As the station opens it: WAL checkpoints on their own thread, not inside a commit.
    store = open_store(path, integrity="readable", background_checkpoints=True) if prune else None
    db = sqlite3.connect(path, isolation_level=None)
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("PRAGMA synchronous=OFF")  # the day's writes only; the prune runs as shipped
    counters = Counters()
    batches: list[float] = []
    began = time.perf_counter()
    try:
        for day in range(days):
            _day(db, day, orders_per_day, counters)
            if store is None:
                continue
            batches += _prune_day(store, day)
        seconds = time.perf_counter() - began
        rows = int(db.execute("SELECT count(*) FROM outbox_event").fetchone()[0])
    finally:
        db.close()
        if store is not None:
            store.close()
    file_bytes, history, audit = _sizes(path)
    mb = 1024 * 1024
    median = statistics.median(batches) * 1000 if batches else 0.0
    longest = max(batches, default=0.0) * 1000
    return Run(file_bytes / mb, history / mb, audit / mb, rows, seconds, median, longest)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="1/100 of the daily volume")
    parser.add_argument("--orders-per-day", type=int, help="default 5,000 (quick: 50)")
    parser.add_argument("--days", type=int, default=365)
    args = parser.parse_args(argv)
    orders = args.orders_per_day or (QUICK_ORDERS_PER_DAY if args.quick else FULL_ORDERS_PER_DAY)
    OUT.mkdir(parents=True, exist_ok=True)
    print(f"growth: {orders} orders a day for {args.days} days, {load_average()}", flush=True)
    with tempfile.TemporaryDirectory(dir=OUT) as folder:
        kept = simulate(Path(folder) / "kept.sqlite3", orders, args.days, prune=False)
        pruned = simulate(Path(folder) / "pruned.sqlite3", orders, args.days, prune=True)
    note = f"{orders} orders/day, {args.days} days"
    figure("growth_store_unpruned_mb", kept.file_mb, "MB", note)
    figure("growth_store_pruned_mb", pruned.file_mb, "MB", f"{note}, {KEEP_DAYS:g} days kept")
    figure("growth_sync_history_unpruned_mb", kept.history_mb, "MB", "outbox + feed log")
    figure("growth_sync_history_pruned_mb", pruned.history_mb, "MB", "outbox + feed log")
    figure("growth_audit_log_mb", pruned.audit_mb, "MB", "kept in both (not sync history)")
    figure("growth_outbox_rows_unpruned", kept.outbox_rows, "rows")
    figure("growth_outbox_rows_pruned", pruned.outbox_rows, "rows")
    figure("growth_prune_batch_median_ms", pruned.batch_median_ms, "ms", "writer lock per batch")
    figure("growth_prune_batch_max_ms", pruned.batch_max_ms, "ms", "the longest batch")
    figure("growth_run_s", kept.seconds + pruned.seconds, "s")


if __name__ == "__main__":
    main()
