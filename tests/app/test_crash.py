"""A crash in a real process leaves a redacted report that the next start can find."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from station.crash import mark_crash_reports_seen, pending_crash_reports


def test_uncaught_error_writes_a_crash_report(tmp_path: Path) -> None:
    program = f"""
from pathlib import Path
from station.crash import install_crash_handlers
install_crash_handlers(Path({str(tmp_path)!r}))
raise RuntimeError("scanner driver broke for phone=13800138000")
"""
    result = subprocess.run([sys.executable, "-c", program], capture_output=True, check=False)
    assert result.returncode != 0
    reports = pending_crash_reports(tmp_path)
    assert len(reports) == 1
    text = reports[0].read_text(encoding="utf-8")
    assert "RuntimeError" in text
    assert "13800138000" not in text

    mark_crash_reports_seen(reports)
    assert pending_crash_reports(tmp_path) == []


def test_a_dying_thread_writes_a_report_and_tells_on_crash(tmp_path: Path) -> None:
    program = f"""
import threading
from pathlib import Path
from station.crash import install_crash_handlers
told = []
install_crash_handlers(Path({str(tmp_path)!r}), on_crash=told.append)
def sync_step():
    raise OSError("network stack gave up")
worker = threading.Thread(target=sync_step)
worker.start()
worker.join()
print(len(told), told[0].name if told else "")
"""
    result = subprocess.run(
        [sys.executable, "-c", program], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    reports = pending_crash_reports(tmp_path)
    assert len(reports) == 1
    assert "network stack gave up" in reports[0].read_text(encoding="utf-8")
    assert result.stdout.split() == ["1", reports[0].name]
