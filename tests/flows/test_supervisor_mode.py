"""Supervisor mode through the real station session: badge + PIN open the console, a scan or
the idle time-out closes it (#13)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select

from app.flows.registry import default_flows
from app.flows.session import StationSession
from app.flows.view import ConsoleSignIn, Feedback, Mode, PromptKey
from app.scanning.commands import Command
from app.supervision.pins import FREE_ATTEMPTS, WRONG_PIN_ACTION
from local_db.models import AuditLog
from local_db.store import Store, open_store
from oms_contract.pins import hash_pin
from tests.flows.seed import PICKER_BADGE, SUPERVISOR_BADGE, SUPERVISOR_PIN, seed_master_data
from tests.flows.test_session import Clock


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    opened = open_store(tmp_path / "station.sqlite3")
    seed_master_data(opened, hash_pin(SUPERVISOR_PIN, iterations=1000))
    yield opened
    opened.close()


def session_of(store: Store, clock: Clock | None = None) -> StationSession:
    return StationSession(
        store, "WH1", default_flows(), idle_logout=dt.timedelta(minutes=10), clock=clock
    )


def wrong_pins(store: Store) -> int:
    with store.read_session() as session:
        rows = session.scalars(select(AuditLog).where(AuditLog.action == WRONG_PIN_ACTION))
        return len(list(rows))


def test_a_logged_in_supervisor_types_only_the_pin(store: Store) -> None:
    session = session_of(store)
    session.handle_scan(SUPERVISOR_BADGE)
    view = session.handle_scan(Command.MODE_SUPERVISOR.value)
    assert view.flow.mode is Mode.SUPERVISOR
    assert view.flow.prompt.key is PromptKey.TYPE_SUPERVISOR_PIN
    assert view.flow.secret_number and view.flow.console is None
    view = session.handle_number("0000")
    assert view.flow.feedback is Feedback.BAD
    assert view.flow.message is not None and view.flow.message.code == "wrong_pin_again"
    assert view.flow.prompt.key is PromptKey.TYPE_SUPERVISOR_PIN  # the badge is offered again
    assert wrong_pins(store) == 1  # counted toward the lock-out, as everywhere
    view = session.handle_number(SUPERVISOR_PIN)
    assert view.flow.console == ConsoleSignIn(SUPERVISOR_BADGE, "Zhang Min", None)
    assert view.flow.prompt.key is PromptKey.CONSOLE_OPEN
    view = session.handle_scan(Command.MODE_TASKS.value)
    assert (view.flow.mode, view.flow.console) == (Mode.TASKS, None)


def test_an_operators_session_needs_a_supervisors_badge_and_pin(store: Store) -> None:
    session = session_of(store)
    session.handle_scan(PICKER_BADGE)
    view = session.handle_scan(Command.MODE_SUPERVISOR.value)
    assert view.flow.prompt.key is PromptKey.SCAN_SUPERVISOR_BADGE
    assert session.handle_number(SUPERVISOR_PIN).flow.console is None  # no badge yet
    refused = session.handle_scan(PICKER_BADGE)
    assert refused.flow.message is not None and refused.flow.message.code == "not_a_supervisor"
    session.handle_scan(SUPERVISOR_BADGE)
    wrong = session.handle_number("0000")
    assert wrong.flow.message is not None and wrong.flow.message.code == "wrong_pin"
    assert wrong.flow.prompt.key is PromptKey.SCAN_SUPERVISOR_BADGE
    session.handle_scan(SUPERVISOR_BADGE)
    view = session.handle_number(SUPERVISOR_PIN)
    # The console runs as the supervisor, on the operator's session, and says so.
    assert view.flow.console == ConsoleSignIn(SUPERVISOR_BADGE, "Zhang Min", "Li Wei")
    assert view.operator is not None and view.operator.badge_code == PICKER_BADGE
    assert session.handle_scan("4006381333931").flow.feedback is Feedback.BAD
    view = session.handle_scan(Command.LOGOUT.value)
    assert (view.flow.mode, view.operator) == (Mode.LOGIN, None)


def test_wrong_pins_lock_the_badge_in_supervisor_mode_too(store: Store) -> None:
    session = session_of(store)
    session.handle_scan(SUPERVISOR_BADGE)
    session.handle_scan(Command.MODE_SUPERVISOR.value)
    for _ in range(FREE_ATTEMPTS):
        view = session.handle_number("0000")
    assert view.flow.message is not None and view.flow.message.code == "supervisor_locked"
    # Locked: even the right PIN is not checked, and the console stays shut.
    view = session.handle_number(SUPERVISOR_PIN)
    assert view.flow.console is None


def test_the_idle_time_out_closes_the_console_unless_the_console_is_used(store: Store) -> None:
    clock = Clock()
    session = session_of(store, clock)
    session.handle_scan(SUPERVISOR_BADGE)
    session.handle_scan(Command.MODE_SUPERVISOR.value)
    assert session.handle_number(SUPERVISOR_PIN).flow.console is not None
    clock.now += dt.timedelta(minutes=9)
    session.touch()  # a tab or button used in the console
    clock.now += dt.timedelta(minutes=9)
    assert session.check_idle() is None
    clock.now += dt.timedelta(minutes=2)
    view = session.check_idle()
    assert view is not None and view.flow.mode is Mode.LOGIN and view.flow.console is None
    assert view.flow.message is not None and view.flow.message.code == "logged_out_idle"
