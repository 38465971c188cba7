"""Seed 000 §7.1 (消息积压数 > 1000) and §7.2 (5 分钟): the board's backlog alert and the sync
status's ``backlog_alert`` are one rule — the same thresholds, the same answer at each
boundary."""

from __future__ import annotations

import dataclasses

import pytest

from app.queries.board.backlog_alert import backlog_alert
from app.queries.board.sync_health import THRESHOLDS, Gauge, Measure
from sync.status import INITIAL_STATUS


def _board(pending: int, oldest_age_s: float) -> bool:
    gauges = [
        Gauge(Measure.BACKLOG, float(pending), THRESHOLDS[Measure.BACKLOG], pending),
        Gauge(Measure.OLDEST_PENDING, oldest_age_s, THRESHOLDS[Measure.OLDEST_PENDING], 1),
    ]
    return backlog_alert(gauges) is not None


@pytest.mark.parametrize(
    ("pending", "oldest_age_s", "alert"),
    [
        (0, 0.0, False),
        (1000, 299.0, False),
        (1001, 10.0, True),
        (1, 300.0, False),
        (1, 300.5, True),
        (1001, 301.0, True),
    ],
)
def test_the_board_and_the_sync_status_agree(
    pending: int, oldest_age_s: float, alert: bool
) -> None:
    status = dataclasses.replace(
        INITIAL_STATUS, pending_count=pending, oldest_pending_age_s=oldest_age_s
    )
    assert status.backlog_alert is alert
    assert _board(pending, oldest_age_s) is alert
