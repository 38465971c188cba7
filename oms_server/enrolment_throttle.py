"""Failed enrolments per client address: past a few, that address is answered 429.

An enrolment key is 192 bits, so guessing is hopeless; the throttle is there so a client
that hammers ``/stations/enrol`` with wrong keys (or a leaked but used-up one) is told to
stop, and shows in the log. Behind a reverse proxy every client has the proxy's address:
the proxy must then do its own per-client limiting (docs/oms-api.md).
"""

from __future__ import annotations

import logging
import math
import threading
import time
from collections import defaultdict, deque
from collections.abc import Callable
from typing import Final

log = logging.getLogger("wms.oms_server.enrolment")

MAX_FAILURES: Final = 10
WINDOW_S: Final = 60.0
# Addresses remembered at most; past it, those with no failure in the window are forgotten
# (a spray of addresses must not grow the server's memory without end).
MAX_CLIENTS: Final = 10_000


class EnrolmentThrottle:
    def __init__(
        self,
        max_failures: int = MAX_FAILURES,
        window_s: float = WINDOW_S,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.max_failures = max_failures
        self.window_s = window_s
        self._clock = clock
        self._failures: defaultdict[str, deque[float]] = defaultdict(deque)
        # Routes run on a thread pool.
        self._lock = threading.Lock()

    def _recent(self, client: str, now: float) -> deque[float]:
        failures = self._failures[client]
        while failures and failures[0] <= now - self.window_s:
            failures.popleft()
        return failures

    def retry_after_s(self, client: str) -> int | None:
        """Whole seconds this client must wait before it may try again, or None."""
        with self._lock:
            now = self._clock()
            failures = self._recent(client, now)
            if len(failures) < self.max_failures:
                if not failures:
                    del self._failures[client]
                return None
            return max(1, math.ceil(failures[-self.max_failures] + self.window_s - now))

    def failed(self, client: str) -> None:
        with self._lock:
            now = self._clock()
            if len(self._failures) >= MAX_CLIENTS:
                self._forget_quiet_clients(now)
            failures = self._recent(client, now)
            failures.append(now)
            if len(failures) == self.max_failures:
                log.warning(
                    "%d failed enrolments from %s within %.0f s: throttled",
                    len(failures),
                    client,
                    self.window_s,
                )

    def _forget_quiet_clients(self, now: float) -> None:
        quiet = [
            client
            for client, failures in self._failures.items()
            if not failures or failures[-1] <= now - self.window_s
        ]
        for client in quiet:
            del self._failures[client]
