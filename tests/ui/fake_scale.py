"""A fake serial scale behind a real pseudo-terminal: the station's QSerialPort opens the
slave tty's path, the fake reads requests and writes answers on the master side."""

from __future__ import annotations

import os
import tty

from PySide6.QtCore import QSocketNotifier


class FakeScale:
    def __init__(self) -> None:
        self.master, self._slave = os.openpty()
        tty.setraw(self.master)  # bytes as they are: no echo, no line discipline
        tty.setraw(self._slave)
        self.port = os.ttyname(self._slave)
        self.answer: bytes | None = None
        """What an MT-SICS request gets (None: the scale stays silent)."""
        self.requests = b""
        self._notifier = QSocketNotifier(self.master, QSocketNotifier.Type.Read)
        self._notifier.activated.connect(self._request)

    def _request(self) -> None:
        try:
            self.requests += os.read(self.master, 1024)
        except OSError:
            self._notifier.setEnabled(False)
            return
        if self.answer is not None:
            os.write(self.master, self.answer)

    def send(self, data: bytes) -> None:
        """Continuous output: the scale sends by itself."""
        os.write(self.master, data)

    def pull_cable(self) -> None:
        """The master side goes away: the port's next read fails, as when a USB adapter is
        unplugged."""
        self._notifier.setEnabled(False)
        os.close(self.master)
        self.master = -1

    def close(self) -> None:
        self._notifier.setEnabled(False)
        for fd in (self.master, self._slave):
            if fd >= 0:
                os.close(fd)
        self.master = self._slave = -1
