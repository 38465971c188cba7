"""Sync tests: the real reference OMS as a subprocess on a real port (the server helper's
fixtures), and station stores enrolled with it; the in-memory keyring comes from
tests/conftest.py."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from station.sync_wiring import floor_hooks
from sync.engine import SyncEngine, SyncSettings
from tests.support.fixtures import oms_demo_server, oms_server
from tests.support.oms_process import RunningOms
from tests.sync.real_oms import Station, TwoStations, enrolled_station, sync_round

__all__ = ["make_station", "oms_demo_server", "oms_server", "two_stations"]


@pytest.fixture
def make_station(oms_demo_server: RunningOms, tmp_path: Path) -> Iterator[Callable[[str], Station]]:
    """``make_station(name)``: a station store enrolled with the demo OMS and its sync engine
    (not started); both are stopped and closed at the end of the test."""
    made: list[Station] = []

    def make(name: str) -> Station:
        store, _ = enrolled_station(oms_demo_server, tmp_path / f"{name}.sqlite3", name)
        engine = SyncEngine(store, SyncSettings(feed_page_size=50), hooks=floor_hooks())
        made.append((store, engine))
        return store, engine

    yield make
    for store, engine in made:
        assert engine.stop()
        engine.close()
        store.close()


@pytest.fixture
def two_stations(make_station: Callable[[str], Station]) -> TwoStations:
    """Stations A and B on the demo OMS, each synced once: both know the demo's orders."""
    a, b = make_station("station-a"), make_station("station-b")
    for _, engine in (a, b):
        sync_round(engine)
    return a, b
