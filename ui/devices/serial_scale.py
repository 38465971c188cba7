"""Serial scales through QtSerialPort: owns the port, asks (MT-SICS) or listens (continuous),
and reports each change of what the scale says as an ``app`` ScaleReading.

Parsing and the stable-weight rule are Qt-free in devices/scale_protocol.py. Faults: no
answer within the timeout, garbled frames, overload / underload, the port closing or
failing (cable pulled); after a port failure the adapter tries to reopen it on every poll.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QObject, QTimer, Signal

from app.flows.scale_input import ScaleReading, ScaleState
from devices.scale_protocol import (
    MTSICS_REQUEST,
    Fault,
    FaultFilter,
    Kind,
    Protocol,
    Reading,
    ScaleDecoder,
    Unit,
    fault,
)

log = logging.getLogger("wms.scale")

POLL_MS = 300
"""How often MT-SICS is asked for the weight (a reply takes ~100 ms at 9600 baud)."""


def as_scale_reading(reading: Reading) -> ScaleReading:
    if reading.kind is Kind.FAULT:
        return ScaleReading(ScaleState.FAULT, fault=(reading.fault or Fault.GARBLED).value)
    if not reading.stable:
        # A moving weight is never used nor shown: one report while it moves, not one per frame.
        return ScaleReading(ScaleState.MOVING)
    return ScaleReading(ScaleState.STABLE, weight_kg=reading.weight_kg)


class SerialScale(QObject):
    changed = Signal(object)
    """A ScaleReading, emitted only when it differs from the last one."""

    def __init__(
        self,
        port_name: str,
        *,
        baud_rate: int = 9600,
        protocol: Protocol = "mtsics",
        unit: Unit = "kg",
        timeout_ms: int = 2000,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.port_name = port_name
        self.baud_rate = baud_rate
        self.protocol: Protocol = protocol
        self._decoder = ScaleDecoder(protocol, unit)
        self._faults = FaultFilter()
        self.last: ScaleReading | None = None
        self._port: QObject | None = None
        self._poll = QTimer(self)
        self._poll.setInterval(POLL_MS)
        self._poll.timeout.connect(self._tick)
        # Restarted by every frame: firing means the scale has said nothing for timeout_ms.
        self._silence = QTimer(self)
        self._silence.setSingleShot(True)
        self._silence.setInterval(timeout_ms)
        self._silence.timeout.connect(lambda: self._report(fault(Fault.TIMEOUT)))

    def open(self) -> bool:
        """Opens the port and starts listening; False (and a fault reported) if it cannot."""
        self._poll.start()
        return self._open_port()

    def _open_port(self) -> bool:
        try:
            from PySide6.QtSerialPort import QSerialPort  # noqa: PLC0415
        except ImportError as error:
            log.warning("QtSerialPort unavailable (%s): scale %s not used", error, self.port_name)
            self._report(fault(Fault.DISCONNECTED))
            return False
        port = QSerialPort(self.port_name, self)
        port.setBaudRate(self.baud_rate)
        if not port.open(QSerialPort.OpenModeFlag.ReadWrite):
            # Said once; the retries on every poll (waiting for the cable) say it quietly.
            again = self.last is not None and self.last.fault == Fault.DISCONNECTED.value
            level = logging.DEBUG if again else logging.WARNING
            log.log(level, "scale %s cannot be opened: %s", self.port_name, port.errorString())
            port.deleteLater()
            self._report(fault(Fault.DISCONNECTED))
            return False
        port.readyRead.connect(self._read)
        port.errorOccurred.connect(self._port_error)
        self._port = port
        self._decoder.reset()
        self._silence.start()
        log.info("scale on %s (%s, %d baud)", self.port_name, self.protocol, self.baud_rate)
        self._tick()
        return True

    def close(self) -> None:
        self._poll.stop()
        self._silence.stop()
        self._drop_port()

    def _drop_port(self) -> None:
        port, self._port = self._port, None
        if port is not None:
            port.blockSignals(True)
            port.close()  # type: ignore[attr-defined]
            port.deleteLater()

    def _tick(self) -> None:
        if self._port is None:
            self._open_port()  # the cable back in: carry on without a restart
            return
        if self.protocol == "mtsics":
            self._port.write(MTSICS_REQUEST)  # type: ignore[attr-defined]

    def feed(self, data: bytes) -> None:
        """Bytes from the port (public so a test can drive the byte handling directly)."""
        for reading in self._decoder.feed(data):
            self._silence.start()
            if reading.kind is Kind.FAULT:
                log.warning("scale %s: %s (%r)", self.port_name, reading.fault, reading.frame)
            if self._faults.passes(reading):
                self._report(reading)

    def _read(self) -> None:
        if self._port is not None:
            self.feed(bytes(self._port.readAll().data()))  # type: ignore[attr-defined]

    def _port_error(self, error: object) -> None:
        from PySide6.QtSerialPort import QSerialPort  # noqa: PLC0415

        if error == QSerialPort.SerialPortError.NoError:
            return
        log.warning("scale %s port error: %s", self.port_name, error)
        self._drop_port()
        self._silence.stop()
        self._report(fault(Fault.DISCONNECTED))

    def _report(self, reading: Reading) -> None:
        shown = as_scale_reading(reading)
        if shown != self.last:
            self.last = shown
            self.changed.emit(shown)
