"""The UI's one way to the store: every read and write on one store thread, answers on the UI
thread; the window, the dialogs and the task list all go through the same gateway."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from app.errors import FloorError
from local_db.store import Store
from tests.flows.seed import PICKER_BADGE, SUPERVISOR_BADGE
from tests.ui.conftest import scan
from tests.ui.test_approvals_page import pending_difference
from tests.ui.test_supervisor_dialogs import rejected_event
from ui.dialogs import rejected_events_dialog
from ui.dialogs.rejected_events_dialog import RejectedEventsDialog
from ui.launcher import Station
from ui.store_gateway import StoreGateway
from ui.supervisor import approvals_page
from ui.supervisor.approvals_page import ApprovalsPage

__all__ = ["rejected_event"]


def recording(calls: list[str], work: Callable[..., Any]) -> Callable[..., Any]:
    """``work`` that notes the thread it ran on."""

    def wrapped(*args: Any, **kwargs: Any) -> Any:
        calls.append(threading.current_thread().name)
        return work(*args, **kwargs)

    return wrapped


def test_work_runs_on_one_store_thread_and_answers_on_the_ui_thread(
    qtbot: QtBot, gateway: StoreGateway
) -> None:
    ran_on: list[str] = []
    answered_on: list[str] = []

    def answer(_result: object) -> None:
        answered_on.append(threading.current_thread().name)

    gateway.query(recording(ran_on, lambda store: store.db_path), answer)
    gateway.command(recording(ran_on, lambda store: None), answer)
    gateway.run(recording(ran_on, lambda: None), answer)
    qtbot.waitUntil(lambda: len(answered_on) == 3)
    assert len(set(ran_on)) == 1 and ran_on[0].startswith("wms-store")
    assert answered_on == [threading.main_thread().name] * 3
    assert gateway.pending == 0


def test_a_refusal_reaches_the_caller_typed(qtbot: QtBot, gateway: StoreGateway) -> None:
    failures: list[object] = []

    def refuse(_store: object) -> None:
        raise FloorError("not_a_supervisor")

    gateway.command(refuse, lambda _: None, failures.append)
    qtbot.waitUntil(lambda: bool(failures))
    assert isinstance(failures[0], FloorError)


def test_scans_dialogs_and_the_task_list_share_the_one_store_thread(
    qtbot: QtBot,
    station: Station,
    store: Store,
    rejected_event: int,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    calls: list[str] = []
    session = station.window.session
    monkeypatch.setattr(session, "handle_scan", recording(calls, session.handle_scan))
    scan(qtbot, station, PICKER_BADGE)  # the task list loads its first page
    model = station.window.task_screen.model
    qtbot.waitUntil(lambda: model.rowCount() == 1)

    # The supervisor's writes: on the store thread, never on the UI thread.
    monkeypatch.setattr(
        rejected_events_dialog, "resolve", recording(calls, rejected_events_dialog.resolve)
    )
    monkeypatch.setattr(approvals_page, "decide", recording(calls, approvals_page.decide))
    events = RejectedEventsDialog(station.gateway, SUPERVISOR_BADGE, station.window)
    qtbot.addWidget(events)
    qtbot.waitUntil(lambda: events.table.rowCount() == 1)
    with qtbot.waitSignal(events.reloaded):
        events.resolve_selected("retry")
    assert events.resolved == 1
    pending_difference(store)
    counts = ApprovalsPage(station.gateway, SUPERVISOR_BADGE, station.window)
    qtbot.addWidget(counts)
    qtbot.waitUntil(lambda: counts.table.rowCount() == 1)
    counts.decide_selected("approve")
    qtbot.waitUntil(lambda: counts.decided == 1)

    assert len(calls) == 3
    assert len(set(calls)) == 1 and calls[0].startswith("wms-store")
