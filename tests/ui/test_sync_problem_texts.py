"""The station says what is wrong with sync in the operator's words: an OMS that does not
answer, a station never enrolled; the technical detail stays out of the banner."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from local_db.store import open_store
from station.config import StationConfig
from sync.status import INITIAL_STATUS, OPERATOR_ALERT_AFTER_S, SyncProblem, SyncStatus
from tests.support.oms_process import RunningOms
from tests.ui.conftest import running_station, scan
from ui.launcher import Station
from ui.sync_problems import problem_text, sync_problem
from ui.widgets.status_bar import SyncBanner

TECHNICAL = ("ConnectError", "Errno", "Connection refused", "Exception", "httpx")
SYNC_TIMEOUT_MS = 60_000


@pytest.fixture
def unenrolled_station(qtbot: QtBot, tmp_path: Path) -> Iterator[Station]:
    """A fresh store, never enrolled, with its real sync engine running."""
    store = open_store(tmp_path / "station.sqlite3")
    config = StationConfig(
        db_path=tmp_path / "station.sqlite3",
        language="en",
        scanner_max_key_interval_ms=200,
    )
    yield from running_station(qtbot, config, store)


def test_unenrolled_station_says_so_and_what_it_must_do(
    qtbot: QtBot, unenrolled_station: Station
) -> None:
    window = unenrolled_station.window
    bar = window.status_bar
    qtbot.waitUntil(lambda: bar.connection_label.text() == "● Not enrolled", timeout=30_000)
    banner = window.banner
    assert banner.isVisible() and banner.problem == "not_enrolled"
    assert "Station not enrolled — IT: run `wms-floor enroll" in banner.label.text()

    view = scan(qtbot, unenrolled_station, "P001")  # no badge is known on this station
    assert view.operator is None and view.flow.message is not None
    notice = window.login_screen.station_notice
    qtbot.waitUntil(notice.isVisible)
    assert "not enrolled" in notice.text() and "wms-floor enroll" in notice.text()


def test_unreachable_oms_is_told_in_the_operators_words(
    qtbot: QtBot, online_station: Station, oms_demo_server: RunningOms
) -> None:
    station = online_station
    window = station.window
    bar = window.status_bar
    assert station.engine is not None
    station.engine.sync_now()
    qtbot.waitUntil(lambda: bar.connection_label.text() == "● Online", timeout=SYNC_TIMEOUT_MS)

    oms_demo_server.kill()
    station.engine.sync_now()
    qtbot.waitUntil(lambda: bar.connection_label.text() == "● Offline", timeout=SYNC_TIMEOUT_MS)
    status = station.bridge.latest
    # What the engine saw: refused, or cut off mid-request if the kill landed during a sync.
    assert status.last_error and "Cannot reach the OMS" in status.last_error
    assert sync_problem(status) == "oms_unreachable"

    # Minutes later, the banner: what is wrong and that work goes on, no exception text.
    assert status.failing_since is not None
    later = status.failing_since + dt.timedelta(minutes=4)
    window.banner._clock = lambda: later
    window.banner.show_status(status)
    text = window.banner.label.text()
    assert window.banner.isVisible()
    assert "No connection to the OMS" in text and "Keep working" in text
    assert not [word for word in TECHNICAL if word in text], text
    # The detail is there for a supervisor who asks (and in the log).
    assert status.last_error in bar.connection_label.toolTip()


@pytest.mark.parametrize(
    ("error", "code"),
    [
        ("Cannot reach the OMS (ConnectError: [Errno 111] Connection refused).", "oms_unreachable"),
        ("The OMS did not answer in time (ReadTimeout).", "oms_unreachable"),
        ("The OMS's TLS certificate is not trusted by this station. If …", "tls_error"),
        ("The OMS is busy or failing (503 SERVICE_UNAVAILABLE: down).", "server_error"),
        ("The keyring could not be read (KeyringLocked: locked). Unlock …", "keyring_unavailable"),
        ("database is locked", "sync_failed"),
    ],
)
def test_each_failure_the_engine_reports_has_a_reason_code(error: str, code: str) -> None:
    status = SyncStatus(
        online=False,
        enrolled=True,
        needs_reenrolment=False,
        syncing=False,
        pending_count=0,
        held_count=0,
        rejected_count=0,
        oldest_pending_age_s=None,
        last_push_at=None,
        last_pull_at=None,
        last_reconcile_at=None,
        last_error=error,
        failing_since=dt.datetime.now(dt.UTC),
        consecutive_failures=1,
        next_attempt_in_s=1.0,
        retry_after_s=None,
    )
    assert sync_problem(status) == code


def test_the_status_own_reason_code_wins_and_every_code_has_words(qapp: object) -> None:
    # Once sync.status carries its own reason code (SyncStatus.problem), it is used as is.
    status = dataclasses.replace(
        INITIAL_STATUS, failing_since=dt.datetime.now(dt.UTC), last_error="Cannot reach the OMS"
    )
    with_own_code = dataclasses.replace(status, problem=SyncProblem.INSECURE_URL)
    assert sync_problem(with_own_code) == "insecure_url"
    codes = ["oms_unreachable", "tls_error", "token_rejected", "not_enrolled"]
    codes += ["keyring_unavailable", "server_error", "insecure_url", "oms_refused"]
    codes += ["oms_contract", "store_unavailable", "internal_error"]
    texts = {problem_text(code) for code in codes}
    assert len(texts) == len(codes)  # one text per code, none falls back to the generic one
    assert problem_text("sync_failed") not in texts


def test_the_banner_comes_after_30_s_of_failing_even_between_engine_attempts(
    qtbot: QtBot,
) -> None:
    """#17.15: not after 3 min 23 s. The engine may next publish a minute later (backoff):
    the banner looks again by itself when the problem has lasted OPERATOR_ALERT_AFTER_S."""
    started = dt.datetime.now(dt.UTC)
    now = [started + dt.timedelta(seconds=29.8)]
    banner = SyncBanner(clock=lambda: now[0])
    qtbot.addWidget(banner)
    status = dataclasses.replace(
        INITIAL_STATUS,
        enrolled=True,
        last_error="Cannot reach the OMS (ConnectError: [Errno 111] Connection refused).",
        failing_since=started,
        consecutive_failures=3,
        problem=SyncProblem.OMS_UNREACHABLE,
    )
    banner.show_status(status)
    assert banner.problem is None and banner.isHidden()
    now[0] = started + dt.timedelta(seconds=OPERATOR_ALERT_AFTER_S + 0.1)
    qtbot.waitUntil(lambda: banner.problem == "oms_unreachable", timeout=3000)
    assert "No connection to the OMS" in banner.label.text()
