"""No self-update (#15), against the real OMS process. Seed 003 (分离库存模型 4: 系统集成问题 —
接口版本不兼容导致数据传输失败, 系统升级后接口变更未同步更新): the station reports its version at
every sync, shows an update that the warehouse recommends, and below the warehouse's
minimum stops syncing with a clear message (its events wait, nothing is lost) until the
update is installed or the minimum lowered."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from sqlalchemy import select

from local_db.models import OutboxEvent
from local_db.store import Store
from station.sync_wiring import floor_hooks
from sync.engine import SyncEngine, SyncSettings
from sync.status import SyncProblem
from sync.versions import UpdateState
from tests.support.oms_process import RunningOms
from tests.sync.real_oms import WAREHOUSE, enrolled_station, oms_on_hand, queue_found_goods

VERSION = "1.4.2"


def _publish(oms: RunningOms, **policy: str | None) -> None:
    response = httpx.put(
        f"{oms.api_url}/warehouses/{WAREHOUSE}/station-versions",
        json=policy,
        headers=oms.admin_headers(),
        timeout=10,
    )
    assert response.status_code == 200, response.text


@pytest.fixture
def station(oms_demo_server: RunningOms, tmp_path: Path) -> Iterator[tuple[Store, SyncEngine]]:
    store, _ = enrolled_station(oms_demo_server, tmp_path / "station.sqlite3")
    engine = SyncEngine(store, SyncSettings(station_version=VERSION), hooks=floor_hooks())
    yield store, engine
    engine.close()
    store.close()


def _pending(store: Store, event_ids: list[str]) -> list[str]:
    with store.read_session() as session:
        return list(
            session.scalars(select(OutboxEvent.status).where(OutboxEvent.event_id.in_(event_ids)))
        )


@pytest.mark.expected_log_errors("wms.sync.engine: Not syncing: This station runs version")
def test_an_update_is_shown_when_recommended_and_syncing_stops_below_the_minimum(
    oms_demo_server: RunningOms, station: tuple[Store, SyncEngine]
) -> None:
    store, engine = station
    base = oms_on_hand(oms_demo_server)
    status = engine.run_once()
    assert status.online and status.update is None  # nothing published

    _publish(oms_demo_server, minimum_version="1.4", recommended_version="1.10")
    first = queue_found_goods(store, 1)
    status = engine.run_once()
    assert status.problem is None, status.last_error
    assert status.update is not None and status.update.state is UpdateState.AVAILABLE
    assert (status.update.current, status.update.recommended) == (VERSION, "1.10")
    assert _pending(store, first) == ["accepted"]

    _publish(oms_demo_server, minimum_version="1.5.0", recommended_version="1.10")
    held = queue_found_goods(store, 1)
    status = engine.run_once()
    assert status.problem is SyncProblem.UPDATE_REQUIRED
    assert status.online  # the OMS answered: it is this station that is too old
    assert status.update is not None and status.update.state is UpdateState.REQUIRED
    assert status.last_error is not None and "requires at least 1.5.0" in status.last_error
    assert _pending(store, held) == ["pending"]  # nothing sent
    assert oms_on_hand(oms_demo_server) == base + 1

    _publish(oms_demo_server, minimum_version="1.4", recommended_version=None)
    status = engine.run_once()
    assert status.problem is None and status.update is None
    assert _pending(store, held) == ["accepted"]
    assert oms_on_hand(oms_demo_server) == base + 2
