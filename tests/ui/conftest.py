"""Real widgets offscreen over a real SQLite store; scans are QTest key bursts."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, Qt, QTimer
from PySide6.QtGui import QKeyEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from app.flows.session import StationView
from local_db.store import Store, open_store
from station.config import StationConfig
from tests.flows.seed import seed_master_data
from tests.support.fixtures import oms_demo_server
from tests.support.oms_process import RunningOms
from tests.sync.real_oms import enrolled_station
from ui.launcher import Station, build_station
from ui.store_gateway import StoreGateway
from ui.style import STATION_STYLESHEET

__all__ = ["oms_demo_server"]  # the real OMS process, for the tests here

# Noise, not station problems: the offscreen platform says the first on every show(); Qt
# Multimedia says the others when it starts on a box without VA-API, PipeWire or a sound server
# (the station then answers scans with beeps, and logs that once).
QT_NOISE = (
    "does not support propagateSizeHints",
    r"^Couldn't (load|resolve) [\w.() -]+ (library|symbols)$",
    "^Using Qt multimedia with FFmpeg",
    "^PulseAudioService: pa_context_connect",
)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "tests/ui/" in str(item.path).replace("\\", "/"):
            item.add_marker(pytest.mark.qt_log_ignore(*QT_NOISE))


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    opened = open_store(tmp_path / "station.sqlite3")
    seed_master_data(opened)
    yield opened
    opened.close()


@pytest.fixture
def gateway(qtbot: QtBot, store: Store) -> Iterator[StoreGateway]:
    """The store gateway for a dialog or model tested on its own."""
    opened = StoreGateway(store)
    yield opened
    opened.shutdown()


@pytest.fixture
def station_config(tmp_path: Path) -> StationConfig:
    # A generous key interval: on a loaded test machine a QTest burst must still be one scan.
    return StationConfig(
        db_path=tmp_path / "station.sqlite3",
        warehouse_id="WH1",
        station_name="T1",
        language="en",
        scanner_max_key_interval_ms=200,
    )


@dataclass
class WindowTimers:
    """The station window's refresh and idle timers and the overdue check's, never started:
    a test ticks them."""

    refresh: QTimer
    idle: QTimer
    overdue: QTimer

    def tick_refresh(self) -> None:
        self.refresh.timeout.emit()

    def tick_idle(self) -> None:
        self.idle.timeout.emit()

    def tick_overdue(self) -> None:
        self.overdue.timeout.emit()


@pytest.fixture
def window_timers() -> WindowTimers:
    return WindowTimers(refresh=QTimer(), idle=QTimer(), overdue=QTimer())


@pytest.fixture
def station(
    qtbot: QtBot, store: Store, station_config: StationConfig, window_timers: WindowTimers
) -> Iterator[Station]:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    app.setStyleSheet(STATION_STYLESHEET)
    # The window's refresh and idle timers never fire by themselves here: a test that needs
    # a tick sends it (window_timers), so nothing passes because a timer did the work.
    built = build_station(
        station_config,
        store=store,
        start_sync=False,
        sounds=False,
        refresh_timer=window_timers.refresh,
        idle_timer=window_timers.idle,
        overdue_timer=window_timers.overdue,
    )
    qtbot.addWidget(built.window)
    built.window.show()
    qtbot.waitUntil(lambda: built.window.last_view is not None)
    yield built
    app.removeEventFilter(built.wedge)
    built.window.close()


GROUP_SEPARATOR = "\x1d"


def key_burst(widget: QWidget, text: str) -> None:
    """Keys as a wedge scanner sends them, Enter last. FNC1 (GS, 0x1D) arrives as Ctrl+],
    which QTest.keyClicks cannot type, so that key is sent as the scanner's key event."""
    for index, chunk in enumerate(text.split(GROUP_SEPARATOR)):
        if index:
            for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
                event = QKeyEvent(
                    kind,
                    Qt.Key.Key_BracketRight,
                    Qt.KeyboardModifier.ControlModifier,
                    GROUP_SEPARATOR,
                )
                QApplication.sendEvent(widget, event)
        if chunk:
            QTest.keyClicks(widget, chunk)
    QTest.keyClick(widget, Qt.Key.Key_Return)


def scan(qtbot: QtBot, station: Station, code: str, target: QWidget | None = None) -> StationView:
    """Types ``code`` + Enter as one burst into whatever has focus, like a wedge scanner."""
    widget = target or QApplication.focusWidget() or station.window
    with qtbot.waitSignal(station.window.answer_shown, timeout=10_000) as blocker:
        key_burst(widget, code)
    view = blocker.args[0] if blocker.args else None
    assert isinstance(view, StationView)
    return view


class HumanClock:
    """Stands in for the wedge filter's clock so keys arrive at a person's pace."""

    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def type_number(qtbot: QtBot, station: Station, text: str) -> StationView:
    """Digits typed on the keypad into the focused field at a person's pace, then Enter."""
    window = station.window
    clock = HumanClock()
    real_clock = station.wedge._clock
    station.wedge._clock = clock
    try:
        qtbot.waitUntil(lambda: QApplication.focusWidget() is not None)
        with qtbot.waitSignal(window.answer_shown, timeout=10_000) as blocker:
            for key in text:
                target = QApplication.focusWidget()
                assert target is not None
                QTest.keyClicks(target, key)
                clock.now += 400
                station.wedge.flush_due()
            target = QApplication.focusWidget()
            assert target is not None
            QTest.keyClick(target, Qt.Key.Key_Return)
            clock.now += 400
            station.wedge.flush_due()
    finally:
        station.wedge._clock = real_clock
    view = blocker.args[0] if blocker.args else None
    assert isinstance(view, StationView)
    return view


def running_station(qtbot: QtBot, config: StationConfig, store: Store) -> Iterator[Station]:
    """The whole station shown, its sync engine running; closed at the end (``yield from``)."""
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    app.setStyleSheet(STATION_STYLESHEET)
    station = build_station(config, store=store, sounds=False)
    qtbot.addWidget(station.window)
    station.window.show()
    try:
        yield station
    finally:
        station.close()


@pytest.fixture
def online_station(qtbot: QtBot, oms_demo_server: RunningOms, tmp_path: Path) -> Iterator[Station]:
    """The whole station, enrolled with the real demo OMS process and syncing every second
    (its token in the test's own in-memory keyring, from tests/conftest.py)."""
    store, _ = enrolled_station(oms_demo_server, tmp_path / "station.sqlite3", "ui-test")
    # No oms_url in the settings: the engine syncs with what enrolment wrote into the store.
    config = StationConfig(
        db_path=tmp_path / "station.sqlite3",
        warehouse_id="WH01",
        language="en",
        sync_interval_s=1,
        scanner_max_key_interval_ms=200,
    )
    yield from running_station(qtbot, config, store)
