"""The live board page over a real store: it shows the figures and the colours, refreshes on
its (injected) timer only while on screen, and reads through the store gateway, off the UI
thread."""

from __future__ import annotations

import datetime as dt
import threading
from typing import Any

import pytest
from PySide6.QtCore import QTimer
from pytestqt.qtbot import QtBot
from sqlalchemy import func, select, update

from app.outbox import record_event
from app.queries.board.sync_health import Measure
from local_db.models import OutboxEvent
from local_db.store import Store
from oms_contract.events import InventoryAdjusted
from tests.flows.seed import SUPERVISOR_BADGE, add_order, add_stock
from ui.store_gateway import StoreGateway
from ui.supervisor import board_page
from ui.supervisor.board_page import BoardPage
from ui.supervisor.pages import CONSOLE_PAGES


def _waiting_events(store: Store, count: int, age: dt.timedelta) -> None:
    """``count`` stock events not sent yet; every waiting event ``age`` old."""
    with store.unit_of_work() as uow:
        for n in range(count):
            record_event(
                uow,
                InventoryAdjusted(
                    adjustment_no=f"ADJ-{n}",
                    owner_id="OWN1",
                    sku_id="SKU-TEA",
                    quantity=1,
                    reason_code="FOUND",
                ),
                "BADGE-P1",
            )
        uow.session.execute(
            update(OutboxEvent)
            .where(OutboxEvent.status == "pending")
            .values(occurred_at=dt.datetime.now(dt.UTC) - age)
        )
        uow.commit()


@pytest.fixture
def timer() -> QTimer:
    """Never fires by itself (an hour): the test ticks it."""
    injected = QTimer()
    injected.setInterval(3_600_000)
    return injected


@pytest.fixture
def page(qtbot: QtBot, gateway: StoreGateway, timer: QTimer) -> BoardPage:
    built = BoardPage(gateway, SUPERVISOR_BADGE, None, timer=timer)
    qtbot.addWidget(built)
    return built


@pytest.fixture
def read_threads(monkeypatch: pytest.MonkeyPatch) -> list[threading.Thread]:
    """The threads the board's reads ran on."""
    threads: list[threading.Thread] = []
    real_read = board_page.read_board

    def read_and_note(*args: Any) -> Any:
        threads.append(threading.current_thread())
        return real_read(*args)

    monkeypatch.setattr(board_page, "read_board", read_and_note)
    return threads


def _tick(qtbot: QtBot, page: BoardPage, timer: QTimer) -> None:
    before = page.snapshot
    timer.timeout.emit()
    qtbot.waitUntil(lambda: page.snapshot is not before)


def test_the_board_is_one_console_page() -> None:
    assert BoardPage in CONSOLE_PAGES


def test_the_page_shows_the_figures_and_the_colours(
    qtbot: QtBot, page: BoardPage, store: Store, timer: QTimer
) -> None:
    add_stock(store, "A-01-02-03", "SKU-TEA", 20)
    soon = dt.datetime.now(dt.UTC) + dt.timedelta(minutes=20)
    add_order(store, "SO-SOON", [("SKU-TEA", 1)], deadline=soon, carrier="ZTO")
    add_order(store, "SO-LATER", [("SKU-TEA", 1)], deadline=soon + dt.timedelta(hours=5))
    add_order(store, "SO-HELD", [("SKU-PHONE", 1)], expect="SHORTAGE")
    _waiting_events(store, 2, dt.timedelta(minutes=10))

    page.show()
    qtbot.waitUntil(lambda: page.snapshot is not None)

    assert page.title() == "Live board"
    tiles = {key: label.text() for key, label in page.order_tiles.items()}
    assert tiles["received_today"] == "3"
    assert tiles["allocated"] == "2"
    assert tiles["shortage"] == "1"
    assert tiles["shipped_today"] == "0"
    # The at-risk list: SO-SOON only (deadline within the hour), with its carrier.
    assert page.at_risk_table.rowCount() == 1
    assert page.at_risk_table.item(0, 0).text() == "SO-SOON"
    assert page.at_risk_table.item(0, 1).text() == "ZTO"
    # Sync health: each row with its value, its threshold named, and its colour.
    value, threshold, light = page.sync_rows[Measure.OLDEST_PENDING]
    assert light.property("light") == "red" and light.text() == "Alert"
    assert threshold.text() == "alert above 300 s"
    assert value.text().endswith(" s")
    value, threshold, light = page.sync_rows[Measure.BACKLOG]
    with store.read_session() as session:
        waiting = session.scalar(select(func.count()).where(OutboxEvent.status == "pending"))
    assert int(value.text()) == waiting
    assert threshold.text() == "alert above 1000"
    assert light.property("light") == "green" and light.text() == "OK"
    _, threshold, light = page.sync_rows[Measure.CALLBACK_SUCCESS]
    assert light.property("light") == "no_data" and threshold.text() == "alert below 99 %"
    # The exceptions table: the shortage of SO-HELD.
    assert page.exceptions_table.item(0, 0).text() == "Stock shortage"
    assert page.exceptions_table.item(0, 1).text() == "1"
    # The charts: an hour bar per hour of the day so far, one backlog sample.
    assert len(page.throughput_chart.values) >= 1
    assert len(page.backlog_chart.samples) == 1


def test_the_timer_refreshes_through_the_gateway_only_while_shown(
    qtbot: QtBot,
    page: BoardPage,
    store: Store,
    *,
    timer: QTimer,
    gateway: StoreGateway,
    read_threads: list[threading.Thread],
) -> None:
    page.show()
    qtbot.waitUntil(lambda: page.snapshot is not None)
    assert timer.isActive()
    assert page.order_tiles["received_today"].text() == "0"

    add_stock(store, "A-01-02-03", "SKU-TEA", 20)
    add_order(store, "SO-NEW", [("SKU-TEA", 1)])
    timer.timeout.emit()
    assert gateway.pending == 1  # asked of the store thread, not read here
    qtbot.waitUntil(lambda: page.order_tiles["received_today"].text() == "1")
    assert len(page.backlog_chart.samples) == 2
    assert read_threads and threading.main_thread() not in read_threads

    page.hide()
    assert not timer.isActive()


def test_a_tick_while_a_read_is_under_way_is_not_doubled(
    qtbot: QtBot, page: BoardPage, timer: QTimer, gateway: StoreGateway
) -> None:
    page.show()
    timer.timeout.emit()  # the first read (from show) is still under way
    assert gateway.pending == 1
    qtbot.waitUntil(lambda: page.snapshot is not None)
    _tick(qtbot, page, timer)
    assert len(page.backlog_chart.samples) == 2
