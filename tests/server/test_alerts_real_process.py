"""Seed 000 §7.2 (监控实现, ``@Scheduled(fixedRate = 60000)`` and ``alertService.sendAlert``)
against the real ``oms-server`` process: the check runs inside the process on its schedule,
and its alerts reach the alert list an administrator reads (``GET /api/v1/alerts``), can
check at once and acknowledge."""

from __future__ import annotations

import contextlib
import datetime as dt
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.server import payloads as p
from tests.server.driver import OmsDriver
from tests.support.oms_process import RunningOms, start_oms_server

DEADLINE_S = 60.0


@pytest.fixture
def unscheduled(tmp_path: Path, database_url: str) -> Iterator[RunningOms]:
    """The demo OMS without the scheduled check: the test asks for each check."""
    oms = start_oms_server(
        tmp_path, database_url, demo=True, extra_args=["--alert-check-interval-s", "0"]
    )
    try:
        yield oms
    finally:
        oms.kill()


@contextlib.contextmanager
def _driver(oms: RunningOms) -> Iterator[OmsDriver]:
    with httpx.Client(base_url=oms.base_url, timeout=30) as client:
        yield OmsDriver(client)


def _failing_callbacks(driver: OmsDriver) -> None:
    """Half the callbacks of the hour refused: a failure rate of 50 % (alert above 1 %)."""
    station = driver.enrol()
    results = driver.push(
        station, p.status("SO-DEMO-0001", "PICKING"), p.status("SO-NOPE", "PICKING")
    )
    assert [r.outcome for r in results] == ["accepted", "rejected"]


def _open_alerts(driver: OmsDriver) -> dict[str, Any]:
    response = driver.admin_get("/alerts")
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


def test_an_administrator_checks_reads_and_acknowledges_alerts(unscheduled: RunningOms) -> None:
    with _driver(unscheduled) as driver:
        _check_read_and_acknowledge(driver)


def _check_read_and_acknowledge(driver: OmsDriver) -> None:
    _failing_callbacks(driver)
    listed = _open_alerts(driver)
    assert listed["alerts"] == []
    assert (listed["check_interval_s"], listed["last_check_at"]) == (None, None)

    checked = driver.admin_post("/alerts/check")
    assert checked.status_code == 200, checked.text
    (raised,) = checked.json()["raised"]
    assert (raised["rule"], raised["subject"], raised["value"], raised["threshold"]) == (
        "callback_failure_rate",
        "WH01",
        0.5,
        0.01,
    )
    # The same condition at the next check: no second alert.
    assert driver.admin_post("/alerts/check").json()["raised"] == []
    listed = _open_alerts(driver)
    assert [a["alert_id"] for a in listed["alerts"]] == [raised["alert_id"]]
    assert listed["last_check_at"] is not None

    acknowledged = driver.admin_post(
        f"/alerts/{raised['alert_id']}/acknowledge", {"note": "looking into SO-NOPE"}
    )
    assert acknowledged.status_code == 200, acknowledged.text
    body = acknowledged.json()
    assert body["acknowledged_at"] is not None and body["cleared_at"] is None
    assert body["acknowledged_note"] == "looking into SO-NOPE"
    (still_open,) = _open_alerts(driver)["alerts"]
    assert still_open["acknowledged_note"] == "looking into SO-NOPE"

    missing = driver.admin_post("/alerts/999999/acknowledge", {})
    assert (missing.status_code, missing.json()["error_code"]) == (404, "ALERT_NOT_FOUND")
    # The monitoring report says the same figure.
    report = driver.admin_get("/monitoring", warehouse_id="WH01").json()
    assert report["callback_failure_rate"]["rate"] == 0.5
    assert report["callback_failure_rate"]["alert"] is True


def test_the_scheduled_check_raises_the_alert_inside_the_process(
    tmp_path: Path, database_url: str
) -> None:
    oms = start_oms_server(
        tmp_path, database_url, demo=True, extra_args=["--alert-check-interval-s", "0.2"]
    )
    try:
        with _driver(oms) as driver:
            _failing_callbacks(driver)
            deadline = time.monotonic() + DEADLINE_S
            listed = _open_alerts(driver)
            while not listed["alerts"] and time.monotonic() < deadline:
                time.sleep(0.1)
                listed = _open_alerts(driver)
        assert [(a["rule"], a["subject"]) for a in listed["alerts"]] == [
            ("callback_failure_rate", "WH01")
        ]
        assert listed["check_interval_s"] == 0.2 and listed["last_check_at"] is not None
        # SIGTERM: the lifespan stops the schedule (the log watch fails on an error logged).
        oms.stop()
    finally:
        oms.kill()


def test_an_order_past_its_deadline_in_the_figures_and_the_alerts(
    unscheduled: RunningOms,
) -> None:
    """Seed 000 §5.2 超时未处理 (and §2.1's 截止时间) in the real process: a command whose
    deadline has passed shows in ``GET /monitoring`` at once and the check raises
    ``order_past_deadline`` for its warehouse (no station has it)."""
    with _driver(unscheduled) as driver:
        deadline = dt.datetime.now(dt.UTC) - dt.timedelta(minutes=1)
        command = p.command(1, ("ACME-MUG-01", 1)).model_copy(update={"deadline": deadline})
        sent = driver.admin_post("/outbound-commands", command.model_dump(mode="json"))
        assert sent.status_code == 201, sent.text

        report = driver.admin_get("/monitoring", warehouse_id="WH01").json()
        late = report["orders_past_deadline"]
        assert (late["count"], late["order_nos"], late["alert"]) == (1, ["SO-T-0001"], True)
        assert [(s["subject"], s["order_nos"]) for s in late["by_subject"]] == [
            ("WH01", ["SO-T-0001"])
        ]
        assert report["unanswered_commands"]["count"] == 0  # sent just now

        raised = driver.admin_post("/alerts/check").json()["raised"]
        overdue = [a for a in raised if a["rule"] == "order_past_deadline"]
        assert [(a["subject"], a["threshold"], a["unit"]) for a in overdue] == [("WH01", 0, "s")]
        assert overdue[0]["value"] >= 60
