"""Every scan gets a green or red answer, and the answer's text keeps that colour on screen.

Driven on the real MainWindow offscreen; the colour is read from the label's palette, which
the station's style sheet sets.
"""

from __future__ import annotations

import pytest
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

from app.flows.view import Mode
from local_db.store import Store
from tests.flows.picking_helpers import pick_everything
from tests.flows.seed import PICKER_BADGE, add_order, add_stock
from tests.ui.conftest import scan, type_number
from ui.launcher import Station

GREEN = "#69f0ae"
RED = "#ff5252"
TEA = "4006381333931"


def colour(label: QLabel) -> str:
    return label.palette().color(QPalette.ColorRole.WindowText).name()


def refreshed(qtbot: QtBot, station: Station) -> None:
    """What a sync or the refresh timer does after the flash is gone."""
    window = station.window
    qtbot.waitUntil(lambda: not window.flash.isVisible())
    with qtbot.waitSignal(window.view_shown):
        window.refresh()


def test_picked_and_undone_stay_green_after_the_flash(
    qtbot: QtBot, station: Station, store: Store
) -> None:
    add_stock(store, "A-01-02-03", "SKU-TEA", 10)
    add_order(store, "SO-G", [("SKU-TEA", 3)])
    screen = station.window.flow_screens[Mode.PICK]
    scan(qtbot, station, PICKER_BADGE)
    scan(qtbot, station, "SO-G")
    scan(qtbot, station, "A-01-02-03")
    scan(qtbot, station, TEA)
    assert screen.message_label.text().startswith("Picked 1 ×")
    assert colour(screen.message_label) == GREEN
    refreshed(qtbot, station)
    assert screen.message_label.text().startswith("Picked 1 ×")
    assert colour(screen.message_label) == GREEN

    scan(qtbot, station, "B-02-01-01")  # wrong bin: refused
    assert colour(screen.message_label) == RED
    refreshed(qtbot, station)
    assert colour(screen.message_label) == RED

    scan(qtbot, station, "CMD:UNDO")
    assert station.window.flash.kind == "good"
    refreshed(qtbot, station)
    assert colour(screen.message_label) == GREEN


def test_shipped_stays_green_after_the_flash(qtbot: QtBot, station: Station, store: Store) -> None:
    add_stock(store, "A-01-02-03", "SKU-TEA", 10)
    add_order(store, "SO-SH", [("SKU-TEA", 1)])
    pick_everything(store, "SO-SH", {"SKU-TEA": TEA})
    screen = station.window.flow_screens[Mode.PACK]
    scan(qtbot, station, PICKER_BADGE)
    scan(qtbot, station, "SO-SH")
    scan(qtbot, station, TEA)
    type_number(qtbot, station, "0.7")
    type_number(qtbot, station, "1")
    scan(qtbot, station, "CMD:TRACKING:NEW")
    assert "shipped" in screen.message_label.text()
    refreshed(qtbot, station)
    assert "shipped" in screen.message_label.text()
    assert colour(screen.message_label) == GREEN


@pytest.mark.parametrize(
    ("command", "mode"),
    [
        ("CMD:MODE:PACK", Mode.PACK),
        ("CMD:MODE:RECEIVE", Mode.RECEIVE),
        ("CMD:MODE:COUNT", Mode.COUNT),
        ("CMD:MODE:PICK", Mode.PICK),
        ("CMD:MODE:TASKS", Mode.TASKS),
        ("CMD:LOGOUT", Mode.LOGIN),
    ],
)
def test_mode_switch_and_logout_answer_green_with_sound(
    qtbot: QtBot, station: Station, store: Store, command: str, mode: Mode
) -> None:
    add_stock(store, "A-01-02-03", "SKU-TEA", 10)
    add_order(store, "SO-M", [("SKU-TEA", 1)])
    window = station.window
    scan(qtbot, station, PICKER_BADGE)
    qtbot.waitUntil(lambda: not window.flash.isVisible())
    window.sounds.last_played = None
    view = scan(qtbot, station, command)
    assert view.flow.mode is mode
    assert view.flow.feedback.value == "good"
    assert window.flash.isVisible() and window.flash.kind == "good"
    assert window.sounds.last_played == "good"


def test_logged_out_text_is_not_drawn_as_a_refusal(qtbot: QtBot, station: Station) -> None:
    scan(qtbot, station, PICKER_BADGE)
    scan(qtbot, station, "CMD:LOGOUT")
    label = station.window.login_screen.message_label
    assert label.text() == "Logged out. Scan your badge."
    refreshed(qtbot, station)
    assert colour(label) != RED
