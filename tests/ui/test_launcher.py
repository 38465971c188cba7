"""run_station builds the application and the window and returns the exit code.

It runs in a fresh interpreter: run_station owns the QApplication's event loop and quits it,
which must not happen to the test process's shared application.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from pytestqt.qtbot import QtBot

from local_db.store import Store
from station.config import StationConfig
from ui.launcher import build_station

PROBE = """
import gc
import sys
import threading
from pathlib import Path
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
from station.config import StationConfig
from ui.launcher import run_station

seen = []
tuning = []

def look_and_quit():
    app = QApplication.instance()
    windows = [w for w in app.topLevelWidgets() if w.isVisible()]
    seen.extend(w.windowTitle() for w in windows)
    checkpoints = any(t.name == "wms-wal-checkpoints" for t in threading.enumerate())
    frozen = gc.get_freeze_count() > 10_000
    tuning.extend([sys.getswitchinterval(), checkpoints, frozen, gc.get_threshold()[0]])
    app.quit()

app = QApplication(sys.argv)
QTimer.singleShot(0, look_and_quit)
config = StationConfig(db_path=Path(sys.argv[1]), log_dir=Path(sys.argv[2]), language="en")
code = run_station(config, demo=True)
print(code, "|".join(seen))
print(*tuning)
"""


def test_run_station_opens_the_window_and_returns(tmp_path: Path) -> None:
    db_path = tmp_path / "run" / "station.sqlite3"
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    result = subprocess.run(
        [sys.executable, "-c", PROBE, str(db_path), str(tmp_path / "logs")],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
        cwd=Path(__file__).resolve().parents[2],
    )
    assert result.returncode == 0, result.stderr
    shown, tuning = result.stdout.strip().splitlines()[-2:]
    code, titles = shown.split(" ", 1)
    assert code == "0"
    assert titles.endswith("DEMO")
    # The station's process settings: short GIL hand-overs, WAL checkpoints off the commits,
    # the start-up's objects out of the collector's way and its youngest generation larger.
    assert tuning.split() == ["0.001", "True", "True", "50000"]
    assert db_path.exists()


def test_unenrolled_station_starts_its_sync_engine_and_waits_quietly(
    qtbot: QtBot, store: Store, station_config: StationConfig
) -> None:
    # No oms_url and no enrolment: the engine runs anyway (it reads its OMS from the store,
    # where `wms-floor enroll` puts it) and reports "not enrolled" with what IT must run.
    assert station_config.oms_url is None
    station = build_station(station_config, store=store, sounds=False)
    qtbot.addWidget(station.window)
    try:
        assert station.engine is not None
        assert station.engine.is_running()
        station.window.show()
        qtbot.waitUntil(lambda: station.bridge.latest.last_error is not None, timeout=30_000)
        status = station.bridge.latest
        assert not status.enrolled
        assert not status.needs_reenrolment
        banner = station.window.banner
        assert banner.isVisible() and banner.problem == "not_enrolled"
        assert "wms-floor enroll" in banner.label.text()
    finally:
        station.close()
