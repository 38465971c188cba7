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
from tests.ui.test_i18n import chinese  # noqa: F401  (the fixture)
from ui.launcher import Station
from ui.sync_problems import problem_text
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
    assert status.problem is SyncProblem.OMS_UNREACHABLE

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


def test_every_reason_code_has_its_own_words(qapp: object) -> None:
    # The engine classifies every failure (SyncStatus.problem): the UI has one text per code
    # and no guessing from exception texts.
    texts = {problem_text(problem) for problem in SyncProblem}
    assert len(texts) == len(SyncProblem)
    assert all(texts)


def test_a_failing_status_shows_the_engines_reason_not_its_error_text(
    qtbot: QtBot, station: Station
) -> None:
    status = dataclasses.replace(
        INITIAL_STATUS,
        failing_since=dt.datetime.now(dt.UTC),
        last_error="Cannot reach the OMS (ConnectError: [Errno 111] Connection refused).",
        problem=SyncProblem.INSECURE_URL,
    )
    with qtbot.waitSignal(station.bridge.status_changed):
        station.bridge.report(status)
    banner = station.window.banner
    assert banner.problem is SyncProblem.INSECURE_URL
    assert problem_text(SyncProblem.INSECURE_URL) in banner.label.text()


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


def test_a_revoked_station_tells_the_floor_to_have_it_re_enrolled(qtbot: QtBot) -> None:
    """#14: IT revoked the station at the OMS (401 STATION_REVOKED); seed 000 §7.2: a
    station that stops syncing must say so, not pile up backlog in silence."""
    banner = SyncBanner()
    qtbot.addWidget(banner)
    banner.show_status(_revoked())
    assert banner.problem is SyncProblem.STATION_REVOKED
    assert "This station was revoked at the OMS: IT must re-enrol it." in banner.label.text()


@pytest.mark.usefixtures("chinese")
def test_the_revoked_banner_in_chinese(qtbot: QtBot) -> None:
    banner = SyncBanner()
    qtbot.addWidget(banner)
    banner.show_status(_revoked())
    assert "吊销" in banner.label.text()


def _revoked() -> SyncStatus:
    return dataclasses.replace(
        INITIAL_STATUS,
        online=True,
        needs_reenrolment=True,
        failing_since=dt.datetime.now(dt.UTC),
        problem=SyncProblem.STATION_REVOKED,
    )
