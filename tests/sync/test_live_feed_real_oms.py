"""Live feed against the real OMS process: a command and a cancel reach a station through
the long-poll alone, and a proxy that cuts long requests makes the station fall back to
polling and still sync.

Seed 000 (集成的核心目标): "指令准确传递：OMS的出库指令准确下发到WMS"; its sync strategies
table: "实时同步 | 每次变动立即同步 | 库存紧张、高并发"."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from sqlalchemy import select

from local_db.models.outbound import OutboundOrder
from local_db.store import Store
from station.sync_wiring import floor_hooks
from sync.engine import SyncEngine, SyncSettings
from sync.state import OMS_URL, write_state
from tests.support.oms_process import RunningOms
from tests.sync.cutting_proxy import cutting_proxy
from tests.sync.floor_work import create_command
from tests.sync.real_oms import SKU, enrolled_station, oms_on_hand, queue_found_goods

DEADLINE_S = 20.0
NEVER_S = 3600.0
"""A poll interval no test outlives: only the long-poll can deliver."""


@pytest.fixture
def store(oms_demo_server: RunningOms, tmp_path: Path) -> Iterator[Store]:
    store, _ = enrolled_station(oms_demo_server, tmp_path / "station.sqlite3")
    yield store
    store.close()


def wait_until(condition: Callable[[], bool], what: str) -> None:
    deadline = time.monotonic() + DEADLINE_S
    while not condition():
        assert time.monotonic() < deadline, f"not within {DEADLINE_S:g} s: {what}"
        time.sleep(0.05)


def order_status(store: Store, order_no: str) -> str | None:
    with store.read_session() as session:
        return session.scalar(
            select(OutboundOrder.status).where(OutboundOrder.order_no == order_no)
        )


def started(store: Store, settings: SyncSettings) -> SyncEngine:
    engine = SyncEngine(store, settings, hooks=floor_hooks())
    engine.start()
    wait_until(lambda: engine.status().last_pull_at is not None, "the first round")
    return engine


def test_a_command_and_its_cancel_reach_a_station_through_the_long_poll(
    oms_demo_server: RunningOms, store: Store
) -> None:
    engine = started(store, SyncSettings(sync_interval_s=NEVER_S, live_feed_wait_s=25))
    try:
        time.sleep(0.5)  # the watcher is waiting at the OMS
        order_no = create_command(oms_demo_server, SKU, 1)
        wait_until(lambda: order_status(store, order_no) is not None, "the command arrived")

        response = oms_demo_server.admin_post(
            f"/outbound-commands/{order_no}/cancel", {"reason": "customer"}
        )
        assert response.status_code == 202, response.text
        wait_until(lambda: order_status(store, order_no) == "CANCELLED", "the cancel arrived")
    finally:
        assert engine.stop()


def test_a_waiting_long_poll_does_not_hold_up_a_push(
    oms_demo_server: RunningOms, store: Store
) -> None:
    """The long-poll waits 25 s on its own thread: a floor commit is pushed at once."""
    engine = started(store, SyncSettings(sync_interval_s=NEVER_S, live_feed_wait_s=25))
    try:
        time.sleep(0.5)  # the watcher is waiting at the OMS
        before = oms_on_hand(oms_demo_server)
        queue_found_goods(store, 1)
        engine.outbox_changed()
        wait_until(lambda: oms_on_hand(oms_demo_server) == before + 1, "the push was accepted")
    finally:
        assert engine.stop()


def test_a_proxy_that_cuts_long_requests_makes_the_station_poll_and_it_still_syncs(
    oms_demo_server: RunningOms, store: Store
) -> None:
    with cutting_proxy(oms_demo_server.port, cut_after_s=1.0) as proxy:
        with store.unit_of_work() as uow:
            write_state(uow.session, OMS_URL, f"http://127.0.0.1:{proxy.port}")
            uow.commit()
        settings = SyncSettings(
            sync_interval_s=1.0, live_feed_wait_s=25, live_feed_fallback_s=NEVER_S
        )
        engine = started(store, settings)
        try:
            live = engine._live
            assert live is not None
            wait_until(lambda: live.falling_back, "the station noticed the cut requests")
            assert proxy.cuts >= 2
            order_no = create_command(oms_demo_server, SKU, 1)
            wait_until(lambda: order_status(store, order_no) is not None, "polling delivered")
        finally:
            assert engine.stop()
