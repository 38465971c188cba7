"""The alert list: conditions found by a check become alerts, raised once and cleared when
they end; an administrator reads and acknowledges them (seed 000 §7.2's ``sendAlert``)."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable
from typing import Final, Literal

from sqlalchemy import select, text
from sqlalchemy.orm import Session

from oms_server.models import MonitoringAlert
from oms_server.schemas import AlertCheckResult, AlertRule, AlertView
from oms_server.services.alert_rules import UNITS, Condition

logger = logging.getLogger("wms.oms_server.alerts")

# Two checks (the schedule's and an administrator's, or two OMS processes) record one after
# the other: on SQLite BEGIN IMMEDIATE does it, on PostgreSQL this transaction lock.
_PG_LOCK_KEY: Final = 0x5EED_0007


def record(session: Session, found: Iterable[Condition], now: dt.datetime) -> AlertCheckResult:
    """Raise an alert for each condition without an open one, clear the open alerts whose
    condition no longer holds, note the latest figure of the others."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _PG_LOCK_KEY})
    open_alerts = {
        (alert.rule, alert.subject): alert
        for alert in session.scalars(
            select(MonitoringAlert).where(MonitoringAlert.cleared_at.is_(None))
        )
    }
    raised: list[MonitoringAlert] = []
    holding: set[tuple[str, str]] = set()
    for condition in found:
        key = (condition.rule.value, condition.subject)
        holding.add(key)
        alert = open_alerts.get(key)
        if alert is None:
            alert = MonitoringAlert(
                rule=condition.rule.value,
                subject=condition.subject,
                warehouse_id=condition.warehouse_id,
                value=condition.value,
                latest_value=condition.value,
                threshold=condition.threshold,
                raised_at=now,
                last_checked_at=now,
                acknowledged_note="",
            )
            session.add(alert)
            open_alerts[key] = alert
            raised.append(alert)
        else:
            alert.latest_value = condition.value
            alert.last_checked_at = now
    cleared = [alert for key, alert in open_alerts.items() if key not in holding]
    for alert in cleared:
        alert.cleared_at = now
        alert.last_checked_at = now
    session.flush()
    for alert in raised:
        logger.warning(
            "alert raised: %s %s value=%s threshold=%s",
            alert.rule,
            alert.subject,
            alert.value,
            alert.threshold,
        )
    for alert in cleared:
        logger.warning("alert cleared: %s %s", alert.rule, alert.subject)
    return AlertCheckResult(
        checked_at=now,
        raised=[view(alert) for alert in raised],
        cleared=[view(alert) for alert in cleared],
        open_count=len(open_alerts) - len(cleared),
    )


def list_alerts(
    session: Session, state: Literal["open", "all"], warehouse_id: str | None, limit: int
) -> list[AlertView]:
    query = select(MonitoringAlert)
    if state == "open":
        query = query.where(MonitoringAlert.cleared_at.is_(None))
    if warehouse_id:
        query = query.where(MonitoringAlert.warehouse_id == warehouse_id)
    rows = session.scalars(
        query.order_by(MonitoringAlert.raised_at.desc(), MonitoringAlert.id.desc()).limit(limit)
    )
    return [view(alert) for alert in rows]


def acknowledge(
    session: Session, alert_id: int, note: str, now: dt.datetime
) -> MonitoringAlert | None:
    """Someone has seen it; the alert stays open until its condition ends. A second
    acknowledgement changes nothing."""
    alert = session.get(MonitoringAlert, alert_id)
    if alert is not None and alert.acknowledged_at is None:
        alert.acknowledged_at = now
        alert.acknowledged_note = note
    return alert


def view(alert: MonitoringAlert) -> AlertView:
    rule = AlertRule(alert.rule)
    return AlertView(
        alert_id=alert.id,
        rule=rule,
        subject=alert.subject,
        warehouse_id=alert.warehouse_id,
        value=alert.value,
        latest_value=alert.latest_value,
        threshold=alert.threshold,
        unit=UNITS[rule],
        raised_at=alert.raised_at,
        last_checked_at=alert.last_checked_at,
        cleared_at=alert.cleared_at,
        acknowledged_at=alert.acknowledged_at,
        acknowledged_note=alert.acknowledged_note,
    )
