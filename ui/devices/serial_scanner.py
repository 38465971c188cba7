"""Serial / USB-CDC (COM port) scanners: read lines from the port, emit one scan per line.

QtSerialPort ships in PySide6-Addons. Where it is missing the station still runs with
keyboard-wedge scanners only and says so once in the log.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QObject, Signal

from devices.scanner_serial import split_scans

log = logging.getLogger("wms.scanning")


class SerialScanner(QObject):
    scanned = Signal(str)
    failed = Signal(str)

    def __init__(self, port_name: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.port_name = port_name
        self._buffer = b""
        self._port: QObject | None = None

    def open(self) -> bool:
        try:
            from PySide6.QtSerialPort import QSerialPort  # noqa: PLC0415
        except ImportError as error:
            log.warning(
                "QtSerialPort unavailable (%s): serial scanner %s not used", error, self.port_name
            )
            self.failed.emit(str(error))
            return False
        port = QSerialPort(self.port_name, self)
        port.setBaudRate(QSerialPort.BaudRate.Baud9600)
        if not port.open(QSerialPort.OpenModeFlag.ReadOnly):
            log.warning(
                "serial scanner %s cannot be opened: %s", self.port_name, port.errorString()
            )
            self.failed.emit(port.errorString())
            return False
        port.readyRead.connect(self._read)
        self._port = port
        log.info("serial scanner on %s", self.port_name)
        return True

    def close(self) -> None:
        if self._port is not None:
            self._port.close()  # type: ignore[attr-defined]
            self._port = None

    def feed(self, data: bytes) -> None:
        """Bytes from the port (public so tests can drive it without hardware)."""
        scans, self._buffer = split_scans(self._buffer + data)
        for code in scans:
            self.scanned.emit(code)

    def _read(self) -> None:
        assert self._port is not None
        self.feed(bytes(self._port.readAll().data()))  # type: ignore[attr-defined]
