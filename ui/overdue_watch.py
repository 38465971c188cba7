"""The station's scheduled check for work not processed in time (seed 000 §5.2: a check
``@Scheduled(fixedRate = 300000)``, every 5 minutes), run on the store thread through the
gateway so the UI never waits on it. What it finds goes to the supervisor's exception queue
(``app/supervision/overdue_orders.py``)."""

from __future__ import annotations

import logging
from typing import Final

from PySide6.QtCore import QObject, QTimer

from app.supervision.overdue_orders import OverdueCheck, check_overdue
from ui.store_gateway import StoreGateway

CHECK_INTERVAL_MS: Final = 300_000
FIRST_CHECK_MS: Final = 60_000
"""The first check a minute after the window is up, after the start-up's own work."""

log = logging.getLogger("wms.ui.overdue")


class OverdueWatch(QObject):
    """``timer``: tests pass their own (never started) and tick it by hand."""

    def __init__(self, gateway: StoreGateway, parent: QObject, timer: QTimer | None = None) -> None:
        super().__init__(parent)
        self._gateway = gateway
        self._running = False
        self._own_timer = timer is None
        self.timer = timer or QTimer(self)
        self.timer.timeout.connect(self.check)
        self.last: OverdueCheck | None = None

    def start(self) -> None:
        if not self._own_timer:
            return  # a test's timer, never started: only its ticks check
        self.timer.start(CHECK_INTERVAL_MS)
        QTimer.singleShot(FIRST_CHECK_MS, self, self.check)

    def check(self) -> None:
        if self._running:
            return  # the previous check is still waiting for the store
        self._running = True
        self._gateway.command(check_overdue, self._done, self._failed)

    def _done(self, result: OverdueCheck) -> None:
        self._running = False
        self.last = result
        if result.changed:
            log.info(
                "overdue work: %d record(s) raised, %d closed", len(result.raised), result.closed
            )

    def _failed(self, failure: object) -> None:
        # The store is busy or away (the gateway classifies it): the next check tries again.
        self._running = False
        log.warning("overdue check failed: %s", failure)
