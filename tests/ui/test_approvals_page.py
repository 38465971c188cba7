"""The console's approvals page on real widgets over a real store: approve, reject, recount,
the stale-count warning and the supervisor's own count, each checked in the store and the
outbox after (#13.2)."""

from __future__ import annotations

import json
import threading
from collections.abc import Callable

import pytest
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from app.flows.base import FlowContext, OperatorInfo
from app.flows.count_flow import CountFlow
from app.scanning.commands import Command
from app.scanning.gs1 import parse_scan
from app.services.moving import move_stock
from local_db.models import AuditLog, CycleCount, Operator, OutboxEvent, Stock, StockAdjustment
from local_db.store import Store
from oms_contract.pins import hash_pin
from tests.flows.seed import OWNER, PICKER_BADGE, SUPERVISOR_BADGE, SUPERVISOR_PIN, add_stock
from tests.store.support import db_state
from tests.ui.conftest import scan, type_number
from ui.launcher import Station
from ui.store_gateway import StoreGateway
from ui.supervisor import approvals_page
from ui.supervisor.approvals_page import ApprovalsPage

BIN = "A-01-02-03"
TEA_GTIN = "4006381333931"


def pending_difference(store: Store, counted_by: OperatorInfo | None = None) -> None:
    """A blind count of one tea in a bin whose books say 20, left for a supervisor."""
    add_stock(store, BIN, "SKU-TEA", 20)
    operator = counted_by or OperatorInfo(PICKER_BADGE, "Li Wei", "operator")
    flow = CountFlow(FlowContext(store, operator, "WH1", count_difference_threshold=1))
    flow.on_scan(parse_scan(BIN))
    flow.on_scan(parse_scan(TEA_GTIN))
    flow.on_command(Command.CONFIRM)


def outbox_types(store: Store) -> list[str]:
    with store.read_session() as session:
        return [row.event_type for row in session.scalars(select(OutboxEvent))]


def adjustment(store: Store) -> StockAdjustment:
    with store.read_session() as session:
        return session.scalars(select(StockAdjustment)).one()


def on_hand(store: Store) -> int:
    with store.read_session() as session:
        return sum(row.on_hand for row in session.scalars(select(Stock)))


@pytest.fixture
def open_page(qtbot: QtBot, gateway: StoreGateway) -> Callable[[], ApprovalsPage]:
    """The supervisor's page, built once the test has put the difference in the store."""

    def build() -> ApprovalsPage:
        widget = ApprovalsPage(gateway, SUPERVISOR_BADGE)
        qtbot.addWidget(widget)
        qtbot.waitUntil(lambda: widget.table.rowCount() == 1)
        return widget

    return build


def decide(qtbot: QtBot, page: ApprovalsPage, decision: approvals_page.Decision) -> None:
    """Decides on the selected row and waits for the decision and the list read after it
    (other reloads, e.g. a tab shown, may answer in between: not waited on)."""
    before = page.decided
    page.decide_selected(decision)
    qtbot.waitUntil(lambda: page.decided == before + 1 and page._gateway.pending == 0)


def test_the_page_shows_what_the_supervisor_decides_on(
    qtbot: QtBot, store: Store, open_page: Callable[[], ApprovalsPage]
) -> None:
    pending_difference(store)
    shown = open_page()
    row = [shown.table.item(0, column).text() for column in range(7)]
    assert row == [BIN, "SKU-TEA", "", "20", "1", "-19", f"Li Wei ({PICKER_BADGE})"]
    assert shown.table.item(0, 7).text()  # when it was counted
    assert "COUNT_DIFFERENCE" in shown.detail_label.text()
    assert shown.stale_label.isHidden()


def test_approve_books_the_count_and_tells_the_oms(
    qtbot: QtBot, store: Store, open_page: Callable[[], ApprovalsPage]
) -> None:
    pending_difference(store)
    shown = open_page()
    assert outbox_types(store) == []
    decide(qtbot, shown, "approve")
    assert shown.decided == 1 and shown.table.rowCount() == 0
    assert on_hand(store) == 1
    row = adjustment(store)
    assert (row.status, row.approved_by) == ("applied", SUPERVISOR_BADGE)
    assert outbox_types(store) == ["inventory_adjusted", "stock_changed"]
    with store.read_session() as session:
        payload = json.loads(session.scalars(select(OutboxEvent.payload_json)).first() or "{}")
    assert (payload["quantity"], payload["reason_code"]) == (-19, "COUNT_DIFFERENCE")


def test_reject_keeps_the_books_and_tells_the_oms_nothing(
    qtbot: QtBot, store: Store, open_page: Callable[[], ApprovalsPage]
) -> None:
    pending_difference(store)
    shown = open_page()
    decide(qtbot, shown, "reject")
    assert on_hand(store) == 20
    assert (adjustment(store).status, adjustment(store).approved_by) == (
        "rejected",
        SUPERVISOR_BADGE,
    )
    assert outbox_types(store) == []
    with store.read_session() as session:
        audit = session.scalars(
            select(AuditLog.action).where(AuditLog.operator == SUPERVISOR_BADGE)
        )
        assert list(audit) == ["reject_adjustment"]


def test_recount_opens_a_count_task_that_the_next_count_books(
    qtbot: QtBot, store: Store, open_page: Callable[[], ApprovalsPage]
) -> None:
    pending_difference(store)
    shown = open_page()
    decide(qtbot, shown, "recount")
    assert on_hand(store) == 20 and outbox_types(store) == []
    with store.read_session() as session:
        task = session.scalars(select(CycleCount).where(CycleCount.status == "open")).one()
        assert (task.location_code, task.created_by) == (BIN, SUPERVISOR_BADGE)
        actions = session.scalars(
            select(AuditLog.action).where(AuditLog.operator == SUPERVISOR_BADGE)
        )
        assert list(actions) == ["reject_adjustment", "start_cycle_count", "request_recount"]
        task_no = task.count_no
    # The operator's recount books into that task (no "count already open" refusal).
    flow = CountFlow(FlowContext(store, OperatorInfo(PICKER_BADGE, "Li Wei", "operator"), "WH1", 1))
    flow.on_scan(parse_scan(BIN))
    for _ in range(20):
        flow.on_scan(parse_scan(TEA_GTIN))
    view = flow.on_command(Command.CONFIRM)
    assert view.message is not None and view.message.code == "count_booked"  # type: ignore[union-attr]
    with store.read_session() as session:
        task = session.scalars(select(CycleCount).where(CycleCount.count_no == task_no)).one()
        assert (task.status, task.counted_by) == ("completed", PICKER_BADGE)


def test_a_count_overtaken_by_a_stock_move_is_flagged_stale(
    qtbot: QtBot, store: Store, open_page: Callable[[], ApprovalsPage]
) -> None:
    pending_difference(store)
    with store.unit_of_work() as uow:
        move_stock(
            uow,
            from_location=BIN,
            to_location="B-02-01-01",
            owner_id=OWNER,
            sku_id="SKU-TEA",
            quantity=2,
            operator=PICKER_BADGE,
        )
        uow.commit()
    shown = open_page()
    assert shown.table.item(0, 5).text() == "⚠ -19"
    assert not shown.stale_label.isHidden()
    assert shown.stale_label.text() == (
        f"Stock of SKU-TEA in bin {BIN} moved after this count (the books now hold 18): "
        "the count may be stale. Recount the bin before approving."
    )


def test_a_supervisor_cannot_decide_on_their_own_count(
    qtbot: QtBot, store: Store, open_page: Callable[[], ApprovalsPage]
) -> None:
    pending_difference(store, OperatorInfo(SUPERVISOR_BADGE, "Zhang Min", "supervisor"))
    shown = open_page()
    before = db_state(store)
    for decision in ("approve", "reject", "recount"):
        with qtbot.waitSignal(shown.decision_failed):
            shown.decide_selected(decision)  # type: ignore[arg-type]
        assert shown.error_label.text().startswith("Not allowed: You counted or asked for ADJ")
        assert shown.error_label.text().endswith("another supervisor must decide on it.")
    assert db_state(store) == before
    assert shown.decided == 0


def test_an_operators_badge_cannot_decide(
    qtbot: QtBot, store: Store, gateway: StoreGateway
) -> None:
    pending_difference(store)
    shown = ApprovalsPage(gateway, PICKER_BADGE)
    qtbot.addWidget(shown)
    qtbot.waitUntil(lambda: shown.table.rowCount() == 1)
    before = db_state(store)
    with qtbot.waitSignal(shown.decision_failed):
        shown.decide_selected("approve")
    assert "supervisor" in shown.error_label.text()
    assert db_state(store) == before


@pytest.fixture
def supervisor_pin(store: Store) -> None:
    with store.unit_of_work() as uow:
        supervisor = uow.session.get(Operator, SUPERVISOR_BADGE)
        assert supervisor is not None
        supervisor.pin_hash = hash_pin(SUPERVISOR_PIN, iterations=1000)
        uow.commit()


def test_the_task_lists_count_review_opens_the_console_on_approvals(
    qtbot: QtBot, station: Station, store: Store, supervisor_pin: None
) -> None:
    pending_difference(store)
    window = station.window
    nudges: list[str] = []
    window._outbox_changed = lambda: nudges.append(threading.current_thread().name)
    scan(qtbot, station, PICKER_BADGE)
    with qtbot.waitSignal(window.answer_shown):
        window.task_screen.count_review_button.click()
    scan(qtbot, station, SUPERVISOR_BADGE)
    type_number(qtbot, station, SUPERVISOR_PIN)
    console = window.console
    assert console is not None
    shown = console.tabs.currentWidget()
    assert isinstance(shown, ApprovalsPage)
    qtbot.waitUntil(lambda: shown.table.rowCount() == 1)
    nudges.clear()
    decide(qtbot, shown, "approve")
    assert on_hand(store) == 1
    # The decision wrote outbox events: sync is nudged, from the UI thread.
    assert nudges == [threading.main_thread().name]


def test_decisions_run_on_the_store_thread(
    qtbot: QtBot,
    store: Store,
    open_page: Callable[[], ApprovalsPage],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    threads: list[str] = []
    real = approvals_page.decide

    def recording(*args: object) -> None:
        threads.append(threading.current_thread().name)
        real(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(approvals_page, "decide", recording)
    pending_difference(store)
    shown = open_page()
    decide(qtbot, shown, "approve")
    assert len(threads) == 1 and threads[0].startswith("wms-store")
