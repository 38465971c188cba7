"""A station killed (SIGKILL, a real child process) in the middle of applying a feed page
resumes exactly where it stopped: the page it was applying is applied once, nothing twice."""

from __future__ import annotations

import signal
import subprocess
import sys
from pathlib import Path

from sqlalchemy import func, select

from local_db.models import AppliedFeedEntry, OutboundOrder, Stock
from local_db.store import open_store
from station.sync_wiring import floor_hooks
from sync.credentials import load_token
from sync.engine import SyncEngine, SyncSettings
from sync.state import feed_cursor
from tests.support.oms_process import RunningOms
from tests.sync.floor_work import oms_order
from tests.sync.real_oms import SKU, enrolled_station, oms_on_hand

REPO = Path(__file__).resolve().parents[2]


def local_on_hand(db_path: Path, sku_id: str) -> int:
    store = open_store(db_path)
    try:
        with store.read_session() as session:
            return int(
                session.scalar(select(func.sum(Stock.on_hand)).where(Stock.sku_id == sku_id)) or 0
            )
    finally:
        store.close()


def test_kill_during_a_pull_page_resumes_exactly_once(
    oms_demo_server: RunningOms, tmp_path: Path
) -> None:
    db_path = tmp_path / "station.sqlite3"
    store, device_id = enrolled_station(oms_demo_server, db_path)
    token = load_token(device_id).reveal()
    store.close()

    child = subprocess.run(
        [sys.executable, "-m", "tests.sync.pull_child", str(db_path), "2", "10"],
        input=token + "\n",
        capture_output=True,
        text=True,
        cwd=REPO,
        timeout=120,
        check=False,
    )
    assert child.returncode == -signal.SIGKILL, child.stderr
    assert "KILLED applying 11..20" in child.stdout

    # What survived the kill: exactly the first page, with its cursor.
    store = open_store(db_path)
    try:
        with store.read_session() as session:
            assert feed_cursor(session) == 10
            assert list(session.scalars(select(AppliedFeedEntry.seq))) == list(range(1, 11))
            assert session.scalar(select(func.count()).select_from(OutboundOrder)) == 0

        # The station starts again and catches up.
        engine = SyncEngine(store, SyncSettings(feed_page_size=10), hooks=floor_hooks())
        status = engine.run_once()
        engine.close()
        assert status.online, status.last_error
        with store.read_session() as session:
            applied = list(session.scalars(select(AppliedFeedEntry.seq)))
            outcomes = list(session.scalars(select(AppliedFeedEntry.outcome)))
            orders = list(session.scalars(select(OutboundOrder.order_no)))
            cursor = feed_cursor(session)
    finally:
        store.close()
    assert applied == list(range(1, cursor + 1))
    assert not [outcome for outcome in outcomes if outcome.startswith("refused")]
    assert len(orders) == len(set(orders)) == 12
    # Opening balances applied once: the station's stock equals the OMS's.
    assert local_on_hand(db_path, SKU) == oms_on_hand(oms_demo_server)
    # Each command was received once at the OMS.
    history = oms_order(oms_demo_server, "SO-DEMO-0001")["history"]
    assert isinstance(history, list)
    assert [entry["status"] for entry in history].count("RECEIVED") == 1
