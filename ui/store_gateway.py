"""The UI's one way to the store: every read and write runs on one store worker thread, and
its answer comes back to the UI thread through a queued signal.

The launcher (the composition root) builds one :class:`StoreGateway` over the station's store
and hands it to the window, every dialog and every model; nothing else under ``ui/`` holds the
store. One worker thread means the UI's writes are serialised among themselves (SQLite has one
writer anyway) and the UI thread never waits on the store's writer lock, a checkpoint or a slow
disk.

Failures arrive typed (as with Anki's ``CollectionOp``/``QueryOp`` and qutebrowser's
``misc/sql.py``):

* :class:`local_db.errors.StoreUnavailable` — disk full, busy, read-only, corrupt, I/O: the
  environment's fault, nothing was saved. Reads are classified the way the store classifies
  writes. Goes to the caller's ``on_failure``, or else to :attr:`StoreGateway.unavailable`
  (the window tells the operator).
* :class:`app.errors.FloorError` — a refusal of the domain, changed nothing: ``on_failure``.
* anything else is a bug: it never reaches ``on_failure``; it is logged and handed to the
  crash reporter (``sys.excepthook``, which the station points at its crash hook).
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any, TypeVar

from PySide6.QtCore import QObject, Qt, Signal

from app.errors import FloorError
from local_db.errors import StoreUnavailable, classify_store_error

log = logging.getLogger("wms.ui")

T = TypeVar("T")

Failure = StoreUnavailable | FloorError
"""What a caller's ``on_failure`` can get: the environment's fault, or a refusal."""

StoreWork = Callable[[Any], T]
"""A domain query or command given the store (``pending_adjustments``, ``decide``...). The
store is typed loosely here on purpose: only the launcher names the ``Store`` class."""


def typed_failure(error: BaseException) -> Failure | None:
    """``error`` as a failure the UI can act on, or None when it is a bug."""
    if isinstance(error, StoreUnavailable | FloorError):
        return error
    return classify_store_error(error)


def report_to_crash_hook(error: BaseException) -> None:
    """A bug in a store operation: the process's crash hook writes a report and the window
    opens the crash dialog (``station.crash``), as for any uncaught error."""
    sys.excepthook(type(error), error, error.__traceback__)


class StoreGateway(QObject):
    unavailable = Signal(object)
    """A :class:`StoreUnavailable` no ``on_failure`` took (the window tells the operator)."""
    changed = Signal()
    """A command succeeded: the store may hold new outbox events."""
    _finished = Signal(object, object, object)

    def __init__(
        self,
        store: Any,
        parent: QObject | None = None,
        *,
        report_bug: Callable[[BaseException], None] = report_to_crash_hook,
    ) -> None:
        super().__init__(parent)
        self._store = store
        self._report_bug = report_bug
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="wms-store")
        self._finished.connect(self._deliver, Qt.ConnectionType.QueuedConnection)
        self.pending = 0
        """Operations submitted whose answer has not reached the UI thread yet."""
        self._closed = False

    # --- what the UI asks ------------------------------------------------------------------

    def query(
        self,
        read: StoreWork[T],
        on_done: Callable[[T], None],
        on_failure: Callable[[Failure], None] | None = None,
    ) -> None:
        """Reads ``read(store)`` on the store thread; ``on_done(result)`` on the UI thread."""
        store = self._store
        self._submit(lambda: read(store), on_done, on_failure)

    def command(
        self,
        write: StoreWork[T],
        on_done: Callable[[T], None],
        on_failure: Callable[[Failure], None] | None = None,
    ) -> None:
        """Runs ``write(store)`` on the store thread; on success :attr:`changed` fires, then
        ``on_done(result)``, on the UI thread."""
        store = self._store

        def done(result: T) -> None:
            self.changed.emit()
            on_done(result)

        self._submit(lambda: write(store), done, on_failure)

    def run(
        self,
        work: Callable[[], T],
        on_done: Callable[[T], None],
        on_failure: Callable[[Failure], None] | None = None,
    ) -> None:
        """Runs ``work()`` on the store thread: for objects that already hold the store and
        must only be called there (the station session, a supervisor approval), and for slow
        file work the UI thread must not wait on."""
        self._submit(work, on_done, on_failure)

    def bind(self, factory: StoreWork[T]) -> T:
        """``factory(store)`` built here, for a domain object that keeps the store (a
        ``SupervisorApproval``): call its methods only through :meth:`run`."""
        return factory(self._store)

    def shutdown(self) -> None:
        """Waits for the operation under way; later requests are dropped (the window is
        closing: late timers and sync reports have nothing to do)."""
        self._closed = True
        self._executor.shutdown(wait=True)

    # --- the worker and the way back ---------------------------------------------------------

    def _submit(
        self,
        work: Callable[[], T],
        on_done: Callable[[T], None],
        on_failure: Callable[[Failure], None] | None,
    ) -> None:
        if self._closed:
            return
        self.pending += 1

        def finished(future: Future[T]) -> None:
            # On the store thread: classify here, deliver on the UI thread.
            error = future.exception()
            if error is None:
                self._finished.emit(on_done, future.result(), None)
            else:
                self._finished.emit(on_failure, None, error)

        self._executor.submit(work).add_done_callback(finished)

    def _deliver(self, callback: Any, result: Any, error: BaseException | None) -> None:
        self.pending -= 1
        if error is None:
            callback(result)
            return
        failure = typed_failure(error)
        if failure is None:
            log.error("store operation failed with a bug", exc_info=error)
            self._report_bug(error)
            return
        if isinstance(failure, StoreUnavailable):
            log.warning("store unavailable (%s): %s", failure.problem, error)
        if callback is not None:
            callback(failure)
        elif isinstance(failure, StoreUnavailable):
            self.unavailable.emit(failure)
        else:
            # A refusal nobody asked to hear about is a caller's bug.
            log.error("store operation refused with no one to tell", exc_info=error)
            self._report_bug(error)
