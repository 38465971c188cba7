"""The scheduled prune of the OMS's sync history (``services/retention.py``), run inside the
OMS process like the alert check (``alert_schedule.py``): a task of the app's lifespan runs
:meth:`HistoryPruner.prune_now` on a worker thread once at start and then every
``interval_s`` (a day). An administrator can run it at once (``POST /api/v1/retention/prune``).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
import threading
from collections.abc import Callable
from typing import Final

from oms_server.db import Database
from oms_server.models import utc_now
from oms_server.schedule import every_interval
from oms_server.schemas import PruneResult
from oms_server.services import retention

DEFAULT_PRUNE_INTERVAL_S: Final = 86_400.0
DEFAULT_KEEP_DAYS: Final = retention.DEFAULT_KEEP_DAYS
# The scheduled horizon must cover the monitoring windows (at most 30 days of events).
MIN_KEEP_DAYS: Final = 31.0

logger = logging.getLogger("wms.oms_server.retention")


class HistoryPruner:
    """``keep_days`` None (or 0): no scheduled prune; :meth:`prune_now` with an explicit
    ``keep_days`` still works."""

    def __init__(
        self,
        db: Database,
        keep_days: float | None = DEFAULT_KEEP_DAYS,
        interval_s: float = DEFAULT_PRUNE_INTERVAL_S,
        clock: Callable[[], dt.datetime] = utc_now,
    ) -> None:
        self.db = db
        self.keep_days = keep_days or None
        self.interval_s = interval_s
        self._clock = clock
        self._lock = threading.Lock()
        self._stopping = threading.Event()
        self.last_result: PruneResult | None = None

    def prune_now(self, keep_days: float | None = None) -> PruneResult:
        """One prune with ``keep_days`` (default: the server's horizon; none set: keep all)."""
        with self._lock:
            horizon = self.keep_days if keep_days is None else keep_days
            if horizon is None:
                result = PruneResult(
                    pruned_at=self._clock(),
                    keep_days=None,
                    cutoff=None,
                    feed_entries=0,
                    rejected_events=0,
                    acknowledged={},
                )
            else:
                result = retention.prune(
                    self.db,
                    horizon,
                    self._clock(),
                    keep_going=lambda: not self._stopping.is_set(),
                )
                if result.feed_entries or result.rejected_events:
                    logger.info(
                        "pruned %d feed entries and %d rejected events older than %s",
                        result.feed_entries,
                        result.rejected_events,
                        result.cutoff.isoformat(timespec="seconds") if result.cutoff else "-",
                    )
            self.last_result = result
            return result

    def running(self) -> contextlib.AbstractAsyncContextManager[None]:
        """The schedule for the app's lifespan: a prune at start, then every interval;
        stopped (between batches) at exit."""
        return every_interval(
            self.prune_now,
            None if self.keep_days is None else self.interval_s,
            what="sync history prune",
            logger=logger,
            first_now=True,
            on_stop=self._stopping.set,
        )
