"""A second start on the same store brings the running window to the front, then exits.

The OS file lock (``local_db.station_lock``) decides who runs; this only carries the
"show yourself" request from the second start to the first over a local socket named after
the store's path (a named pipe on Windows, a socket file on Unix).
"""

from __future__ import annotations

import hashlib
import logging
from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtNetwork import QLocalServer, QLocalSocket
from PySide6.QtWidgets import QWidget

log = logging.getLogger("wms.ui")

_REQUEST = b"raise\n"
_ANSWER = b"raised\n"
_TIMEOUT_MS = 2000


def server_name(db_path: Path) -> str:
    """One name per store file, short enough for a Unix socket path."""
    digest = hashlib.sha256(str(Path(db_path).resolve()).encode()).hexdigest()[:20]
    return f"wms-floor-{digest}"


class RaiseServer(QObject):
    """Listens for later starts on the same store and brings ``window`` to the front."""

    raised = Signal()

    def __init__(self, db_path: Path, window: QWidget) -> None:
        super().__init__(window)
        self._window = window
        self._server = QLocalServer(self)
        self._server.newConnection.connect(self._on_connection)
        name = server_name(db_path)
        # We hold the store's lock, so a socket file left by a killed station is stale.
        QLocalServer.removeServer(name)
        if not self._server.listen(name):
            log.warning("cannot listen for later starts: %s", self._server.errorString())

    def _on_connection(self) -> None:
        while self._server.hasPendingConnections():
            socket = self._server.nextPendingConnection()
            socket.readyRead.connect(lambda socket=socket: self._on_request(socket))
            socket.disconnected.connect(socket.deleteLater)

    def _on_request(self, socket: QLocalSocket) -> None:
        if bytes(socket.readAll().data()) != _REQUEST:
            socket.disconnectFromServer()
            return
        window = self._window
        if window.isMinimized():
            window.showMaximized()
        window.show()
        window.raise_()
        window.activateWindow()
        log.info("another start on this store: brought the running window to the front")
        socket.write(_ANSWER)
        socket.flush()
        self.raised.emit()

    def close(self) -> None:
        self._server.close()


def ask_running_station_to_show(db_path: Path) -> bool:
    """True when the station running on ``db_path`` answered and raised its window."""
    socket = QLocalSocket()
    socket.connectToServer(server_name(db_path))
    if not socket.waitForConnected(_TIMEOUT_MS):
        return False
    socket.write(_REQUEST)
    socket.flush()
    answered = False
    while socket.waitForReadyRead(_TIMEOUT_MS):
        if bytes(socket.readAll().data()).startswith(_ANSWER):
            answered = True
            break
    socket.disconnectFromServer()
    return answered
