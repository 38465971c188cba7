"""A clock the test moves by hand, for code that waits on an injected clock.

The thread under test blocks in ``wait`` until the test moves the time past its wake-up
moment (or stops it). ``settle`` returns once that thread is blocked again with a wake-up
still ahead: from then on nothing happens until the test moves the clock, so asserting that
something has *not* happened is sound, with no sleep in the test.
"""

from __future__ import annotations

import threading


class ManualClock:
    def __init__(self, start: float = 0.0) -> None:
        self._now = start
        self._changed = threading.Condition()
        self._wakes_at: float | None = None

    def now(self) -> float:
        with self._changed:
            return self._now

    def wait(self, seconds: float, stop: threading.Event) -> bool:
        with self._changed:
            wakes_at = self._now + seconds
            self._wakes_at = wakes_at
            self._changed.notify_all()
            # The stop event is not tied to this condition: look at it between notifies.
            while self._now < wakes_at and not stop.is_set():
                self._changed.wait(0.01)
            self._wakes_at = None
            self._changed.notify_all()
            return stop.is_set()

    def advance(self, seconds: float) -> None:
        with self._changed:
            self._now += seconds
            self._changed.notify_all()

    def settle(self, timeout_s: float = 20.0) -> float:
        """Until the waiting thread is blocked with a wake-up after now; returns that moment."""
        with self._changed:
            settled = self._changed.wait_for(
                lambda: self._wakes_at is not None and self._wakes_at > self._now, timeout_s
            )
            assert settled, "the thread under test never went back to waiting"
            assert self._wakes_at is not None
            return self._wakes_at
