"""Log-in by badge, mode switching, log-out by command and by idle time."""

from __future__ import annotations

import datetime as dt

from app.flows.base import FlowContext, FlowResult
from app.flows.registry import MODES
from app.flows.session import StationSession
from app.flows.view import Feedback, FlowView, Message, Mode, Prompt, PromptKey
from app.scanning.commands import Command
from app.scanning.gs1 import ParsedScan
from local_db.store import Store
from tests.flows.seed import PICKER_BADGE


class EchoFlow:
    """A stand-in flow that remembers what reached it."""

    def __init__(self, mode: Mode, context: FlowContext, start_with: str | None) -> None:
        self.mode = mode
        self.context = context
        self.seen: list[str] = [f"start:{start_with}"]

    def view(self) -> FlowView:
        return FlowView(
            self.mode, Prompt(PromptKey.SCAN_BIN), details=(("seen", ",".join(self.seen)),)
        )

    def refresh(self) -> FlowView:
        self.seen.append("refresh")
        return self.view()

    def on_scan(self, scan: ParsedScan) -> FlowResult:
        self.seen.append(scan.code)
        if scan.code == "BAD":
            return FlowView(self.mode, Prompt(PromptKey.SCAN_BIN), Feedback.BAD, Message("x"))
        return self.view()

    def on_number(self, text: str) -> FlowResult:
        self.seen.append(f"#{text}")
        return self.view()

    def on_command(self, command: Command) -> FlowResult:
        self.seen.append(command.value)
        return self.view()


class Clock:
    def __init__(self) -> None:
        self.now = dt.datetime(2026, 11, 22, 8, 0, tzinfo=dt.UTC)

    def __call__(self) -> dt.datetime:
        return self.now


def make_session(store: Store, clock: Clock | None = None) -> StationSession:
    flows = {
        mode: (lambda ctx, start, mode=mode: EchoFlow(mode, ctx, start))
        for mode in (Mode.TASKS, Mode.PICK, Mode.PACK)
    }
    return StationSession(
        store, "WH1", flows, idle_logout=dt.timedelta(minutes=10), clock=clock or Clock()
    )


def test_starts_at_login(store: Store) -> None:
    view = make_session(store).view()
    assert view.operator is None
    assert view.flow.mode is Mode.LOGIN
    assert view.flow.prompt.key is PromptKey.SCAN_BADGE


def test_badge_logs_in_and_opens_the_task_list(store: Store) -> None:
    view = make_session(store).handle_scan(PICKER_BADGE)
    assert view.operator is not None and view.operator.name == "Li Wei"
    assert view.flow.mode is Mode.TASKS
    assert view.flow.feedback is Feedback.GOOD


def test_unknown_and_inactive_badges_are_refused(store: Store) -> None:
    session = make_session(store)
    for badge in ("NOBODY", "BADGE-OLD", "4006381333931"):
        view = session.handle_scan(badge)
        assert view.operator is None
        assert view.flow.feedback is Feedback.BAD
        assert view.flow.message is not None and view.flow.message.code == "unknown_badge"


def test_mode_commands_switch_flows_and_other_scans_reach_the_flow(store: Store) -> None:
    session = make_session(store)
    session.handle_scan(PICKER_BADGE)
    view = session.handle_scan(Command.MODE_PICK.value)
    assert view.flow.mode is Mode.PICK
    view = session.handle_scan("A-01-02-03")
    assert view.flow.feedback is Feedback.GOOD
    view = session.handle_number("3")
    view = session.handle_scan(Command.CONFIRM.value)
    assert dict(view.flow.details)["seen"] == "start:None,A-01-02-03,#3,CMD:CONFIRM"


def test_refusal_from_the_flow_is_bad_feedback(store: Store) -> None:
    session = make_session(store)
    session.handle_scan(PICKER_BADGE)
    view = session.handle_scan("BAD")
    assert view.flow.feedback is Feedback.BAD


def test_unavailable_mode_is_refused_and_work_stays(store: Store) -> None:
    session = make_session(store)
    session.handle_scan(PICKER_BADGE)
    view = session.handle_scan(Command.MODE_COUNT.value)
    assert view.flow.mode is Mode.TASKS
    assert view.flow.message is not None and view.flow.message.code == "mode_unavailable"


def test_unreadable_gs1_scan_is_refused_before_the_flow(store: Store) -> None:
    session = make_session(store)
    session.handle_scan(PICKER_BADGE)
    view = session.handle_scan("0104006381333932")
    assert view.flow.feedback is Feedback.BAD
    assert view.flow.message is not None and view.flow.message.code == "unreadable_barcode"
    assert view.flow.message.args == {}  # no English parser text travels to the screen


def test_logout_command(store: Store) -> None:
    session = make_session(store)
    session.handle_scan(PICKER_BADGE)
    view = session.handle_scan(Command.LOGOUT.value)
    assert view.operator is None and view.flow.mode is Mode.LOGIN


def test_idle_logout(store: Store) -> None:
    clock = Clock()
    session = make_session(store, clock)
    session.handle_scan(PICKER_BADGE)
    clock.now += dt.timedelta(minutes=9)
    assert session.check_idle() is None
    session.handle_number("1")  # activity resets the idle time
    clock.now += dt.timedelta(minutes=9)
    assert session.check_idle() is None
    clock.now += dt.timedelta(minutes=2)
    view = session.check_idle()
    assert view is not None and view.operator is None
    assert view.flow.message is not None and view.flow.message.code == "logged_out_idle"
    assert session.check_idle() is None


def test_revision_grows(store: Store) -> None:
    session = make_session(store)
    first = session.view().revision
    assert session.handle_scan("X").revision > first


def test_refresh_reaches_the_flow(store: Store) -> None:
    session = make_session(store)
    assert session.refresh().flow.mode is Mode.LOGIN
    session.handle_scan(PICKER_BADGE)
    view = session.refresh()
    assert dict(view.flow.details)["seen"].endswith("refresh")
    assert view.flow.feedback is Feedback.NONE


def test_last_refusal_survives_a_refresh_until_the_next_scan(store: Store) -> None:
    session = make_session(store)
    session.handle_scan(PICKER_BADGE)
    session.handle_scan("BAD")
    view = session.refresh()
    assert view.flow.message is not None and view.flow.message.code == "x"
    session.handle_scan("GOOD")
    assert session.refresh().flow.message is None


def test_every_declared_mode_command_opens_its_mode(store: Store) -> None:
    flows = {
        spec.mode: (lambda ctx, start, mode=spec.mode: EchoFlow(mode, ctx, start))
        for spec in MODES
        if spec.flow is not None
    }
    session = StationSession(store, "WH1", flows, clock=Clock())
    session.handle_scan(PICKER_BADGE)
    opened: dict[Command, Mode] = {}
    for spec in MODES:
        if spec.command is not None:
            view = session.handle_scan(spec.command.value.lower())
            opened[spec.command] = view.flow.mode
            assert view.flow.feedback is Feedback.GOOD
    assert opened == {spec.command: spec.mode for spec in MODES if spec.command is not None}
    assert len(opened) == len(Mode) - 1  # every mode but log-in has its barcode
