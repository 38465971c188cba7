"""Crash reports in the window: the notice about last time's crash, and a dialog for a new one.

The crash hook (``station.crash``) runs on whichever thread crashed; :class:`CrashReporter` brings
the report path onto the UI thread through a queued signal before anything Qt is touched.
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QWidget

from station.crash import mark_crash_reports_seen, pending_crash_reports
from ui.dialogs.crash_dialog import CrashDialog
from ui.widgets.crash_notice import CrashNotice

log = logging.getLogger("wms.ui")


class CrashReporter(QObject):
    """Pass ``report`` as the crash hook's ``on_crash`` (via ``station.crash.CrashRelay``)."""

    shown = Signal(object)
    """The crash dialog is up (tests wait on it)."""
    _crashed = Signal(object)

    def __init__(self, window: QWidget) -> None:
        super().__init__(window)
        self._window = window
        self.dialog: CrashDialog | None = None
        self._crashed.connect(self._show, Qt.ConnectionType.QueuedConnection)

    def report(self, report: Path) -> None:
        """Any thread: the dialog opens on the UI thread."""
        self._crashed.emit(report)

    def _show(self, report: Path) -> None:
        # The operator sees this one now; the next start must not say "stopped last time".
        report = _mark_seen([report])[0]
        if self.dialog is not None and self.dialog.isVisible():
            # A crash loop must not stack up dialogs: one dialog, newest report.
            self.dialog.set_report(report)
        else:
            self.dialog = CrashDialog.show_for(report, self._window)
            self.dialog.destroyed.connect(self._forget_dialog)
        self.shown.emit(self.dialog)

    def _forget_dialog(self) -> None:
        self.dialog = None


def offer_crash_reports(notice: CrashNotice, log_dir: Path) -> list[Path]:
    """Shows last time's crash reports on the notice and marks them seen; returns where they
    are now (empty when the last run ended cleanly)."""
    try:
        pending = pending_crash_reports(log_dir)
    except OSError:
        # An unreadable log folder must not stop the station from starting.
        log.exception("could not read the crash reports in %s", log_dir)
        return []
    reports = _mark_seen(pending)
    if reports:
        notice.show_reports(reports)
    return reports


def _mark_seen(reports: list[Path]) -> list[Path]:
    try:
        return mark_crash_reports_seen(reports)
    except OSError:
        # Read-only log folder: show them anyway (they will be offered again next time).
        log.exception("could not mark crash reports as seen")
        return reports
