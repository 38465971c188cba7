"""How long the sync engine waits before trying the OMS again.

Exponential backoff with full jitter (every station picks a random point in the window, so a
warehouse of stations coming back after an outage does not hit the OMS in lock-step), capped,
and never shorter than the ``Retry-After`` the OMS asked for. Pure: the random source is
injected so the tests can pin it.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class BackoffPolicy:
    base_s: float = 1.0
    cap_s: float = 60.0
    # An OMS that asks for hours of silence is more likely misconfigured than overloaded: the
    # station still honours Retry-After, but only up to this bound.
    retry_after_cap_s: float = 900.0

    def delay(
        self,
        failures: int,
        retry_after_s: float | None = None,
        rng: Callable[[], float] = random.random,
    ) -> float:
        """Seconds to wait after the ``failures``-th consecutive failure (1 = the first)."""
        if failures < 1:
            return 0.0
        # 2**failures overflows floats long before anyone waits that long; clamp the exponent.
        window = min(self.cap_s, self.base_s * 2.0 ** min(failures - 1, 62))
        jittered = rng() * window
        if retry_after_s is None or retry_after_s <= 0:
            return jittered
        return max(jittered, min(retry_after_s, self.retry_after_cap_s))
