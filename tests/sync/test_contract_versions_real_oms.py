"""Mixed versions in one fleet (#12.10; seed 003 names interface version compatibility as a
risk): stations are upgraded one by one, so the real OMS and the real station sync must work
with a side one contract version apart, both ways.

"A newer OMS" is simulated by what it writes: a feed entry whose body carries fields this
build does not know (written into the real OMS's feed table, as a newer OMS would have
stored it). "An older station" is a reader of version 1: no ``X-WMS-Contract`` header, and
the contract's models as they were then (``extra="forbid"``: any unknown field refused).
"A newer station" declares a version above the OMS's.
"""

from __future__ import annotations

import json
import sqlite3
import uuid
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from sqlalchemy import func, select

from local_db.models import ExceptionRecord, OutboxEvent
from local_db.store import Store
from oms_contract.sync_api import FeedEntry
from oms_contract.versions import CONTRACT_HEADER, CONTRACT_VERSION
from station.sync_wiring import floor_hooks
from sync.engine import SyncEngine, SyncSettings
from sync.pull import FEED_REFUSED
from tests.support.oms_process import RunningOms
from tests.sync.floor_work import create_command, order_status
from tests.sync.real_oms import SKU, WAREHOUSE, enrolled_station, oms_on_hand, queue_found_goods

# What a newer OMS might add: a field on the feed body and one inside the command.
NEWER_BODY_FIELD = "routing_hint"
NEWER_COMMAND_FIELD = "gift_wrap"


@pytest.fixture
def station(oms_demo_server: RunningOms, tmp_path: Path) -> Iterator[Store]:
    store, _ = enrolled_station(oms_demo_server, tmp_path / "station.sqlite3")
    yield store
    store.close()


def as_a_newer_oms_wrote_it(oms: RunningOms, order_no: str) -> int:
    """Give the command's stored feed body the fields a newer OMS would add; its seq."""
    path = oms.database_url.removeprefix("sqlite:///")
    with sqlite3.connect(path) as db:
        seq, body_json = db.execute(
            "SELECT seq, body_json FROM feed_entry WHERE warehouse_id = ? "
            "AND kind = 'outbound_command_created' AND body_json LIKE ?",
            (WAREHOUSE, f"%{order_no}%"),
        ).fetchone()
        body = json.loads(body_json)
        body[NEWER_BODY_FIELD] = "dock-2"
        body["command"][NEWER_COMMAND_FIELD] = True
        db.execute(
            "UPDATE feed_entry SET body_json = ? WHERE warehouse_id = ? AND seq = ?",
            (json.dumps(body, separators=(",", ":")), WAREHOUSE, seq),
        )
    db.close()
    return int(seq)


def read_feed(oms: RunningOms, token: str, version: str | None) -> httpx.Response:
    headers = {"Authorization": f"Bearer {token}"}
    if version is not None:
        headers[CONTRACT_HEADER] = version
    response = httpx.get(
        f"{oms.api_url}/warehouses/{WAREHOUSE}/feed",
        params={"after": 0, "limit": 1000},
        headers=headers,
        timeout=10,
    )
    response.raise_for_status()
    return response


def test_this_station_applies_an_entry_with_fields_a_newer_oms_added(
    oms_demo_server: RunningOms, station: Store
) -> None:
    """Readers tolerate fields they do not know: the command is received and allocated,
    not refused (before #12.10 the entry became FEED_REFUSED)."""
    order_no = create_command(oms_demo_server, SKU, 1)
    as_a_newer_oms_wrote_it(oms_demo_server, order_no)

    engine = SyncEngine(station, SyncSettings(), hooks=floor_hooks())
    status = engine.run_once()
    engine.close()

    assert status.online, status.last_error
    assert status.consecutive_failures == 0, status.last_error
    assert order_status(station, order_no) == "ALLOCATED"
    with station.read_session() as session:
        refused = session.scalar(
            select(func.count()).where(ExceptionRecord.exception_type == FEED_REFUSED)
        )
    assert refused == 0


def test_the_oms_answers_an_older_station_in_its_own_version(
    oms_demo_server: RunningOms,
) -> None:
    """A version-1 station (no header) refuses unknown fields, so the OMS leaves them out
    for it; a station of this version gets the stored body verbatim, new fields and all.
    Every answer says the OMS's version."""
    order_no = create_command(oms_demo_server, SKU, 1)
    seq = as_a_newer_oms_wrote_it(oms_demo_server, order_no)
    token = oms_demo_server.enrol(WAREHOUSE, "older station")["token"]

    older = read_feed(oms_demo_server, token, None)
    assert older.headers[CONTRACT_HEADER] == str(CONTRACT_VERSION)
    assert order_no in older.text
    assert NEWER_BODY_FIELD not in older.text and NEWER_COMMAND_FIELD not in older.text
    # Every entry passes the version-1 reader: the models with extra="forbid".
    entries = [FeedEntry.model_validate(raw) for raw in older.json()["entries"]]
    assert seq in {entry.seq for entry in entries}

    current = read_feed(oms_demo_server, token, str(CONTRACT_VERSION))
    (raw,) = [e for e in current.json()["entries"] if e["seq"] == seq]
    assert raw["body"][NEWER_BODY_FIELD] == "dock-2"
    assert raw["body"]["command"][NEWER_COMMAND_FIELD] is True


@pytest.mark.expected_log_errors(r"^wms\.sync\.engine: OMS sync failed: .*CONTRACT_VERSION_TOO_NEW")
def test_a_station_newer_than_the_oms_is_refused_and_keeps_its_events(
    oms_demo_server: RunningOms, station: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The OMS is upgraded first: a station declaring a version the OMS does not speak is
    refused before its body is read; its events stay queued, and go once it speaks one the
    OMS does (here: the same station again at this version)."""
    before = oms_on_hand(oms_demo_server)
    queue_found_goods(station, 2)
    monkeypatch.setattr("sync.client.CONTRACT_VERSION", CONTRACT_VERSION + 1)
    engine = SyncEngine(station, SyncSettings(), hooks=floor_hooks())
    status = engine.run_once()
    engine.close()

    assert not status.online or status.consecutive_failures > 0
    assert "CONTRACT_VERSION_TOO_NEW" in (status.last_error or "")
    with station.read_session() as session:
        pending = session.scalar(select(func.count()).where(OutboxEvent.status == "pending"))
    assert pending == 2
    assert oms_on_hand(oms_demo_server) == before

    monkeypatch.setattr("sync.client.CONTRACT_VERSION", CONTRACT_VERSION)
    engine = SyncEngine(station, SyncSettings(), hooks=floor_hooks())
    status = engine.run_once()
    engine.close()
    assert status.consecutive_failures == 0, status.last_error
    assert oms_on_hand(oms_demo_server) == before + 2


def test_the_oms_still_refuses_an_event_with_a_field_it_does_not_know(
    oms_demo_server: RunningOms,
) -> None:
    """The OMS's own input stays strict even at this version: booking an adjustment while
    dropping a field that qualifies it would book the wrong thing (docs/oms-api.md)."""
    before = oms_on_hand(oms_demo_server)
    token = oms_demo_server.enrol(WAREHOUSE, "strict check")["token"]
    event = {
        "event_id": uuid.uuid4().hex,
        "station_id": "ST-X",
        "station_seq": 1,
        "warehouse_id": WAREHOUSE,
        "operator": "P1",
        "occurred_at": "2026-12-04T08:00:00Z",
        "payload": {
            "event_type": "inventory_adjusted",
            "adjustment_no": "ADJ-STRICT-1",
            "owner_id": "ACME",
            "sku_id": SKU,
            "quantity": 5,
            "reason_code": "FOUND",
            "only_if_bin_empty": True,
        },
    }
    response = httpx.post(
        f"{oms_demo_server.api_url}/events",
        json={"events": [event]},
        headers={"Authorization": f"Bearer {token}", CONTRACT_HEADER: str(CONTRACT_VERSION)},
        timeout=10,
    )
    assert response.status_code == 422, response.text
    assert "only_if_bin_empty" in response.text
    assert oms_on_hand(oms_demo_server) == before
