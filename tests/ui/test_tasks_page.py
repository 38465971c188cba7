"""The supervisor's task-control page (#13.3), driven with real widgets through the store
gateway over a real store: hold, priority, assign, release stuck work; refusals shown."""

from __future__ import annotations

from pytestqt.qtbot import QtBot
from sqlalchemy import select

from app.flows.pick_flow import PickFlow
from app.scanning.gs1 import parse_scan
from app.services import work_in_progress as wip
from local_db.models import AuditLog, OutboundOrder
from local_db.models.master_data import Operator
from local_db.store import Store
from tests.flows.picking_helpers import picker_context
from tests.flows.seed import PICKER_BADGE, SUPERVISOR_BADGE, add_order, add_stock
from ui.models.task_table_model import TaskTableModel
from ui.store_gateway import StoreGateway
from ui.supervisor.pages import CONSOLE_PAGES
from ui.supervisor.tasks_page import TasksPage

SECOND = "BADGE-P2"


def _page(qtbot: QtBot, gateway: StoreGateway, badge: str = SUPERVISOR_BADGE) -> TasksPage:
    page = TasksPage(gateway, badge)
    qtbot.addWidget(page)
    # The first read answers through the event loop, which has not run yet.
    qtbot.waitSignal(page.loaded).wait()
    return page


def _order(store: Store, order_no: str) -> OutboundOrder:
    with store.read_session() as session:
        return session.scalars(select(OutboundOrder).filter_by(order_no=order_no)).one()


def _seed(store: Store) -> None:
    add_stock(store, "A-01-02-03", "SKU-TEA", 10)
    add_order(store, "SO-A", [("SKU-TEA", 2)], priority=50)
    add_order(store, "SO-B", [("SKU-TEA", 2)], priority=10)
    with store.unit_of_work() as uow:
        uow.session.add(Operator(badge_code=SECOND, name="Wang Fang", role="operator"))
        uow.commit()


def test_the_page_is_in_the_console(qtbot: QtBot, store: Store, gateway: StoreGateway) -> None:
    assert TasksPage in CONSOLE_PAGES
    page = _page(qtbot, gateway)
    assert page.title() == "Tasks"


def test_hold_priority_and_assign_from_the_page(
    qtbot: QtBot, store: Store, gateway: StoreGateway
) -> None:
    _seed(store)
    page = _page(qtbot, gateway)

    page.order_edit.setText("SO-B")
    page.reason_box.setCurrentIndex(page.reason_box.findData("CUSTOMER_REQUEST"))
    with qtbot.waitSignal(page.decided):
        page.hold_button.click()
    assert _order(store, "SO-B").hold_reason == "CUSTOMER_REQUEST"
    assert page.orders_table.item(0, 0).text() == "SO-B"
    assert page.orders_table.item(0, 3).text() == "Customer request"

    with qtbot.waitSignal(page.decided):
        page.raise_button.click()
    assert _order(store, "SO-B").priority == 20

    page.operator_box.setCurrentIndex(page.operator_box.findData(SECOND))
    with qtbot.waitSignal(page.decided):
        page.assign_button.click()
    assert _order(store, "SO-B").assigned_to == SECOND
    assert page.orders_table.item(0, 4).text() == SECOND

    # The floor's task list shows the hold and whose the order is.
    model = TaskTableModel(gateway)
    model.set_operator(PICKER_BADGE)
    model.reload()
    with qtbot.waitSignal(model.page_loaded):
        model.fetchMore()
    rows = {
        model.data(model.index(row, 0)): (
            model.data(model.index(row, 1)),
            model.data(model.index(row, 7)),
        )
        for row in range(model.rowCount())
    }
    assert rows["SO-B"] == ("On hold: Customer request", SECOND)
    assert rows["SO-A"] == ("To pick", "")

    with qtbot.waitSignal(page.decided):
        page.release_hold_button.click()
    assert _order(store, "SO-B").hold_reason is None
    with store.read_session() as session:
        actions = list(session.scalars(select(AuditLog.action).order_by(AuditLog.id)))
    assert actions[-4:] == ["hold_order", "change_priority", "assign_order", "release_hold"]


def test_a_refusal_is_shown_in_words_and_changes_nothing(
    qtbot: QtBot, store: Store, gateway: StoreGateway
) -> None:
    _seed(store)
    page = _page(qtbot, gateway, badge=PICKER_BADGE)  # an operator's badge
    page.order_edit.setText("SO-A")

    page.hold_button.click()

    qtbot.waitUntil(lambda: page.message_label.text() != "")
    assert "Only an active supervisor may do this" in page.message_label.text()
    assert _order(store, "SO-A").hold_reason is None


def test_stuck_work_is_listed_and_released_to_another_operator(
    qtbot: QtBot, store: Store, gateway: StoreGateway
) -> None:
    _seed(store)
    flow = PickFlow(picker_context(store), "SO-A")
    flow.on_scan(parse_scan("A-01-02-03"))
    flow.on_scan(parse_scan("4006381333931"))  # one unit picked, then the picker left
    wip.add_scan(store, "count", "B-02-01-01", PICKER_BADGE, {"code": "x"})
    page = _page(qtbot, gateway)
    table = page.work_table
    listed = {
        (table.item(row, 0).text(), table.item(row, 1).text(), table.item(row, 2).text())
        for row in range(table.rowCount())
    }
    assert listed == {("Pick", "SO-A", PICKER_BADGE), ("Count", "B-02-01-01", PICKER_BADGE)}
    pick_row = next(row for row in range(table.rowCount()) if table.item(row, 1).text() == "SO-A")
    assert table.item(pick_row, 3).text() != "—"  # since when
    assert table.item(pick_row, 5).text() == "1"

    table.selectRow(pick_row)
    assert page.order_edit.text() == "SO-A"
    page.operator_box.setCurrentIndex(page.operator_box.findData(SECOND))
    with qtbot.waitSignal(page.decided):
        page.release_work_button.click()

    assert _order(store, "SO-A").assigned_to == SECOND
    assert "released to BADGE-P2" in page.message_label.text()
    assert page.orders_table.item(0, 0).text() == "SO-A"  # now assigned
    assert page.orders_table.item(0, 4).text() == SECOND
