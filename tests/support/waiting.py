"""Waiting on a condition in tests: poll it, fail with what was awaited at the deadline."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")


def _nothing() -> None:
    return None


def wait_until(
    condition: Callable[[], T | None],
    timeout_s: float = 60.0,
    what: str = "condition",
    alive: Callable[[], None] = _nothing,
    poll_s: float = 0.02,
) -> T:
    """Poll until ``condition()`` is truthy and return it. ``alive`` raises when the program
    being watched has died, so a crash fails at once instead of at the deadline."""
    deadline = time.monotonic() + timeout_s
    while True:
        alive()
        value = condition()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout_s:.0f} s waiting for {what}")
        time.sleep(poll_s)
