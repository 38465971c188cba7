"""The demo's plumbing, headless: a real local OMS process, enrolment, and a first sync that
brings the demo orders and opening stock onto the station."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import keyring
import pytest
from sqlalchemy import func, select

from local_db.models import OutboundOrder, Stock
from local_db.store import open_store
from station.demo import LocalOms, prepare_demo_station, start_local_oms, write_oms_keys
from station.demo_errors import DemoError
from station.demo_join import prepare_joined_station
from station.sync_wiring import floor_hooks, sync_settings
from sync.credentials import SessionOnlyKeyring
from sync.engine import SyncEngine
from sync.state import STATION_ID, read_state

DEADLINE_S = 60.0


@pytest.fixture
def local_oms(tmp_path: Path) -> Iterator[LocalOms]:
    previous = keyring.get_keyring()
    keyring.set_keyring(SessionOnlyKeyring())
    oms = start_local_oms(tmp_path)
    try:
        yield oms
    finally:
        oms.stop()
        keyring.set_keyring(previous)


def test_demo_station_gets_orders_and_stock_from_the_local_oms(
    tmp_path: Path, local_oms: LocalOms
) -> None:
    config = prepare_demo_station(tmp_path, local_oms)
    assert config.warehouse_id == local_oms.warehouse_id

    store = open_store(config.db_path)
    engine = SyncEngine(store, sync_settings(config), hooks=floor_hooks())
    engine.start()
    try:
        deadline = time.monotonic() + DEADLINE_S
        orders = stock_rows = 0
        while time.monotonic() < deadline:
            with store.read_session() as session:
                orders = session.scalar(select(func.count()).select_from(OutboundOrder)) or 0
                stock_rows = session.scalar(select(func.count()).select_from(Stock)) or 0
            status = engine.status()
            settled = status.online and not status.syncing and status.pending_count == 0
            if orders and stock_rows and settled:
                break
            time.sleep(0.1)
        assert orders >= 10
        assert stock_rows > 0
        # Every outbound_received answer reached the OMS.
        assert engine.status().online
        assert engine.status().pending_count == 0
    finally:
        engine.stop()
        store.close()


def test_demo_oms_stops_with_the_demo(tmp_path: Path) -> None:
    oms = start_local_oms(tmp_path)
    oms.stop()
    assert oms.process.poll() is not None


def test_a_second_station_joins_the_running_demo_and_sees_its_orders(
    tmp_path: Path, local_oms: LocalOms
) -> None:
    """Two stations of one warehouse on the demo's OMS (#14): `--demo-join` reads the running
    demo's keys file, enrols a fresh store in station-2 with a key of its own, and the joined
    station gets the same orders; a third join takes station-3 and another device id."""
    write_oms_keys(tmp_path, local_oms)
    first = prepare_joined_station(tmp_path)
    second = prepare_joined_station(tmp_path)
    assert first.db_path == tmp_path / "station-2" / "station.sqlite3"
    assert second.db_path == tmp_path / "station-3" / "station.sqlite3"
    assert first.station_name == "Demo station 2"
    device_ids = set()
    for config in (first, second):
        store = open_store(config.db_path)
        try:
            with store.read_session() as session:
                device_ids.add(read_state(session, STATION_ID))
            engine = SyncEngine(store, sync_settings(config), hooks=floor_hooks())
            engine.run_once()
            engine.close()
            with store.read_session() as session:
                orders = session.scalar(select(func.count()).select_from(OutboundOrder)) or 0
            assert orders >= 10
        finally:
            store.close()
    assert len(device_ids) == 2


def test_joining_without_a_running_demo_says_how_to_start_one(tmp_path: Path) -> None:
    with pytest.raises(DemoError, match="Start one first: wms-floor --demo --demo-dir"):
        prepare_joined_station(tmp_path)
    assert not (tmp_path / "station-2").exists()
