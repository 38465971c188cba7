"""The console's audit trail page, offscreen over a store the real services filled, read
through the store gateway: filters, paging, the CSV export and personal data kept out."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QTableWidget, QWidget
from pytestqt.qtbot import QtBot

from local_db.store import Store, open_store
from tests.store.day_scenario import COUNTER, ORDER_NO, play_day
from tests.store.support import BINS, PICKER, SUPERVISOR, seed_master_data
from tests.ui.conftest import key_burst
from tests.ui.test_i18n import chinese
from ui.store_gateway import StoreGateway
from ui.supervisor.audit_page import AuditTrailPage
from ui.supervisor.pages import CONSOLE_PAGES

__all__ = ["chinese"]  # the Chinese translation fixture, for the test here

PERSONAL = ("张三", "13800000000", "科技园", "南山", "深圳")


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    """A station's day played through the real services (the orders carry personal data)."""
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


def build(
    qtbot: QtBot, gateway: StoreGateway, folder: str = "", badge: str = SUPERVISOR
) -> AuditTrailPage:
    (console,) = _CONSOLE
    page = AuditTrailPage(gateway, badge, console, choose_folder=lambda _parent: folder)
    console.show()
    with qtbot.waitSignal(page.shown, timeout=10_000):
        page.reload()
    qtbot.waitUntil(lambda: gateway.pending == 0)
    return page


def column(table: QTableWidget, index: int) -> list[str]:
    return [table.item(row, index).text() for row in range(table.rowCount())]


def screen_text(page: AuditTrailPage) -> str:
    table = page.table
    cells = [
        table.item(row, col).text()
        for row in range(table.rowCount())
        for col in range(table.columnCount())
    ]
    return "\n".join([*cells, page.message.text()])


def search(qtbot: QtBot, page: AuditTrailPage) -> None:
    with qtbot.waitSignal(page.shown, timeout=10_000):
        page.search_button.click()


def test_the_page_is_on_the_console(qtbot: QtBot) -> None:
    assert AuditTrailPage in CONSOLE_PAGES


def test_the_trail_shows_actions_in_words(qtbot: QtBot, gateway: StoreGateway) -> None:
    page = build(qtbot, gateway)
    assert page.title() == "Audit trail"
    actions = column(page.table, 2)
    assert "Picked" in actions and "Frozen (QC hold)" in actions
    assert "confirm_pick" not in actions
    pick_row = actions.index("Picked")
    assert column(page.table, 3)[pick_row] == ORDER_NO
    assert column(page.table, 5)[pick_row] == BINS[0]
    assert "picked_qty: 0 → 3" in column(page.table, 8)[pick_row]


def test_a_scanned_sku_filters_the_trail(qtbot: QtBot, gateway: StoreGateway) -> None:
    page = build(qtbot, gateway)
    page.sku_edit.setFocus()
    with qtbot.waitSignal(page.shown, timeout=10_000):
        key_burst(page.sku_edit, "SKU-B")
    assert set(column(page.table, 4)) == {"SKU-B"}
    assert column(page.table, 2) == ["Frozen (QC hold)", "Put away"]


def test_operator_action_order_and_bin_filters(qtbot: QtBot, gateway: StoreGateway) -> None:
    page = build(qtbot, gateway)
    page.operator_box.setCurrentText(COUNTER)
    search(qtbot, page)
    assert column(page.table, 2) == ["Count submitted", "Count started"]
    page.operator_box.setCurrentIndex(0)  # all operators
    page.action_box.setCurrentIndex(page.action_box.findData("move_stock"))
    search(qtbot, page)
    assert column(page.table, 2) == ["Stock moved"]
    assert column(page.table, 5) == [f"{BINS[0]} → {BINS[2]}"]
    page.action_box.setCurrentIndex(0)
    page.order_edit.setText(ORDER_NO)
    search(qtbot, page)
    assert column(page.table, 2) == ["Packed", "Picked", "Order allocated"]
    page.order_edit.clear()
    page.bin_edit.setText(BINS[2])
    search(qtbot, page)
    assert len(column(page.table, 2)) == 4


def test_the_time_range_filters(qtbot: QtBot, gateway: StoreGateway) -> None:
    page = build(qtbot, gateway)
    everything = page.table.rowCount()
    page.range_box.setCurrentIndex(1)  # today
    search(qtbot, page)
    assert page.table.rowCount() == everything
    page.range_box.setCurrentIndex(4)  # between the dates: a week that ended yesterday
    page.to_date.setDate(page.to_date.date().addDays(-1))
    search(qtbot, page)
    assert page.table.rowCount() == 0
    assert page.message.text() == "No audit rows match these filters."


def test_older_rows_come_a_page_at_a_time(qtbot: QtBot, gateway: StoreGateway) -> None:
    page = build(qtbot, gateway)
    everything = column(page.table, 0)
    page.page_size = 5
    search(qtbot, page)
    assert page.table.rowCount() == 5
    while page.more_button.isEnabled():
        with qtbot.waitSignal(page.shown, timeout=10_000):
            page.more_button.click()
    assert column(page.table, 0) == everything


def _csv(path: Path) -> list[list[str]]:
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    return list(csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline="")))


def test_export_writes_the_filtered_rows_without_personal_data(
    qtbot: QtBot, gateway: StoreGateway, tmp_path: Path
) -> None:
    folder = tmp_path / "exports"
    folder.mkdir()
    page = build(qtbot, gateway, str(folder))
    page.order_edit.setText(ORDER_NO)
    search(qtbot, page)
    with qtbot.waitSignal(page.exported, timeout=10_000) as blocker:
        page.export_button.click()
    outcome = blocker.args[0]
    (written,) = folder.iterdir()
    assert outcome.path == written
    table = _csv(written)
    assert table[0] == page.column_titles()
    assert [line[2] for line in table[1:]] == ["Packed", "Picked", "Order allocated"]
    assert "3 row(s) written to" in page.message.text()
    whole = written.read_text(encoding="utf-8-sig") + screen_text(page)
    for personal in PERSONAL:
        assert personal not in whole


def test_a_folder_that_refuses_gets_a_plain_message(
    qtbot: QtBot, gateway: StoreGateway, tmp_path: Path
) -> None:
    not_a_folder = tmp_path / "a-file"
    not_a_folder.write_text("x")
    page = build(qtbot, gateway, str(not_a_folder))
    with qtbot.waitSignal(page.exported, timeout=10_000):
        page.export_button.click()
    assert "could not be written to" in page.message.text()
    assert "Choose a folder you can write to" in page.message.text()
    assert page.export_button.isEnabled()


def test_cancelling_the_folder_choice_writes_nothing(
    qtbot: QtBot, gateway: StoreGateway, tmp_path: Path
) -> None:
    page = build(qtbot, gateway, "")
    before = page.message.text()
    page.export_button.click()
    assert gateway.pending == 0
    assert page.message.text() == before


def test_an_operator_badge_is_refused(qtbot: QtBot, gateway: StoreGateway) -> None:
    page = build(qtbot, gateway, badge=PICKER)
    assert page.table.rowCount() == 0
    assert page.message.text()  # the refusal, in words


def test_the_trail_and_its_csv_in_chinese(
    qtbot: QtBot, gateway: StoreGateway, tmp_path: Path, chinese: None
) -> None:
    page = build(qtbot, gateway, str(tmp_path))
    assert page.title() == "审计记录"
    assert "拣货" in column(page.table, 2)
    page.order_edit.setText(ORDER_NO)
    search(qtbot, page)
    with qtbot.waitSignal(page.exported, timeout=10_000):
        page.export_button.click()
    (written,) = [path for path in tmp_path.iterdir() if path.suffix == ".csv"]
    table = _csv(written)
    assert table[0][2] == "动作"
    assert [line[2] for line in table[1:]] == ["已打包", "拣货", "订单已分配"]
