"""Scan latency at the service level, beside the floor of raw ``sqlite3`` doing the same work.

    python -m bench.scan_service [--quick]

One validated pick scan = ``app.services.picking.confirm_pick`` in a unit of work (barcode
lookup, rule checks, stock and task update, outbox event, audit row, commit with the store's
``synchronous=FULL``). The floor does the same reads and writes with the stdlib ``sqlite3``
module, same pragmas, one transaction, on a second copy of the same store, scan for scan
(interleaved, so both see the same disk and the same load). Both leave WAL checkpoints to a
background thread, as the station does (``local_db.checkpoints``). The ratio of the two p99s is the
figure we track.
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
import statistics
import time
import uuid
from pathlib import Path
from typing import Any

from bench.common import (
    copy_store,
    figure,
    latency_figures,
    load_average,
    peak_rss_figure,
    percentile,
    require_generated,
    scale_from_args,
)
from bench.pick_plan import PickScan, plan_picks
from local_db.checkpoints import SAFETY_VALVE_PAGES, WalCheckpointer

WARMUP = 10


def service_scan(store: Any, scan: PickScan) -> float:
    from app.services.picking import confirm_pick

    started = time.perf_counter()
    with store.unit_of_work() as uow:
        confirm_pick(
            uow,
            scan.task_id,
            location_code=scan.location_code,
            barcode=scan.barcode,
            quantity=1,
            operator=scan.operator,
            batch_no=scan.batch_no,
        )
        uow.commit()
    return time.perf_counter() - started


def raw_connection(db_path: Path) -> sqlite3.Connection:
    """The station's pragmas, WAL checkpoints left to a thread as the station does."""
    connection = sqlite3.connect(db_path, isolation_level=None)
    for pragma in (
        "journal_mode=WAL",
        "synchronous=FULL",
        "foreign_keys=ON",
        "busy_timeout=5000",
        f"wal_autocheckpoint={SAFETY_VALVE_PAGES}",
    ):
        connection.execute(f"PRAGMA {pragma}")
    return connection


def _now() -> str:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None).isoformat(sep=" ")


def _record_event(
    cur: sqlite3.Cursor, event_type: str, order_no: str, payload: dict[str, Any], operator: str
) -> int:
    """The outbox append, as app.outbox does it: high-water mark + max(station_seq) + insert."""
    mark = cur.execute("SELECT value FROM sync_state WHERE key = 'last_station_seq'").fetchone()
    in_outbox = cur.execute("SELECT max(station_seq) FROM outbox_event").fetchone()[0] or 0
    seq = max(in_outbox, int(mark[0]) if mark else 0) + 1
    cur.execute("UPDATE sync_state SET value = ? WHERE key = 'last_station_seq'", (str(seq),))
    cur.execute(
        "INSERT INTO outbox_event (event_id, station_seq, event_type, order_no, payload_json, "
        "operator, occurred_at, status, attempts) VALUES (?, ?, ?, ?, ?, ?, ?, 'pending', 0)",
        (uuid.uuid4().hex, seq, event_type, order_no, json.dumps(payload), operator, _now()),
    )
    return int(cur.lastrowid or 0)


def _status_payload(order_no: str, wms_no: str, status: str) -> dict[str, Any]:
    return {
        "event_type": "outbound_status",
        "order_no": order_no,
        "wms_outbound_no": wms_no,
        "status": status,
        "status_time": _now(),
        "movements": [],
    }


def raw_scan(connection: sqlite3.Connection, scan: PickScan) -> float:
    """confirm_pick's reads and writes, by hand: the floor of what the service could cost."""
    started = time.perf_counter()
    cur = connection.cursor()
    cur.execute("BEGIN IMMEDIATE")
    (
        task_id,
        order_id,
        line_id,
        stock_id,
        location,
        sku_id,
        batch_no,
        expiry,
        quantity,
        picked,
        short,
        serials,
        status,
    ) = cur.execute(
        "SELECT id, order_id, line_id, stock_id, location_code, sku_id, batch_no, expiry_date, "
        "quantity, picked_qty, short_qty, serials_json, status FROM pick_task WHERE id = ?",
        (scan.task_id,),
    ).fetchone()
    order_no, owner_id, order_status, remote, wms_no = cur.execute(
        "SELECT order_no, owner_id, status, handled_remotely, wms_outbound_no "
        "FROM outbound_order WHERE id = ?",
        (order_id,),
    ).fetchone()
    assert status == "open" and not remote and order_status in ("ALLOCATED", "PICKING")
    assert location.upper() == scan.location_code.upper()
    lines = cur.execute(
        "SELECT id, sku_id, barcode FROM outbound_line WHERE order_id = ? ORDER BY line_no",
        (order_id,),
    ).fetchall()
    scanned = next((line[1] for line in lines if line[2] == scan.barcode), None)
    if scanned is None:
        scanned = cur.execute(
            "SELECT sku_id FROM barcode WHERE code = ? AND owner_id = ?", (scan.barcode, owner_id)
        ).fetchone()[0]
    assert scanned == sku_id
    batch_managed, serial_managed = cur.execute(
        "SELECT batch_managed, serial_managed FROM sku WHERE owner_id = ? AND sku_id = ?",
        (owner_id, sku_id),
    ).fetchone()
    assert not batch_managed or scan.batch_no == batch_no
    assert quantity - picked - short >= 1 and not serial_managed
    now = _now()
    events = []
    if order_status == "ALLOCATED":
        cur.execute(
            "UPDATE outbound_order SET status = 'PICKING', updated_at = ? WHERE id = ?",
            (now, order_id),
        )
        events.append(("outbound_status", _status_payload(order_no, wms_no, "PICKING")))
    stock = cur.execute(
        "SELECT location_code, owner_id, sku_id, batch_no, expiry_date, on_hand, locked "
        "FROM stock WHERE id = ?",
        (stock_id,),
    ).fetchone()
    cur.execute(
        "UPDATE stock SET on_hand = on_hand - 1, locked = locked - 1 WHERE id = ?", (stock_id,)
    )
    done = quantity - picked - short - 1 == 0
    cur.execute(
        "UPDATE pick_task SET picked_qty = ?, serials_json = ?, picked_by = ?, picked_at = ?, "
        "status = ? WHERE id = ?",
        (picked + 1, serials, scan.operator, now, "done" if done else "open", task_id),
    )
    cur.execute("UPDATE outbound_line SET picked_qty = picked_qty + 1 WHERE id = ?", (line_id,))
    movement = {
        "location_code": stock[0],
        "owner_id": stock[1],
        "sku_id": stock[2],
        "batch_no": stock[3],
        "expiry_date": stock[4],
        "bucket": "on_hand",
        "delta": -1,
    }
    events.append(
        (
            "picked_lines",
            {
                "event_type": "picked_lines",
                "order_no": order_no,
                "lines": [
                    {
                        "sku_id": sku_id,
                        "quantity": 1,
                        "location_code": location,
                        "batch_no": batch_no,
                        "expiry_date": expiry,
                        "serials": [],
                        "short_qty": 0,
                    }
                ],
                "movements": [movement],
            },
        )
    )
    if done:
        still_open = cur.execute(
            "SELECT count(*) FROM pick_task WHERE order_id = ? AND status = 'open'", (order_id,)
        ).fetchone()[0]
        if still_open == 0:
            cur.execute(
                "UPDATE outbound_order SET status = 'PICKED', updated_at = ? WHERE id = ?",
                (now, order_id),
            )
            events.append(("outbound_status", _status_payload(order_no, wms_no, "PICKED")))
    first_event = 0
    for event_type, payload in events:
        event_row = _record_event(cur, event_type, order_no, payload, scan.operator)
        first_event = first_event or event_row
    cur.execute(
        "INSERT INTO audit_log (occurred_at, operator, action, entity, entity_key, before_json, "
        "after_json, outbox_event_id) VALUES (?, ?, 'confirm_pick', 'pick_task', ?, ?, ?, ?)",
        (
            now,
            scan.operator,
            str(task_id),
            json.dumps({"picked_qty": picked}),
            json.dumps({"picked_qty": picked + 1, "status": "done" if done else "open"}),
            first_event,
        ),
    )
    cur.execute("COMMIT")
    return time.perf_counter() - started


def main() -> None:
    scale = scale_from_args(__doc__ or "")
    folder = require_generated(scale)
    from local_db.store import open_store

    work = folder / "work-scan-service"
    service_db = copy_store(folder / "station.sqlite3", work / "service.sqlite3")
    raw_db = copy_store(folder / "station.sqlite3", work / "raw.sqlite3")
    scans = plan_picks(service_db, scale.scan_reps + WARMUP)
    store = open_store(service_db, background_checkpoints=True)
    raw = raw_connection(raw_db)
    raw_committed = [float("-inf")]
    raw_checkpoints = WalCheckpointer(raw_db, last_commit=lambda: raw_committed[0])
    raw_checkpoints.start()
    service_s: list[float] = []
    raw_s: list[float] = []
    load_before = load_average()
    try:
        for number, scan in enumerate(scans):
            service = service_scan(store, scan)
            floor = raw_scan(raw, scan)
            raw_committed[0] = time.monotonic()
            if number >= WARMUP:
                service_s.append(service)
                raw_s.append(floor)
    finally:
        store.close()
        raw_checkpoints.stop()
        raw.close()
    note = f"{len(service_s)} scans at {scale.name} scale; {load_before}"
    latency_figures("scan_service", service_s, note)
    latency_figures("scan_raw_sqlite", raw_s, "same scans, stdlib sqlite3, same pragmas")
    figure(
        "scan_service_to_raw_p99_ratio",
        percentile(service_s, 0.99) / percentile(raw_s, 0.99),
        "x",
        "target: within 3x",
    )
    figure(
        "scan_service_to_raw_median_ratio",
        statistics.median(service_s) / statistics.median(raw_s),
        "x",
        "the typical scan: Python/ORM cost over the floor",
    )
    peak_rss_figure("scan_service")


if __name__ == "__main__":
    main()
