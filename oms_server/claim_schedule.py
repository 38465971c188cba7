"""Order claims' lease length and the sweep of claims whose lease ran out, run inside the OMS
process like the alert check (``alert_schedule.py``): a task of the app's lifespan runs
:meth:`ClaimSweeper.sweep_now` on a worker thread every ``interval_s``.

A claim whose lease ran out is already free on every read (``services/claims.py``); the sweep
only writes what happened (an EXPIRED release in the log and on the feed), so the other
stations' task lists show the order as free again. Seed 000 §5.2 (超时未处理) is the same
idea for work: a station that is gone must not keep its orders.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
import threading
from collections.abc import Callable
from typing import Final

from oms_contract.claims import DEFAULT_LEASE_S
from oms_server.db import Database
from oms_server.models import utc_now
from oms_server.schedule import every_interval
from oms_server.services import claims

DEFAULT_SWEEP_INTERVAL_S: Final = 60.0
MIN_LEASE_S: Final = 1

logger = logging.getLogger("wms.oms_server.claims")


class ClaimSweeper:
    """``lease_s``: an ordinary claim's lease for this process. ``interval_s`` None (or 0):
    no scheduled sweep; :meth:`sweep_now` still works."""

    def __init__(
        self,
        db: Database,
        lease_s: int = DEFAULT_LEASE_S,
        interval_s: float | None = DEFAULT_SWEEP_INTERVAL_S,
        clock: Callable[[], dt.datetime] = utc_now,
    ) -> None:
        if lease_s < MIN_LEASE_S:
            raise ValueError(f"a claim's lease must be at least {MIN_LEASE_S} s")
        self.db = db
        self.lease_s = lease_s
        self.interval_s = interval_s or None
        self._clock = clock
        self._lock = threading.Lock()

    def sweep_now(self) -> int:
        """Release every claim whose lease ran out (one transaction per warehouse, under its
        lock like every other claim write); answers how many."""
        with self._lock:
            now = self._clock()
            with self.db.read_session() as session:
                warehouses = claims.warehouses_with_expired(session, now)
            released = 0
            for warehouse_id in warehouses:
                with self.db.write_transaction() as session:
                    released += claims.expire_due(session, warehouse_id, now)
            if released:
                logger.info("released %d expired order claims", released)
            return released

    def running(self) -> contextlib.AbstractAsyncContextManager[None]:
        """The schedule for the app's lifespan: stopped (after a sweep under way) at exit."""
        return every_interval(self.sweep_now, self.interval_s, what="claim sweep", logger=logger)
