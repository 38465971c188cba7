"""Packing with a label printer on the real window (#16), seed 002 Step 7 "打包完成，称重；
WMS生成运单号": out of labels is said in plain words, the order waits, a retry prints, and
the status bar follows. The printer is a real loopback listener; the window is offscreen."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from app.flows.view import Mode, PromptKey
from local_db.models import Shipment
from local_db.store import Store
from station.config import StationConfig
from tests.flows.picking_helpers import pick_everything
from tests.flows.seed import PICKER_BADGE, add_order, add_stock
from tests.support.fake_zebra import FakeZebra, fake_zebra, host_status
from tests.ui.conftest import scan, type_number
from ui.launcher import Station
from ui.widgets.printer_status import PrinterStatusLabel

TEA = "4006381333931"


@pytest.fixture
def zebra() -> Iterator[FakeZebra]:
    with fake_zebra(host_status(paper_out=True)) as printer:
        yield printer


@pytest.fixture
def station_config(tmp_path: Path, zebra: FakeZebra) -> StationConfig:
    return StationConfig(
        db_path=tmp_path / "station.sqlite3",
        warehouse_id="WH1",
        language="en",
        scanner_max_key_interval_ms=200,
        label_printer="zpl",
        label_printer_host="127.0.0.1",
        label_printer_port=zebra.port,
        gs1_company_prefix="6901234",
    )


def test_out_of_labels_then_a_retry_on_the_window(
    qtbot: QtBot, station: Station, store: Store, zebra: FakeZebra
) -> None:
    add_stock(store, "A-01-02-03", "SKU-TEA", 10)
    add_order(store, "SO-PR", [("SKU-TEA", 1)])
    pick_everything(store, "SO-PR", {"SKU-TEA": TEA})
    scan(qtbot, station, PICKER_BADGE)
    assert scan(qtbot, station, "SO-PR").flow.mode is Mode.PACK
    screen = station.window.flow_screens[Mode.PACK]
    scan(qtbot, station, TEA)
    type_number(qtbot, station, "1.5")
    assert type_number(qtbot, station, "1").flow.prompt.key is PromptKey.PRINTING_LABELS
    # The printing worker's answer comes back on its own, as a second answer.
    qtbot.waitUntil(lambda: screen.prompt_label.text().startswith("Labels not printed"))
    assert "out of labels" in screen.message_label.text()
    assert zebra.text() == ""  # asked ~HS, sent no label
    status = station.window.status_bar.findChild(PrinterStatusLabel)
    assert status is not None
    qtbot.waitUntil(lambda: "out of labels" in status.text())
    scan(qtbot, station, "CMD:TRACKING:NEW")  # no shipping on labels that did not print
    with store.read_session() as session:
        assert session.query(Shipment).count() == 0
    zebra.status = host_status()  # a new roll is in
    assert scan(qtbot, station, "CMD:REPRINT").flow.prompt.key is PromptKey.PRINTING_LABELS
    qtbot.waitUntil(
        lambda: screen.prompt_label.text() == "Scan the tracking label, or scan NEW TRACKING NUMBER"
    )
    assert zebra.text().count("^XA") == 3
    qtbot.waitUntil(lambda: status.text() == "Printer: ready")
    scan(qtbot, station, "CMD:TRACKING:NEW")
    with store.read_session() as session:
        assert session.query(Shipment).count() == 1
