"""What every route needs: the database, the admin key, the fault switch, the alert check,
the claims' lease and sweep."""

from __future__ import annotations

from dataclasses import dataclass, field

from fastapi import Request

from oms_server.alert_schedule import AlertChecker
from oms_server.claim_schedule import ClaimSweeper
from oms_server.db import Database
from oms_server.enrolment_throttle import EnrolmentThrottle
from oms_server.faults import FaultInjector
from oms_server.feed_waiters import FeedWaiters
from oms_server.retention_schedule import HistoryPruner


@dataclass(frozen=True)
class ServerContext:
    db: Database
    admin_key: str
    faults: FaultInjector | None
    alerts: AlertChecker
    history: HistoryPruner
    claims: ClaimSweeper
    enrolment_throttle: EnrolmentThrottle = field(default_factory=EnrolmentThrottle)
    feed_waiters: FeedWaiters = field(default_factory=FeedWaiters)


def server_context(request: Request) -> ServerContext:
    context = request.app.state.oms
    assert isinstance(context, ServerContext)
    return context
