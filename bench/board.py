"""One refresh of the supervisor's live board on the large store, in the middle of a day.

    python -m bench.board [--quick]

The generated store holds open orders and a backlog but no day's work, so a private copy is
first given one with plain SQL, in proportion to its orders: a fifth of them shipped (half
yesterday, half today, with their shipment rows), some packed, picked, being picked or held;
their pick tasks done with one ``confirm_pick`` audit row each (as the pick service writes);
deadlines spread over four days; 90 % of the outbox accepted by the OMS a few seconds after
it happened, a few events rejected; a few hundred open exceptions. Then
``app.queries.board.read_board`` runs as the page runs it (one read transaction), repeated;
the figure is its median and p95.
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
import statistics
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from bench.common import (
    copy_store,
    figure,
    load_average,
    peak_rss_figure,
    percentile,
    require_generated,
    scale_from_args,
)
from bench.generate import BASE_TIME, PICKERS

WARMUP = 3
DAY_START = BASE_TIME.replace(hour=0)
# The generated outbox spans 16 hours from BASE_TIME; its first 90 % (accepted here) end
# after 14.4 hours, so at 15 hours the last hour holds accepted events and pending ones wait.
NOW = BASE_TIME + dt.timedelta(hours=15)
EXCEPTION_TYPES = ("SHORT_PICK", "STOCK_SHORTAGE", "COUNT_DIFFERENCE", "OMS_REJECTED")


def _at(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).strftime("%Y-%m-%d %H:%M:%S.%f")


def _span(start: dt.datetime, hours: float, rank: int, count: int) -> str:
    return _at(start + dt.timedelta(hours=hours) * rank / max(1, count))


def _ship(db: sqlite3.Connection, orders: int) -> None:
    shipped = orders // 5
    for number in range(1, shipped + 1):
        yesterday = number <= shipped // 2
        day = DAY_START - dt.timedelta(days=1) if yesterday else DAY_START
        when = _span(day + dt.timedelta(hours=12), 8, number % (shipped // 2 or 1), shipped // 2)
        db.execute(
            "INSERT INTO shipment (order_id, tracking_no, carrier_code, package_count, "
            "weight_grams, shipped_by, shipped_at) VALUES (?, ?, 'SF', 1, 300, 'P0001', ?)",
            (number, f"SF{number:013d}", when),
        )
        db.execute(
            "UPDATE outbound_order SET status = 'SHIPPED', updated_at = ? WHERE id = ?",
            (when, number),
        )
    bands = (("PACKED", 0.04), ("PICKED", 0.04), ("PICKING", 0.02), ("SHORTAGE", 0.01))
    first = shipped + 1
    for status, share in bands:
        last = first + int(orders * share)
        db.execute(
            "UPDATE outbound_order SET status = ? WHERE id >= ? AND id < ?", (status, first, last)
        )
        first = last
    # Deadlines from two hours ago to four days ahead, in every open order.
    db.execute(
        "UPDATE outbound_order SET deadline = strftime('%Y-%m-%d %H:%M:%S.000000', ?, "
        "'+' || (id % 96) || ' hours'), priority = id % 3 WHERE id > ?",
        (_at(NOW - dt.timedelta(hours=2)), shipped),
    )


def _pick(db: sqlite3.Connection, orders: int) -> int:
    """Tasks of shipped/packed/picked orders done, half of those being picked; one audit row
    each, yesterday's first (ids rise with time, as in life)."""
    shipped = orders // 5
    picked_up_to = shipped + int(orders * 0.08)
    picking_up_to = picked_up_to + int(orders * 0.02)
    tasks = db.execute(
        "SELECT id, order_id, quantity FROM pick_task WHERE order_id <= ? ORDER BY order_id, id",
        (picking_up_to,),
    ).fetchall()
    tasks = [t for t in tasks if t[1] <= picked_up_to or t[0] % 2 == 0]
    yesterday = [t for t in tasks if t[1] <= shipped // 2]
    today = [t for t in tasks if t[1] > shipped // 2]
    for group, day in ((yesterday, DAY_START - dt.timedelta(days=1)), (today, DAY_START)):
        for rank, (task_id, order_id, quantity) in enumerate(group):
            when = _span(day + dt.timedelta(hours=6), 15, rank, len(group))
            picker = f"P{order_id % PICKERS + 1:04d}"
            db.execute(
                "UPDATE pick_task SET status = 'done', picked_qty = quantity, picked_by = ?, "
                "picked_at = ? WHERE id = ?",
                (picker, when, task_id),
            )
            db.execute(
                "INSERT INTO audit_log (occurred_at, operator, action, entity, entity_key, "
                "before_json, after_json) VALUES (?, ?, 'confirm_pick', 'pick_task', ?, ?, ?)",
                (
                    when,
                    picker,
                    str(task_id),
                    json.dumps({"picked_qty": 0}),
                    json.dumps({"order": "PICKING", "picked_qty": quantity, "status": "done"}),
                ),
            )
    return len(today)


def _sync_and_exceptions(db: sqlite3.Connection) -> None:
    (events,) = db.execute("SELECT count(*) FROM outbox_event").fetchone()
    accepted = int(events * 0.9)
    db.execute(
        "UPDATE outbox_event SET status = 'accepted', accepted_at = strftime("
        "'%Y-%m-%d %H:%M:%S.000000', occurred_at, '+' || (1 + id % 6) || ' seconds') "
        "WHERE id <= ?",
        (accepted,),
    )
    rejected = [
        row[0]
        for row in db.execute(
            "SELECT id FROM outbox_event WHERE status = 'accepted' ORDER BY id DESC LIMIT 5"
        )
    ]
    for row_id in rejected:
        db.execute("UPDATE outbox_event SET status = 'rejected' WHERE id = ?", (row_id,))
    for number in range(300):
        exception_type = EXCEPTION_TYPES[number % len(EXCEPTION_TYPES)]
        db.execute(
            "INSERT INTO exception_record (exception_type, order_no, severity, status, detail, "
            "detail_args_json, created_at) VALUES (?, ?, 'medium', 'open', '', '{}', ?)",
            (exception_type, f"SO-{number * 7:07d}", _span(DAY_START, 20, number, 300)),
        )


def prepare_day(db_path: Path) -> int:
    """The day's work written into ``db_path``; returns today's confirmed picks."""
    db = sqlite3.connect(db_path)
    try:
        (orders,) = db.execute("SELECT count(*) FROM outbound_order").fetchone()
        _ship(db, orders)
        picks = _pick(db, orders)
        _sync_and_exceptions(db)
        db.commit()
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        return picks
    finally:
        db.close()


PICKS_PER_REFRESH = 8
"""New picks between two refreshes: the day's rate (28,583 in 15 h at full scale) times the
page's 15 s."""


def _new_picks(store: Any, number: int) -> None:
    """A refresh interval's confirm_pick audit rows, as the pick service writes them."""
    with store.unit_of_work() as uow:
        for pick in range(PICKS_PER_REFRESH):
            uow.session.connection().exec_driver_sql(
                "INSERT INTO audit_log (occurred_at, operator, action, entity, entity_key, "
                "before_json, after_json) VALUES (?, ?, 'confirm_pick', 'pick_task', ?, ?, ?)",
                (
                    _at(NOW),
                    f"P{pick + 1:04d}",
                    str(number * PICKS_PER_REFRESH + pick),
                    json.dumps({"picked_qty": 0}),
                    json.dumps({"order": "PICKING", "picked_qty": 1, "status": "done"}),
                ),
            )
        uow.commit()


def _timed(refresh: Callable[[], Any]) -> tuple[float, float, Any]:
    began, began_cpu = time.perf_counter(), time.process_time()
    result = refresh()
    return (time.perf_counter() - began) * 1000, (time.process_time() - began_cpu) * 1000, result


def main() -> None:
    scale = scale_from_args(__doc__ or "")
    folder = require_generated(scale)
    from app.queries.board import BoardSettings, read_board
    from app.queries.board.throughput import PickTally
    from local_db.store import open_store

    db_path = copy_store(folder / "station.sqlite3", folder / "work-board" / "board.sqlite3")
    store = open_store(db_path)  # at the current schema before the day is written
    store.close()
    started = time.perf_counter()
    picks = prepare_day(db_path)
    print(f"# a day's work written in {time.perf_counter() - started:.1f} s", flush=True)
    store = open_store(db_path)
    reps = 50 if scale.name == "full" else 5
    settings = BoardSettings()
    wall: list[float] = []
    cpu: list[float] = []
    first_wall: list[float] = []
    first_cpu: list[float] = []
    load_before = load_average()
    try:
        # The page's first refresh: the whole day's picks are counted.
        for number in range(WARMUP + max(3, reps // 5)):
            ms, cpu_ms, _ = _timed(lambda: read_board(store, NOW, DAY_START, settings, PickTally()))
            if number >= WARMUP:
                first_wall.append(ms)
                first_cpu.append(cpu_ms)
        # Then every 15 s: the page's kept tally reads only the picks since the last refresh.
        tally = PickTally()
        read_board(store, NOW, DAY_START, settings, tally)
        for number in range(reps):
            _new_picks(store, number)
            ms, cpu_ms, board = _timed(lambda: read_board(store, NOW, DAY_START, settings, tally))
            wall.append(ms)
            cpu.append(cpu_ms)
    finally:
        store.close()
    note = (
        f"{reps} refreshes at {scale.name} scale, {PICKS_PER_REFRESH} new picks before each: "
        f"{board.orders.allocated} allocated, {board.at_risk.count} at risk, {picks} picks "
        f"today, {int(board.sync[3].value or 0)} events waiting; {load_before}"
    )
    figure("board_refresh_median_ms", statistics.median(wall), "ms", note)
    figure("board_refresh_p95_ms", percentile(wall, 0.95), "ms", f"n={len(wall)}")
    # The process's CPU time per refresh: what the refresh costs, whatever else the machine
    # runs (the wall-clock figures include waiting for a core on a loaded machine).
    figure("board_refresh_cpu_median_ms", statistics.median(cpu), "ms", "process_time")
    figure(
        "board_first_refresh_median_ms",
        statistics.median(first_wall),
        "ms",
        f"the page's first refresh, the whole day's picks read; n={len(first_wall)}",
    )
    figure("board_first_refresh_cpu_median_ms", statistics.median(first_cpu), "ms", "process_time")
    peak_rss_figure("board")


if __name__ == "__main__":
    main()
