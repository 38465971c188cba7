"""The console's stock inquiry page, offscreen over a store the real services filled: a scan
into its field shows the stock per bin and batch and the stock card, read through the gateway."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QTableWidget, QWidget
from pytestqt.qtbot import QtBot

from local_db.store import Store, open_store
from tests.store.day_scenario import BATCH, ORDER_NO, SERIALS, play_day
from tests.store.support import BINS, GTIN, PICKER, SUPERVISOR, seed_master_data
from tests.ui.conftest import key_burst
from tests.ui.test_i18n import chinese
from ui.store_gateway import StoreGateway
from ui.supervisor.pages import CONSOLE_PAGES
from ui.supervisor.stock_page import StockInquiryPage

__all__ = ["chinese"]  # the Chinese translation fixture, for the test here


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    opened = open_store(tmp_path / "station.sqlite3")
    seed_master_data(opened)
    play_day(opened)
    yield opened
    opened.close()


_CONSOLE: list[QWidget] = []


@pytest.fixture(autouse=True)
def console(qtbot: QtBot) -> Iterator[QWidget]:
    """The page's parent, as in the console: Qt, not Python's garbage collector (which may
    run on the store thread), decides when the page's widgets go."""
    holder = QWidget()
    qtbot.addWidget(holder)
    _CONSOLE.append(holder)
    yield holder
    _CONSOLE.clear()


def build(qtbot: QtBot, gateway: StoreGateway, badge: str = SUPERVISOR) -> StockInquiryPage:
    (console,) = _CONSOLE
    page = StockInquiryPage(gateway, badge, console)
    console.show()
    page.reload()
    qtbot.waitUntil(page.scan_edit.hasFocus)
    return page


def scan(qtbot: QtBot, page: StockInquiryPage, code: str) -> None:
    """Keys as the wedge scanner types them into the page's field, Enter last."""
    with qtbot.waitSignal(page.shown, timeout=10_000):
        key_burst(page.scan_edit, code)


def rows(table: QTableWidget) -> list[list[str]]:
    return [
        [table.item(row, col).text() for col in range(table.columnCount())]
        for row in range(table.rowCount())
    ]


def test_the_page_is_on_the_console() -> None:
    assert StockInquiryPage in CONSOLE_PAGES


def test_a_scanned_gtin_shows_stock_per_bin_and_the_card(
    qtbot: QtBot, gateway: StoreGateway
) -> None:
    page = build(qtbot, gateway)
    assert page.title() == "Stock inquiry"
    scan(qtbot, page, GTIN["SKU-A"])
    assert page.headline.text() == "SKU SKU-A (owner OW1)"
    # bin, SKU, name, batch, expiry, on hand, locked, frozen, damaged, available
    assert rows(page.positions) == [
        [BINS[0], "SKU-A", "Green tea 500ml", "", "", "11", "2", "0", "1", "8"],
        [BINS[2], "SKU-A", "Green tea 500ml", "", "", "4", "0", "0", "0", "4"],
    ]
    card = rows(page.card)
    assert card[0][2:] == ["Adjustment", card[0][3], "LOST", "SKU-A", BINS[0], "", "On hand", "-1"]
    assert ["Pick", ORDER_NO, "", "SKU-A", BINS[0], "", "On hand", "-3"] in [
        line[2:] for line in card
    ]
    assert page.scan_edit.text() == ""  # ready for the next scan


def test_a_typed_batch_shows_its_frozen_units(qtbot: QtBot, gateway: StoreGateway) -> None:
    page = build(qtbot, gateway)
    page.scan_edit.setText(BATCH)
    with qtbot.waitSignal(page.shown, timeout=10_000):
        page.look_button.click()
    assert page.headline.text() == f"Batch {BATCH}"
    (position,) = rows(page.positions)
    assert position[3:] == [BATCH, "2030-01-31", "6", "0", "2", "0", "4"]
    assert ["Freeze", "", "", "SKU-B", BINS[1], BATCH, "Frozen", "+2"] in [
        line[2:] for line in rows(page.card)
    ]


def test_a_scanned_serial_says_where_it_is(qtbot: QtBot, gateway: StoreGateway) -> None:
    page = build(qtbot, gateway)
    scan(qtbot, page, SERIALS[1])
    assert page.headline.text() == f"Serial {SERIALS[1]}: in stock, SKU SKU-S in bin {BINS[2]}"
    assert [line[1] for line in rows(page.positions)] == ["SKU-S"]


def test_an_unknown_scan_says_what_to_scan(qtbot: QtBot, gateway: StoreGateway) -> None:
    page = build(qtbot, gateway)
    scan(qtbot, page, BINS[0])
    scan(qtbot, page, "XYZ-404")
    assert page.message.text() == (
        "Nothing at this station is called “XYZ-404”. Scan or type a SKU, barcode, bin, "
        "batch or serial number."
    )
    assert page.positions.rowCount() == 0 and page.card.rowCount() == 0


def test_older_movements_come_a_page_at_a_time(qtbot: QtBot, gateway: StoreGateway) -> None:
    page = build(qtbot, gateway)
    scan(qtbot, page, "SKU-A")
    everything = rows(page.card)
    page.card_page_size = 3
    scan(qtbot, page, "SKU-A")
    assert page.card.rowCount() == 3
    while page.more_button.isEnabled():
        with qtbot.waitSignal(page.shown, timeout=10_000):
            page.more_button.click()
    assert rows(page.card) == everything


def test_reload_asks_again(qtbot: QtBot, gateway: StoreGateway) -> None:
    page = build(qtbot, gateway)
    scan(qtbot, page, BINS[1])
    with qtbot.waitSignal(page.shown, timeout=10_000):
        page.reload()
    assert page.headline.text() == f"Bin {BINS[1]}"


def test_an_operator_badge_is_refused(qtbot: QtBot, gateway: StoreGateway) -> None:
    page = build(qtbot, gateway, badge=PICKER)
    scan(qtbot, page, "SKU-A")
    assert page.positions.rowCount() == 0
    assert page.message.text()


def test_the_inquiry_in_chinese(qtbot: QtBot, gateway: StoreGateway, chinese: None) -> None:
    page = build(qtbot, gateway)
    assert page.title() == "库存查询"
    scan(qtbot, page, BATCH)
    assert page.headline.text() == f"批次 {BATCH}"
    assert "冻结" in [line[2] for line in rows(page.card)]
