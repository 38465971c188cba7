"""Application-wide key filter: keyboard-wedge scans go to the station whatever has focus.

The burst logic is :class:`devices.scanner_wedge.WedgeDecoder`; this class only turns key events
into ``(text, time)`` pairs, swallows keys while they may be a scan, emits ``scanned`` for a
scan and hands typing back to the focused widget as fresh key events.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication

from devices.scanner_wedge import Scan, Typed, WedgeDecoder, WedgeEvent, WedgeSettings

_ENTER_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter)
_CHORD_MODIFIERS = (
    Qt.KeyboardModifier.ControlModifier
    | Qt.KeyboardModifier.AltModifier
    | Qt.KeyboardModifier.MetaModifier
)
_GROUP_SEPARATOR = "\x1d"
_STAMP_MASK = 0xFFFFFFFF
# Stamps claiming more time passed than the clock saw, by more than this, are another clock's.
_STAMP_TRUST_MS = 1000.0


def monotonic_ms() -> float:
    return time.monotonic() * 1000.0


class WedgeScannerFilter(QObject):
    scanned = Signal(str)

    def __init__(
        self,
        settings: WedgeSettings,
        clock: Callable[[], float] = monotonic_ms,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.decoder = WedgeDecoder(settings)
        self._clock = clock
        self._last_stamp: tuple[int, float] | None = None
        self._lag = 0.0
        """How late the last key was processed after its stamp: the timer counts from then."""
        self._replaying = False
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.flush_due)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if self._replaying or event.type() != QEvent.Type.KeyPress:
            return False
        assert isinstance(event, QKeyEvent)
        text = _key_text(event)
        if text is None:
            return False
        self._dispatch(self.decoder.key(text, self._key_time(event)))
        self._schedule_tick()
        return True

    def _key_time(self, event: QKeyEvent) -> float:
        """When the key was pressed, in the clock's milliseconds.

        The window system stamps each key when it happens. A UI thread busy for a moment (a
        task list reload, say) delays the processing of a scan's keys, not their stamps, so
        gaps measured by the stamps keep the scan whole. Without stamps (0: keys made by a
        program) or with stamps that disagree with the clock, the processing time counts.
        """
        now = self._clock()
        stamp = event.timestamp()
        at = now
        if stamp and self._last_stamp is not None:
            last_stamp, last_at = self._last_stamp
            elapsed = (stamp - last_stamp) & _STAMP_MASK  # stamps wrap around after 49 days
            if elapsed <= now - last_at + _STAMP_TRUST_MS:
                at = min(now, last_at + elapsed)
        self._last_stamp = (stamp, at) if stamp else None
        self._lag = now - at
        return at

    def _decoder_now(self) -> float:
        return self._clock() - self._lag

    def flush_due(self) -> None:
        """Releases held keys whose time is up (timer, or a test advancing its clock)."""
        self._dispatch(self.decoder.tick(self._decoder_now()))
        self._schedule_tick()

    def _schedule_tick(self) -> None:
        deadline = self.decoder.next_deadline_ms()
        if deadline is None:
            self._timer.stop()
            return
        self._timer.start(max(1, int(deadline - self._decoder_now()) + 1))

    def _dispatch(self, events: list[WedgeEvent]) -> None:
        for wedge_event in events:
            if isinstance(wedge_event, Scan):
                self.scanned.emit(wedge_event.code)
            elif isinstance(wedge_event, Typed):
                self._replay(wedge_event.text)

    def _replay(self, text: str) -> None:
        target = QApplication.focusWidget()
        if target is None:
            return
        self._replaying = True
        try:
            for char in text:
                key = Qt.Key.Key_Return if char == "\r" else _key_for(char)
                for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
                    QApplication.sendEvent(
                        target, QKeyEvent(kind, key, Qt.KeyboardModifier.NoModifier, char)
                    )
        finally:
            self._replaying = False


def _key_text(event: QKeyEvent) -> str | None:
    """The character a key press adds to a scan, or None for keys the filter leaves alone."""
    # Auto-repeat is not a reason to let a key by: Qt on X11 flags a press as auto-repeat when
    # the same key was released and pressed again within the same millisecond, which a fast
    # scanner does with "000" in a GTIN; dropping it lost a digit. A key held down by a person
    # repeats slower than a scan and ends up typed like any other key.
    text = event.text()
    if event.key() in _ENTER_KEYS:
        result = "\r"
    elif text == _GROUP_SEPARATOR:  # FNC1 arrives as Ctrl+] on many wedge scanners
        result = text
    elif event.modifiers() & _CHORD_MODIFIERS:
        result = None
    elif event.key() == Qt.Key.Key_Tab:
        result = "\t"
    else:
        result = text if len(text) == 1 and text.isprintable() else None
    return result


def _key_for(char: str) -> Qt.Key:
    if char == "\t":
        return Qt.Key.Key_Tab
    code = ord(char.upper())
    # Qt key codes equal the (upper-case) Latin-1 code for printable ASCII.
    if 0x20 <= code <= 0x7E:
        return Qt.Key(code)
    return Qt.Key.Key_unknown
