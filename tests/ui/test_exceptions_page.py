"""The exception queue page over a real store through the gateway (#13.1): it lists a short
pick with its words, takes it, ships partial with a reason; the store and outbox say so."""

from __future__ import annotations

import json

from pytestqt.qtbot import QtBot
from sqlalchemy import select

from app.services.picking import short_pick
from app.supervision.exceptions import Reason, Resolution
from local_db.models import ExceptionRecord, OutboxEvent, PickTask
from local_db.store import Store
from tests.flows.seed import PICKER_BADGE, SUPERVISOR_BADGE, add_order, add_stock
from tests.ui.conftest import scan
from ui.launcher import Station
from ui.store_gateway import StoreGateway
from ui.supervisor.exceptions_page import ExceptionsPage
from ui.supervisor.pages import CONSOLE_PAGES


def _short_pick(store: Store) -> None:
    add_stock(store, "A-01-01-01", "SKU-TEA", 2)
    add_order(store, "SO-1", [("SKU-TEA", 2)])
    with store.unit_of_work() as uow:
        task = uow.session.scalars(select(PickTask)).one()
        short_pick(uow, task.id, quantity=2, reason="NOT_FOUND", operator=PICKER_BADGE)
        uow.commit()


def open_page(qtbot: QtBot, gateway: StoreGateway) -> ExceptionsPage:
    page = ExceptionsPage(gateway, SUPERVISOR_BADGE)
    qtbot.addWidget(page)
    qtbot.waitUntil(lambda: page.table.rowCount() > 0 or page.empty_label.isVisibleTo(page))
    return page


def test_the_exception_page_is_the_consoles_first(qtbot: QtBot) -> None:
    assert CONSOLE_PAGES[0] is ExceptionsPage


def test_a_supervisor_takes_a_short_pick_and_ships_partial(
    qtbot: QtBot, store: Store, gateway: StoreGateway
) -> None:
    _short_pick(store)
    page = open_page(qtbot, gateway)
    assert page.title() == "Exceptions"
    assert page.table.rowCount() == 1
    cells = [page.table.item(0, c).text() for c in range(page.table.columnCount())]
    assert cells[1:5] == ["Short pick", "SO-1", "SKU-TEA", "A-01-01-01"]
    assert cells[7] == "Short pick of 2 × SKU-TEA at A-01-01-01 (Not found)."
    assert "Short pick 1" in page.counts_label.text()

    with qtbot.waitSignal(page.reloaded, timeout=5000):
        page.take_button.click()
    assert page.table.item(0, 6).text() == SUPERVISOR_BADGE
    assert [page.resolution_choice.itemData(i) for i in range(page.resolution_choice.count())] == [
        "REALLOCATE",
        "SHIP_PARTIAL",
        "WAIT_FOR_STOCK",
    ]
    page.choose(Resolution.SHIP_PARTIAL, Reason.CUSTOMER_ACCEPTS_PARTIAL)
    page.note_edit.setText("called the shop")
    with qtbot.waitSignal(page.reloaded, timeout=5000):
        page.decide_button.click()
    assert page.error_label.text() == ""
    assert page.empty_label.isVisible() or page.table.rowCount() == 0

    with store.read_session() as session:
        record = session.scalars(select(ExceptionRecord)).one()
        assert (record.status, record.resolution_code, record.assigned_to) == (
            "resolved",
            "SHIP_PARTIAL",
            SUPERVISOR_BADGE,
        )
        assert record.resolution == "CUSTOMER_ACCEPTS_PARTIAL: called the shop"
        last = session.scalars(select(OutboxEvent).order_by(OutboxEvent.station_seq.desc())).first()
        assert last is not None
        payload = json.loads(last.payload_json)
    assert (payload["status"], payload["error_code"], payload["error_message"]) == (
        "EXCEPTION",
        "SHIP_PARTIAL",
        "SKU-TEA 0/2",
    )


def test_an_operator_badge_is_refused_on_the_page_and_nothing_changes(
    qtbot: QtBot, store: Store, gateway: StoreGateway
) -> None:
    _short_pick(store)
    page = ExceptionsPage(gateway, PICKER_BADGE)
    qtbot.addWidget(page)
    qtbot.waitUntil(lambda: page.table.rowCount() == 1)
    page.choose(Resolution.WAIT_FOR_STOCK, Reason.RESTOCK_EXPECTED)
    page.decide_button.click()
    qtbot.waitUntil(lambda: page.error_label.text() != "")
    assert "supervisor" in page.error_label.text()
    with store.read_session() as session:
        record = session.scalars(select(ExceptionRecord)).one()
        assert (record.status, record.resolution_code) == ("open", None)


def test_the_task_list_shows_a_supervisor_the_open_exceptions_by_type(
    qtbot: QtBot, store: Store, station: Station
) -> None:
    _short_pick(store)
    label = station.window.task_screen.exceptions_label
    scan(qtbot, station, PICKER_BADGE)
    assert not label.isVisibleTo(station.window)
    scan(qtbot, station, "CMD:LOGOUT")
    scan(qtbot, station, SUPERVISOR_BADGE)
    qtbot.waitUntil(lambda: label.isVisibleTo(station.window))
    assert label.text() == "Open exceptions: Short pick 1"
