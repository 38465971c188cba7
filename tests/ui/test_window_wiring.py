"""The window's own wiring, each part tested where it can fail: the refresh and idle timers,
and the nudge that lets sync push what a confirmed step (or a supervisor) wrote."""

from __future__ import annotations

import threading

from pytestqt.qtbot import QtBot

from app.flows.view import Mode
from app.services.cancelling import cancel_outbound
from local_db.store import Store
from station.config import StationConfig
from tests.flows.seed import PICKER_BADGE, add_order, add_stock
from tests.ui.conftest import WindowTimers, scan
from ui.launcher import Station, build_station
from ui.main_window import IDLE_CHECK_MS, REFRESH_MS


def open_pick(qtbot: QtBot, station: Station, store: Store) -> None:
    add_stock(store, "A-01-02-03", "SKU-TEA", 10)
    add_order(store, "SO-W", [("SKU-TEA", 2)])
    scan(qtbot, station, PICKER_BADGE)
    scan(qtbot, station, "SO-W")
    scan(qtbot, station, "A-01-02-03")


def test_the_window_runs_its_own_timers_unless_given_some(
    qtbot: QtBot, store: Store, station_config: StationConfig
) -> None:
    built = build_station(station_config, store=store, start_sync=False, sounds=False)
    qtbot.addWidget(built.window)
    try:
        window = built.window
        assert window._refresh_timer.isActive()
        assert window._refresh_timer.interval() == REFRESH_MS
        assert window._idle_timer.isActive()
        assert window._idle_timer.interval() == IDLE_CHECK_MS
    finally:
        built.close()


def test_a_refresh_tick_shows_what_changed_behind_the_screen(
    qtbot: QtBot, station: Station, store: Store, window_timers: WindowTimers
) -> None:
    open_pick(qtbot, station, store)
    with store.unit_of_work() as uow:  # another writer: the feed, say
        cancel_outbound(uow, "SO-W", "OMS")
        uow.commit()
    screen = station.window.flow_screens[Mode.PICK]
    assert not screen.notice_label.isVisible()
    with qtbot.waitSignal(station.window.view_shown):
        window_timers.tick_refresh()
    assert "cancelled" in screen.notice_label.text()


def test_a_confirmed_step_nudges_sync_and_a_refusal_does_not(
    qtbot: QtBot, station: Station, store: Store
) -> None:
    nudges: list[str] = []
    station.window._outbox_changed = lambda: nudges.append(threading.current_thread().name)
    open_pick(qtbot, station, store)
    nudges.clear()
    scan(qtbot, station, "B-09-09-09")  # refused: nothing written
    assert station.window.flash.kind == "bad"
    assert nudges == []
    view = scan(qtbot, station, "4006381333931")  # one unit picked: outbox events written
    assert view.flow.message is not None and view.flow.message.code == "picked"
    assert nudges == [threading.main_thread().name]
