"""The `wms-floor` command's scripted subcommands, run as a real process where it matters."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from station.main import main


def run_cli(*args: str, env_config: Path | None = None) -> subprocess.CompletedProcess[str]:
    env = None
    if env_config is not None:
        import os

        env = {**os.environ, "WMS_FLOOR_CONFIG": str(env_config)}
    return subprocess.run(
        [sys.executable, "-m", "station.main", *args],
        capture_output=True,
        text=True,
        check=False,
        env=env,
    )


def test_check_reports_a_fresh_store(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = tmp_path / "station.sqlite3"
    # A fresh store is not enrolled: an unhealthy state, with its own exit code.
    assert main(["check", "--db", str(db)]) == 10
    out = capsys.readouterr().out
    assert "schema up to date" in out
    assert "not enrolled" in out
    assert "0 pending" in out
    assert db.exists()


def test_wrong_setting_is_refused_before_anything_starts(tmp_path: Path) -> None:
    config = tmp_path / "config.toml"
    config.write_text("push_batch_size = -3\n", encoding="utf-8")
    db = tmp_path / "station.sqlite3"
    result = run_cli("check", "--db", str(db), env_config=config)
    assert result.returncode == 2
    assert "push_batch_size" in result.stderr
    assert not db.exists()


def test_version_is_printed() -> None:
    result = run_cli("--version")
    assert result.returncode == 0
    assert result.stdout.startswith("wms-floor ")
