"""Seed 000 §7.2 (监控实现): the check of every minute raises an alert once while its rule
holds and clears it when the condition ends — the failure rate above 1 % (回传失败率告警), no
sync for 5 minutes per station (库存同步延迟), a backlog above 1000 (消息积压告警) — plus
§7.1's thresholds (指令下发成功率 < 99 %, 库存同步延迟 > 5 s, 状态回传延迟 > 10 s). The check
runs with an injected clock."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import inspect
from sqlalchemy.exc import IntegrityError

from oms_server.alert_schedule import AlertChecker
from oms_server.db import Database
from oms_server.models import MonitoringAlert, utc_now
from oms_server.schemas import (
    AlertCheckResult,
    AlertRule,
    FailureRate,
    LatencyFigures,
    MonitoringReport,
    OverdueSubject,
    OverdueWork,
    StationBacklog,
)
from oms_server.services import feed
from oms_server.services.alert_rules import Condition, conditions_of
from tests.server import payloads as p
from tests.server.driver import OmsDriver
from tests.server.old_builds import forget_migrations


class Clock:
    def __init__(self, start: dt.datetime) -> None:
        self.start = start
        self.now = start

    def at(self, minutes: float) -> dt.datetime:
        self.now = self.start + dt.timedelta(minutes=minutes)
        return self.now

    def __call__(self) -> dt.datetime:
        return self.now


def _checker(oms: OmsDriver, clock: Clock) -> AlertChecker:
    assert oms.db is not None
    return AlertChecker(oms.db, None, clock=clock)


def _of(result: AlertCheckResult, rule: AlertRule) -> list[tuple[str, float]]:
    return [(a.subject, a.value) for a in result.raised if a.rule is rule]


def _open(oms: OmsDriver, rule: AlertRule) -> list[dict[str, object]]:
    response = oms.admin_get("/alerts")
    assert response.status_code == 200, response.text
    return [a for a in response.json()["alerts"] if a["rule"] == rule.value]


def test_the_failure_rate_alert_is_raised_once_and_cleared(demo_oms: OmsDriver) -> None:
    station = demo_oms.enrol()
    results = demo_oms.push(
        station, p.status("SO-DEMO-0001", "PICKING"), p.status("SO-NOPE", "PICKING")
    )
    assert [r.outcome for r in results] == ["accepted", "rejected"]
    clock = Clock(utc_now())
    checker = _checker(demo_oms, clock)

    first = checker.check_now()
    assert _of(first, AlertRule.CALLBACK_FAILURE_RATE) == [("WH01", 0.5)]
    (raised,) = [a for a in first.raised if a.rule is AlertRule.CALLBACK_FAILURE_RATE]
    assert (raised.threshold, raised.unit, raised.warehouse_id) == (0.01, "ratio", "WH01")
    assert raised.raised_at == clock.start and raised.cleared_at is None

    clock.at(1)
    again = checker.check_now()
    assert _of(again, AlertRule.CALLBACK_FAILURE_RATE) == []
    (listed,) = _open(demo_oms, AlertRule.CALLBACK_FAILURE_RATE)
    assert listed["alert_id"] == raised.alert_id
    assert dt.datetime.fromisoformat(str(listed["last_checked_at"])) == clock.now

    # An hour and more on, the hour holds no callbacks: the condition is over.
    cleared_at = clock.at(62)
    over = checker.check_now()
    assert [a.alert_id for a in over.cleared] == [raised.alert_id]
    assert over.cleared[0].cleared_at == cleared_at
    assert _open(demo_oms, AlertRule.CALLBACK_FAILURE_RATE) == []
    history = demo_oms.admin_get("/alerts", state="all").json()["alerts"]
    assert [a["alert_id"] for a in history if a["rule"] == "callback_failure_rate"] == [
        raised.alert_id
    ]
    assert checker.last_check_at == cleared_at


def test_no_sync_for_five_minutes_is_per_station(oms: OmsDriver) -> None:
    first = oms.enrol(name="first")
    second = oms.enrol(name="second")
    clock = Clock(utc_now())
    checker = _checker(oms, clock)
    assert oms.db is not None

    def synced(device_id: str, minutes: float) -> None:
        """The station pulls the feed at start + ``minutes`` (what the feed route records)."""
        assert oms.db is not None
        with oms.db.write_transaction() as session:
            at = clock.start + dt.timedelta(minutes=minutes)
            feed.note_feed_cursor(session, device_id, 0, at)

    clock.at(4)
    assert checker.check_now().raised == []
    synced(first.device_id, 5)

    clock.at(6)
    raised = _of(checker.check_now(), AlertRule.NO_SYNC)
    assert [subject for subject, _ in raised] == [second.device_id]
    assert raised[0][1] >= 360

    clock.at(7)
    assert checker.check_now().raised == []
    assert [a["subject"] for a in _open(oms, AlertRule.NO_SYNC)] == [second.device_id]

    synced(second.device_id, 7)
    clock.at(8)
    result = checker.check_now()
    assert [(a.rule, a.subject) for a in result.cleared] == [(AlertRule.NO_SYNC, second.device_id)]
    assert result.raised == [] and result.open_count == 0

    # The first station's turn: silent since minute 5.
    clock.at(10.5)
    assert [s for s, _ in _of(checker.check_now(), AlertRule.NO_SYNC)] == [first.device_id]
    history = oms.admin_get("/alerts", state="all").json()["alerts"]
    assert [(a["subject"], a["cleared_at"] is None) for a in history] == [
        (first.device_id, True),
        (second.device_id, False),
    ]


def test_the_database_keeps_one_open_alert_per_rule_and_subject(oms: OmsDriver) -> None:
    assert oms.db is not None
    now = utc_now()

    def alert(cleared_at: dt.datetime | None) -> MonitoringAlert:
        return MonitoringAlert(
            rule="no_sync",
            subject="ST-1",
            warehouse_id="WH01",
            value=400.0,
            latest_value=400.0,
            threshold=300.0,
            raised_at=now,
            last_checked_at=now,
            cleared_at=cleared_at,
        )

    with oms.db.write_transaction() as session:
        session.add_all([alert(now), alert(now), alert(None)])
    with pytest.raises(IntegrityError), oms.db.write_transaction() as session:
        session.add(alert(None))


def _report(**changes: object) -> MonitoringReport:
    quiet = LatencyFigures(samples=0, threshold_ms=5000, alert=False)
    station = StationBacklog(
        device_id="ST-A",
        warehouse_id="WH01",
        station_name="bench",
        feed_cursor=0,
        pending_feed_entries=0,
        alert=False,
        no_sync_s=10.0,
        no_sync_alert=False,
    )
    report = MonitoringReport(
        generated_at=utc_now(),
        window_s=3600,
        commands_total=0,
        commands_succeeded=0,
        commands_failed=0,
        commands_pending=0,
        command_success_alert=False,
        stock_sync_latency=quiet,
        callback_latency=quiet.model_copy(update={"threshold_ms": 10000}),
        backlog=[station],
        backlog_threshold=1000,
        no_sync_threshold_s=300,
        callback_failure_rate=FailureRate(
            window_s=3600, callbacks=0, failed=0, threshold=0.01, alert=False
        ),
        unanswered_commands=_no_work(300),
        orders_not_started=_no_work(14400),
        orders_past_deadline=_no_work(0),
        events_accepted=0,
        events_rejected=0,
        rejected_by_code={},
    )
    return report.model_copy(update=changes)


def _no_work(threshold_s: int) -> OverdueWork:
    return OverdueWork(
        threshold_s=threshold_s, count=0, order_nos=[], listed_max=20, by_subject=[], alert=False
    )


def _late(threshold_s: int, *subjects: tuple[str, str, float]) -> OverdueWork:
    """Overdue work of ``(subject, warehouse, oldest age)``, one order each."""
    return OverdueWork(
        threshold_s=threshold_s,
        count=len(subjects),
        oldest_age_s=max(age for _, _, age in subjects),
        order_nos=[f"SO-{subject}" for subject, _, _ in subjects],
        listed_max=20,
        by_subject=[
            OverdueSubject(
                subject=subject,
                warehouse_id=warehouse,
                count=1,
                oldest_age_s=age,
                order_nos=[f"SO-{subject}"],
            )
            for subject, warehouse, age in subjects
        ],
        alert=True,
    )


def test_each_rule_reads_its_figure_and_threshold() -> None:
    assert conditions_of(_report(), "WH01") == []
    station = _report().backlog[0]
    failing = _report(
        command_success_rate=0.98,
        command_success_alert=True,
        stock_sync_latency=LatencyFigures(samples=3, last_ms=6000, threshold_ms=5000, alert=True),
        callback_latency=LatencyFigures(samples=2, last_ms=12000, threshold_ms=10000, alert=True),
        callback_failure_rate=FailureRate(
            window_s=3600, callbacks=50, failed=1, rate=0.02, threshold=0.01, alert=True
        ),
        backlog=[
            station.model_copy(
                update={
                    "pending_feed_entries": 1001,
                    "alert": True,
                    "no_sync_s": 301.0,
                    "no_sync_alert": True,
                }
            )
        ],
    )
    assert conditions_of(failing, "WH01") == [
        Condition(AlertRule.COMMAND_SUCCESS_RATE, "WH01", "WH01", 0.98, 0.99),
        Condition(AlertRule.STOCK_SYNC_LATENCY, "WH01", "WH01", 6000, 5000),
        Condition(AlertRule.CALLBACK_LATENCY, "WH01", "WH01", 12000, 10000),
        Condition(AlertRule.CALLBACK_FAILURE_RATE, "WH01", "WH01", 0.02, 0.01),
        Condition(AlertRule.FEED_BACKLOG, "ST-A", "WH01", 1001, 1000),
        Condition(AlertRule.NO_SYNC, "ST-A", "WH01", 301.0, 300),
    ]
    # Seed 000 §5.2 超时未处理: per station, or the warehouse for work no station has; a
    # report of all warehouses holds other warehouses' subjects too, checked by theirs.
    overdue = _report(
        unanswered_commands=_late(300, ("ST-A", "WH01", 301.0), ("WH02", "WH02", 900.0)),
        orders_not_started=_late(14400, ("WH01", "WH01", 14401.0)),
        orders_past_deadline=_late(0, ("ST-A", "WH01", 60.0)),
    )
    assert conditions_of(overdue, "WH01") == [
        Condition(AlertRule.UNANSWERED_COMMAND, "ST-A", "WH01", 301.0, 300),
        Condition(AlertRule.ORDER_NOT_STARTED, "WH01", "WH01", 14401.0, 14400),
        Condition(AlertRule.ORDER_PAST_DEADLINE, "ST-A", "WH01", 60.0, 0),
    ]


def test_a_database_from_before_gets_the_alert_table_and_the_window_indexes(
    database_url: str,
) -> None:
    """Adopting a database from before migrations (``schema_adoption``): new tables and new
    indexes of old tables are made at start, so the window counts of §7.1 do not scan whole
    tables."""
    db = Database(database_url)
    try:
        db.create_schema()
        new_indexes = {
            "accepted_event": "ix_accepted_event_received",
            "rejected_event": "ix_rejected_event_received",
            "outbound_order": "ix_outbound_order_created",
        }
        with db.engine.begin() as connection:
            connection.exec_driver_sql("DROP TABLE monitoring_alert")
            for index in new_indexes.values():
                connection.exec_driver_sql(f"DROP INDEX {index}")
            forget_migrations(connection)
        db.create_schema()
        schema = inspect(db.engine)
        assert "monitoring_alert" in schema.get_table_names()
        for table, index in new_indexes.items():
            assert index in {i["name"] for i in schema.get_indexes(table)}
        assert "ux_monitoring_alert_open" in {
            i["name"] for i in schema.get_indexes("monitoring_alert")
        }
    finally:
        db.dispose()
