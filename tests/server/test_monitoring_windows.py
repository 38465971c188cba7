"""Seed 000 §7.1 (集成监控指标): each figure of ``GET /monitoring`` covers its time window —
events older than ``window_s`` do not count — the failure rate (seed §7.2, 回传失败率, "by
hour") always the last hour, and each station's last sync is reported with the 5-minute
condition (库存同步延迟: 最后同步时间 before now − 5 minutes). The clock is injected."""

from __future__ import annotations

import datetime as dt

from oms_contract.events import ReceiveResult
from oms_server.models import utc_now
from oms_server.schemas import MonitoringReport
from oms_server.services.monitoring import monitoring_report
from tests.server import payloads as p
from tests.server.driver import OmsDriver


def _report(oms: OmsDriver, now: dt.datetime, window_s: int) -> MonitoringReport:
    assert oms.db is not None
    with oms.db.read_session() as session:
        return monitoring_report(session, now, window_s, "WH01")


def test_old_commands_and_events_fall_out_of_the_window(demo_oms: OmsDriver) -> None:
    station = demo_oms.enrol()
    demo_oms.push(
        station,
        p.received("SO-DEMO-0001", "CMD-DEMO-0001"),
        p.received("SO-DEMO-0002", "CMD-DEMO-0002", ReceiveResult.FAIL),
        p.stock_report("ACME", "ACME-MUG-01", 90),
    )
    (rejected,) = demo_oms.push(station, p.status("SO-NOPE", "PICKING"))
    assert rejected.outcome == "rejected"
    now = utc_now()

    inside = _report(demo_oms, now, 3600)
    assert (inside.commands_total, inside.commands_succeeded, inside.commands_failed) == (12, 1, 1)
    assert inside.command_success_rate == 0.5 and inside.command_success_alert
    assert inside.stock_sync_latency.samples == 1
    assert inside.callback_latency.samples == 2
    assert inside.events_accepted >= 3
    assert inside.rejected_by_code == {"ORDER_NOT_FOUND": 1}

    # Two hours on, an hour's window holds none of it: no rate, no samples, no counts.
    later = _report(demo_oms, now + dt.timedelta(hours=2), 3600)
    assert (later.commands_total, later.commands_succeeded, later.commands_failed) == (0, 0, 0)
    assert later.command_success_rate is None and not later.command_success_alert
    assert later.stock_sync_latency.samples == 0 and later.stock_sync_latency.last_ms is None
    assert later.callback_latency.samples == 0
    assert (later.events_accepted, later.events_rejected, later.rejected_by_code) == (0, 0, {})

    # A window reaching back three hours counts them again.
    wide = _report(demo_oms, now + dt.timedelta(hours=2), 3 * 3600)
    assert (wide.commands_total, wide.commands_failed, wide.events_rejected) == (12, 1, 1)
    assert wide.events_accepted == inside.events_accepted


def test_the_failure_rate_is_the_last_hour_whatever_the_window(demo_oms: OmsDriver) -> None:
    station = demo_oms.enrol()
    results = demo_oms.push(
        station, p.status("SO-DEMO-0001", "PICKING"), p.status("SO-NOPE", "PICKING")
    )
    assert [r.outcome for r in results] == ["accepted", "rejected"]
    now = utc_now()

    # A one-minute window half an hour on: no events in it, the hour's failures still count.
    report = _report(demo_oms, now + dt.timedelta(minutes=30), 60)
    assert report.events_accepted == 0
    failures = report.callback_failure_rate
    assert (failures.window_s, failures.callbacks, failures.failed) == (3600, 2, 1)
    assert failures.rate == 0.5 and failures.threshold == 0.01 and failures.alert

    over = _report(demo_oms, now + dt.timedelta(minutes=61), 3 * 3600).callback_failure_rate
    assert (over.callbacks, over.rate, over.alert) == (0, None, False)


def test_each_station_reports_its_last_sync_and_the_five_minutes(oms: OmsDriver) -> None:
    pulling = oms.enrol(name="pulling")
    silent = oms.enrol(name="silent")
    oms.feed(pulling)
    now = utc_now()

    def backlog(at: dt.datetime) -> dict[str, tuple[bool, bool]]:
        entries = _report(oms, at, 3600).backlog
        return {b.device_id: (b.last_sync_at is not None, b.no_sync_alert) for b in entries}

    assert backlog(now) == {pulling.device_id: (True, False), silent.device_id: (False, False)}
    # Six minutes on, neither has synced since: both past the 5 minutes.
    assert backlog(now + dt.timedelta(minutes=6)) == {
        pulling.device_id: (True, True),
        silent.device_id: (False, True),
    }
    (entry,) = [
        b
        for b in _report(oms, now + dt.timedelta(minutes=6), 3600).backlog
        if b.device_id == pulling.device_id
    ]
    assert entry.last_sync_at is not None and entry.last_sync_at <= now
    assert entry.no_sync_s >= 360
