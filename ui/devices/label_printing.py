"""The pack flow's label jobs to the printing worker, their results back to the UI thread.

The window emits each job a station answer carries; the worker (station/print_worker.py, its
own thread) prints it, and :attr:`LabelPrintRunner.finished` brings the result to the UI
thread (a queued connection across threads), where the window hands it to the session.
The runner has no Qt parent on purpose: the station keeps it, so a result that comes late
(a printer timing out while the window closes) never meets a deleted object.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, Signal

from app.services.label_jobs import PrintRequest, PrintResult

Submit = Callable[[PrintRequest, Callable[[PrintResult], None]], None]


class LabelPrintRunner(QObject):
    finished = Signal(object)
    """A PrintResult, on the UI thread."""

    def __init__(self, submit: Submit, close: Callable[[], None]) -> None:
        super().__init__()
        self._submit = submit
        self._close = close

    def submit(self, request: object) -> None:
        if isinstance(request, PrintRequest):
            self._submit(request, self.finished.emit)

    def close(self) -> None:
        self._close()
