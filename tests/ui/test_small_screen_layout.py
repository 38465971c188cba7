"""The window holds its layout on a small rugged tablet (1024×600): nothing overlaps, even
with a two-line refusal on the pick screen, and the task list shows enough rows."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QRect
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from app.flows.view import Mode
from local_db.store import Store
from tests.flows.seed import PICKER_BADGE, add_order, add_stock
from tests.ui.conftest import scan
from ui.launcher import Station

SMALL = (1024, 600)
ROWS_AT_600 = 6


@pytest.fixture
def small_station(qtbot: QtBot, station: Station) -> Station:
    station.window.resize(*SMALL)
    qtbot.waitUntil(lambda: (station.window.width(), station.window.height()) == SMALL)
    return station


def window_rect(widget: QWidget, window: QWidget) -> QRect:
    return QRect(widget.mapTo(window, widget.rect().topLeft()), widget.size())


def shown(widgets: list[QWidget]) -> list[QWidget]:
    return [widget for widget in widgets if widget.isVisible()]


def assert_apart(window: QWidget, widgets: list[QWidget]) -> None:
    """No two of ``widgets`` overlap, and each lies inside the window."""
    inside = window.rect()
    rects = [
        (widget.objectName() or type(widget).__name__, window_rect(widget, window))
        for widget in widgets
    ]
    for name, rect in rects:
        assert inside.contains(rect), f"{name} {rect} is outside the window {inside}"
    for index, (name, rect) in enumerate(rects):
        for other_name, other in rects[index + 1 :]:
            assert not rect.intersects(other), f"{name} {rect} overlaps {other_name} {other}"


def test_window_keeps_the_small_screens_size(small_station: Station) -> None:
    window = small_station.window
    assert window.minimumSizeHint().height() <= SMALL[1]
    assert window.minimumSizeHint().width() <= SMALL[0]


def test_two_line_refusal_overlaps_nothing_at_1024x600(
    qtbot: QtBot, small_station: Station, store: Store
) -> None:
    add_stock(store, "A-01-02-03", "SKU-MILK", 10, batch_no="LOT-1")
    add_order(store, "SO-SMALL", [("SKU-MILK", 3)])
    window = small_station.window
    scan(qtbot, small_station, PICKER_BADGE)
    scan(qtbot, small_station, "SO-SMALL")
    scan(qtbot, small_station, "A-01-02-03")
    # Scanned text long enough that the refusal takes two lines.
    scan(qtbot, small_station, "WRONG-ITEM-CODE-THAT-IS-RATHER-LONG-1234567890-ABCDEFGHIJ")
    screen = window.flow_screens[Mode.PICK]
    message = screen.message_label
    assert message.isVisible() and message.text()
    line = message.fontMetrics().lineSpacing()
    assert message.height() >= 2 * line, "the refusal should wrap onto two lines here"
    qtbot.waitUntil(lambda: not window.flash.isVisible())
    widgets: list[QWidget] = [
        screen.prompt_label,
        screen.prompt_hint_label,
        screen.image_placeholder,
        screen.location_label,
        screen.sku_label,
        screen.quantity_label,
        screen.step_label,
        screen.details_label,
        screen.number_input,
        message,
        *screen.buttons.values(),
        window.status_bar,
    ]
    assert_apart(window, shown(widgets))
    # The refusal is whole: its label is as tall as its wrapped text needs.
    assert message.height() >= message.heightForWidth(message.width())


def test_task_list_shows_rows_at_1024x600(
    qtbot: QtBot, small_station: Station, store: Store
) -> None:
    add_stock(store, "A-01-02-03", "SKU-TEA", 100)
    for number in range(12):
        add_order(store, f"SO-ROW-{number:02d}", [("SKU-TEA", 1)])
    window = small_station.window
    scan(qtbot, small_station, PICKER_BADGE)
    table = window.task_screen.table
    qtbot.waitUntil(lambda: table.model().rowCount() >= 12)
    visible_rows = [
        row
        for row in range(table.model().rowCount())
        if table.rowViewportPosition(row) >= 0
        and table.rowViewportPosition(row) + table.rowHeight(row) <= table.viewport().height()
    ]
    assert len(visible_rows) >= ROWS_AT_600, visible_rows
    screen = window.task_screen
    assert_apart(
        window,
        shown(
            [
                screen.prompt_label,
                screen.message_label,
                screen.owner_filter,
                screen.carrier_filter,
                table,
                screen.command_sheet_button,
                screen.count_review_button,
                window.status_bar,
            ]
        ),
    )
