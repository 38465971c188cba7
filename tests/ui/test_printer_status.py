"""The label printer's state beside the sync state (#16), seed 002 Step 7 "打包完成，称重；
WMS生成运单号": the packer sees at a glance whether labels can print. Real window, offscreen."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from local_db.store import Store
from station.config import StationConfig
from tests.support.fake_zebra import refused_port
from ui.launcher import Station, build_station
from ui.widgets.printer_status import PrinterStatusLabel


def _label(station: Station) -> PrinterStatusLabel:
    label = station.window.status_bar.findChild(PrinterStatusLabel, "printerStatusLabel")
    assert isinstance(label, PrinterStatusLabel)
    return label


def test_without_a_printer_the_bar_says_not_configured(station: Station) -> None:
    assert _label(station).text() == "Printer: not configured"


@pytest.fixture
def printer_station(qtbot: QtBot, store: Store, tmp_path: Path) -> Iterator[Station]:
    config = StationConfig(
        db_path=tmp_path / "station.sqlite3",
        warehouse_id="WH1",
        language="en",
        label_printer="zpl",
        label_printer_host="127.0.0.1",
        label_printer_port=refused_port(),
        gs1_company_prefix="6901234",
    )
    built = build_station(config, store=store, start_sync=False, sounds=False)
    qtbot.addWidget(built.window)
    yield built
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    app.removeEventFilter(built.wedge)
    built.window.close()


def test_a_fault_reported_off_the_ui_thread_shows_in_plain_words(
    qtbot: QtBot, printer_station: Station
) -> None:
    label = _label(printer_station)
    assert label.text() == "Printer: ready"
    worker = threading.Thread(target=label.report, args=("paper_out",))
    worker.start()
    worker.join()
    qtbot.waitUntil(lambda: "out of labels" in label.text())
    assert label.text().startswith("Printer fault:")
    label.report(None)
    qtbot.waitUntil(lambda: label.text() == "Printer: ready")


def test_a_long_fault_does_not_widen_the_window_past_a_small_tablet(
    qtbot: QtBot, printer_station: Station
) -> None:
    """The status bar's device labels give way (the whole text stays in the tooltip): a
    fault worded in full must not make the window wider than a 1024x600 tablet."""
    label = _label(printer_station)
    label.report("refused")
    qtbot.waitUntil(lambda: label.text().startswith("Printer fault:"))
    assert label.toolTip() == label.text()
    needed = printer_station.window.minimumSizeHint()
    assert needed.width() <= 1024, needed
