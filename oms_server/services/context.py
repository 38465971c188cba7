"""Who pushed an event and when: for history rows and latency figures."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass


@dataclass(frozen=True)
class EventContext:
    event_id: str
    station_id: str
    occurred_at: dt.datetime
    now: dt.datetime
