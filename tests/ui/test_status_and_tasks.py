"""Status bar and sync banner fed from the engine's thread; the lazily fetched task list."""

from __future__ import annotations

import dataclasses
import datetime as dt
import threading
from pathlib import Path
from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from app.flows.view import Mode
from local_db.store import Store
from sync.status import INITIAL_STATUS, SyncProblem
from tests.flows.seed import PICKER_BADGE, add_order, add_stock
from tests.ui.conftest import scan
from ui.dialogs.command_sheet_dialog import CommandSheetDialog
from ui.launcher import Station
from ui.models.task_table_model import TaskTableModel
from ui.store_gateway import StoreGateway


def test_status_from_another_thread_reaches_the_status_bar(qtbot: QtBot, station: Station) -> None:
    status = dataclasses.replace(
        INITIAL_STATUS,
        online=True,
        enrolled=True,
        pending_count=7,
        last_push_at=dt.datetime(2026, 11, 22, 8, 30, tzinfo=dt.UTC),
    )
    bar = station.window.status_bar
    with qtbot.waitSignal(station.bridge.status_changed):
        threading.Thread(target=station.bridge.report, args=(status,)).start()
    assert "Online" in bar.connection_label.text()
    assert bar.pending_label.text() == "Pending events: 7"
    assert "Last sync:" in bar.last_sync_label.text()
    assert "never" not in bar.last_sync_label.text()
    assert not station.window.banner.isVisible()


def test_banner_after_half_a_minute_of_failing(qtbot: QtBot, station: Station) -> None:
    now = dt.datetime.now(dt.UTC)
    recent = dataclasses.replace(
        INITIAL_STATUS,
        failing_since=now - dt.timedelta(seconds=10),
        last_error="timeout",
        problem=SyncProblem.OMS_UNREACHABLE,
    )
    with qtbot.waitSignal(station.bridge.status_changed):
        station.bridge.report(recent)
    assert not station.window.banner.isVisible()
    assert "Offline" in station.window.status_bar.connection_label.text()
    long_failing = dataclasses.replace(recent, failing_since=now - dt.timedelta(minutes=10))
    with qtbot.waitSignal(station.bridge.status_changed):
        station.bridge.report(long_failing)
    assert station.window.banner.isVisible()
    assert "Failing since" in station.window.banner.label.text()
    # The technical detail is for the supervisor who asks, not for the banner (#17.15).
    assert "timeout" not in station.window.banner.label.text()
    assert "timeout" in station.window.status_bar.connection_label.toolTip()
    with qtbot.waitSignal(station.bridge.status_changed):
        station.bridge.report(dataclasses.replace(INITIAL_STATUS, online=True))
    assert not station.window.banner.isVisible()


def test_a_keyring_that_cannot_be_opened_is_said_at_once(qtbot: QtBot, station: Station) -> None:
    shut = dataclasses.replace(
        INITIAL_STATUS,
        failing_since=dt.datetime.now(dt.UTC),
        last_error="The keyring ... cannot be used",
        problem=SyncProblem.KEYRING_UNAVAILABLE,
    )
    with qtbot.waitSignal(station.bridge.status_changed):
        station.bridge.report(shut)
    assert station.window.banner.isVisible()
    assert "cannot open its key store (keyring)" in station.window.banner.label.text()
    assert "Call IT" in station.window.banner.label.text()


def test_sync_now_button_calls_the_engine(qtbot: QtBot, station: Station) -> None:
    calls: list[str] = []
    station.window._sync_now = lambda: calls.append("now")
    station.window.status_bar.sync_button.click()
    assert calls == ["now"]
    assert station.window.status_bar.sync_button.minimumHeight() >= 48


def test_task_model_fetches_pages_in_priority_order(
    qtbot: QtBot, store: Store, gateway: StoreGateway
) -> None:
    add_stock(store, "A-01-02-03", "SKU-TEA", 500)
    for number in range(60):
        add_order(store, f"SO-{number:03d}", [("SKU-TEA", 1)], priority=number % 3)
    model = TaskTableModel(gateway, page_size=25)
    ui_thread = threading.get_ident()
    read_on: list[int] = []
    real_query = gateway.query

    def spy(read: Any, *args: Any) -> None:
        real_query(lambda store: read_on.append(threading.get_ident()) or read(store), *args)

    gateway.query = spy  # type: ignore[method-assign]
    with qtbot.waitSignal(model.page_loaded):
        model.reload()  # asks for its first page itself
        assert model.rowCount() == 0
        assert not model.canFetchMore()  # one page at a time
    assert model.rowCount() == 25
    assert model.pages_fetched == 1
    assert read_on and ui_thread not in read_on  # read on the store thread, never the UI's
    priorities = [model.row_at(row).priority for row in range(25)]
    assert priorities == sorted(priorities, reverse=True)
    while model.canFetchMore():
        with qtbot.waitSignal(model.page_loaded):
            model.fetchMore()
    assert model.rowCount() == 60
    assert model.pages_fetched == 3  # 25 + 25 + a short page of 10 that ends the list


def test_a_reload_while_a_page_is_on_its_way_still_fills_the_list(
    qtbot: QtBot, store: Store, gateway: StoreGateway
) -> None:
    """The list reloads at every pull; a reload while the last one's page was still being
    read drops that page as stale, and must then ask for its own: nobody else may (a view
    asks only when it lays itself out), and the list stayed empty until the next pull."""
    add_stock(store, "A-01-02-03", "SKU-TEA", 500)
    for number in range(30):
        add_order(store, f"SO-{number:03d}", [("SKU-TEA", 1)])
    model = TaskTableModel(gateway, page_size=25)
    model.reload()
    model.reload()  # the first reload's page is now stale
    qtbot.waitUntil(lambda: model.rowCount() == 25)
    assert model.pages_fetched == 1
    assert model.data(model.index(0, 1)) == "To pick"


def test_task_list_filter_and_held_orders(qtbot: QtBot, station: Station, store: Store) -> None:
    add_stock(store, "A-01-02-03", "SKU-TEA", 5)
    add_order(store, "SO-SF", [("SKU-TEA", 1)], carrier="SF")
    add_order(store, "SO-YTO", [("SKU-TEA", 1)], carrier="YTO")
    scan(qtbot, station, PICKER_BADGE)
    screen = station.window.task_screen
    model = screen.model
    qtbot.waitUntil(lambda: model.rowCount() == 2)
    screen.carrier_filter.setText("YTO")
    screen.apply_filter()
    qtbot.waitUntil(lambda: model.rowCount() == 1)
    assert model.row_at(0).order_no == "SO-YTO"


def test_next_task_from_the_list_starts_picking(
    qtbot: QtBot, station: Station, store: Store
) -> None:
    add_stock(store, "A-01-02-03", "SKU-TEA", 5)
    add_order(store, "SO-A", [("SKU-TEA", 1)], priority=1)
    add_order(store, "SO-B", [("SKU-TEA", 1)], priority=5)
    scan(qtbot, station, PICKER_BADGE)
    view = scan(qtbot, station, "CMD:NEXT")
    assert view.flow.mode is Mode.PICK
    assert view.flow.order_no == "SO-B"


def test_command_sheet_printed_from_the_app(
    qtbot: QtBot, station: Station, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "sheet.pdf"
    station.window.open_documents = False
    monkeypatch.setattr(CommandSheetDialog, "ask", classmethod(lambda cls, parent: target))
    scan(qtbot, station, PICKER_BADGE)
    with qtbot.waitSignal(station.window.command_sheet_written):
        station.window.task_screen.command_sheet_button.click()
    assert target.read_bytes().startswith(b"%PDF")


def test_tapping_a_task_row_starts_the_order(qtbot: QtBot, station: Station, store: Store) -> None:
    add_stock(store, "A-01-02-03", "SKU-TEA", 5)
    add_order(store, "SO-TAP", [("SKU-TEA", 1)])
    scan(qtbot, station, PICKER_BADGE)
    screen = station.window.task_screen
    qtbot.waitUntil(lambda: screen.model.rowCount() == 1)
    with qtbot.waitSignal(station.window.answer_shown) as blocker:
        screen.table.clicked.emit(screen.model.index(0, 0))
    assert blocker.args[0].flow.order_no == "SO-TAP"


def test_task_list_reloads_when_the_feed_brought_something(
    qtbot: QtBot, station: Station, store: Store
) -> None:
    scan(qtbot, station, PICKER_BADGE)
    model = station.window.task_screen.model
    assert model.rowCount() == 0
    add_stock(store, "A-01-02-03", "SKU-TEA", 5)
    add_order(store, "SO-FEED", [("SKU-TEA", 1)])  # as the feed would, on the sync thread
    pulled = dataclasses.replace(INITIAL_STATUS, online=True, last_pull_at=dt.datetime.now(dt.UTC))
    with qtbot.waitSignal(station.bridge.status_changed):
        station.bridge.report(pulled)
    qtbot.waitUntil(lambda: model.rowCount() == 1)


def test_a_command_sheet_that_cannot_be_saved_is_told_not_crashed(
    qtbot: QtBot, station: Station, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    not_a_folder = tmp_path / "sheets"
    not_a_folder.write_text("a file where the folder should be", encoding="utf-8")
    target = not_a_folder / "sheet.pdf"
    monkeypatch.setattr(CommandSheetDialog, "ask", classmethod(lambda cls, parent: target))
    scan(qtbot, station, PICKER_BADGE)
    bar = station.window.status_bar
    station.window.task_screen.command_sheet_button.click()
    qtbot.waitUntil(lambda: "could not be saved" in bar.currentMessage())
    assert str(target) in bar.currentMessage()
