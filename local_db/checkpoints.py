"""WAL checkpoints on a thread of their own, so a picker's commit never runs one.

SQLite's default auto-checkpoint runs inside whichever commit pushes the WAL past 1,000
pages: that commit then also copies the WAL into the database file and, with
``synchronous=FULL``, fsyncs the database file. A scan writes 10-20 pages, so about one scan
in 60 paid for it: the raw-SQLite floor of a pick scan measured 0.78 ms median and 7.2 ms
p99 with auto-checkpoints, 1.3 ms p99 without (``python -m bench.scan_service``).

A station store therefore raises the auto-checkpoint threshold to a safety valve far above
normal use (``SAFETY_VALVE_PAGES``: only if this thread stops does a commit checkpoint
again) and this thread runs a PASSIVE checkpoint about every ``interval_s``, in a quiet
moment: once no commit has happened for ``quiet_s``. Run at the same time as a commit, the
checkpoint's writes and fsync of the database file queue the commit's own WAL fsync on the
same disk (a thread checkpointing every second regardless measured worse than inline); a
picker's scans leave gaps of hundreds of milliseconds, which is when it runs. Under a stream
of writes with no gap (a large feed catch-up) it runs anyway after ``max_defer_s``. PASSIVE
never takes the write lock and never waits for readers; it copies what it can, and once the
whole WAL is in the database file the next writer starts the WAL from its beginning again.

Durability does not depend on any of this: a commit is durable once its WAL frames are
fsynced (``synchronous=FULL``); a checkpoint only moves committed pages into the main file.
"""

from __future__ import annotations

import logging
import sqlite3
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Final, Protocol

log = logging.getLogger("wms.store.checkpoints")

# 10,000 pages of 4 KiB: a 40 MB WAL. Normal use never gets there with the thread running.
SAFETY_VALVE_PAGES: Final = 10_000
DEFAULT_INTERVAL_S: Final = 1.0
DEFAULT_QUIET_S: Final = 0.05
DEFAULT_MAX_DEFER_S: Final = 10.0
# A failing checkpoint (disk full, file gone) is reported at most this often.
_WARN_EVERY_S: Final = 60.0


class Clock(Protocol):
    """Where the checkpoint thread reads the time and waits: injected, so a test can hold
    the thread at a known moment instead of sleeping and hoping."""

    def now(self) -> float:
        """A monotonic reading in seconds, on the same scale as ``last_commit()``."""
        ...

    def wait(self, seconds: float, stop: threading.Event) -> bool:
        """Wait ``seconds`` or until ``stop`` is set; True when stopped."""
        ...


class MonotonicClock:
    """``time.monotonic()`` and a plain wait on the stop event."""

    def now(self) -> float:
        return time.monotonic()

    def wait(self, seconds: float, stop: threading.Event) -> bool:
        return stop.wait(seconds)


MONOTONIC: Final = MonotonicClock()


@dataclass(frozen=True)
class CheckpointResult:
    """``PRAGMA wal_checkpoint``'s answer: whether it was blocked, WAL frames, frames copied."""

    busy: bool
    wal_frames: int
    copied_frames: int


class WalCheckpointer:
    """Runs ``PRAGMA wal_checkpoint(PASSIVE)`` on its own connection about every
    ``interval_s``, when ``last_commit()`` (a ``clock.now()`` reading, by default
    ``time.monotonic()``) is ``quiet_s`` old, or after ``max_defer_s`` of waiting for that."""

    def __init__(
        self,
        db_path: Path,
        *,
        last_commit: Callable[[], float] = lambda: float("-inf"),
        interval_s: float = DEFAULT_INTERVAL_S,
        quiet_s: float = DEFAULT_QUIET_S,
        max_defer_s: float = DEFAULT_MAX_DEFER_S,
        clock: Clock = MONOTONIC,
    ) -> None:
        self._db_path = db_path
        self._clock = clock
        self._last_commit = last_commit
        self._interval_s = interval_s
        self._quiet_s = quiet_s
        self._max_defer_s = max_defer_s
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._last_warning = float("-inf")
        self.last_result: CheckpointResult | None = None
        self.failures = 0

    def start(self) -> None:
        if self._thread is not None:
            return
        self._thread = threading.Thread(target=self._run, name="wms-wal-checkpoints", daemon=True)
        self._thread.start()

    def stop(self, timeout_s: float = 5.0) -> None:
        """Stop after one last checkpoint (the store is closing)."""
        thread, self._thread = self._thread, None
        if thread is None:
            return
        self._stop.set()
        thread.join(timeout_s)

    def _run(self) -> None:
        connection: sqlite3.Connection | None = None
        try:
            while not self._clock.wait(self._interval_s, self._stop):
                if self._wait_for_quiet():
                    connection = self._checkpoint(connection)
            self._checkpoint(connection)
        finally:
            if connection is not None:
                connection.close()

    def _wait_for_quiet(self) -> bool:
        """Until no commit for ``quiet_s`` (or ``max_defer_s`` passed); False when stopping."""
        deadline = self._clock.now() + self._max_defer_s
        while True:
            now = self._clock.now()
            quiet_at = self._last_commit() + self._quiet_s
            if now >= quiet_at or now >= deadline:
                return True
            if self._clock.wait(min(quiet_at, deadline) - now, self._stop):
                return False

    def _checkpoint(self, connection: sqlite3.Connection | None) -> sqlite3.Connection | None:
        """One PASSIVE checkpoint; returns the connection to use next time (None: reopen)."""
        try:
            if connection is None:
                connection = sqlite3.connect(self._db_path, timeout=5.0, isolation_level=None)
                # The checkpoint fsyncs the database file before the WAL may be reused.
                connection.execute("PRAGMA synchronous=FULL")
            busy, frames, copied = connection.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchone()
        except sqlite3.Error as exc:
            # Disk full, I/O error, damaged file: the commits stay durable in the WAL and the
            # safety valve checkpoints inline if this goes on; the store's own writes report it.
            self.failures += 1
            self._warn(exc)
            if connection is not None:
                connection.close()
            return None
        self.last_result = CheckpointResult(bool(busy), int(frames), int(copied))
        return connection

    def _warn(self, exc: sqlite3.Error) -> None:
        now = self._clock.now()
        if now - self._last_warning >= _WARN_EVERY_S:
            self._last_warning = now
            log.warning("WAL checkpoint of %s failed: %s", self._db_path.name, exc)
