"""The station engine against the real OMS process when IT acts on the fleet (#14): a
revoked station stops syncing and says why; a token rotation while events flow loses
nothing and never locks the station out, even when the new token's answer is lost.

Seed 000 §7.1/§7.2 (消息积压数, 最后同步时间): the OMS must see each station's state; a
station it can no longer trust must stop and say so instead of silently piling up backlog.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from local_db.store import Store
from station.sync_wiring import floor_hooks
from sync.client import OmsClient
from sync.credentials import load_token
from sync.engine import SyncEngine, SyncSettings
from sync.state import station_identity
from sync.status import SyncProblem
from tests.support.oms_process import RunningOms
from tests.sync.real_oms import enrolled_station, oms_on_hand, queue_found_goods, sync_round

# Report at every round, so a rotation asked for is taken at the next one.
REPORT_EVERY_ROUND = SyncSettings(report_every_s=0.0, station_version="9.9.9")


@pytest.fixture
def station(oms_demo_server: RunningOms, tmp_path: Path) -> Iterator[tuple[Store, str]]:
    store, device_id = enrolled_station(oms_demo_server, tmp_path / "station.sqlite3")
    yield store, device_id
    store.close()


def _feed_status(oms: RunningOms, token: str) -> int:
    response = httpx.get(
        oms.api_url + "/warehouses/WH01/feed",
        params={"after": 0, "limit": 1},
        headers={"Authorization": f"Bearer {token}"},
        timeout=10,
    )
    return response.status_code


def _listed(oms: RunningOms, device_id: str) -> dict[str, Any]:
    response = oms.admin_get("/stations")
    response.raise_for_status()
    (row,) = [row for row in response.json()["stations"] if row["device_id"] == device_id]
    return row


def test_a_revoked_station_stops_and_says_why(
    oms_demo_server: RunningOms, station: tuple[Store, str]
) -> None:
    store, device_id = station
    engine = SyncEngine(store, REPORT_EVERY_ROUND, hooks=floor_hooks())
    sync_round(engine)
    oms_demo_server.admin_post(f"/stations/{device_id}/revoke", None).raise_for_status()
    on_hand = oms_on_hand(oms_demo_server)
    queue_found_goods(store, 3)

    status = engine.run_once()
    assert status.problem is SyncProblem.STATION_REVOKED
    assert status.needs_reenrolment and status.next_attempt_in_s is None
    assert "STATION_REVOKED" in (status.last_error or "")
    assert status.pending_count == 3  # kept for after re-enrolment
    assert oms_on_hand(oms_demo_server) == on_hand
    engine.close()


def test_a_rotation_asked_by_it_is_taken_at_the_next_sync_and_loses_nothing(
    oms_demo_server: RunningOms, station: tuple[Store, str]
) -> None:
    store, device_id = station
    engine = SyncEngine(store, REPORT_EVERY_ROUND, hooks=floor_hooks())
    sync_round(engine)
    old = load_token(device_id)
    on_hand = oms_on_hand(oms_demo_server)
    listed = _listed(oms_demo_server, device_id)
    assert (listed["station_version"], listed["pending_events"]) == ("9.9.9", 0)

    queue_found_goods(store, 40)
    asked = oms_demo_server.admin_post(f"/stations/{device_id}/rotate-token", None)
    assert asked.status_code == 202
    sync_round(engine)  # pushes, then reports, rotates, and uses the new token at once
    queue_found_goods(store, 25)
    status = sync_round(engine)

    new = load_token(device_id)
    assert new != old
    assert status.pending_count == 0
    assert oms_on_hand(oms_demo_server) == on_hand + 65  # each event once
    assert _feed_status(oms_demo_server, old.reveal()) == 401
    assert _feed_status(oms_demo_server, new.reveal()) == 200
    assert _listed(oms_demo_server, device_id)["token_rotation"] == "none"
    engine.close()


def test_a_lost_new_token_leaves_the_station_syncing_with_the_old_one(
    oms_demo_server: RunningOms, station: tuple[Store, str]
) -> None:
    store, device_id = station
    engine = SyncEngine(store, REPORT_EVERY_ROUND, hooks=floor_hooks())
    sync_round(engine)
    old = load_token(device_id)
    on_hand = oms_on_hand(oms_demo_server)
    oms_demo_server.admin_post(f"/stations/{device_id}/rotate-token", None).raise_for_status()
    # The station "crashed" between receiving its new token and storing it: the OMS issued
    # one nobody kept.
    with store.read_session() as session:
        oms_url = station_identity(session).oms_url
    with OmsClient(oms_url, old) as client:
        client.rotate_token()
    assert load_token(device_id) == old

    queue_found_goods(store, 10)
    sync_round(engine)  # the old token still works; the OMS still asks, so it rotates now
    queue_found_goods(store, 5)
    sync_round(engine)
    assert load_token(device_id) != old
    assert oms_on_hand(oms_demo_server) == on_hand + 15
    assert _feed_status(oms_demo_server, old.reveal()) == 401
    engine.close()
