"""Badge log-in by scan, good/bad flash and sound, the last error staying on screen."""

from __future__ import annotations

import datetime as dt

from pytestqt.qtbot import QtBot

from app.flows.view import Mode
from tests.flows.seed import PICKER_BADGE
from tests.ui.conftest import WindowTimers, scan
from ui.launcher import Station


def test_login_screen_tells_what_to_scan(station: Station) -> None:
    window = station.window
    assert window.stack.currentWidget() is window.login_screen
    assert window.login_screen.prompt_label.text() == "Scan your badge"


def test_badge_scan_logs_in_with_green_flash(qtbot: QtBot, station: Station) -> None:
    window = station.window
    view = scan(qtbot, station, PICKER_BADGE)
    assert view.operator is not None
    assert view.flow.mode is Mode.TASKS
    assert window.stack.currentWidget() is window.task_screen
    assert "Li Wei" in window.operator_label.text()
    assert window.flash.isVisible() and window.flash.kind == "good"
    assert window.sounds.last_played == "good"
    qtbot.waitUntil(lambda: not window.flash.isVisible())


def test_unknown_badge_flashes_red_and_the_reason_stays(qtbot: QtBot, station: Station) -> None:
    window = station.window
    scan(qtbot, station, "NO-SUCH-BADGE")
    assert window.flash.kind == "bad"
    assert window.sounds.last_played == "bad"
    message = window.login_screen.message_label
    assert "Unknown or inactive badge" in message.text()
    qtbot.waitUntil(lambda: not window.flash.isVisible())
    with qtbot.waitSignal(window.view_shown):
        window.refresh()
    assert "Unknown or inactive badge" in message.text()


def test_scan_reaches_the_station_whatever_has_focus(qtbot: QtBot, station: Station) -> None:
    window = station.window
    scan(qtbot, station, PICKER_BADGE)
    owner_filter = window.task_screen.owner_filter
    owner_filter.setFocus()
    view = scan(qtbot, station, "ORDER-NOPE", target=owner_filter)
    assert owner_filter.text() == ""  # the scan did not land in the filter box
    assert view.flow.message is not None and view.flow.message.code == "unknown_order"


def test_logout_command_barcode(qtbot: QtBot, station: Station) -> None:
    scan(qtbot, station, PICKER_BADGE)
    view = scan(qtbot, station, "CMD:LOGOUT")
    assert view.operator is None
    assert station.window.stack.currentWidget() is station.window.login_screen


def test_idle_logout(qtbot: QtBot, station: Station, window_timers: WindowTimers) -> None:
    window = station.window
    scan(qtbot, station, PICKER_BADGE)
    session = window.session
    later = dt.datetime.now(dt.UTC) + dt.timedelta(minutes=30)
    session._clock = lambda: later  # the session's clock decides idleness
    with qtbot.waitSignal(window.answer_shown):
        window_timers.tick_idle()
    assert window.stack.currentWidget() is window.login_screen
    assert "idle" in window.login_screen.message_label.text()


def test_the_window_title_names_the_station(station: Station) -> None:
    """Several stations on one PC or remote desktop: each window says which one it is."""
    assert station.window.windowTitle() == "Warehouse station — T1"
