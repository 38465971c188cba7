"""The real ``oms-server`` process: enrol, pull, push, restart, and the injected faults."""

from __future__ import annotations

import datetime as dt
import sqlite3
import uuid
from pathlib import Path

import httpx
import pytest

from oms_contract.events import EventEnvelope, InventoryAdjusted
from oms_contract.sync_api import FeedPage, PushRequest, PushResponse
from tests.support.oms_process import RunningOms, start_oms_server


def _adjustment(station: dict[str, str], seq: int, event_id: str | None = None) -> EventEnvelope:
    return EventEnvelope(
        event_id=event_id or uuid.uuid4().hex,
        station_id=station["device_id"],
        station_seq=seq,
        warehouse_id=station["warehouse_id"],
        operator="S001",
        occurred_at=dt.datetime.now(dt.UTC),
        payload=InventoryAdjusted(
            adjustment_no=f"ADJ-{seq}",
            owner_id="ACME",
            sku_id="ACME-MUG-01",
            quantity=1,
            reason_code="FOUND",
        ),
    )


def _push(oms: RunningOms, station: dict[str, str], *events: EventEnvelope) -> httpx.Response:
    return httpx.post(
        oms.api_url + "/events",
        content=PushRequest(events=list(events)).model_dump_json(),
        headers={"Authorization": f"Bearer {station['token']}", "Content-Type": "application/json"},
        timeout=10,
    )


def test_demo_server_enrols_a_station_that_sees_bins_with_stock(
    oms_demo_server: RunningOms,
) -> None:
    station = oms_demo_server.enrol("WH01")
    response = httpx.get(
        oms_demo_server.api_url + "/warehouses/WH01/feed",
        params={"after": 0, "limit": 2000},
        headers={"Authorization": f"Bearer {station['token']}"},
        timeout=10,
    )
    assert response.status_code == 200
    page = FeedPage.model_validate_json(response.content)
    kinds = [entry.body.kind for entry in page.entries]
    assert kinds[0] == "master_data_upserted"
    assert kinds.count("station_event_accepted") == 9
    assert kinds.count("outbound_command_created") == 12
    assert kinds.count("inbound_order_created") == 2
    assert not page.has_more


def test_push_survives_restart_and_repeats_are_duplicates(oms_demo_server: RunningOms) -> None:
    station = oms_demo_server.enrol("WH01")
    event = _adjustment(station, 1)
    first = PushResponse.model_validate_json(_push(oms_demo_server, station, event).content)
    assert first.results[0].outcome == "accepted"

    oms_demo_server.restart()

    again = PushResponse.model_validate_json(_push(oms_demo_server, station, event).content)
    assert again.results[0].outcome == "duplicate"


def test_accepted_events_survive_a_kill(oms_demo_server: RunningOms) -> None:
    station = oms_demo_server.enrol("WH01")
    event = _adjustment(station, 1)
    assert _push(oms_demo_server, station, event).json()["results"][0]["outcome"] == "accepted"

    oms_demo_server.kill()
    oms_demo_server.start()

    assert _push(oms_demo_server, station, event).json()["results"][0]["outcome"] == "duplicate"
    # The demo data was not seeded a second time.
    response = oms_demo_server.admin_get("/monitoring")
    assert response.json()["commands_total"] == 12


def test_injected_503_storm_carries_retry_after(oms_server: RunningOms) -> None:
    oms_server.inject_fault("/api/v1/events", status_code=503, retry_after_s=3, count=2)
    station = oms_server.enrol("WH9")
    for _ in range(2):
        response = _push(oms_server, station, _adjustment(station, 1))
        assert response.status_code == 503
        assert response.headers["Retry-After"] == "3"
        assert response.json()["error_code"] == "SERVER_BUSY"
    # The storm is over: the next push reaches the rules (unknown SKU in an empty OMS).
    response = _push(oms_server, station, _adjustment(station, 1))
    assert response.status_code == 200
    assert response.json()["results"][0]["error_code"] == "SKU_NOT_FOUND"


@pytest.mark.expected_log_errors(
    r"ERROR wms\.oms_server: unexpected error",
    r"^oms-stderr-\d+\.txt: ERROR: +Exception in ASGI application",
)
def test_connection_drops_after_the_push_committed(oms_demo_server: RunningOms) -> None:
    station = oms_demo_server.enrol("WH01")
    event = _adjustment(station, 1)
    oms_demo_server.inject_fault("/api/v1/events", mode="drop_after_commit")

    with pytest.raises(httpx.TransportError):
        _push(oms_demo_server, station, event)

    retried = PushResponse.model_validate_json(_push(oms_demo_server, station, event).content)
    assert retried.results[0].outcome == "duplicate"


def test_faults_endpoint_is_absent_without_the_switch(tmp_path: Path) -> None:
    oms = start_oms_server(tmp_path, fault_injection=False)
    try:
        response = oms.admin_post("/_faults", {"path": "/api/v1/events"})
        assert response.status_code == 404
        assert response.json()["error_code"] == "NOT_FOUND"
    finally:
        oms.kill()


@pytest.mark.expected_log_errors(r"ERROR wms\.oms_server: unexpected error")
def test_a_bug_answers_500_and_is_logged_once(oms_demo_server: RunningOms) -> None:
    """A route that hits a bug (here a value in the database it cannot read) answers 500
    INTERNAL_ERROR with the contract's header, and the OMS logs it once: uvicorn no longer
    logs it again after the answer went out ("Exception in ASGI application")."""
    with sqlite3.connect(oms_demo_server.workdir / "oms.sqlite3") as db:
        db.execute("UPDATE outbound_order SET package_count = 'many'")
    db.close()
    answer = oms_demo_server.admin_get("/orders/SO-DEMO-0001")
    assert answer.status_code == 500
    assert answer.json()["error_code"] == "INTERNAL_ERROR"
    assert answer.headers["X-WMS-Contract"]
    oms_demo_server.stop()  # waits for the process to end: its stderr is complete
    log = oms_demo_server.log_path.read_text(encoding="utf-8")
    assert log.count("unexpected error") == 1
    assert "Exception in ASGI application" not in log
