"""The whole station with a scale on its status bar and in the pack flow: a fake scale
behind a real pseudo-terminal, the port named in the station's settings (#16).

Seed 002 §Step 7: "打包完成，称重" — packed, then weighed; the weight goes with SHIPPED.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from app.flows.view import Mode
from local_db.models import ExceptionRecord, Shipment
from local_db.store import Store
from station.config import StationConfig
from tests.flows.picking_helpers import pick_everything
from tests.flows.seed import PICKER_BADGE, add_order, add_stock
from tests.ui.conftest import scan, type_number
from tests.ui.fake_scale import FakeScale
from ui.launcher import Station
from ui.widgets.scale_status import ScaleStatusLabel

pytest.importorskip("PySide6.QtSerialPort")

TEA = "4006381333931"


@pytest.fixture
def fake() -> Iterator[FakeScale]:
    scale = FakeScale()
    yield scale
    scale.close()


@pytest.fixture
def station_config(tmp_path: Path, fake: FakeScale) -> StationConfig:
    return StationConfig(
        db_path=tmp_path / "station.sqlite3",
        warehouse_id="WH1",
        station_name="T1",
        language="en",
        scanner_max_key_interval_ms=200,
        scale_serial_port=fake.port,
        scale_protocol="continuous",
        scale_timeout_s=60,  # silence is not what these tests are about
    )


def scale_status(station: Station) -> ScaleStatusLabel:
    label = station.window.status_bar.findChild(ScaleStatusLabel)
    assert label is not None
    return label


def packed_at_the_weight_step(qtbot: QtBot, station: Station, store: Store) -> None:
    add_stock(store, "A-01-02-03", "SKU-TEA", 10)
    add_order(store, "SO-SC", [("SKU-TEA", 2)])
    pick_everything(store, "SO-SC", {"SKU-TEA": TEA})
    scan(qtbot, station, PICKER_BADGE)
    assert scan(qtbot, station, "SO-SC").flow.mode is Mode.PACK
    scan(qtbot, station, TEA)
    scan(qtbot, station, TEA)


def test_weighed_on_the_scale_and_confirmed(
    qtbot: QtBot, station: Station, store: Store, fake: FakeScale
) -> None:
    status = scale_status(station)
    assert status.text() == "Scale: waiting"
    packed_at_the_weight_step(qtbot, station, store)
    screen = station.window.flow_screens[Mode.PACK]
    assert screen.prompt_label.text().startswith("Put the parcel on the scale")
    assert not screen.number_input.isVisibleTo(screen)  # not typed while the scale works
    # A continuous scale is joined mid-stream: the station reads from the first line end.
    fake.send(b"\r\nUS,GS,+  0.690kg\r\n")
    qtbot.waitUntil(lambda: status.text() == "Scale: ready")
    scan(qtbot, station, "CMD:CONFIRM")
    assert station.window.flash.kind == "bad"  # moving: not a weight to ship
    fake.send(b"ST,GS,+  0.705kg\r\n")
    qtbot.waitUntil(lambda: screen.scale_label.text() == "0.705 kg")
    scan(qtbot, station, "CMD:CONFIRM")
    assert screen.prompt_label.text() == "Type the number of packages and press Enter"
    type_number(qtbot, station, "1")
    scan(qtbot, station, "CMD:TRACKING:NEW")
    with store.read_session() as session:
        assert session.query(Shipment).one().weight_grams == 705


def test_cable_pulled_the_packer_types_and_the_supervisor_is_told(
    qtbot: QtBot, station: Station, store: Store, fake: FakeScale
) -> None:
    status = scale_status(station)
    packed_at_the_weight_step(qtbot, station, store)
    screen = station.window.flow_screens[Mode.PACK]
    fake.send(b"\r\nST,GS,+  0.705kg\r\n")
    qtbot.waitUntil(lambda: screen.scale_label.text() == "0.705 kg")
    fake.pull_cable()
    qtbot.waitUntil(lambda: status.text() == "Scale: fault")
    qtbot.waitUntil(lambda: screen.prompt_label.text() == "Type the weight in kg and press Enter")
    assert "cable is unplugged" in screen.notice_label.text()
    type_number(qtbot, station, "0.7")
    assert screen.prompt_label.text() == "Type the number of packages and press Enter"
    with store.read_session() as session:
        record = session.query(ExceptionRecord).filter_by(exception_type="SCALE_FAULT").one()
        assert record.order_no == "SO-SC"


def test_no_scale_configured(qtbot: QtBot, tmp_path: Path, store: Store) -> None:
    """Without scale settings the status bar says so and the packer types, as before."""
    from ui.launcher import build_station

    config = StationConfig(db_path=tmp_path / "station.sqlite3", warehouse_id="WH1", language="en")
    built = build_station(config, store=store, start_sync=False, sounds=False)
    qtbot.addWidget(built.window)
    try:
        assert scale_status(built).text() == "Scale: not configured"
        assert built.scale is None
    finally:
        built.window.close()
