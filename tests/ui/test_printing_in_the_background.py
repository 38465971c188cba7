"""Labels print on the printer's own thread (#16 "nothing blocks the UI thread"), seed 002
Step 7 "打包完成，称重；WMS生成运单号，反馈给OMS" and seed 000 §8.1 "异常处理：自动重试、人工兜底":
a printer that hangs holds neither the UI nor the store worker (every scan and store
operation of the station goes through that one); a fault is retried, prints once and the
order ships. The printer is a real loopback listener, the window real and offscreen."""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot
from sqlalchemy import func, select

from app.flows.session import StationView
from app.flows.view import Feedback, Mode, PromptKey
from local_db.models import ExceptionRecord, Shipment
from local_db.store import Store
from station.config import StationConfig
from station.print_worker import THREAD_NAME
from tests.flows.picking_helpers import pick_everything
from tests.flows.seed import PICKER_BADGE, add_order, add_stock
from tests.support.fake_zebra import FakeZebra, fake_zebra, host_status
from tests.ui.conftest import scan, type_number
from ui.launcher import Station

TEA = "4006381333931"


@pytest.fixture
def zebra(request: pytest.FixtureRequest) -> Iterator[FakeZebra]:
    """Out of labels by default; ``@pytest.mark.parametrize("zebra", [b""], indirect=True)``:
    a printer that takes the connection and never answers ~HS."""
    status = getattr(request, "param", host_status(paper_out=True))
    with fake_zebra(status) as printer:
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
        label_printer_timeout_s=60,  # a hung printer stays hung for the whole test
        gs1_company_prefix="6901234",
    )


def _count_packages(qtbot: QtBot, station: Station, store: Store, order_no: str) -> None:
    """Logs in, packs one unit of ``order_no``, types its weight and one package: the labels
    are handed to the printer, and the answer says they are printing."""
    add_stock(store, "A-01-02-03", "SKU-TEA", 10)
    add_order(store, order_no, [("SKU-TEA", 1)])
    pick_everything(store, order_no, {"SKU-TEA": TEA})
    scan(qtbot, station, PICKER_BADGE)
    assert scan(qtbot, station, order_no).flow.mode is Mode.PACK
    scan(qtbot, station, TEA)
    type_number(qtbot, station, "1.5")
    view = type_number(qtbot, station, "1")
    assert view.flow.prompt.key is PromptKey.PRINTING_LABELS


def _prompt(station: Station) -> PromptKey | None:
    shown = station.window.last_view
    return None if shown is None else shown.flow.prompt.key


def _message(view: StationView) -> str | None:
    return None if view.flow.message is None else view.flow.message.code


def _shipments(store: Store) -> int:
    with store.read_session() as session:
        return session.scalar(select(func.count()).select_from(Shipment)) or 0


@pytest.mark.parametrize("zebra", [b""], indirect=True)
def test_a_hung_printer_holds_neither_the_store_worker_nor_the_screen(
    qtbot: QtBot, station: Station, store: Store, zebra: FakeZebra
) -> None:
    _count_packages(qtbot, station, store, "SO-HANG")
    qtbot.waitUntil(lambda: zebra.connections == 1)  # the printer has the job, and hangs
    # A scan meanwhile is answered at once, not queued behind the printer.
    answer = scan(qtbot, station, TEA)
    assert answer.flow.feedback is Feedback.BAD
    assert answer.flow.message is not None and answer.flow.message.code == "labels_printing"
    assert _message(scan(qtbot, station, "CMD:TRACKING:NEW")) == "labels_printing"
    # Any other store operation of the station gets through the store worker too.
    counted: list[int] = []
    station.gateway.query(_shipments, counted.append)
    qtbot.waitUntil(lambda: counted == [0])
    assert not zebra.closed.is_set() and _prompt(station) is PromptKey.PRINTING_LABELS
    zebra.stop.set()  # the printer drops the connection it never answered
    qtbot.waitUntil(lambda: _prompt(station) is PromptKey.RETRY_LABELS)
    shown = station.window.last_view
    assert shown is not None and shown.flow.message is not None
    assert shown.flow.message.args["fault"] == "unreachable" and _shipments(store) == 0


def test_a_fault_then_a_retry_prints_once_on_the_printers_thread_and_ships(
    qtbot: QtBot, station: Station, store: Store, zebra: FakeZebra, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="wms.printer")
    _count_packages(qtbot, station, store, "SO-RETRY")
    qtbot.waitUntil(lambda: _prompt(station) is PromptKey.RETRY_LABELS)  # out of labels
    assert zebra.text() == ""
    assert scan(qtbot, station, "CMD:REPRINT").flow.prompt.key is PromptKey.PRINTING_LABELS
    qtbot.waitUntil(lambda: _prompt(station) is PromptKey.RETRY_LABELS)  # still out of labels
    assert zebra.text() == "" and zebra.connections == 2
    zebra.status = host_status()  # a new roll is in
    assert scan(qtbot, station, "CMD:REPRINT").flow.prompt.key is PromptKey.PRINTING_LABELS
    qtbot.waitUntil(lambda: _prompt(station) is PromptKey.SCAN_TRACKING)
    assert zebra.text().count("^XA") == 3 and zebra.connections == 3  # printed once
    assert _message(scan(qtbot, station, "CMD:TRACKING:NEW")) == "shipped"
    assert _shipments(store) == 1
    with store.read_session() as session:  # the fault told the supervisor once, not per retry
        types = list(session.scalars(select(ExceptionRecord.exception_type)))
    assert types == ["PRINTER_FAULT"]
    # Both jobs ran on the printer's thread: never the UI's nor the store worker's.
    jobs = [r for r in caplog.records if r.name == "wms.printer" and "labels of" in r.message]
    assert len(jobs) == 3
    assert {r.threadName for r in jobs} == {THREAD_NAME}
    assert threading.main_thread().name != THREAD_NAME
