"""The fleet at the OMS (#14): IT lists stations with their lag and last report, removes a
failed enrolment's ghost (never one that synced), revokes, and rotates a station's token
without a moment where the station is locked out.

Seed 000 §7.1 (集成监控指标: 消息积压数 > 1000 告警) and §7.2 (最后同步时间早于 5 分钟前告警):
IT must see per station and per warehouse which one falls behind, and a ghost station must
not count as backlog for ever. Against the real server process, on SQLite and PostgreSQL.
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.support.oms_process import RunningOms, start_oms_server


@pytest.fixture
def real_oms(database_url: str, tmp_path: Path) -> Iterator[RunningOms]:
    oms = start_oms_server(tmp_path, database_url)
    try:
        yield oms
    finally:
        oms.kill()


def _as_station(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def _feed(oms: RunningOms, token: str, after: int = 0) -> httpx.Response:
    return httpx.get(
        oms.api_url + "/warehouses/WH01/feed",
        params={"after": after},
        headers=_as_station(token),
        timeout=10,
    )


def _station_post(oms: RunningOms, path: str, token: str, body: Any = None) -> httpx.Response:
    return httpx.post(oms.api_url + path, json=body, headers=_as_station(token), timeout=10)


def _stations(oms: RunningOms) -> dict[str, dict[str, Any]]:
    response = oms.admin_get("/stations")
    response.raise_for_status()
    return {row["device_id"]: row for row in response.json()["stations"]}


def _monitoring(oms: RunningOms) -> dict[str, Any]:
    response = oms.admin_get("/monitoring")
    response.raise_for_status()
    body: dict[str, Any] = response.json()
    return body


def _delete(oms: RunningOms, device_id: str) -> httpx.Response:
    return httpx.delete(
        f"{oms.api_url}/stations/{device_id}", headers=oms.admin_headers(), timeout=10
    )


def _add_owners(oms: RunningOms, count: int) -> None:
    owners = [{"owner_id": f"OWN{n:03d}", "name": f"Owner {n}"} for n in range(count)]
    oms.admin_post("/master-data", {"owners": owners}, warehouse_id="WH01").raise_for_status()


def test_the_list_shows_lag_versions_and_the_reported_backlog(real_oms: RunningOms) -> None:
    behind = real_oms.enrol("WH01", "packing 1")
    current = real_oms.enrol("WH01", "packing 2")
    _add_owners(real_oms, 3)
    head = _monitoring(real_oms)["warehouses"][0]["feed_head"]
    assert head > 0
    assert _feed(real_oms, current["token"], after=head).status_code == 200
    report = {"station_version": "0.1.0", "pending_events": 1500}
    assert _station_post(real_oms, "/stations/me/report", behind["token"], report).json() == {
        "rotate_token": False
    }

    stations = _stations(real_oms)
    late, fine = stations[behind["device_id"]], stations[current["device_id"]]
    assert (late["station_name"], late["state"], late["cursor_lag"]) == (
        "packing 1",
        "active",
        head,
    )
    assert (late["station_version"], late["pending_events"], late["synced"]) == (
        "0.1.0",
        1500,
        True,
    )
    assert (fine["cursor_lag"], fine["contract_version"], fine["pending_events"]) == (0, 1, None)
    assert (late["open_claims"], fine["open_claims"]) == (0, 0)  # none claimed an order

    monitoring = _monitoring(real_oms)
    rows = {row["device_id"]: row for row in monitoring["backlog"]}
    assert rows[behind["device_id"]]["reported_pending_events"] == 1500
    assert rows[behind["device_id"]]["reported_backlog_alert"] is True  # > 1000 (§7.1)
    assert rows[current["device_id"]]["reported_backlog_alert"] is False
    (warehouse,) = monitoring["warehouses"]
    assert warehouse == {
        "warehouse_id": "WH01",
        "feed_head": head,
        "stations": 2,
        "max_cursor_lag": head,
        "pending_feed_entries": head,
        "reported_pending_events": 1500,
        "stations_behind": 1,
        "stations_silent": 0,
        "alert": True,
    }


def test_a_ghost_station_is_removed_and_no_longer_counts(real_oms: RunningOms) -> None:
    ghost = real_oms.enrol("WH01", "failed enrolment")
    synced = real_oms.enrol("WH01", "working")
    assert _feed(real_oms, synced["token"]).status_code == 200
    assert _monitoring(real_oms)["warehouses"][0]["stations"] == 2

    removed = _delete(real_oms, ghost["device_id"])
    assert removed.status_code == 200, removed.text
    assert removed.json() == {
        "device_id": ghost["device_id"],
        "warehouse_id": "WH01",
        "removed": True,
    }
    monitoring = _monitoring(real_oms)
    assert [row["device_id"] for row in monitoring["backlog"]] == [synced["device_id"]]
    assert monitoring["warehouses"][0]["stations"] == 1
    assert list(_stations(real_oms)) == [synced["device_id"]]
    assert _feed(real_oms, ghost["token"]).status_code == 401

    refused = _delete(real_oms, synced["device_id"])
    assert (refused.status_code, refused.json()["error_code"]) == (409, "STATION_HAS_SYNCED")
    assert _feed(real_oms, synced["token"]).status_code == 200
    missing = _delete(real_oms, "ST-NOPE")
    assert (missing.status_code, missing.json()["error_code"]) == (404, "STATION_NOT_FOUND")


def test_the_old_token_works_until_the_new_one_is_used(real_oms: RunningOms) -> None:
    station = real_oms.enrol("WH01")
    old = station["token"]
    lost = _station_post(real_oms, "/stations/me/token", old).json()["token"]
    # The answer was "lost" (a crash before the keyring kept it): the old token still works,
    # and asking again replaces the unused one.
    assert _feed(real_oms, old).status_code == 200
    new = _station_post(real_oms, "/stations/me/token", old).json()["token"]
    assert _feed(real_oms, lost).status_code == 401
    assert _stations(real_oms)[station["device_id"]]["token_rotation"] == "issued"
    assert _feed(real_oms, old).status_code == 200

    assert _feed(real_oms, new).status_code == 200  # first use: the old one retires
    assert _feed(real_oms, old).status_code == 401
    assert _feed(real_oms, new).status_code == 200
    assert _stations(real_oms)[station["device_id"]]["token_rotation"] == "none"


def test_an_admin_asks_for_a_rotation_until_the_new_token_is_used(real_oms: RunningOms) -> None:
    station = real_oms.enrol("WH01")
    device_id, old = station["device_id"], station["token"]
    asked = real_oms.admin_post(f"/stations/{device_id}/rotate-token", None)
    assert asked.status_code == 202
    report = {"pending_events": 0}
    assert _station_post(real_oms, "/stations/me/report", old, report).json()["rotate_token"]
    _station_post(real_oms, "/stations/me/token", old).raise_for_status()  # answer lost
    # Still asked: the new token was never used.
    assert _station_post(real_oms, "/stations/me/report", old, report).json()["rotate_token"]
    new = _station_post(real_oms, "/stations/me/token", old).json()["token"]
    assert not _station_post(real_oms, "/stations/me/report", new, report).json()["rotate_token"]
    assert _feed(real_oms, old).status_code == 401


def test_a_revoked_station_is_told_so(real_oms: RunningOms) -> None:
    station = real_oms.enrol("WH01")
    real_oms.admin_post(f"/stations/{station['device_id']}/revoke", None).raise_for_status()
    refused = _feed(real_oms, station["token"])
    assert (refused.status_code, refused.json()["error_code"]) == (401, "STATION_REVOKED")
    assert _stations(real_oms)[station["device_id"]]["state"] == "revoked"
    asked = real_oms.admin_post(f"/stations/{station['device_id']}/rotate-token", None)
    assert (asked.status_code, asked.json()["error_code"]) == (409, "STATION_NOT_ACTIVE")


def _cli(database_url: str, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "oms_server", "stations", "--database-url", database_url, *args],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_the_stations_commands(real_oms: RunningOms) -> None:
    ghost = real_oms.enrol("WH01", "ghost")
    synced = real_oms.enrol("WH01", "packing 1")
    assert _feed(real_oms, synced["token"]).status_code == 200
    url = real_oms.database_url

    listing = _cli(url, "list")
    assert listing.returncode == 0, listing.stderr
    header, *lines = listing.stdout.splitlines()
    assert header.split("\t") == [
        "device_id",
        "warehouse",
        "name",
        "state",
        "contract",
        "version",
        "last_seen_at",
        "cursor_lag",
        "pending",
        "claims",
    ]
    by_device = {line.split("\t")[0]: line.split("\t") for line in lines}
    assert by_device[synced["device_id"]][1:4] == ["WH01", "packing 1", "active"]

    refused = _cli(url, "remove", synced["device_id"])
    assert refused.returncode == 2
    assert "STATION_HAS_SYNCED" in refused.stderr
    removed = _cli(url, "remove", ghost["device_id"])
    assert (removed.returncode, removed.stdout.strip()) == (0, f"REMOVED={ghost['device_id']}")
    assert ghost["device_id"] not in _stations(real_oms)

    rotate = _cli(url, "rotate-token", synced["device_id"])
    assert rotate.returncode == 0, rotate.stderr
    assert _stations(real_oms)[synced["device_id"]]["token_rotation"] == "requested"
    revoked = _cli(url, "revoke", synced["device_id"])
    assert revoked.returncode == 0, revoked.stderr
    assert _feed(real_oms, synced["token"]).json()["error_code"] == "STATION_REVOKED"


def test_a_station_reporting_a_long_outbox_raises_an_alert_until_it_drains(
    real_oms: RunningOms,
) -> None:
    station = real_oms.enrol("WH01")
    _station_post(real_oms, "/stations/me/report", station["token"], {"pending_events": 1001})
    raised = real_oms.admin_post("/alerts/check", None).json()["raised"]
    assert [(a["rule"], a["subject"], a["value"], a["unit"]) for a in raised] == [
        ("outbox_backlog", station["device_id"], 1001, "events")
    ]
    _station_post(real_oms, "/stations/me/report", station["token"], {"pending_events": 3})
    cleared = real_oms.admin_post("/alerts/check", None).json()["cleared"]
    assert [(a["rule"], a["subject"]) for a in cleared] == [
        ("outbox_backlog", station["device_id"])
    ]
