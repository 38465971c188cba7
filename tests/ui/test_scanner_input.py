"""The wedge event filter on real widgets: bursts become scans, typing reaches the widget."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QLineEdit, QVBoxLayout, QWidget
from pytestqt.qtbot import QtBot

from devices.scanner_serial import split_scans
from devices.scanner_wedge import WedgeSettings
from tests.ui.conftest import key_burst
from ui.devices.serial_scanner import SerialScanner
from ui.devices.wedge_filter import WedgeScannerFilter


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def form(qtbot: QtBot) -> QWidget:
    widget = QWidget()
    layout = QVBoxLayout(widget)
    for name in ("first", "second"):
        line = QLineEdit(widget)
        line.setObjectName(name)
        layout.addWidget(line)
    qtbot.addWidget(widget)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def wedge(clock: FakeClock) -> Iterator[WedgeScannerFilter]:
    filt = WedgeScannerFilter(WedgeSettings(max_key_interval_ms=30), clock=clock)
    app = QApplication.instance()
    assert app is not None
    app.installEventFilter(filt)
    yield filt
    app.removeEventFilter(filt)


def line(form: QWidget, name: str) -> QLineEdit:
    found = form.findChild(QLineEdit, name)
    assert isinstance(found, QLineEdit)
    return found


def test_burst_with_enter_is_one_scan_and_never_reaches_the_field(
    qtbot: QtBot, form: QWidget, wedge: WedgeScannerFilter
) -> None:
    field = line(form, "first")
    field.setFocus()
    with qtbot.waitSignal(wedge.scanned) as blocker:
        QTest.keyClicks(field, "A-01-02-03")
        QTest.keyClick(field, Qt.Key.Key_Return)
    assert blocker.args == ["A-01-02-03"]
    assert field.text() == ""


def test_repeated_digit_flagged_as_auto_repeat_stays_in_the_scan(
    qtbot: QtBot, form: QWidget, wedge: WedgeScannerFilter
) -> None:
    # Qt's xcb platform flags "0" released and pressed again in the same millisecond as an
    # auto-repeat: a fast scanner typing the zeros of a GTIN does exactly that.
    field = line(form, "first")
    field.setFocus()
    with qtbot.waitSignal(wedge.scanned) as blocker:
        QTest.keyClicks(field, "69012340")
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            event = QKeyEvent(kind, Qt.Key.Key_0, Qt.KeyboardModifier.NoModifier, "0", True)
            QApplication.sendEvent(field, event)
        QTest.keyClicks(field, "0016")
        QTest.keyClick(field, Qt.Key.Key_Return)
    assert blocker.args == ["6901234000016"]
    assert field.text() == ""


def test_burst_processed_late_is_still_one_scan(
    qtbot: QtBot, form: QWidget, wedge: WedgeScannerFilter, clock: FakeClock
) -> None:
    # The keys were pressed 3 ms apart (their stamps), but the UI thread was busy and
    # processed them 45 ms apart: the stamps decide.
    field = line(form, "first")
    field.setFocus()
    received: list[str] = []
    wedge.scanned.connect(received.append)
    stamp = 5_000
    for char in "SO-0006\r":
        key = Qt.Key.Key_Return if char == "\r" else Qt.Key(ord(char))
        event = QKeyEvent(QEvent.Type.KeyPress, key, Qt.KeyboardModifier.NoModifier, char)
        event.setTimestamp(stamp)
        QApplication.sendEvent(field, event)
        stamp += 3
        clock.now += 45
    assert received == ["SO-0006"]
    assert field.text() == ""


def test_scan_is_caught_whichever_field_has_focus(
    qtbot: QtBot, form: QWidget, wedge: WedgeScannerFilter
) -> None:
    field = line(form, "second")
    field.setFocus()
    with qtbot.waitSignal(wedge.scanned) as blocker:
        key_burst(field, "0104006381333931\x1d10LOT")
    assert blocker.args == ["0104006381333931\x1d10LOT"]


def test_slow_typing_is_handed_to_the_focused_field(
    qtbot: QtBot, form: QWidget, wedge: WedgeScannerFilter, clock: FakeClock
) -> None:
    field = line(form, "first")
    field.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is field)
    received: list[str] = []
    wedge.scanned.connect(received.append)
    for key in "12":
        QTest.keyClicks(field, key)
        clock.now += 250  # a person's pace
        wedge.flush_due()
    assert field.text() == "12"
    with qtbot.waitSignal(field.returnPressed):
        QTest.keyClick(field, Qt.Key.Key_Return)
    assert received == []


def test_held_key_is_released_by_the_timer(
    qtbot: QtBot, form: QWidget, wedge: WedgeScannerFilter, clock: FakeClock
) -> None:
    field = line(form, "first")
    field.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is field)
    QTest.keyClicks(field, "7")
    assert field.text() == ""  # held: it might be the start of a scan
    clock.now += 100
    qtbot.waitUntil(lambda: field.text() == "7")


def test_keys_with_ctrl_pass_untouched(
    qtbot: QtBot, form: QWidget, wedge: WedgeScannerFilter
) -> None:
    field = line(form, "first")
    field.setText("abc")
    field.setFocus()
    QTest.keyClick(field, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    assert field.selectedText() == "abc"
    assert not wedge.decoder.holding


def test_serial_scanner_splits_lines() -> None:
    assert split_scans(b"ABC\r\nDEF\rGH") == (["ABC", "DEF"], b"GH")
    assert split_scans(b"\r\n\n") == ([], b"")


def test_serial_scanner_emits_one_scan_per_line(qtbot: QtBot) -> None:
    scanner = SerialScanner("/dev/does-not-exist")
    seen: list[str] = []
    scanner.scanned.connect(seen.append)
    scanner.feed(b"SKU-1\r")
    scanner.feed(b"\nBIN")
    scanner.feed(b"-2\n")
    assert seen == ["SKU-1", "BIN-2"]


def test_serial_port_that_cannot_open_reports_and_returns_false(qtbot: QtBot) -> None:
    scanner = SerialScanner("/dev/wms-no-such-port")
    with qtbot.waitSignal(scanner.failed):
        assert scanner.open() is False
