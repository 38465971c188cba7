"""Move and write-off done on real widgets by scanner key bursts and typed numbers alone."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from app.flows.view import Mode
from local_db.models import Stock
from local_db.store import Store
from tests.flows.seed import PICKER_BADGE, add_stock, outbox_types
from tests.ui.conftest import scan, type_number
from ui.launcher import Station

TEA = "4006381333931"


def _on_hand(store: Store) -> dict[str, int]:
    with store.read_session() as session:
        return {row.location_code: row.on_hand for row in session.query(Stock)}


def test_move_stock_by_scans(qtbot: QtBot, station: Station, store: Store) -> None:
    add_stock(store, "A-01-02-03", "SKU-TEA", 10)
    scan(qtbot, station, PICKER_BADGE)
    view = scan(qtbot, station, "CMD:MODE:MOVE")
    assert view.flow.mode is Mode.MOVE
    screen = station.window.flow_screens[Mode.MOVE]
    assert station.window.mode_label.text() == "Move stock"
    assert screen.prompt_label.text() == "Scan the bin the goods are in"
    scan(qtbot, station, "A-01-02-03")
    assert screen.prompt_label.text() == "Scan the item in bin A-01-02-03"
    scan(qtbot, station, TEA)
    assert screen.prompt_label.text() == "Type how many SKU-TEA and press Enter"
    qtbot.waitUntil(lambda: station.window.focusWidget() is screen.number_input)
    type_number(qtbot, station, "11")
    assert station.window.flash.kind == "bad"
    assert "Only 10 of the 10 × SKU-TEA in bin A-01-02-03" in screen.message_label.text()
    type_number(qtbot, station, "4")
    assert screen.prompt_label.text() == "Move 4 × SKU-TEA: scan the destination bin"
    scan(qtbot, station, "A-01-02-03")
    assert "already in bin A-01-02-03" in screen.message_label.text()
    scan(qtbot, station, "B-02-01-01")
    assert "To bin: B-02-01-01" in screen.details_label.text()
    assert "Quantity: 4" in screen.details_label.text()
    assert (
        not screen.quantity_label.isVisibleTo(screen) or "Left" not in screen.quantity_label.text()
    )
    assert _on_hand(store) == {"A-01-02-03": 10}  # nothing booked before CONFIRM
    scan(qtbot, station, "CMD:CONFIRM")
    assert station.window.flash.kind == "good"
    assert screen.message_label.text() == "Moved 4 × SKU-TEA from A-01-02-03 to B-02-01-01."
    assert _on_hand(store) == {"A-01-02-03": 6, "B-02-01-01": 4}
    assert outbox_types(store)[-1] == "stock_changed"


def test_write_off_by_scans_says_the_reason_in_words(
    qtbot: QtBot, station: Station, store: Store
) -> None:
    add_stock(store, "A-01-02-03", "SKU-TEA", 10)
    scan(qtbot, station, PICKER_BADGE)
    scan(qtbot, station, "CMD:MODE:WRITEOFF")
    screen = station.window.flow_screens[Mode.WRITE_OFF]
    scan(qtbot, station, "A-01-02-03")
    scan(qtbot, station, TEA)
    qtbot.waitUntil(lambda: station.window.focusWidget() is screen.number_input)
    type_number(qtbot, station, "2")
    assert screen.prompt_label.text().startswith("Reason: 1 damaged goods")
    type_number(qtbot, station, "3")
    assert "Reason: Lost" in screen.details_label.text()
    scan(qtbot, station, "CMD:CONFIRM")
    assert screen.message_label.text() == "Wrote off 2 × SKU-TEA from bin A-01-02-03 (Lost)."
    assert _on_hand(store) == {"A-01-02-03": 8}
