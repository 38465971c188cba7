"""Crash reports reach the operator: last run's report as a notice at start, a new crash as a
dialog while the window is up. run_station runs in a fresh interpreter with the real crash
hook installed, as `wms-floor` does."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
from pathlib import Path

from pytestqt.qtbot import QtBot

from station.crash import crash_dir, pending_crash_reports
from tests.flows.seed import PICKER_BADGE
from tests.ui.conftest import scan
from ui.crash_reporting import CrashReporter, offer_crash_reports
from ui.dialogs.crash_dialog import CrashDialog
from ui.launcher import Station

PROBE = """
import json
import sys
import time
from pathlib import Path
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
from station.config import StationConfig
from station.crash import CrashRelay, install_crash_handlers
from ui.dialogs.crash_dialog import CrashDialog
from ui.main_window import MainWindow
from ui.launcher import run_station

log_dir = Path(sys.argv[2])
relay = CrashRelay()
install_crash_handlers(log_dir, on_crash=relay)
seen = {}
deadline = time.monotonic() + 60

def top_level(kind):
    widgets = QApplication.instance().topLevelWidgets()
    return [w for w in widgets if isinstance(w, kind) and w.isVisible()]

def look_at_notice_then_crash():
    notice = top_level(MainWindow)[0].crash_notice
    seen["notice"] = notice.label.text() if notice.isVisible() else None
    raise RuntimeError("scanner driver broke in a slot")

def wait_for_dialog():
    dialogs = top_level(CrashDialog)
    if dialogs:
        seen["dialog"] = dialogs[0].message_label.text()
    if dialogs or time.monotonic() > deadline:
        QApplication.instance().quit()
    else:
        QTimer.singleShot(20, wait_for_dialog)

app = QApplication(sys.argv)
QTimer.singleShot(0, look_at_notice_then_crash)
QTimer.singleShot(0, wait_for_dialog)
config = StationConfig(db_path=Path(sys.argv[1]), log_dir=log_dir, language="en")
code = run_station(config, crash_relay=relay)
print(json.dumps({"code": code, **seen}))
"""


def run_station_probe(probe: str, db_path: Path, log_dir: Path) -> subprocess.CompletedProcess[str]:
    """A real station process (offscreen) running ``probe`` with its store and log folder."""
    return subprocess.run(
        [sys.executable, "-c", probe, str(db_path), str(log_dir)],
        capture_output=True,
        text=True,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
        timeout=120,
        check=False,
        cwd=Path(__file__).resolve().parents[2],
    )


def test_last_crash_shown_at_start_and_a_new_crash_opens_a_dialog(tmp_path: Path) -> None:
    log_dir = tmp_path / "logs"
    crash_dir(log_dir).mkdir(parents=True)
    last_time = crash_dir(log_dir) / "crash-20261121T101500000000Z.txt"
    last_time.write_text("wms-floor crashed\n", encoding="utf-8")

    result = run_station_probe(PROBE, tmp_path / "station.sqlite3", log_dir)
    assert result.returncode == 0, result.stderr
    seen = json.loads(result.stdout.strip().splitlines()[-1])
    assert seen["code"] == 0

    # Last run's report: offered once, then marked seen where the notice says it is.
    assert not last_time.exists()
    assert "stopped unexpectedly last time" in seen["notice"]
    assert str(last_time.with_name("seen-" + last_time.name)) in seen["notice"]

    # The crash in a slot: written, shown at once, so not offered again at the next start.
    assert "dialog" in seen, result.stderr
    new_reports = sorted(crash_dir(log_dir).glob("seen-crash-*.txt"))
    assert len(new_reports) == 2
    newest = next(report for report in new_reports if report.name != "seen-" + last_time.name)
    assert "scanner driver broke in a slot" in newest.read_text(encoding="utf-8")
    assert str(newest) in seen["dialog"]
    assert "Tell IT" in seen["dialog"]
    assert pending_crash_reports(log_dir) == []


def test_crash_on_another_thread_opens_one_dialog_and_scans_go_on(
    qtbot: QtBot, station: Station, tmp_path: Path
) -> None:
    reporter = CrashReporter(station.window)
    reports = [tmp_path / "crash-1.txt", tmp_path / "crash-2.txt"]
    for report in reports:
        report.write_text("boom\n", encoding="utf-8")

    def crash_twice() -> None:
        for report in reports:
            reporter.report(report)

    with qtbot.waitSignals([reporter.shown, reporter.shown], timeout=10_000):
        worker = threading.Thread(target=crash_twice)
        worker.start()
        worker.join()
    dialog = reporter.dialog
    assert isinstance(dialog, CrashDialog)
    assert dialog.isVisible()
    # A crash loop updates the one dialog to the newest report instead of stacking dialogs.
    assert [w for w in station.window.findChildren(CrashDialog) if w.isVisible()] == [dialog]
    assert str(tmp_path / "seen-crash-2.txt") in dialog.message_label.text()
    assert not any(report.exists() for report in reports)

    # Not blocking: the operator can log in underneath (scans reach the flow).
    view = scan(qtbot, station, PICKER_BADGE)
    assert view.operator is not None
    dialog.accept()
    qtbot.waitUntil(lambda: reporter.dialog is None)


def test_no_notice_after_a_clean_run(station: Station, tmp_path: Path) -> None:
    assert offer_crash_reports(station.window.crash_notice, tmp_path / "logs") == []
    assert not station.window.crash_notice.isVisible()


# A bug inside a store operation (here: a query that calls what the store does not have) is
# not told as "database trouble": the gateway hands it to the crash hook, which writes the
# report and opens the crash dialog, as for any uncaught error.
STORE_BUG_PROBE = PROBE.replace(
    """def look_at_notice_then_crash():
    notice = top_level(MainWindow)[0].crash_notice
    seen["notice"] = notice.label.text() if notice.isVisible() else None
    raise RuntimeError("scanner driver broke in a slot")
""",
    """def look_at_notice_then_crash():
    window = top_level(MainWindow)[0]
    window.gateway.query(lambda store: store.no_such_query(), lambda _: None)
""",
)


def test_a_bug_in_a_store_operation_opens_the_crash_dialog(tmp_path: Path) -> None:
    assert STORE_BUG_PROBE != PROBE
    log_dir = tmp_path / "logs"
    result = run_station_probe(STORE_BUG_PROBE, tmp_path / "station.sqlite3", log_dir)
    assert result.returncode == 0, result.stderr
    seen = json.loads(result.stdout.strip().splitlines()[-1])
    assert "dialog" in seen, result.stderr
    reports = sorted(crash_dir(log_dir).glob("seen-crash-*.txt"))
    assert len(reports) == 1
    assert "no_such_query" in reports[0].read_text(encoding="utf-8")
    assert str(reports[0]) in seen["dialog"]
