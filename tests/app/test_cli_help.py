"""The help texts a person reads first (#17.21): the subcommands, what each does, where the
logs are, and the OMS server's --host/--port. Run as real processes."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from station.logging_setup import LOG_FILE_NAME
from station.paths import default_log_dir

ROOT = Path(__file__).resolve().parents[2]


def help_of(module: str, *args: str) -> str:
    result = subprocess.run(
        [sys.executable, "-m", module, *args, "--help"],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT), "COLUMNS": "200"},
        timeout=60,
        check=False,
        cwd=ROOT,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_wms_floor_help_lists_every_subcommand_and_the_log_file() -> None:
    text = help_of("station.main")
    for name, what in (
        ("enroll", "enrol this station with the OMS"),
        ("check", "check the settings and the store"),
        ("command-sheet", "write the sheet of command barcodes"),
        ("self-test", "check this installation works here"),
    ):
        assert f"  {name} " in text and what in text, name
    assert str(default_log_dir() / LOG_FILE_NAME) in text
    assert "crash reports" in text


def test_check_and_command_sheet_help_say_what_they_do() -> None:
    check = help_of("station.main", "check")
    assert "PRAGMA quick_check" in check and "exit codes:" in check
    assert "station store (overrides the settings file)" in check
    sheet = help_of("station.main", "command-sheet")
    assert "command barcodes" in sheet and "PDF" in sheet


def test_oms_server_host_and_port_have_help() -> None:
    text = help_of("oms_server.cli")
    assert "address to listen on (default: 127.0.0.1" in text
    assert "TCP port to listen on (default: 8700)" in text
