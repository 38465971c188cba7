"""The station's scheduled check for work not processed in time (seed 000 §5.2
``@Scheduled(fixedRate = 300000)`` … "订单…超时未处理"): the window's check runs on the
store thread when its timer ticks, and the record it writes is worded for the supervisor."""

from __future__ import annotations

import datetime as dt

from pytestqt.qtbot import QtBot
from sqlalchemy import select

from app.supervision.exceptions import Reason, Resolution
from app.supervision.overdue_orders import EXCEPTION_TYPE, check_overdue
from local_db.models.records import ExceptionRecord
from local_db.store import Store
from local_db.types import utc_now
from tests.flows.seed import add_order, add_stock
from tests.ui.conftest import WindowTimers
from tests.ui.test_exceptions_page import open_page
from ui.exception_texts import detail_text, type_text
from ui.launcher import Station
from ui.overdue_watch import OverdueWatch
from ui.store_gateway import StoreGateway


def test_a_tick_records_an_order_past_its_deadline(
    qtbot: QtBot, station: Station, window_timers: WindowTimers
) -> None:
    add_stock(station.store, "A-01-02-03", "SKU-TEA", 5)
    add_order(
        station.store, "SO-LATE", [("SKU-TEA", 1)], deadline=utc_now() - dt.timedelta(minutes=1)
    )
    watch = station.window.findChild(OverdueWatch)
    assert watch is not None and watch.last is None

    window_timers.tick_overdue()
    qtbot.waitUntil(lambda: watch.last is not None)

    assert watch.last is not None and [order for order, _ in watch.last.raised] == ["SO-LATE"]
    with station.store.read_session() as session:
        record = session.scalars(
            select(ExceptionRecord).where(ExceptionRecord.exception_type == EXCEPTION_TYPE)
        ).one()
    assert type_text(record.exception_type) == "Not processed in time"
    assert detail_text(record.detail_code, record.detail_args_json).startswith(
        "Order SO-LATE (ALLOCATED) has not shipped by its deadline "
    )


def test_the_supervisor_acknowledges_it_in_the_exception_queue(
    qtbot: QtBot, store: Store, gateway: StoreGateway
) -> None:
    """§5.2's answer to 超时未处理 is 催促或转仓 (hurry or re-route): the station's supervisor
    sees the record in the queue, in words, and acknowledges it."""
    add_stock(store, "A-01-02-03", "SKU-TEA", 5)
    add_order(store, "SO-OLD", [("SKU-TEA", 1)])
    check_overdue(store, utc_now() + dt.timedelta(hours=5))
    page = open_page(qtbot, gateway)
    cells = [page.table.item(0, c).text() for c in range(page.table.columnCount())]
    assert cells[1:3] == ["Not processed in time", "SO-OLD"]
    assert cells[7].startswith("Order SO-OLD arrived ") and "still ALLOCATED after 4 h" in cells[7]
    assert "Not processed in time 1" in page.counts_label.text()

    with qtbot.waitSignal(page.reloaded, timeout=5000):
        page.take_button.click()
    choices = [page.resolution_choice.itemData(i) for i in range(page.resolution_choice.count())]
    assert choices == ["ACKNOWLEDGED"]
    page.choose(Resolution.ACKNOWLEDGED, Reason.HANDLED_AT_OMS)
    with qtbot.waitSignal(page.reloaded, timeout=5000):
        page.decide_button.click()
    assert page.error_label.text() == ""
    with store.read_session() as session:
        record = session.scalars(select(ExceptionRecord)).one()
    assert (record.status, record.resolution_code) == ("resolved", "ACKNOWLEDGED")
