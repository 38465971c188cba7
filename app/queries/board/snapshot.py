"""Everything the board shows, read in one read transaction so its figures agree."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from app.queries.board.backlog_alert import BacklogAlert, backlog_alert
from app.queries.board.exceptions import OpenExceptions, open_exceptions
from app.queries.board.orders import AtRisk, OrderCounts, order_counts, orders_at_risk
from app.queries.board.sync_health import Gauge, sync_health
from app.queries.board.throughput import PickTally, Throughput, throughput_today
from local_db.store import Store

DEFAULT_AT_RISK_WITHIN = dt.timedelta(minutes=60)


@dataclass(frozen=True)
class BoardSettings:
    at_risk_within: dt.timedelta = DEFAULT_AT_RISK_WITHIN
    """An order not packed yet is at risk when its deadline (the OMS's cut-off for its
    carrier, OutboundCommand.deadline) is this close, or past."""


@dataclass(frozen=True)
class BoardSnapshot:
    taken_at: dt.datetime
    day_start: dt.datetime
    orders: OrderCounts
    at_risk: AtRisk
    throughput: Throughput
    exceptions: tuple[OpenExceptions, ...]
    sync: tuple[Gauge, ...]
    backlog_alert: BacklogAlert | None
    """The station's own backlog alert (None: neither too many nor too old events)."""


def read_board(
    store: Store,
    now: dt.datetime,
    day_start: dt.datetime,
    settings: BoardSettings,
    picks: PickTally | None = None,
) -> BoardSnapshot:
    """``day_start``: the start of the warehouse's local day, as UTC ("today" on the board).
    ``picks``: the caller's running count of the day's picks, kept between refreshes so a
    refresh reads only the picks since the last one (see ``throughput.PickTally``)."""
    with store.read_session() as session, session.begin():
        sync = sync_health(session, now)
        return BoardSnapshot(
            taken_at=now,
            day_start=day_start,
            orders=order_counts(session, day_start),
            at_risk=orders_at_risk(session, now, settings.at_risk_within),
            throughput=throughput_today(session, day_start, now, picks),
            exceptions=open_exceptions(session, now),
            sync=sync,
            backlog_alert=backlog_alert(sync),
        )


def local_day_start(now: dt.datetime) -> dt.datetime:
    """Midnight of ``now``'s day in the station's time zone, as UTC."""
    local = now.astimezone()
    return local.replace(hour=0, minute=0, second=0, microsecond=0).astimezone(dt.UTC)
