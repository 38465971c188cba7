"""Enrolment keys, bearer tokens, and reading the per-warehouse feed by cursor."""

from __future__ import annotations

from oms_contract import API_PREFIX
from tests.server import payloads as p
from tests.server.driver import ADMIN_KEY, OmsDriver

ADMIN = {"X-Admin-Key": ADMIN_KEY}


def _enrol(oms: OmsDriver, key: str, warehouse_id: str) -> tuple[int, dict[str, object]]:
    response = oms.client.post(
        API_PREFIX + "/stations/enrol", json={"enrolment_key": key, "warehouse_id": warehouse_id}
    )
    return response.status_code, response.json()


def test_enrolment_gives_a_device_id_and_a_token_only_once_stored_as_hash(oms: OmsDriver) -> None:
    station = oms.enrol("WH7")
    assert station.device_id.startswith("ST-")
    assert station.warehouse_id == "WH7"
    page = oms.feed(station)
    assert page.entries == []
    assert (page.next_cursor, page.has_more) == (0, False)


def test_unknown_enrolment_key_is_refused(oms: OmsDriver) -> None:
    status, body = _enrol(oms, "ek_not-a-real-key", "WH1")
    assert (status, body["error_code"]) == (401, "INVALID_ENROLMENT_KEY")


def test_warehouse_bound_key_and_use_limit(oms: OmsDriver) -> None:
    response = oms.admin_post("/enrolment-keys", {"warehouse_id": "WH1", "max_uses": 1})
    assert (response.status_code, response.json()["error_code"]) == (404, "WAREHOUSE_NOT_FOUND")
    assert oms.client.put(API_PREFIX + "/warehouses/WH1", headers=ADMIN).status_code == 201
    assert oms.client.put(API_PREFIX + "/warehouses/WH1", headers=ADMIN).status_code == 200
    response = oms.admin_post("/enrolment-keys", {"warehouse_id": "WH1", "max_uses": 1})
    assert response.status_code == 201
    key = response.json()["enrolment_key"]
    status, body = _enrol(oms, key, "WH2")
    assert (status, body["error_code"]) == (409, "WAREHOUSE_MISMATCH")
    status, body = _enrol(oms, key, "WH1")
    assert status == 201
    confirmed = oms.client.post(
        API_PREFIX + "/stations/enrol/confirm", headers={"Authorization": f"Bearer {body['token']}"}
    )
    assert confirmed.status_code == 200
    status, body = _enrol(oms, key, "WH1")
    assert (status, body["error_code"]) == (401, "ENROLMENT_KEY_USED_UP")


def test_station_endpoints_need_a_valid_token(oms: OmsDriver) -> None:
    for headers in ({}, {"Authorization": "Bearer st_wrong"}, {"Authorization": "Basic x"}):
        response = oms.client.get(API_PREFIX + "/warehouses/WH1/feed", headers=headers)
        assert response.status_code == 401
        assert response.json()["error_code"] == "UNAUTHORIZED"


def test_admin_endpoints_need_the_admin_key(oms: OmsDriver) -> None:
    response = oms.client.post(API_PREFIX + "/enrolment-keys", json={})
    assert (response.status_code, response.json()["error_code"]) == (401, "UNAUTHORIZED")
    response = oms.client.get(API_PREFIX + "/monitoring", headers={"X-Admin-Key": "wrong"})
    assert response.status_code == 401
    # A station token is not an admin key.
    station = oms.enrol("WH1")
    response = oms.client.get(API_PREFIX + "/stock", headers=station.headers)
    assert response.status_code == 401


def test_a_station_reads_only_its_own_warehouse(oms: OmsDriver) -> None:
    station = oms.enrol("WH1")
    response = oms.client.get(API_PREFIX + "/warehouses/WH2/feed", headers=station.headers)
    assert (response.status_code, response.json()["error_code"]) == (403, "WAREHOUSE_MISMATCH")


def test_feed_pages_by_cursor_in_order(demo_oms: OmsDriver) -> None:
    station = demo_oms.enrol()
    everything = demo_oms.feed(station).entries
    seen = []
    after = 0
    while True:
        page = demo_oms.feed(station, after=after, limit=5)
        seen.extend(page.entries)
        assert len(page.entries) <= 5
        after = page.next_cursor
        if not page.has_more:
            break
    assert [entry.seq for entry in seen] == [entry.seq for entry in everything]
    assert [entry.seq for entry in seen] == list(range(1, len(seen) + 1))
    assert demo_oms.feed(station, after=after).entries == []
    assert demo_oms.feed(station, after=after).next_cursor == after


def test_accepted_events_reach_the_other_stations_of_the_warehouse(demo_oms: OmsDriver) -> None:
    picker = demo_oms.enrol(name="picker")
    packer = demo_oms.enrol(name="packer")
    head = demo_oms.feed(packer).next_cursor

    demo_oms.push(picker, p.status("SO-DEMO-0001", "PICKING"))
    rejected = demo_oms.push(picker, p.status("SO-NOPE", "PICKING"))
    assert rejected[0].outcome == "rejected"

    entries = demo_oms.feed(packer, after=head).entries
    assert len(entries) == 1
    body = entries[0].body
    assert body.kind == "station_event_accepted"
    assert body.event.station_id == picker.device_id
    assert body.event.payload.event_type == "outbound_status"


def test_backlog_follows_the_station_cursor(demo_oms: OmsDriver) -> None:
    station = demo_oms.enrol()
    head = demo_oms.feed(station).next_cursor

    def backlog() -> int:
        report = demo_oms.admin_get("/monitoring").json()
        (mine,) = [b for b in report["backlog"] if b["device_id"] == station.device_id]
        assert isinstance(mine["pending_feed_entries"], int)
        return mine["pending_feed_entries"]

    assert backlog() == head
    demo_oms.feed(station, after=head)
    assert backlog() == 0
