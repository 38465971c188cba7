"""Tells a keyboard-wedge scan from a person typing, from key timing alone (no Qt).

A wedge scanner "types" its barcode far faster than a person (a few ms between keys) and ends
with its suffix (Enter by default). The Qt event filter feeds every key press here with a
timestamp; the decoder holds keys back while they might still be a scan and answers with
events: a whole :class:`Scan`, or :class:`Typed` text to hand back to the focused widget
because it turned out to be a person typing (a quantity, a PIN).

A configured prefix marks a scan whatever the timing (slow Bluetooth scanners).
"""

from __future__ import annotations

from dataclasses import dataclass

ENTER = "\r"


@dataclass(frozen=True)
class WedgeSettings:
    prefix: str = ""
    suffix: str = ENTER
    max_key_interval_ms: float = 30.0
    # Shorter fast bursts are a person hitting two keys at once, not a barcode.
    min_scan_length: int = 3
    # A burst that began with the prefix may be slow; it still ends if the scanner goes quiet.
    prefix_timeout_ms: float = 1000.0


@dataclass(frozen=True)
class Scan:
    code: str


@dataclass(frozen=True)
class Typed:
    """Keys that belong to the focused widget after all, in the order they were pressed."""

    text: str


WedgeEvent = Scan | Typed


class WedgeDecoder:
    """Feed it key presses (``key``) and idle ticks (``tick``); it returns what they meant."""

    def __init__(self, settings: WedgeSettings | None = None) -> None:
        self.settings = settings or WedgeSettings()
        self._buffer = ""
        self._last_key_ms: float | None = None

    @property
    def holding(self) -> bool:
        """True while keys are held back waiting to learn whether they are a scan."""
        return bool(self._buffer)

    def key(self, text: str, at_ms: float) -> list[WedgeEvent]:
        """One key press (its text; Enter is ``"\\r"``) at ``at_ms`` milliseconds."""
        events: list[WedgeEvent] = []
        if self._buffer and self._gap_exceeded(at_ms):
            events.extend(self._end_of_burst())
        self._buffer += text
        self._last_key_ms = at_ms
        events.extend(self._check_terminator())
        return events

    def tick(self, now_ms: float) -> list[WedgeEvent]:
        """No key came for a while: a stalled burst is typing (or a suffix-less scan)."""
        if self._buffer and self._gap_exceeded(now_ms):
            return self._end_of_burst()
        return []

    def _gap_exceeded(self, at_ms: float) -> bool:
        assert self._last_key_ms is not None
        prefix = self.settings.prefix
        in_prefixed_scan = bool(prefix) and self._buffer.startswith(prefix)
        limit = (
            self.settings.prefix_timeout_ms
            if in_prefixed_scan
            else self.settings.max_key_interval_ms
        )
        return at_ms - self._last_key_ms > limit

    def next_deadline_ms(self) -> float | None:
        """When ``tick`` should next be called, or None when nothing is held."""
        if self._last_key_ms is None:
            return None
        prefix = self.settings.prefix
        if prefix and self._buffer.startswith(prefix):
            return self._last_key_ms + self.settings.prefix_timeout_ms
        return self._last_key_ms + self.settings.max_key_interval_ms

    def _take(self) -> str:
        text, self._buffer, self._last_key_ms = self._buffer, "", None
        return text

    def _check_terminator(self) -> list[WedgeEvent]:
        suffix = self.settings.suffix
        if not suffix or not self._buffer.endswith(suffix):
            return []
        burst = self._take()
        body = burst[: -len(suffix)]
        code = self._scan_code(body)
        return [Scan(code)] if code is not None else [Typed(burst)]

    def _end_of_burst(self) -> list[WedgeEvent]:
        burst = self._take()
        # Without a suffix, a scan ends when the keys stop coming.
        if not self.settings.suffix:
            code = self._scan_code(burst)
            if code is not None:
                return [Scan(code)]
        return [Typed(burst)]

    def _scan_code(self, body: str) -> str | None:
        prefix = self.settings.prefix
        if prefix and body.startswith(prefix):
            code = body[len(prefix) :]
            return code or None
        # Every key of ``body`` came within the interval, or it would have been flushed.
        if len(body) >= self.settings.min_scan_length:
            return body
        return None
