"""Sync health against seed 000 §7.1's alert thresholds, from what the station's store holds.

Every outbox row keeps when it happened (``occurred_at``) and when the OMS accepted it
(``accepted_at``, written by the pusher in the commit that records the answer), so both
latencies are measured per event, offline stretches included: the time from the floor to
the OMS. A rejection leaves an ``OMS_REJECTED`` exception record stamped with its time.

- callback success: events accepted / (accepted + rejected) in the last hour (%);
- stock sync latency: p95 of the stock events' latency (``stock_changed``,
  ``inventory_adjusted``) accepted in the last hour;
- callback latency: p95 of every other event's latency (status callbacks, picked lines,
  receipts...) accepted in the last hour;
- backlog: events not yet accepted (held ones included);
- oldest pending event: its age (0 when nothing waits).

The last hour is read from the newest :data:`ANSWERED_SAMPLE` accepted events through the
status index, so the cost does not grow with the outbox's history; past that many answers
in an hour the figures cover the span those answers took.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from enum import StrEnum
from typing import Final

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from local_db.models.records import ExceptionRecord
from local_db.models.sync import OutboxEvent
from local_db.types import to_sqlite_utc

WINDOW: Final = dt.timedelta(hours=1)
ANSWERED_SAMPLE: Final = 2000
STOCK_EVENT_TYPES: Final = frozenset({"stock_changed", "inventory_adjusted"})
LATENCY_PERCENTILE: Final = 0.95


_NEWEST_ACCEPTED = (
    "SELECT event_type, accepted_at, "
    "(julianday(accepted_at) - julianday(occurred_at)) * 86400.0 "
    "FROM outbox_event WHERE status = 'accepted' AND accepted_at IS NOT NULL "
    "ORDER BY id DESC LIMIT ?"
)


def _from_sqlite(value: str) -> dt.datetime:
    return dt.datetime.fromisoformat(value).replace(tzinfo=dt.UTC)


class Light(StrEnum):
    GREEN = "green"
    AMBER = "amber"
    """Close to the alert threshold: worth a look before it is crossed."""
    RED = "red"
    """The seed's alert threshold is crossed."""
    NO_DATA = "no_data"
    """Nothing to measure (no event answered in the last hour)."""


class Measure(StrEnum):
    CALLBACK_SUCCESS = "callback_success"
    STOCK_SYNC_LATENCY = "stock_sync_latency"
    CALLBACK_LATENCY = "callback_latency"
    BACKLOG = "backlog"
    OLDEST_PENDING = "oldest_pending"


@dataclass(frozen=True)
class Threshold:
    alert: float
    """Seed 000 §7.1's alert threshold: red beyond it."""
    warn: float
    """Amber beyond this, up to the alert threshold."""
    higher_is_worse: bool = True

    def light(self, value: float | None) -> Light:
        if value is None:
            return Light.NO_DATA
        sign = 1 if self.higher_is_worse else -1
        if sign * value > sign * self.alert:
            return Light.RED
        if sign * value > sign * self.warn:
            return Light.AMBER
        return Light.GREEN


THRESHOLDS: Final = {
    # 指令下发成功率 < 99 % alerts; amber below 99.5 %.
    Measure.CALLBACK_SUCCESS: Threshold(alert=99.0, warn=99.5, higher_is_worse=False),
    # 库存同步延迟 > 5 s alerts; amber from 4 s.
    Measure.STOCK_SYNC_LATENCY: Threshold(alert=5.0, warn=4.0),
    # 状态回传延迟 > 10 s alerts; amber from 8 s.
    Measure.CALLBACK_LATENCY: Threshold(alert=10.0, warn=8.0),
    # 消息积压数 > 1000 alerts; amber from 800.
    Measure.BACKLOG: Threshold(alert=1000, warn=800),
    # Changes not reaching the OMS for over 5 minutes alert (sync.status.BACKLOG_ALERT_AGE_S,
    # seed §7.2's 5-minute check); amber from 4 minutes.
    Measure.OLDEST_PENDING: Threshold(alert=300.0, warn=240.0),
}


@dataclass(frozen=True)
class Gauge:
    measure: Measure
    value: float | None
    """Percent, seconds or events (see :class:`Measure`); None: nothing to measure."""
    threshold: Threshold
    sample: int
    """Events the value was measured over."""

    @property
    def light(self) -> Light:
        return self.threshold.light(self.value)


def sync_health(session: Session, now: dt.datetime) -> tuple[Gauge, ...]:
    window_start = now - WINDOW
    # Latencies in SQL: parsing 4,000 datetimes in Python would cost more than the read.
    answered = session.connection().exec_driver_sql(_NEWEST_ACCEPTED, (ANSWERED_SAMPLE,)).all()
    since = window_start
    if len(answered) == ANSWERED_SAMPLE:
        since = max(since, _from_sqlite(min(str(row[1]) for row in answered)))
    boundary = to_sqlite_utc(since)
    stock: list[float] = []
    other: list[float] = []
    for event_type, accepted_at, latency in answered:
        if str(accepted_at) < boundary:
            continue
        (stock if event_type in STOCK_EVENT_TYPES else other).append(max(0.0, float(latency)))
    accepted = len(stock) + len(other)
    rejected = int(
        session.scalar(
            select(func.count()).where(
                ExceptionRecord.exception_type == "OMS_REJECTED",
                ExceptionRecord.created_at >= since,
            )
        )
        or 0
    )
    success = 100.0 * accepted / (accepted + rejected) if accepted + rejected else None
    backlog = int(session.scalar(select(func.count()).where(OutboxEvent.status == "pending")) or 0)
    # The first pending event by id is the oldest (ids rise with occurred_at): one index seek.
    oldest_at = session.scalar(
        select(OutboxEvent.occurred_at)
        .where(OutboxEvent.status == "pending")
        .order_by(OutboxEvent.id)
        .limit(1)
    )
    oldest_age = 0.0 if oldest_at is None else max(0.0, (now - oldest_at).total_seconds())
    return (
        _gauge(Measure.CALLBACK_SUCCESS, success, accepted + rejected),
        _gauge(Measure.STOCK_SYNC_LATENCY, _percentile(stock), len(stock)),
        _gauge(Measure.CALLBACK_LATENCY, _percentile(other), len(other)),
        _gauge(Measure.BACKLOG, float(backlog), backlog),
        _gauge(Measure.OLDEST_PENDING, oldest_age, 1 if oldest_at is not None else 0),
    )


def _gauge(measure: Measure, value: float | None, sample: int) -> Gauge:
    return Gauge(measure, value, THRESHOLDS[measure], sample)


def _percentile(samples: list[float]) -> float | None:
    """Nearest rank (p95 of 20 samples is the 19th), None without samples."""
    if not samples:
        return None
    ordered = sorted(samples)
    rank = max(1, math.ceil(LATENCY_PERCENTILE * len(ordered)))
    return ordered[rank - 1]
