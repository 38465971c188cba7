"""Qt-free crash reporting: uncaught errors and hard faults are written to crash files.

The excepthook writes a redacted crash report and logs it; ``faulthandler`` writes native
crashes (a segfault in a driver, say) to a file of its own. On the next start the UI asks
:func:`pending_crash_reports` and offers to show them to the operator or IT.
"""

from __future__ import annotations

import faulthandler
import logging
import sys
import threading
import traceback
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from types import TracebackType
from typing import IO

from local_db.private_files import create_private_file, private_folder
from station import __version__
from station.logging_setup import redact

log = logging.getLogger("wms.crash")

CRASH_DIR_NAME = "crashes"
_fault_file: IO[str] | None = None


def crash_dir(log_dir: Path) -> Path:
    return log_dir / CRASH_DIR_NAME


def write_crash_report(
    log_dir: Path,
    exc_type: type[BaseException],
    exc: BaseException,
    tb: TracebackType | None,
) -> Path:
    folder = private_folder(crash_dir(log_dir))
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
    report = folder / f"crash-{stamp}.txt"
    details = "".join(traceback.format_exception(exc_type, exc, tb))
    create_private_file(report)  # tracebacks may hold what redaction missed: this user only
    report.write_text(
        f"wms-floor {__version__} crashed at {stamp}\n\n{redact(details)}", encoding="utf-8"
    )
    return report


def install_crash_handlers(
    log_dir: Path,
    on_crash: Callable[[Path], None] | None = None,
) -> None:
    """Route uncaught exceptions to a crash file; ``on_crash`` lets the UI show a dialog."""
    global _fault_file  # noqa: PLW0603 - faulthandler needs the file kept open for the process
    folder = private_folder(crash_dir(log_dir))
    faults = folder / "native-faults.txt"
    create_private_file(faults)
    _fault_file = faults.open("a", encoding="utf-8")
    faulthandler.enable(file=_fault_file)

    def hook(exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
        if issubclass(exc_type, KeyboardInterrupt):
            sys.__excepthook__(exc_type, exc, tb)
            return
        report = write_crash_report(log_dir, exc_type, exc, tb)
        log.critical("uncaught %s; crash report written to %s", exc_type.__name__, report)
        if on_crash is not None:
            on_crash(report)

    def thread_hook(args: threading.ExceptHookArgs) -> None:
        # A thread of our own (the sync engine's, the store's) dying is a crash as well; its
        # report reaches the window through on_crash from that thread.
        if issubclass(args.exc_type, SystemExit):
            return
        exc = args.exc_value if args.exc_value is not None else args.exc_type()
        hook(args.exc_type, exc, args.exc_traceback)

    sys.excepthook = hook
    threading.excepthook = thread_hook


def pending_crash_reports(log_dir: Path) -> list[Path]:
    """Crash reports not yet shown to anyone (newest first)."""
    folder = crash_dir(log_dir)
    if not folder.is_dir():
        return []
    return sorted(folder.glob("crash-*.txt"), reverse=True)


def mark_crash_reports_seen(reports: list[Path]) -> list[Path]:
    """Renames the reports so the next start does not offer them again; returns the new paths
    (where the operator is told to find them)."""
    seen = []
    for report in reports:
        seen.append(report.rename(report.with_name("seen-" + report.name)))
    return seen


class CrashRelay:
    """The ``on_crash`` callback given to :func:`install_crash_handlers` before any window
    exists: the window listens once it is up and stops when it closes."""

    def __init__(self) -> None:
        self._listener: Callable[[Path], None] | None = None

    def listen(self, listener: Callable[[Path], None] | None) -> None:
        self._listener = listener

    def __call__(self, report: Path) -> None:
        listener = self._listener
        if listener is not None:
            listener(report)
