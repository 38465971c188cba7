"""The one way UI actions reach the store: run on the store thread, answer on the UI thread.

The UI thread never waits on the store's writer lock or the network: the operation runs on a
single worker thread (SQLite has one writer anyway) and its result or error comes back through
a queued signal to the callbacks, on the UI thread.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any, TypeVar

from PySide6.QtCore import QObject, Qt, Signal

log = logging.getLogger("wms.ui")

T = TypeVar("T")


class StoreThread(QObject):
    _finished = Signal(object, object, object)
    failed = Signal(object)
    """Errors no failure callback took: the main window shows them (and they are logged)."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="wms-store")
        self._finished.connect(self._deliver, Qt.ConnectionType.QueuedConnection)
        self.pending = 0
        self._closed = False

    def run(
        self,
        operation: Callable[[], T],
        on_success: Callable[[T], None],
        on_failure: Callable[[BaseException], None] | None = None,
    ) -> None:
        if self._closed:
            # The window is closing: late timers and sync reports have nothing to do.
            return
        self.pending += 1

        def done(future: Future[T]) -> None:
            error = future.exception()
            if error is not None:
                self._finished.emit(on_failure, None, error)
            else:
                self._finished.emit(on_success, future.result(), None)

        self._executor.submit(operation).add_done_callback(done)

    def shutdown(self) -> None:
        self._closed = True
        self._executor.shutdown(wait=True)

    def _deliver(self, callback: Any, result: Any, error: BaseException | None) -> None:
        self.pending -= 1
        if error is None:
            callback(result)
            return
        if callback is not None:
            callback(error)
            return
        log.error("store operation failed", exc_info=error)
        self.failed.emit(error)
