"""Brings the sync engine's status (reported on the engine's thread) onto the UI thread."""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt, Signal

from sync.status import INITIAL_STATUS, SyncStatus


class SyncStatusBridge(QObject):
    """Pass ``report`` to ``SyncEngine(listener=...)``; ``status_changed`` fires on the UI
    thread with the :class:`SyncStatus` snapshot."""

    status_changed = Signal(object)
    _reported = Signal(object)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.latest: SyncStatus = INITIAL_STATUS
        # Queued always: the engine's thread must never run UI code, even for a moment.
        self._reported.connect(self._on_reported, Qt.ConnectionType.QueuedConnection)

    def report(self, status: SyncStatus) -> None:
        self._reported.emit(status)

    def _on_reported(self, status: SyncStatus) -> None:
        self.latest = status
        self.status_changed.emit(status)
