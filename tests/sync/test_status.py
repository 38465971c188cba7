"""The status snapshot's alert follows seed 000's thresholds (backlog > 1000, > 5 min old)."""

from __future__ import annotations

import dataclasses
import datetime as dt

from sync.status import INITIAL_STATUS, OPERATOR_ALERT_AFTER_S, SyncProblem


def test_backlog_alert_thresholds() -> None:
    assert not INITIAL_STATUS.backlog_alert
    busy = dataclasses.replace(INITIAL_STATUS, pending_count=1000, oldest_pending_age_s=300.0)
    assert not busy.backlog_alert
    assert dataclasses.replace(busy, pending_count=1001).backlog_alert
    assert dataclasses.replace(busy, oldest_pending_age_s=300.5).backlog_alert


NOW = dt.datetime(2026, 12, 4, 8, 0, tzinfo=dt.UTC)


def test_a_passing_outage_is_not_shown_to_the_operator_before_30_s() -> None:
    failing = dataclasses.replace(
        INITIAL_STATUS, problem=SyncProblem.OMS_UNREACHABLE, failing_since=NOW
    )
    assert failing.operator_alert_at() == NOW + dt.timedelta(seconds=OPERATOR_ALERT_AFTER_S)
    assert not failing.operator_alert(NOW + dt.timedelta(seconds=29))
    assert failing.operator_alert(NOW + dt.timedelta(seconds=30))


def test_problems_waiting_cannot_fix_are_shown_at_once() -> None:
    for problem in (
        SyncProblem.TOKEN_REJECTED,
        SyncProblem.NOT_ENROLLED,
        SyncProblem.TLS_ERROR,
        SyncProblem.INSECURE_URL,
        SyncProblem.KEYRING_UNAVAILABLE,
    ):
        status = dataclasses.replace(INITIAL_STATUS, problem=problem, failing_since=NOW)
        assert status.operator_alert(NOW), problem


def test_no_banner_while_healthy() -> None:
    assert INITIAL_STATUS.operator_alert_at() is None
