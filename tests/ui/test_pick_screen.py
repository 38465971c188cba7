"""A whole order picked with scans and typed numbers only, on real widgets."""

from __future__ import annotations

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from app.flows.view import Mode
from app.scanning.commands import Command
from app.services.cancelling import cancel_outbound
from local_db.models import Stock
from local_db.store import Store
from sync.status import INITIAL_STATUS
from tests.flows.seed import PICKER_BADGE, add_order, add_stock, outbox_types
from tests.ui.conftest import scan, type_number
from ui.launcher import Station


def test_pick_a_whole_order_by_scans(qtbot: QtBot, station: Station, store: Store) -> None:
    add_stock(store, "A-01-02-03", "SKU-TEA", 10)
    add_stock(store, "B-02-01-01", "SKU-PHONE", 3)
    add_order(store, "SO-UI", [("SKU-TEA", 3), ("SKU-PHONE", 1)])
    window = station.window
    scan(qtbot, station, PICKER_BADGE)
    view = scan(qtbot, station, "SO-UI")
    assert view.flow.mode is Mode.PICK
    screen = window.flow_screens[Mode.PICK]
    assert window.stack.currentWidget() is screen
    assert screen.prompt_label.text() == "Scan bin A-01-02-03"
    assert screen.step_label.text() == "Order SO-UI  ·  Step 1 of 2"  # the order being worked
    assert "Green tea 250 g" in screen.sku_label.text()
    assert screen.quantity_label.text() == "Left: 3 of 3"

    scan(qtbot, station, "B-02-01-01")
    assert window.flash.kind == "bad"
    assert "Wrong bin" in screen.message_label.text()

    scan(qtbot, station, "A-01-02-03")
    assert window.flash.kind == "good"
    assert screen.message_label.text() == ""  # the old refusal is gone after the next scan
    scan(qtbot, station, "4006381333931")
    assert screen.quantity_label.text() == "Left: 2 of 3"
    assert screen.number_input.isVisible()
    qtbot.waitUntil(lambda: window.focusWidget() is screen.number_input)
    type_number(qtbot, station, "3")
    assert screen.prompt_label.text() == "Scan bin B-02-01-01"

    scan(qtbot, station, "B-02-01-01")
    scan(qtbot, station, "96385074")
    assert screen.prompt_label.text() == "Scan the serial number of each unit"
    scan(qtbot, station, "SN-777")
    assert screen.prompt_label.text() == "Order SO-UI done. Scan NEXT TASK"
    assert "picked" in screen.message_label.text()

    assert outbox_types(store, "SO-UI") == [
        "outbound_received",
        "outbound_status",
        "picked_lines",
        "picked_lines",
        "picked_lines",
        "outbound_status",
    ]
    with store.read_session() as session:
        stock = {row.sku_id: (row.on_hand, row.locked) for row in session.query(Stock)}
    assert stock == {"SKU-TEA": (7, 0), "SKU-PHONE": (2, 0)}

    view = scan(qtbot, station, "CMD:NEXT")
    assert view.flow.mode is Mode.TASKS


def test_command_buttons_work_for_touch(qtbot: QtBot, station: Station, store: Store) -> None:
    add_stock(store, "A-01-02-03", "SKU-TEA", 10)
    add_order(store, "SO-T", [("SKU-TEA", 1)])
    scan(qtbot, station, PICKER_BADGE)
    scan(qtbot, station, "SO-T")
    screen = station.window.flow_screens[Mode.PICK]
    button = screen.buttons[Command.MODE_TASKS]
    assert button.minimumHeight() >= 48
    with qtbot.waitSignal(station.window.answer_shown):
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert station.window.stack.currentWidget() is station.window.task_screen


def test_cancel_from_oms_is_shown_at_once(qtbot: QtBot, station: Station, store: Store) -> None:
    add_stock(store, "A-01-02-03", "SKU-TEA", 10)
    add_order(store, "SO-C", [("SKU-TEA", 2)])
    scan(qtbot, station, PICKER_BADGE)
    scan(qtbot, station, "SO-C")
    scan(qtbot, station, "A-01-02-03")
    scan(qtbot, station, "4006381333931")
    with store.unit_of_work() as uow:
        cancel_outbound(uow, "SO-C", "OMS")
        uow.commit()
    # What a sync does after applying the feed: the bridge reports, the window refreshes.
    station.bridge.report(INITIAL_STATUS)
    screen = station.window.flow_screens[Mode.PICK]
    qtbot.waitUntil(screen.notice_label.isVisible)
    assert "cancelled" in screen.notice_label.text()
    assert (
        screen.prompt_label.text() == "Order cancelled: put 1 × SKU-TEA back, scan bin A-01-02-03"
    )
    scan(qtbot, station, "A-01-02-03")
    assert station.window.flash.kind == "good"
    assert outbox_types(store, None)[-1] == "stock_changed"
    # The goods are back: the orange STOP banner goes and a further scan does not bring it back.
    assert not screen.notice_label.isVisible()
    assert screen.prompt_label.text() == "Order SO-C done. Scan NEXT TASK"
    scan(qtbot, station, "A-01-02-03")
    assert not screen.notice_label.isVisible()
    assert "Nothing left to put back" in screen.message_label.text()
