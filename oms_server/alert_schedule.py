"""The scheduled alert check (seed 000 §7.2: ``@Scheduled(fixedRate = 60000)``), run inside
the OMS process: a task of the app's lifespan wakes every ``interval_s`` and runs
:meth:`AlertChecker.check_now` on a worker thread (the check reads and writes the database).
An administrator can run the same check at once (``POST /api/v1/alerts/check``).
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
from oms_server.schemas import AlertCheckResult
from oms_server.services import alert_rules, alerts

DEFAULT_CHECK_INTERVAL_S: Final = 60.0

logger = logging.getLogger("wms.oms_server.alerts")


class AlertChecker:
    """``interval_s`` None (or 0): no scheduled check; :meth:`check_now` still works."""

    def __init__(
        self,
        db: Database,
        interval_s: float | None = DEFAULT_CHECK_INTERVAL_S,
        clock: Callable[[], dt.datetime] = utc_now,
    ) -> None:
        self.db = db
        self.interval_s = interval_s or None
        self._clock = clock
        self._lock = threading.Lock()
        self.last_check_at: dt.datetime | None = None

    def check_now(self) -> AlertCheckResult:
        """Evaluate the rules and record the alerts; the figures are read before the write
        transaction, so a check does not hold the SQLite write lock while it counts."""
        with self._lock:
            now = self._clock()
            with self.db.read_session() as session:
                found = alert_rules.conditions(session, now)
            with self.db.write_transaction() as session:
                result = alerts.record(session, found, now)
            self.last_check_at = now
            return result

    def running(self) -> contextlib.AbstractAsyncContextManager[None]:
        """The schedule for the app's lifespan: stopped (after a check under way) at exit."""
        return every_interval(self.check_now, self.interval_s, what="alert check", logger=logger)
