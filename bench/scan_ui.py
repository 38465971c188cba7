"""Scan latency at the UI level: last key of a wedge burst → the pick screen shows the result.

    python -m bench.scan_ui [--quick]

The real station window (``ui.launcher.build_station``) over a copy of the large store, Qt's
offscreen platform, the real event loop. A picker logs in, opens orders and picks them by
scans typed as keyboard-wedge bursts (keys at machine speed, Enter last). For every scan that
books a unit we take the time from just before the last key event (Enter) to

* ``answer``: the window's ``answer_shown`` signal, i.e. the screen's widgets hold the new
  state (labels set, the store thread's answer delivered through the queued signal), and
* ``painted``: the end of the next event-loop pass after that, which handles the update
  requests the new texts posted, i.e. paints the window (what the picker sees).
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path
from typing import Any

from bench.common import (
    copy_store,
    latency_figures,
    load_average,
    peak_rss_figure,
    require_generated,
    scale_from_args,
)
from bench.pick_plan import PickScan, plan_picks

WARMUP = 5
BOOKED = ("picked", "order_picked")
ANSWER_TIMEOUT_S = 30.0


class WindowDriver:
    """The station window with a wedge scanner typing into it."""

    def __init__(self, db_path: Path) -> None:
        from PySide6.QtCore import QEventLoop, QTimer
        from PySide6.QtWidgets import QApplication

        from local_db.store import open_store
        from station.config import StationConfig
        from ui.launcher import build_station
        from ui.style import STATION_STYLESHEET

        app = QApplication.instance() or QApplication(["bench"])
        assert isinstance(app, QApplication)
        self.app = app
        app.setStyleSheet(STATION_STYLESHEET)
        config = StationConfig(
            db_path=db_path,
            warehouse_id="WH-BENCH",
            station_name="BENCH",
            language="en",
            # As the UI tests do: on a loaded machine a burst stays one scan (the figure is
            # taken from the last key, so the decoder's window adds nothing to it).
            scanner_max_key_interval_ms=200,
        )
        self.station = build_station(
            config,
            store=open_store(db_path, background_checkpoints=True),
            start_sync=False,
            sounds=False,
        )
        self.window = self.station.window
        self.window.resize(1280, 800)
        self.window.show()
        self.answer_at: float | None = None
        self.view: Any = None
        # One loop and one guard timer for the whole run: the loop ends on the answer.
        self.loop = QEventLoop()
        self.guard = QTimer()
        self.guard.setSingleShot(True)
        self.guard.timeout.connect(self.loop.quit)
        self.window.answer_shown.connect(self._on_answer)
        self.settle(lambda: self.window.last_view is not None)

    def _on_answer(self, view: Any) -> None:
        self.answer_at = time.perf_counter()
        self.view = view
        self.loop.quit()

    def settle(self, done: Any) -> None:
        deadline = time.perf_counter() + ANSWER_TIMEOUT_S
        while not done() and time.perf_counter() < deadline:
            self.app.processEvents()
            time.sleep(0.001)

    def scan(self, code: str) -> tuple[Any, float, float]:
        """One wedge burst; answers (view, seconds to answer, seconds to painted)."""
        from PySide6.QtCore import Qt
        from PySide6.QtTest import QTest
        from PySide6.QtWidgets import QApplication

        self.answer_at = None
        target = QApplication.focusWidget() or self.window
        QTest.keyClicks(target, code)
        self.guard.start(int(ANSWER_TIMEOUT_S * 1000))
        started = time.perf_counter()
        QTest.keyClick(target, Qt.Key.Key_Return)
        if self.answer_at is None:
            self.loop.exec()
        self.guard.stop()
        if self.answer_at is None:
            raise RuntimeError(f"no answer to scan {code!r}")
        answered = self.answer_at - started
        # The answer's setText calls posted update requests: this pass paints them.
        self.app.processEvents()
        painted = time.perf_counter() - started
        # Let the flash and any late refresh settle, so scans do not overlap.
        self.settle(lambda: self.window.gateway.pending == 0)
        return self.view, answered, painted

    def open_order(self, order_no: str) -> None:
        from app.flows.view import Mode
        from app.scanning.commands import Command

        self.scan(Command.MODE_TASKS.value)
        view, _, _ = self.scan(order_no)
        if view.flow.mode is not Mode.PICK:
            raise RuntimeError(f"order {order_no} did not open: {view.flow}")

    def pick(self, planned: PickScan) -> tuple[float, float]:
        """Scans what the screen asks (bin, item, batch) until one unit is booked."""
        from app.flows.view import PromptKey

        codes = {
            PromptKey.SCAN_BIN: planned.location_code,
            PromptKey.SCAN_ITEM: planned.barcode,
            PromptKey.SCAN_BATCH: planned.batch_no or "",
        }
        view = self.window.last_view
        assert view is not None
        for _ in range(len(codes) + 1):
            code = codes.get(view.flow.prompt.key)
            if code is None:
                raise RuntimeError(f"unexpected prompt {view.flow.prompt} for {planned}")
            view, answered, painted = self.scan(code)
            message = view.flow.message
            if message is not None and message.code in BOOKED:
                return answered, painted
            if view.flow.feedback.name == "BAD":
                raise RuntimeError(f"scan {code!r} refused: {message}")
        raise RuntimeError(f"scans of {planned} never booked a unit")

    def close(self) -> None:
        self.station.close()


def run_window(db_path: Path, scans: list[PickScan]) -> tuple[list[float], list[float]]:
    driver = WindowDriver(db_path)
    answers: list[float] = []
    painted: list[float] = []
    try:
        driver.scan(scans[0].operator)
        current_order = None
        for planned in scans:
            if planned.order_no != current_order:
                driver.open_order(planned.order_no)
                current_order = planned.order_no
            answered, seen = driver.pick(planned)
            answers.append(answered)
            painted.append(seen)
    finally:
        driver.close()
    return answers, painted


def main() -> None:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    scale = scale_from_args(__doc__ or "")
    folder = require_generated(scale)
    db_path = copy_store(folder / "station.sqlite3", folder / "work-scan-ui" / "station.sqlite3")
    scans = plan_picks(db_path, scale.ui_reps + WARMUP)
    answers, painted = run_window(db_path, scans)
    note = f"{len(answers) - WARMUP} booking scans at {scale.name} scale, offscreen; "
    latency_figures("scan_ui_answer", answers[WARMUP:], note + load_average())
    latency_figures("scan_ui_painted", painted[WARMUP:], "to the end of the next paint")
    peak_rss_figure("scan_ui")


if __name__ == "__main__":
    main()
    # PySide6 6.12 can die in interpreter teardown ("none_dealloc" while garbage-collecting
    # Qt wrappers) after the window has closed cleanly: the figures are out, skip teardown.
    sys.stdout.flush()
    os._exit(0)
