"""End to end (#13.7): on a station enrolled to the real reference OMS with its demo data, an
operator's count is left for a supervisor; the demo's own supervisor (badge and PIN from
oms_server/demo.py, arrived with the master data) opens the console on the operator's session
and approves it; the OMS books the adjustment. Station and OMS formats meet for real: the
badge, the PIN hash, the stock and the adjustment event."""

from __future__ import annotations

import pytest
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from local_db.models import OutboxEvent, Stock
from local_db.store import Store
from oms_server.demo import SUPERVISOR_PIN
from tests.support.oms_process import RunningOms
from tests.sync.floor_work import barcode_of
from tests.sync.real_oms import oms_on_hand
from tests.ui.conftest import scan, type_number
from ui.launcher import Station
from ui.supervisor.approvals_page import ApprovalsPage

pytestmark = pytest.mark.slow

MUG = "ACME-MUG-01"
MUG_BIN = "A-01-01-02"  # the demo's opening stock of mugs


def books(store: Store) -> int:
    with store.read_session() as session:
        row = session.scalars(
            select(Stock).where(Stock.location_code == MUG_BIN, Stock.sku_id == MUG)
        ).first()
        return row.on_hand if row is not None else 0


def adjustment_status(store: Store) -> str | None:
    with store.read_session() as session:
        return session.scalar(
            select(OutboxEvent.status).where(OutboxEvent.event_type == "inventory_adjusted")
        )


def test_the_demo_supervisor_approves_a_count_in_the_console_and_the_oms_books_it(
    qtbot: QtBot, online_station: Station, oms_demo_server: RunningOms
) -> None:
    station = online_station
    store = station.store
    assert station.engine is not None
    station.engine.sync_now()
    qtbot.waitUntil(lambda: books(store) > 10, timeout=60_000)
    counted = books(store) - 10
    oms_before = oms_on_hand(oms_demo_server, sku_id=MUG)

    # The operator counts ten mugs fewer than the books hold: above the threshold.
    scan(qtbot, station, "P001")
    scan(qtbot, station, "CMD:MODE:COUNT")
    scan(qtbot, station, MUG_BIN)
    scan(qtbot, station, barcode_of(store, MUG))
    type_number(qtbot, station, str(counted))
    view = scan(qtbot, station, "CMD:CONFIRM")
    assert view.flow.message is not None and view.flow.message.code == "count_needs_supervisor"
    view = scan(qtbot, station, "CMD:CANCEL")
    assert view.flow.message is not None and view.flow.message.code == "count_left_pending"

    # The demo's supervisor opens the console on the operator's session.
    scan(qtbot, station, "CMD:MODE:SUPER")
    scan(qtbot, station, "S001")
    view = type_number(qtbot, station, SUPERVISOR_PIN)
    assert view.flow.console is not None and view.flow.console.badge == "S001"
    console = station.window.console
    assert console is not None
    assert console.signed_in_label.text() == (
        "Supervisor 陈静 Chen Jing (S001) runs this console on 李伟 Li Wei's session"
    )
    assert console.show_page(ApprovalsPage)
    page = console.tabs.currentWidget()
    assert isinstance(page, ApprovalsPage)
    qtbot.waitUntil(lambda: page.table.rowCount() == 1, timeout=10_000)
    assert page.rows[0].created_by == "P001" and page.rows[0].quantity == -10
    page.decide_selected("approve")
    # Sync status changes reload the page too: wait for the decision, then for the list.
    qtbot.waitUntil(lambda: page.decided == 1 and page.table.rowCount() == 0, timeout=10_000)
    assert books(store) == counted

    # The decision travels through the outbox; the OMS accepts it and books it once.
    qtbot.waitUntil(lambda: adjustment_status(store) == "accepted", timeout=60_000)
    qtbot.waitUntil(lambda: oms_on_hand(oms_demo_server, sku_id=MUG) == oms_before - 10)
