"""#10.1 against the real reference OMS: a feed entry no station can store (a bin with
pick_sequence 2**70) is served by the OMS; the station refuses it alone and keeps reading.

If the OMS refuses such master data (the contract bounds it), the entry goes straight into
the OMS's feed table, as a record from before the bound or a corrupted one would be.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select

from local_db.models import ExceptionRecord, Location
from local_db.store import Store
from station.sync_wiring import floor_hooks
from sync.engine import SyncEngine, SyncSettings
from sync.pull import FEED_REFUSED
from sync.state import feed_cursor
from tests.support.oms_process import RunningOms
from tests.sync.floor_work import create_command, order_status
from tests.sync.real_oms import SKU, WAREHOUSE, enrolled_station

HUGE_BIN = {"code": "Z-99-99-99", "zone": "Z", "pick_sequence": 2**70}


@pytest.fixture
def station(oms_demo_server: RunningOms, tmp_path: Path) -> Iterator[Store]:
    store, _ = enrolled_station(oms_demo_server, tmp_path / "station.sqlite3")
    yield store
    store.close()


def serve_huge_bin(oms: RunningOms) -> None:
    """Put the bin in the warehouse feed: through the OMS API if it accepts it, else as a
    legacy row in its feed table (appended under the same rules: next seq, head moved)."""
    if oms.admin_post(
        "/master-data", {"warehouse_id": WAREHOUSE, "locations": [HUGE_BIN]}
    ).is_success:
        return
    body = json.dumps({"kind": "master_data_upserted", "master_data": {"locations": [HUGE_BIN]}})
    path = oms.database_url.removeprefix("sqlite:///")
    with sqlite3.connect(path) as db:
        (head,) = db.execute(
            "SELECT last_feed_seq FROM warehouse WHERE warehouse_id = ?", (WAREHOUSE,)
        ).fetchone()
        db.execute(
            "UPDATE warehouse SET last_feed_seq = ? WHERE warehouse_id = ?", (head + 1, WAREHOUSE)
        )
        db.execute(
            "INSERT INTO feed_entry (warehouse_id, seq, kind, body_json, created_at) "
            "VALUES (?, ?, 'master_data_upserted', ?, '2026-11-22 03:00:00.000000')",
            (WAREHOUSE, head + 1, body),
        )
    db.close()


def oms_head(oms: RunningOms) -> int:
    path = oms.database_url.removeprefix("sqlite:///")
    with sqlite3.connect(path) as db:
        (head,) = db.execute(
            "SELECT last_feed_seq FROM warehouse WHERE warehouse_id = ?", (WAREHOUSE,)
        ).fetchone()
    db.close()
    return int(head)


@pytest.mark.expected_log_errors(
    r"^wms\.sync\.(feed|pull): Feed entry \d+ \(master_data_upserted\) "
    r"(is malformed|refused and skipped)"
)
def test_an_entry_no_store_can_hold_is_refused_and_the_next_command_arrives(
    oms_demo_server: RunningOms, station: Store
) -> None:
    engine = SyncEngine(station, SyncSettings(), hooks=floor_hooks())
    status = engine.run_once()
    assert status.online, status.last_error
    serve_huge_bin(oms_demo_server)
    bin_seq = oms_head(oms_demo_server)
    order_no = create_command(oms_demo_server, SKU, 1)

    status = engine.run_once()
    engine.close()

    assert status.online
    assert order_status(station, order_no) == "ALLOCATED"
    with station.read_session() as session:
        assert feed_cursor(session) > bin_seq  # past the bin, and the command after it
        assert session.get(Location, HUGE_BIN["code"]) is None
        records = session.scalars(
            select(ExceptionRecord).where(ExceptionRecord.exception_type == FEED_REFUSED)
        ).all()
    assert len(records) == 1
    assert "master_data_upserted" in records[0].detail_args_json
    assert "refused" in (status.last_error or "")
