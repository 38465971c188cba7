"""The station's own backlog alert (seed 000 §7.1 消息积压数 > 1000; §7.2's 5-minute check):
more than 1000 events not accepted by the OMS yet, or the oldest of them waiting longer than
5 minutes. The same rule as ``sync.status.SyncStatus.backlog_alert`` (a test holds the two
thresholds equal), read from the board's own figures so the board needs no sync status."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from app.queries.board.sync_health import Gauge, Measure


@dataclass(frozen=True)
class BacklogAlert:
    pending: int
    """Events not accepted yet (held ones included)."""
    oldest_age_s: float
    count_threshold: int
    age_threshold_s: float

    @property
    def too_many(self) -> bool:
        return self.pending > self.count_threshold

    @property
    def too_old(self) -> bool:
        return self.oldest_age_s > self.age_threshold_s


def backlog_alert(gauges: Iterable[Gauge]) -> BacklogAlert | None:
    """The alert when one of its two conditions holds, else None."""
    by_measure = {gauge.measure: gauge for gauge in gauges}
    backlog, oldest = by_measure[Measure.BACKLOG], by_measure[Measure.OLDEST_PENDING]
    alert = BacklogAlert(
        pending=int(backlog.value or 0),
        oldest_age_s=oldest.value or 0.0,
        count_threshold=int(backlog.threshold.alert),
        age_threshold_s=oldest.threshold.alert,
    )
    return alert if alert.too_many or alert.too_old else None
