"""The label printer's own thread: jobs the pack flow hands out print here, one at a time.

A printer that times out holds this thread for its timeout, never the UI thread nor the
store worker (every scan and sync hand-off of the station goes through that one). The
thread is a daemon: a printer that hangs does not keep a closing station open.
"""

from __future__ import annotations

import logging
import queue
import threading
from collections.abc import Callable

from app.services.label_jobs import LabelPrinter, PrintRequest, PrintResult

log = logging.getLogger("wms.printer")

ResultSink = Callable[[PrintResult], None]
"""Told each job's result, on the printing thread (a Qt signal's emit carries it on)."""

THREAD_NAME = "wms-printer"


class PrintWorker:
    def __init__(self, printer: LabelPrinter) -> None:
        self._printer = printer
        self._jobs: queue.SimpleQueue[tuple[PrintRequest, ResultSink] | None] = queue.SimpleQueue()
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()

    def submit(self, request: PrintRequest, done: ResultSink) -> None:
        """Queues the job; ``done`` gets its result once the printer has answered."""
        with self._lock:
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, name=THREAD_NAME, daemon=True)
                self._thread.start()
        self._jobs.put((request, done))

    def close(self) -> None:
        """No more jobs; the one under way finishes (or times out) on its own."""
        self._jobs.put(None)

    def _run(self) -> None:
        while (item := self._jobs.get()) is not None:
            request, done = item
            try:
                fault = self._printer.print_labels(request.job)
            except Exception:  # a bug in a layout: the order must still not ship on it
                log.exception("labels of %s failed", request.job.order_no)
                fault = "failed"
            done(request.result(fault))
