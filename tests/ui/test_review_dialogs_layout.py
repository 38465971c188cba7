"""The supervisor's review dialogs at their default size over a 1024×600 station window:
every column visible without scrolling, every short value whole, the long reason wrapped."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QTableWidget
from pytestqt.qtbot import QtBot

from local_db.models import OutboxEvent
from local_db.store import Store
from tests.flows.seed import SUPERVISOR_BADGE, SUPERVISOR_PIN, add_order, add_stock
from tests.ui.conftest import scan, type_number
from tests.ui.test_approvals_page import pending_difference
from tests.ui.test_supervisor_dialogs import supervisor_pin
from ui.dialogs.rejected_events_dialog import RejectedEventsDialog
from ui.launcher import Station
from ui.supervisor.approvals_page import ApprovalsPage

__all__ = ["supervisor_pin"]

LONG_REASON = (
    "Picked quantity 99 of ACME-TEA-100 exceeds the ordered quantity 1 on line 1 of the order; "
    "the OMS keeps the order as it was. Check the scan and discard or retry."
)


@pytest.fixture
def small_window(qtbot: QtBot, station: Station) -> Station:
    station.window.resize(1024, 600)
    qtbot.waitUntil(lambda: station.window.width() == 1024)
    return station


def header_texts(table: QTableWidget) -> list[str]:
    texts = []
    for column in range(table.columnCount()):
        item = table.horizontalHeaderItem(column)
        texts.append(item.text() if item else "")
    return texts


def assert_columns_in_view(table: QTableWidget) -> None:
    view_width = table.viewport().width()
    for column in range(table.columnCount()):
        right = table.columnViewportPosition(column) + table.columnWidth(column)
        assert table.columnViewportPosition(column) >= 0, column
        assert right <= view_width, f"column {column} ends at {right}, view is {view_width}"


def assert_whole(table: QTableWidget, row: int, column: int) -> None:
    item = table.item(row, column)
    assert item is not None
    needed = table.fontMetrics().horizontalAdvance(item.text())
    assert table.columnWidth(column) >= needed, (item.text(), table.columnWidth(column), needed)


def test_the_approvals_page_shows_what_the_supervisor_decides_on(
    qtbot: QtBot, small_window: Station, store: Store, supervisor_pin: None
) -> None:
    pending_difference(store)  # the books say 20 of SKU-TEA in A-01-02-03; 1 was counted
    scan(qtbot, small_window, SUPERVISOR_BADGE)
    scan(qtbot, small_window, "CMD:MODE:SUPER")
    type_number(qtbot, small_window, SUPERVISOR_PIN)
    console = small_window.window.console
    assert console is not None
    assert console.show_page(ApprovalsPage)
    page = console.tabs.currentWidget()
    assert isinstance(page, ApprovalsPage)
    qtbot.waitUntil(lambda: page.table.rowCount() == 1)
    table = page.table
    assert header_texts(table) == [
        "Bin",
        "SKU",
        "Batch",
        "Expected",
        "Counted",
        "Difference",
        "Counted by",
        "When",
    ]
    row = [table.item(0, column).text() for column in range(6)]  # type: ignore[union-attr]
    assert row == ["A-01-02-03", "SKU-TEA", "", "20", "1", "-19"]
    assert page.width() <= small_window.window.width()
    assert_columns_in_view(table)
    for column in (0, 1, 3, 4, 5, 7):
        assert_whole(table, 0, column)


def test_rejected_events_dialog_shows_code_and_reason_without_scrolling(
    qtbot: QtBot, small_window: Station, store: Store
) -> None:
    add_stock(store, "A-01-02-03", "SKU-TEA", 5)
    add_order(store, "SO-DEMO-0003", [("SKU-TEA", 1)])
    with store.unit_of_work() as uow:
        event = uow.session.query(OutboxEvent).order_by(OutboxEvent.station_seq).first()
        assert event is not None
        event.status = "rejected"
        event.reject_code = "STATUS_BACKWARDS"
        event.reject_message = LONG_REASON
        uow.commit()
    dialog = RejectedEventsDialog(small_window.gateway, SUPERVISOR_BADGE, small_window.window)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.table.rowCount() == 1)
    table = dialog.table
    assert header_texts(table) == ["No.", "Event", "Order", "Code", "Reason"]
    assert dialog.width() <= small_window.window.width()
    assert_columns_in_view(table)
    for column in range(4):
        assert_whole(table, 0, column)
    reason = table.item(0, 4)
    assert reason is not None and reason.toolTip() == LONG_REASON
    # The reason gets the room left, wrapped onto more lines rather than cut off.
    assert table.columnWidth(4) >= 250
    assert table.rowHeight(0) > table.fontMetrics().height() * 2
