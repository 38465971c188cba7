"""The PyInstaller bundle IT staff install: built from build_installer.spec, then started for
real. A data file or hidden import the spec forgets shows up here, not on a station."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from station.exit_codes import ExitCode
from tests.support.log_watch import watch_station_log

RUN_TIMEOUT_S = 120

pytestmark = pytest.mark.slow


def run_bundle(
    executable: Path, *args: str, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(executable), *args],
        capture_output=True,
        text=True,
        timeout=RUN_TIMEOUT_S,
        check=False,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen", **(env or {})},
    )


def test_bundle_migrates_a_new_store(bundle: Path, tmp_path: Path) -> None:
    version = run_bundle(bundle, "--version")
    assert version.returncode == 0
    assert version.stdout.startswith("wms-floor ")
    db = tmp_path / "station.sqlite3"
    checked = run_bundle(bundle, "check", "--db", str(db))
    # A new store is not enrolled yet: check says so with its own exit code (README, IT).
    assert checked.returncode == ExitCode.NOT_ENROLLED, checked.stderr
    assert "not enrolled" in checked.stdout
    assert "schema up to date" in checked.stdout
    assert db.exists()


def test_bundle_prints_the_command_sheet(bundle: Path, tmp_path: Path) -> None:
    sheet = tmp_path / "commands.pdf"
    printed = run_bundle(bundle, "command-sheet", str(sheet))
    assert printed.returncode == 0, printed.stderr
    assert sheet.read_bytes().startswith(b"%PDF")


def test_bundle_window_reaches_the_login_screen(bundle: Path, tmp_path: Path) -> None:
    # The start-up probe (packaging/rthooks) writes a line once the log-in screen is ready
    # for a badge scan, then quits the app.
    probe = tmp_path / "ready.txt"
    watch_station_log(tmp_path / "logs")
    config = tmp_path / "config.toml"
    config.write_text(
        f'db_path = "{tmp_path / "station.sqlite3"}"\nlog_dir = "{tmp_path / "logs"}"\n',
        encoding="utf-8",
    )
    started = run_bundle(
        bundle, "--config", str(config), env={"WMS_FLOOR_STARTUP_PROBE": str(probe)}
    )
    assert started.returncode == 0, started.stderr[-3000:]
    ready_at, peak_rss_kb = probe.read_text(encoding="ascii").split()
    assert float(ready_at) > 0
    assert int(peak_rss_kb) > 0


def test_bundle_says_the_demo_needs_the_server(bundle: Path, tmp_path: Path) -> None:
    # The station bundle leaves the reference OMS out on purpose.
    demo = run_bundle(bundle, "--demo", "--demo-dir", str(tmp_path / "demo"))
    assert demo.returncode == 2
    assert "reference OMS server" in demo.stderr


def test_bundle_self_test_finds_its_own_files(bundle: Path, tmp_path: Path) -> None:
    """Seed 003 "WMS往往需要在靠近仓库的地方部署": the bundle proves itself on the station.
    The tests pin a keyring that keeps nothing, so exactly the keyring check fails."""
    tested = run_bundle(bundle, "self-test", "--db", str(tmp_path / "station.sqlite3"))
    assert tested.returncode == ExitCode.KEYRING_UNAVAILABLE, tested.stdout + tested.stderr
    for name in ("qt", "translations", "sounds", "store"):
        assert f"{name}:" in tested.stdout
    ok = [line.split(":")[0] for line in tested.stdout.splitlines() if " ok " in line]
    assert ok == ["qt", "translations", "sounds", "store"], tested.stdout
    assert "self-test: FAILED (keyring)" in tested.stdout
