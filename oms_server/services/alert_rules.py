"""Seed 000 §7's alert rules over the monitoring figures: which conditions hold now.

The rate and latency rules read each warehouse's figures of the last hour (the check runs
every minute, seed §7.2's ``fixedRate = 60000``); the backlog and the last sync are per
station, now; so are seed §5.2's overdue work (per station, or per warehouse for work no
station has). A rule without data (no command, no callback in the hour) does not hold.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Final, Literal

from sqlalchemy import select
from sqlalchemy.orm import Session

from oms_server.models import Warehouse
from oms_server.schemas import AlertRule, MonitoringReport
from oms_server.services import monitoring

CHECK_WINDOW_S: Final = 3600

Unit = Literal["ratio", "ms", "feed_entries", "s", "events"]

UNITS: Final[dict[AlertRule, Unit]] = {
    AlertRule.COMMAND_SUCCESS_RATE: "ratio",
    AlertRule.STOCK_SYNC_LATENCY: "ms",
    AlertRule.CALLBACK_LATENCY: "ms",
    AlertRule.CALLBACK_FAILURE_RATE: "ratio",
    AlertRule.FEED_BACKLOG: "feed_entries",
    AlertRule.NO_SYNC: "s",
    AlertRule.UNANSWERED_COMMAND: "s",
    AlertRule.ORDER_NOT_STARTED: "s",
    AlertRule.ORDER_PAST_DEADLINE: "s",
    AlertRule.OUTBOX_BACKLOG: "events",
}


@dataclass(frozen=True)
class Condition:
    """A rule that holds now for one subject (a warehouse or a station)."""

    rule: AlertRule
    subject: str
    warehouse_id: str
    value: float
    threshold: float


def conditions(session: Session, now: dt.datetime) -> list[Condition]:
    """Every condition that holds at ``now``, warehouse by warehouse."""
    found: list[Condition] = []
    for warehouse_id in session.scalars(select(Warehouse.warehouse_id).order_by("warehouse_id")):
        report = monitoring.monitoring_report(session, now, CHECK_WINDOW_S, warehouse_id)
        found += conditions_of(report, warehouse_id)
    return found


def conditions_of(report: MonitoringReport, warehouse_id: str) -> list[Condition]:
    def held(rule: AlertRule, value: float, threshold: float, subject: str = warehouse_id) -> None:
        found.append(Condition(rule, subject, warehouse_id, value, threshold))

    found: list[Condition] = []
    if report.command_success_alert and report.command_success_rate is not None:
        held(
            AlertRule.COMMAND_SUCCESS_RATE,
            report.command_success_rate,
            monitoring.COMMAND_SUCCESS_THRESHOLD,
        )
    for rule, latency in (
        (AlertRule.STOCK_SYNC_LATENCY, report.stock_sync_latency),
        (AlertRule.CALLBACK_LATENCY, report.callback_latency),
    ):
        if latency.alert and latency.last_ms is not None:
            held(rule, latency.last_ms, latency.threshold_ms)
    failures = report.callback_failure_rate
    if failures.alert and failures.rate is not None:
        held(AlertRule.CALLBACK_FAILURE_RATE, failures.rate, failures.threshold)
    for station in report.backlog:
        if station.alert:
            held(
                AlertRule.FEED_BACKLOG,
                station.pending_feed_entries,
                report.backlog_threshold,
                station.device_id,
            )
        if station.no_sync_alert:
            held(
                AlertRule.NO_SYNC,
                station.no_sync_s,
                report.no_sync_threshold_s,
                station.device_id,
            )
        if station.reported_backlog_alert and station.reported_pending_events is not None:
            held(
                AlertRule.OUTBOX_BACKLOG,
                station.reported_pending_events,
                report.backlog_threshold,
                station.device_id,
            )
    # Seed §5.2: the oldest overdue order of each station (or of the warehouse, for work no
    # station has) against the rule's start.
    for rule, work in (
        (AlertRule.UNANSWERED_COMMAND, report.unanswered_commands),
        (AlertRule.ORDER_NOT_STARTED, report.orders_not_started),
        (AlertRule.ORDER_PAST_DEADLINE, report.orders_past_deadline),
    ):
        for late in work.by_subject:
            if late.warehouse_id == warehouse_id:
                held(rule, late.oldest_age_s, work.threshold_s, late.subject)
    return found
