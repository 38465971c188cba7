"""The status snapshot's alert follows seed 000's thresholds (backlog > 1000, > 5 min old)."""

from __future__ import annotations

import dataclasses

from sync.status import INITIAL_STATUS


def test_backlog_alert_thresholds() -> None:
    assert not INITIAL_STATUS.backlog_alert
    busy = dataclasses.replace(INITIAL_STATUS, pending_count=1000, oldest_pending_age_s=300.0)
    assert not busy.backlog_alert
    assert dataclasses.replace(busy, pending_count=1001).backlog_alert
    assert dataclasses.replace(busy, oldest_pending_age_s=300.5).backlog_alert
