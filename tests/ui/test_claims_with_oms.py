"""Order claims on the real station window (#14): another station's claim reaches this
station's task list through the feed ("Taken by ..."), and scanning that order is refused
naming the holder — real widgets offscreen, the real OMS process, a second real station.

Seed 002 §模块2 (分布式锁: 并发控制 — one order, one station at a time).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from app.claim_port import ClaimOutcome
from app.flows.view import Feedback
from station.claims_port import OmsClaimPort
from tests.support.oms_process import RunningOms
from tests.sync.claim_stations import LAMP_ORDER
from tests.sync.floor_work import order_status
from tests.sync.real_oms import enrolled_station
from tests.ui.conftest import scan
from ui.launcher import Station
from ui.models.task_table_model import TaskTableModel

pytestmark = pytest.mark.slow


def status_of(model: TaskTableModel, order_no: str) -> str | None:
    for row in range(model.rowCount()):
        if model.data(model.index(row, 0), Qt.ItemDataRole.DisplayRole) == order_no:
            return str(model.data(model.index(row, 1), Qt.ItemDataRole.DisplayRole))
    return None


def test_another_stations_claim_shows_taken_and_the_scan_is_refused(
    qtbot: QtBot, online_station: Station, oms_demo_server: RunningOms, tmp_path: Path
) -> None:
    station = online_station
    assert station.engine is not None
    other, _ = enrolled_station(oms_demo_server, tmp_path / "other.sqlite3", "Pack line 2")
    try:
        station.engine.sync_now()
        # The badge only once the first pull brought the demo's operators and orders.
        store = station.store
        qtbot.waitUntil(lambda: order_status(store, LAMP_ORDER) == "ALLOCATED", timeout=60_000)
        scan(qtbot, station, "P001")
        model = station.window.task_screen.model
        qtbot.waitUntil(lambda: status_of(model, LAMP_ORDER) == "To pick", timeout=60_000)

        # The other station claims the order through its real claim port.
        assert OmsClaimPort(other).claim(LAMP_ORDER).outcome is ClaimOutcome.GRANTED
        station.engine.sync_now()
        qtbot.waitUntil(
            lambda: status_of(model, LAMP_ORDER) == "Taken by Pack line 2", timeout=60_000
        )

        # Refused at the task list already: the picker does not walk to the bin.
        view = scan(qtbot, station, LAMP_ORDER)
        assert view.flow.feedback is Feedback.BAD
        assert view.flow.message is not None
        assert view.flow.message.code == "order_claimed_elsewhere"
        assert view.flow.message.args == {"order": LAMP_ORDER, "station": "Pack line 2"}
    finally:
        other.close()
