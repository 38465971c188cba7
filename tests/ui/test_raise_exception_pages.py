"""A supervisor raises an order exception from the console's Tasks page and resumes the
work from the exception queue (#12.5), with real widgets offscreen through the store gateway
over a real store; the store and the outbox are checked after.

Seed 000 §5.1: 地址异常 | 地址无法配送 | 人工处理; §4.3 异常回传 (status EXCEPTION, errorCode,
errorMessage)."""

from __future__ import annotations

import json

from pytestqt.qtbot import QtBot
from sqlalchemy import select

from app.supervision.exceptions import Reason, Resolution
from local_db.models import ExceptionRecord, OutboundOrder, OutboxEvent
from local_db.store import Store
from tests.flows.seed import SUPERVISOR_BADGE, add_order, add_stock
from ui.store_gateway import StoreGateway
from ui.supervisor.exceptions_page import ExceptionsPage
from ui.supervisor.tasks_page import TasksPage


def _order(store: Store) -> OutboundOrder:
    with store.read_session() as session:
        return session.scalars(select(OutboundOrder).filter_by(order_no="SO-A")).one()


def _statuses(store: Store) -> list[tuple[str, str | None]]:
    with store.read_session() as session:
        rows = session.scalars(
            select(OutboxEvent)
            .where(OutboxEvent.event_type == "outbound_status")
            .order_by(OutboxEvent.station_seq)
        )
        return [
            (p["status"], p["error_code"]) for p in map(json.loads, (r.payload_json for r in rows))
        ]


def test_raise_on_the_tasks_page_then_resume_in_the_queue(
    qtbot: QtBot, store: Store, gateway: StoreGateway
) -> None:
    add_stock(store, "A-01-02-03", "SKU-TEA", 10)
    add_order(store, "SO-A", [("SKU-TEA", 2)])
    tasks = TasksPage(gateway, SUPERVISOR_BADGE)
    qtbot.addWidget(tasks)
    qtbot.waitSignal(tasks.loaded).wait()
    reasons = [
        tasks.exception_reason_box.itemText(i) for i in range(tasks.exception_reason_box.count())
    ]
    assert reasons == ["Address problem", "Goods damaged", "Customer request", "Other"]

    tasks.order_edit.setText("SO-A")
    tasks.exception_note_edit.setText("House number missing")
    tasks.exception_reason_box.setCurrentIndex(
        tasks.exception_reason_box.findData("ADDRESS_PROBLEM")
    )
    with qtbot.waitSignal(tasks.decided):
        tasks.raise_exception_button.click()
    assert "SO-A is stopped (Address problem)" in tasks.message_label.text()
    assert _order(store).hold_reason == "ORDER_EXCEPTION"
    assert _statuses(store) == [("EXCEPTION", "ADDRESS_PROBLEM")]
    assert tasks.orders_table.item(0, 3).text() == "Order exception, see the exception queue"

    # Again: refused in words, nothing changes.
    tasks.message_label.clear()
    tasks.raise_exception_button.click()
    qtbot.waitUntil(lambda: tasks.message_label.text() != "")
    assert "already stopped by exception" in tasks.message_label.text()
    assert len(_statuses(store)) == 1

    queue = ExceptionsPage(gateway, SUPERVISOR_BADGE)
    qtbot.addWidget(queue)
    qtbot.waitUntil(lambda: queue.table.rowCount() == 1)
    cells = [queue.table.item(0, c).text() for c in range(queue.table.columnCount())]
    assert cells[1:3] == ["Order exception", "SO-A"]
    assert cells[7] == (
        f"{SUPERVISOR_BADGE} stopped the order (ALLOCATED) for manual handling: Address problem. "
        "House number missing"
    )
    offered = [queue.resolution_choice.itemData(i) for i in range(queue.resolution_choice.count())]
    assert offered == ["RESUME_WORK", "ACKNOWLEDGED"]
    queue.choose(Resolution.RESUME_WORK, Reason.CUSTOMER_CONFIRMED)
    with qtbot.waitSignal(queue.decided, timeout=5000):
        queue.decide_button.click()
    with store.read_session() as session:
        record = session.scalars(select(ExceptionRecord)).one()
        assert (record.status, record.resolution_code) == ("resolved", "RESUME_WORK")
    assert _order(store).hold_reason is None
    # Not picked yet: no status callback exists before PICKING, so nothing more is sent.
    assert _statuses(store) == [("EXCEPTION", "ADDRESS_PROBLEM")]
