"""One station per store (#17.8c), with real processes: a second start on the same store
brings the running window to the front and exits; enrolment waits for the station to close;
a killed station's lock and socket never block the next start."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from local_db.station_lock import StationAlreadyRunning, StationLock
from station.exit_codes import ExitCode
from tests.support.log_watch import watch_station_log

ROOT = Path(__file__).resolve().parents[2]
TIMEOUT_S = 90.0


def wait_for(condition: Callable[[], bool], what: str) -> None:
    deadline = time.monotonic() + TIMEOUT_S
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.1)


class Stations:
    def __init__(self, tmp_path: Path) -> None:
        self.db = tmp_path / "store" / "station.sqlite3"
        self.logs = tmp_path / "logs"
        watch_station_log(self.logs)
        self.config = tmp_path / "station.toml"
        self.config.write_text(
            f'db_path = "{self.db}"\nlog_dir = "{self.logs}"\nlanguage = "en"\n',
            encoding="utf-8",
        )
        self.env = {
            **os.environ,
            "QT_QPA_PLATFORM": "offscreen",
            "PYTHONPATH": str(ROOT),
            "WMS_FLOOR_CONFIG": str(self.config),
        }
        self.running: list[subprocess.Popen[str]] = []

    def log_text(self) -> str:
        path = self.logs / "station.log"
        return path.read_text(encoding="utf-8") if path.exists() else ""

    def start(self) -> subprocess.Popen[str]:
        process = subprocess.Popen(
            [sys.executable, "-m", "station.main", "--config", str(self.config)],
            env=self.env,
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        self.running.append(process)
        return process

    def start_and_wait_up(self) -> subprocess.Popen[str]:
        process = self.start()
        marker = f"(pid {process.pid})"
        wait_for(
            lambda: marker in self.log_text() or process.poll() is not None,
            "the station window",
        )
        assert process.poll() is None, process.communicate()
        return process

    def run(self, *args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "station.main", *args],
            env=self.env,
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=TIMEOUT_S,
            check=False,
        )

    def stop_all(self) -> None:
        for process in self.running:
            if process.poll() is None:
                process.kill()
            process.communicate()


@pytest.fixture
def stations(tmp_path: Path) -> Iterator[Stations]:
    started = Stations(tmp_path)
    try:
        yield started
    finally:
        started.stop_all()


def test_second_start_raises_the_first_window_and_exits(stations: Stations) -> None:
    first = stations.start_and_wait_up()
    second = stations.start()
    _out, err = second.communicate(timeout=TIMEOUT_S)
    assert second.returncode == ExitCode.ALREADY_RUNNING, err
    assert "already running" in err
    wait_for(
        lambda: "brought the running window to the front" in stations.log_text(),
        "the first station to come to the front",
    )
    # The second start opened no window and no sync engine of its own.
    assert stations.log_text().count("station window up on") == 1
    assert first.poll() is None
    first.send_signal(signal.SIGTERM)
    assert first.wait(TIMEOUT_S) == 0


def test_enrolment_waits_for_the_running_station(stations: Stations) -> None:
    first = stations.start_and_wait_up()
    result = stations.run(
        "enroll", "--oms-url", "https://127.0.0.1:9", "--warehouse", "WH1",
        "--key", "ek_not-used-at-all", "--config", str(stations.config),
    )  # fmt: skip
    assert result.returncode == ExitCode.ALREADY_RUNNING, result.stderr
    assert "not enrolled" in result.stderr and "already running" in result.stderr
    first.send_signal(signal.SIGTERM)
    assert first.wait(TIMEOUT_S) == 0


def test_a_killed_station_does_not_block_the_next_start(stations: Stations) -> None:
    first = stations.start_and_wait_up()
    first.kill()  # no clean-up: the lock file and the socket file stay behind
    first.wait(TIMEOUT_S)
    assert (stations.db.parent / "station.sqlite3.lock").exists()
    second = stations.start_and_wait_up()
    second.send_signal(signal.SIGTERM)
    assert second.wait(TIMEOUT_S) == 0


def test_the_lock_is_the_operating_systems(tmp_path: Path) -> None:
    db = tmp_path / "station.sqlite3"
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys; from pathlib import Path; from local_db.station_lock import StationLock;"
            "lock = StationLock(Path(sys.argv[1])).acquire(); print('held', flush=True);"
            "sys.stdin.readline()",
            str(db),
        ],
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        cwd=ROOT,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        with pytest.raises(StationAlreadyRunning):
            StationLock(db).acquire()
    finally:
        holder.communicate(timeout=TIMEOUT_S)  # its stdin closes: it exits
    with StationLock(db) as lock:
        assert lock.held
        assert (db.parent / "station.sqlite3.lock").stat().st_mode & 0o777 == 0o600
    fresh = tmp_path / "new-folder" / "station.sqlite3"
    with StationLock(fresh):  # the station takes its lock before the store creates the folder
        assert fresh.parent.stat().st_mode & 0o777 == 0o700
