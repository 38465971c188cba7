"""Pack, receive and count completed on real widgets by scans and typed numbers alone."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from app.flows.view import Mode
from local_db.models import InboundLine, OutboundOrder, Shipment, Stock
from local_db.store import Store
from tests.flows.picking_helpers import pick_everything
from tests.flows.seed import PICKER_BADGE, add_inbound, add_order, add_stock, outbox_types
from tests.ui.conftest import scan, type_number
from ui.launcher import Station

GS = "\x1d"


def test_pack_and_ship(qtbot: QtBot, station: Station, store: Store) -> None:
    add_stock(store, "A-01-02-03", "SKU-TEA", 10)
    add_order(store, "SO-PK", [("SKU-TEA", 2)])
    pick_everything(store, "SO-PK", {"SKU-TEA": "4006381333931"})
    scan(qtbot, station, PICKER_BADGE)
    view = scan(qtbot, station, "SO-PK")  # a picked order opens at packing
    assert view.flow.mode is Mode.PACK
    screen = station.window.flow_screens[Mode.PACK]
    assert screen.prompt_label.text() == "Scan every unit into the box"
    scan(qtbot, station, "4006381333931")
    scan(qtbot, station, "96385074")
    assert station.window.flash.kind == "bad"
    assert "not in this order" in screen.message_label.text()
    scan(qtbot, station, "4006381333931")
    assert screen.prompt_label.text() == "Type the weight in kg and press Enter"
    qtbot.waitUntil(lambda: station.window.focusWidget() is screen.number_input)
    type_number(qtbot, station, "1.5")
    assert screen.prompt_label.text() == "Type the number of packages and press Enter"
    type_number(qtbot, station, "1")
    scan(qtbot, station, "CMD:TRACKING:NEW")
    assert screen.prompt_label.text() == "Done. Scan NEXT TASK"
    with store.read_session() as session:
        assert session.query(OutboundOrder).one().status == "SHIPPED"
        shipment = session.query(Shipment).one()
        assert (shipment.weight_grams, shipment.package_count) == (1500, 1)
    assert outbox_types(store, "SO-PK")[-2:] == ["outbound_status", "outbound_status"]


def test_receive_and_put_away(qtbot: QtBot, station: Station, store: Store) -> None:
    add_inbound(store, "PO-UI", [("SKU-MILK", 6)])
    scan(qtbot, station, PICKER_BADGE)
    view = scan(qtbot, station, "CMD:MODE:RECEIVE")
    assert view.flow.mode is Mode.RECEIVE
    screen = station.window.flow_screens[Mode.RECEIVE]
    # The inbound orders due are listed before one is scanned (#17.13).
    assert "PO-UI · OWN1 · 0 of 6 units" in screen.due_label.text()
    assert screen.due_label.isVisibleTo(screen)
    scan(qtbot, station, "PO-UI")
    assert not screen.due_label.isVisibleTo(screen)
    scan(qtbot, station, f"]C10104012345678901{GS}10LOT-9{GS}17301231")
    assert station.window.flash.kind == "good"
    type_number(qtbot, station, "6")
    assert "6/6" in screen.details_label.text()
    scan(qtbot, station, "CMD:CONFIRM")
    assert screen.prompt_label.text() == "Put away to A-01-01-01"
    assert screen.prompt_hint_label.text() == "or scan another storage bin"
    scan(qtbot, station, "A-01-01-01")
    assert "Everything is put away" in screen.message_label.text()
    with store.read_session() as session:
        row = session.query(Stock).filter_by(location_code="A-01-01-01").one()
        assert (row.sku_id, row.batch_no, row.on_hand) == ("SKU-MILK", "LOT-9", 6)
        assert session.query(InboundLine).one().received_qty == 6
    assert "inbound_received" in outbox_types(store)


def test_blind_count(qtbot: QtBot, station: Station, store: Store) -> None:
    add_stock(store, "A-01-02-03", "SKU-TEA", 10)
    scan(qtbot, station, PICKER_BADGE)
    scan(qtbot, station, "CMD:MODE:COUNT")
    screen = station.window.flow_screens[Mode.COUNT]
    scan(qtbot, station, "A-01-02-03")
    assert screen.prompt_label.text() == "Scan every item in bin A-01-02-03, then scan CONFIRM"
    scan(qtbot, station, "4006381333931")
    type_number(qtbot, station, "9")
    assert "10" not in screen.details_label.text()  # blind
    scan(qtbot, station, "CMD:CONFIRM")
    assert "booked" in screen.message_label.text()
    with store.read_session() as session:
        assert session.query(Stock).one().on_hand == 9


def test_batch_and_expiry_typed_at_the_keyboard(
    qtbot: QtBot, station: Station, store: Store
) -> None:
    """Letters and dashes reach the flow when it asks for a batch or a date (#17.6)."""
    add_inbound(store, "PO-KB", [("SKU-MILK", 1)])
    scan(qtbot, station, PICKER_BADGE)
    scan(qtbot, station, "CMD:MODE:RECEIVE")
    screen = station.window.flow_screens[Mode.RECEIVE]
    scan(qtbot, station, "PO-KB")
    scan(qtbot, station, "04012345678901")
    assert screen.prompt_label.text().startswith("Scan the batch label")
    type_number(qtbot, station, "LOT-A1")
    assert screen.prompt_label.text().startswith("Type the expiry date")
    type_number(qtbot, station, "2031-05-31")
    assert "LOT-A1" in screen.details_label.text()
    assert "2031-05-31" in screen.details_label.text()


def test_return_dispositions_typed_per_unit(qtbot: QtBot, station: Station, store: Store) -> None:
    """Seed 002 §4.2 流程2 (WMS退货入库 → 质检商品): on the real receive screen each returned
    unit asks for QC's disposition as a typed number; the quarantined unit is put away as
    such and stays frozen."""
    add_inbound(store, "RT-UI", [("SKU-TEA", 2)], is_return=True)
    scan(qtbot, station, PICKER_BADGE)
    scan(qtbot, station, "CMD:MODE:RECEIVE")
    screen = station.window.flow_screens[Mode.RECEIVE]
    assert "RT-UI · return · OWN1 · 0 of 2 units" in screen.due_label.text()
    scan(qtbot, station, "RT-UI")
    scan(qtbot, station, "4006381333931")
    assert screen.prompt_label.text() == (
        "Returned unit: 1 restock, 2 damaged, 3 quarantine. Type the number"
    )
    qtbot.waitUntil(lambda: station.window.focusWidget() is screen.number_input)
    type_number(qtbot, station, "7")
    assert station.window.flash.kind == "bad"
    assert "7 is not a QC result" in screen.message_label.text()
    type_number(qtbot, station, "3")
    assert station.window.flash.kind == "good"
    scan(qtbot, station, "4006381333931")
    type_number(qtbot, station, "1")
    scan(qtbot, station, "CMD:CONFIRM")
    # The quarantined unit (scanned first) is put away first, and says so.
    assert "Quarantine (QC hold): yes" in screen.details_label.text()
    scan(qtbot, station, "B-02-01-01")
    assert not screen.details_label.isVisibleTo(screen)
    scan(qtbot, station, "A-01-01-01")  # the restocked unit
    with store.read_session() as session:
        held = session.query(Stock).filter_by(location_code="B-02-01-01").one()
        assert (held.on_hand, held.frozen) == (1, 1)
        line = session.query(InboundLine).one()
        assert (line.received_qty, line.quarantined_qty) == (2, 1)
