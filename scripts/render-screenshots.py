"""Renders the station's main screens to PNG for the README: docs/screenshots/*.png.

    .venv/bin/python scripts/render-screenshots.py [--out docs/screenshots]

Real parts only: the reference OMS runs with its demo data (``oms-server --demo``), a fresh
station store is enrolled with it and synced once, and the real window is driven by scans
offscreen, then grabbed with ``QWidget.grab()`` at 1280x800. One event is pushed that the OMS
really rejects (stock found for a SKU it does not know), for the supervisor's review screen.
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import os
import sys
import tempfile
import uuid
from collections.abc import Callable
from pathlib import Path

# Before any Qt import: no screen is needed.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import keyring
from PIL import Image
from PySide6.QtCore import QEventLoop, QTimer
from PySide6.QtWidgets import QApplication, QWidget

from app.flows.session import StationView
from app.outbox import record_event
from local_db.store import Store, open_store
from oms_contract.events import InventoryAdjusted
from station.demo import LocalOms, prepare_demo_station, start_local_oms
from station.sync_wiring import floor_hooks, sync_settings
from sync.credentials import SessionOnlyKeyring
from sync.engine import SyncEngine
from sync.status import INITIAL_STATUS, SyncProblem, SyncStatus
from ui.dialogs.rejected_events_dialog import RejectedEventsDialog
from ui.launcher import Station, build_station
from ui.main_window import MainWindow
from ui.style import STATION_STYLESHEET
from ui.supervisor.approvals_page import ApprovalsPage
from ui.supervisor.board_page import BoardPage

SIZE = (1280, 800)
ROOT = Path(__file__).resolve().parents[1]
ANSWER_TIMEOUT_MS = 10_000


def wait_for_answer(window: MainWindow, action: Callable[[], None]) -> StationView:
    """Runs ``action`` (a scan, a typed number) and spins the event loop until the window has
    shown the station's answer."""
    loop = QEventLoop()
    window.answer_shown.connect(loop.quit)
    deadline = QTimer()
    deadline.setSingleShot(True)
    deadline.timeout.connect(loop.quit)
    deadline.start(ANSWER_TIMEOUT_MS)
    action()
    loop.exec()
    window.answer_shown.disconnect(loop.quit)
    if not deadline.isActive():
        raise RuntimeError("the station did not answer in time")
    deadline.stop()
    view = window.last_view
    assert view is not None
    return view


def wait_until(condition: Callable[[], bool]) -> None:
    deadline = QTimer()
    deadline.setSingleShot(True)
    deadline.start(ANSWER_TIMEOUT_MS)
    while not condition():
        if not deadline.isActive():
            raise RuntimeError("the screen did not get there in time")
        QApplication.processEvents(QEventLoop.ProcessEventsFlag.WaitForMoreEvents, 50)


class Shooter:
    def __init__(self, station: Station, out_dir: Path) -> None:
        self.station = station
        self.out_dir = out_dir
        self.window = station.window
        self.window.resize(*SIZE)
        self.window.show()
        self.settle()

    def settle(self) -> None:
        # Layouts and the lazily fetched task list catch up before the grab.
        for _ in range(5):
            QApplication.processEvents()

    def scan(self, code: str) -> StationView:
        view = wait_for_answer(self.window, lambda: self.window.submit_scan(code))
        self.settle()
        return view

    def number(self, text: str) -> StationView:
        view = wait_for_answer(self.window, lambda: self.window.submit_number(text))
        self.settle()
        return view

    def hide_flash(self) -> None:
        self.window.flash.hide()
        self.settle()

    def shoot(self, name: str, widget: QWidget | None = None, keep_flash: bool = False) -> Path:
        if not keep_flash:
            self.hide_flash()
        self.settle()
        target = self.out_dir / f"{name}.png"
        (widget or self.window).grab().save(str(target))
        optimize_png(target)
        print(f"wrote {target.relative_to(ROOT) if target.is_relative_to(ROOT) else target}")
        return target


def optimize_png(path: Path) -> None:
    """Flat colours and a few greys: a 256-colour palette keeps the text crisp and the file
    small."""
    with Image.open(path) as image:
        palette = image.convert("RGB").quantize(colors=256, method=Image.Quantize.MEDIANCUT)
    palette.save(path, optimize=True)


def online_status(**changes: object) -> SyncStatus:
    now = dt.datetime.now(dt.UTC)
    base = dataclasses.replace(
        INITIAL_STATUS, online=True, enrolled=True, last_push_at=now, last_pull_at=now
    )
    return dataclasses.replace(base, **changes)  # type: ignore[arg-type]


def fill_store_from_demo_oms(workdir: Path) -> tuple[LocalOms, Path]:
    """Demo orders, stock and master data through a real sync, plus one rejected event."""
    keyring.set_keyring(SessionOnlyKeyring())
    oms = start_local_oms(workdir)
    config = prepare_demo_station(workdir, oms)
    store = open_store(config.db_path)
    try:
        with store.unit_of_work() as uow:
            found = InventoryAdjusted(
                adjustment_no=f"ADJ-{uuid.uuid4().hex[:8].upper()}",
                owner_id="ACME",
                sku_id="ACME-KETTLE-09",
                quantity=2,
                reason_code="FOUND",
            )
            record_event(uow, found, "S001")
            uow.commit()
        engine = SyncEngine(store, sync_settings(config), hooks=floor_hooks())
        try:
            engine.run_once()
            engine.run_once()  # the answers to what the first pull brought
        finally:
            engine.close()
    finally:
        store.close()
    return oms, config.db_path


def build(db_path: Path, language: str) -> tuple[Station, Store]:
    from station.config import StationConfig  # noqa: PLC0415

    config = StationConfig(
        db_path=db_path,
        warehouse_id="WH01",
        station_name="Demo station",
        language=language,
    )
    store = open_store(db_path)
    station = build_station(config, store=store, start_sync=False, sounds=False)
    station.bridge.report(online_status())
    return station, store


def shoot_board(station: Station, shots: Shooter) -> None:
    """The live board after the picks and the pack so far: its own window at 1280x800."""
    board = BoardPage(station.gateway, "S001", None)
    board.resize(*SIZE)
    board.show()
    for samples in (1, 2, 3):
        board.reload()
        wait_until(lambda n=samples: len(board.backlog_chart.samples) == n)
    shots.shoot("11-supervisor-board", board)
    board.close()


def render_english(db_path: Path, out_dir: Path) -> None:
    station, _ = build(db_path, "en")
    shots = Shooter(station, out_dir)
    try:
        shots.shoot("01-login")
        shots.scan("P001")
        shots.shoot("02-task-list")

        # Pick: a wrong bin is refused (red flash, reason stays), then the right one.
        view = shots.scan("SO-DEMO-0006")
        assert view.flow.location_code is not None
        shots.scan("B-02-02-02")
        shots.shoot("04-refusal-flash", keep_flash=True)
        shots.hide_flash()
        shots.scan(view.flow.location_code)
        shots.shoot("03-pick-step")

        # Pack: an order picked first (two mugs), then packed unit by unit.
        shots.scan("CMD:MODE:TASKS")
        view = shots.scan("SO-DEMO-0001")
        assert view.flow.location_code is not None
        shots.scan(view.flow.location_code)
        mug = "6901234000023"
        shots.scan(mug)
        shots.scan(mug)
        shots.scan("CMD:MODE:PACK")
        shots.scan("SO-DEMO-0001")
        shots.scan(mug)
        shots.shoot("05-pack")
        shots.scan("CMD:CANCEL")

        # Receive the demo delivery: mugs counted in by scans.
        shots.scan("CMD:MODE:RECEIVE")
        shots.scan("IN-DEMO-0001")
        shots.scan(mug)
        shots.number("24")
        shots.shoot("06-receive")
        shots.scan("CMD:CANCEL")

        # Count: a blind count of one bin.
        shots.scan("CMD:MODE:COUNT")
        shots.scan("A-01-01-02")
        for _ in range(3):
            shots.scan(mug)
        shots.shoot("07-count")
        shoot_console(shots)

        # At its default size: every column must show without scrolling.
        dialog = RejectedEventsDialog(station.gateway, "S001", station.window)
        dialog.show()
        wait_until(lambda: dialog.table.rowCount() > 0)
        shots.shoot("08-supervisor-rejected-events", dialog)
        dialog.close()

        shoot_board(station, shots)

        last_good = dt.datetime.now(dt.UTC) - dt.timedelta(minutes=12)
        failing = online_status(
            online=False,
            last_push_at=last_good,
            last_pull_at=last_good,
            failing_since=last_good,
            # What the engine reports when the OMS does not answer; the banner says it in
            # the operator's words.
            last_error="Cannot reach the OMS (ConnectError: [Errno 111] Connection refused).",
            problem=SyncProblem.OMS_UNREACHABLE,
            pending_count=7,
            rejected_count=1,
        )
        station.bridge.report(failing)
        shots.shoot("09-sync-failing-banner")
    finally:
        station.close()


def shoot_console(shots: Shooter) -> None:
    """The count on screen left for a supervisor (three mugs where the books hold 60), and
    the supervisor's console opened on the operator's session by the demo supervisor."""
    shots.scan("CMD:CONFIRM")
    shots.scan("CMD:CANCEL")
    shots.scan("CMD:MODE:SUPER")
    shots.scan("S001")
    shots.number("1234")
    console = shots.window.console
    assert console is not None
    console.show_page(ApprovalsPage)
    page = console.tabs.currentWidget()
    assert isinstance(page, ApprovalsPage)
    wait_until(lambda: page.table.rowCount() > 0)
    shots.shoot("12-supervisor-console")
    shots.scan("CMD:MODE:TASKS")


def render_chinese(db_path: Path, out_dir: Path) -> None:
    station, _ = build(db_path, "zh_CN")
    shots = Shooter(station, out_dir)
    try:
        shots.scan("P002")
        view = shots.scan("SO-DEMO-0008")
        assert view.flow.location_code is not None
        shots.scan(view.flow.location_code)
        shots.shoot("10-pick-step-zh-CN")
    finally:
        station.close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    app = QApplication.instance() or QApplication(sys.argv)
    assert isinstance(app, QApplication)
    app.setStyleSheet(STATION_STYLESHEET)
    with tempfile.TemporaryDirectory(prefix="wms-screenshots-") as tmp:
        oms, db_path = fill_store_from_demo_oms(Path(tmp))
        try:
            render_english(db_path, args.out)
            render_chinese(db_path, args.out)
        finally:
            oms.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
