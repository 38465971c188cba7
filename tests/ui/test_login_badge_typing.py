"""The log-in screen takes a badge typed at a person's pace (Enter submits) as well as a
scanner's burst; the wedge filter still tells the two apart by the time between keys."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from app.flows.session import StationView
from app.flows.view import Mode
from station.config import StationConfig
from tests.flows.seed import PICKER_BADGE
from tests.ui.conftest import HumanClock
from ui.launcher import Station


@pytest.fixture
def station_config(station_config: StationConfig) -> StationConfig:
    # The station's default scanner setting: keys closer than 30 ms are a scan.
    return station_config.model_copy(update={"scanner_max_key_interval_ms": 30})


def keys_at_pace(qtbot: QtBot, station: Station, text: str, ms_per_key: float) -> StationView:
    """``text`` then Enter into the focused widget, one key every ``ms_per_key`` on the
    wedge filter's clock (a person: 150 ms; a scanner: 3 ms)."""
    window = station.window
    clock = HumanClock()
    real_clock = station.wedge._clock
    station.wedge._clock = clock
    try:
        with qtbot.waitSignal(window.answer_shown, timeout=10_000) as blocker:
            for key in [*text, "\r"]:
                target = QApplication.focusWidget()
                assert target is not None, "no widget has the keyboard"
                if key == "\r":
                    QTest.keyClick(target, Qt.Key.Key_Return)
                else:
                    QTest.keyClicks(target, key)
                clock.now += ms_per_key
                station.wedge.flush_due()
            clock.now += 1000
            station.wedge.flush_due()
    finally:
        station.wedge._clock = real_clock
    view = blocker.args[0]
    assert isinstance(view, StationView)
    return view


def test_badge_field_is_visible_and_has_the_keyboard(qtbot: QtBot, station: Station) -> None:
    field = station.window.login_screen.badge_input
    assert field.isVisible()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is field)


def test_badge_typed_at_human_speed_logs_in(qtbot: QtBot, station: Station) -> None:
    window = station.window
    field = window.login_screen.badge_input
    qtbot.waitUntil(lambda: QApplication.focusWidget() is field)
    view = keys_at_pace(qtbot, station, PICKER_BADGE, 150)
    assert view.operator is not None and view.operator.badge_code == PICKER_BADGE
    assert view.flow.mode is Mode.TASKS
    assert window.flash.kind == "good"
    assert field.text() == ""


def test_wrong_badge_typed_is_refused_and_the_field_is_ready_again(
    qtbot: QtBot, station: Station
) -> None:
    window = station.window
    field = window.login_screen.badge_input
    qtbot.waitUntil(lambda: QApplication.focusWidget() is field)
    view = keys_at_pace(qtbot, station, "NOPE", 150)
    assert view.operator is None
    assert window.flash.kind == "bad"
    assert "Unknown or inactive badge" in window.login_screen.message_label.text()
    assert field.text() == ""
    assert QApplication.focusWidget() is field


def test_badge_scanned_as_a_burst_logs_in_and_never_lands_in_the_field(
    qtbot: QtBot, station: Station
) -> None:
    window = station.window
    field = window.login_screen.badge_input
    qtbot.waitUntil(lambda: QApplication.focusWidget() is field)
    typed: list[str] = []
    field.textEdited.connect(typed.append)
    view = keys_at_pace(qtbot, station, PICKER_BADGE, 3)
    assert view.operator is not None and view.operator.badge_code == PICKER_BADGE
    assert typed == []  # the burst went to the station as one scan, not into the field


def test_badge_field_is_back_after_logout(qtbot: QtBot, station: Station) -> None:
    window = station.window
    field = window.login_screen.badge_input
    qtbot.waitUntil(lambda: QApplication.focusWidget() is field)
    keys_at_pace(qtbot, station, PICKER_BADGE, 3)
    keys_at_pace(qtbot, station, "CMD:LOGOUT", 3)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is field)
    view = keys_at_pace(qtbot, station, PICKER_BADGE, 150)
    assert view.operator is not None
