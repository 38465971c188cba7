"""A supervisor's and IT's hand on order claims, at the real OMS process (SQLite,
PostgreSQL): a block of orders ahead of an outage, re-assignment (audited), the admin list,
``oms-server claims`` and the open claims in the fleet list."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from oms_contract.claims import DEFAULT_LEASE_S, ClaimBlockAnswer, ClaimState
from tests.server import payloads as p
from tests.server.claim_calls import claim, head, listed_claims, station_post, story
from tests.server.driver import OmsDriver
from tests.support.oms_process import RunningOms, start_oms_server

MUGS = "SO-DEMO-0001"
TEA_CABLE = "SO-DEMO-0002"
LAMP = "SO-DEMO-0003"
TEA = "SO-DEMO-0005"
SOAP = "SO-DEMO-0007"


@pytest.fixture
def oms_process(tmp_path: Path, database_url: str) -> Iterator[RunningOms]:
    oms = start_oms_server(tmp_path, database_url=database_url, demo=True)
    try:
        yield oms
    finally:
        oms.kill()


@pytest.fixture
def oms(oms_process: RunningOms) -> Iterator[OmsDriver]:
    with httpx.Client(base_url=oms_process.base_url, timeout=30) as client:
        yield OmsDriver(client)


def _open_claims(oms: OmsDriver) -> dict[str, int]:
    stations = oms.admin_get("/stations").json()["stations"]
    return {s["device_id"]: s["open_claims"] for s in stations}


def test_a_block_grants_free_orders_with_the_longer_lease(oms: OmsDriver) -> None:
    """Ahead of a planned outage the supervisor hands the station its orders for the weekend;
    orders another station holds, or closed, are not granted (seed 000 §6.2 幂等: a block
    asked again changes no holder)."""
    station = oms.enrol(name="weekend")
    other = oms.enrol(name="other")
    claim(oms, other, LAMP)
    assert oms.push_one(other, p.cancel_result(SOAP)).outcome == "accepted"
    body = {"order_nos": [MUGS, TEA, LAMP, SOAP], "lease_s": 3 * 86_400, "granted_by": "S001"}
    before = dt.datetime.now(dt.UTC)

    response = station_post(oms, station, "/claims/block", body)
    again = station_post(oms, station, "/claims/block", body)

    assert response.status_code == 200, response.text
    answers = ClaimBlockAnswer.model_validate_json(response.content).claims
    assert [(a.order_no, a.granted, a.closed) for a in answers] == [
        (MUGS, True, False),
        (TEA, True, False),
        (LAMP, False, False),
        (SOAP, False, True),
    ]
    assert answers[2].holder_device_id == other.device_id
    for answer in answers[:2]:
        assert answer.lease_expires_at is not None
        assert answer.lease_expires_at >= before + dt.timedelta(days=3)
    assert again.status_code == 200
    listed = {c["order_no"]: c for c in listed_claims(oms)}
    assert (listed[MUGS]["how"], listed[MUGS]["granted_by"]) == ("BLOCK", "S001")
    assert _open_claims(oms) == {station.device_id: 2, other.device_id: 1}
    too_long = station_post(oms, station, "/claims/block", {**body, "lease_s": 73 * 3600})
    assert too_long.status_code == 422


def test_a_supervisor_reassigns_an_order_and_the_log_says_who(oms: OmsDriver) -> None:
    first = oms.enrol(name="first")
    second = oms.enrol(name="second")
    elsewhere = oms.enrol("WH02", name="elsewhere")
    claim(oms, first, MUGS)
    cursor = head(oms, first)

    moved = station_post(
        oms,
        first,
        "/claims/reassign",
        {"order_no": MUGS, "to_device_id": second.device_id, "granted_by": "S001"},
    )
    freed = oms.admin_post(
        "/admin/warehouses/WH01/claims/reassign", {"order_no": MUGS, "granted_by": "IT"}
    )
    foreign = station_post(
        oms,
        first,
        "/claims/reassign",
        {"order_no": MUGS, "to_device_id": elsewhere.device_id, "granted_by": "S001"},
    )

    assert moved.status_code == 200, moved.text
    state = ClaimState.model_validate_json(moved.content)
    assert (state.granted, state.holder_device_id) == (False, second.device_id)
    assert ClaimState.model_validate_json(freed.content).holder_device_id is None
    assert (foreign.status_code, foreign.json()["error_code"]) == (404, "STATION_NOT_FOUND")
    assert story(oms, first, cursor) == [
        ("order_claim_released", first.device_id, "REASSIGNED"),
        ("order_claimed", second.device_id),
        ("order_claim_released", second.device_id, "REASSIGNED"),
    ]
    assert listed_claims(oms) == []
    # The admin gives it back to the first station, as a block for it.
    block = oms.admin_post(
        "/admin/warehouses/WH01/claims/block",
        {"device_id": first.device_id, "order_nos": [MUGS], "lease_s": 600, "granted_by": "IT"},
    )
    assert block.status_code == 200, block.text
    assert [(c["device_id"], c["how"], c["granted_by"]) for c in listed_claims(oms)] == [
        (first.device_id, "BLOCK", "IT")
    ]


def _cli(database_url: str, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "oms_server", "claims", "--database-url", database_url, *args],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_the_claims_commands(oms: OmsDriver, oms_process: RunningOms) -> None:
    picker = oms.enrol(name="picker")
    packer = oms.enrol(name="packer")
    claim(oms, picker, MUGS)
    url = oms_process.database_url

    granted = _cli(url, "grant", TEA_CABLE, packer.device_id, "--by", "S002")
    listing = _cli(url, "list", "--warehouse", "WH01")
    released = _cli(url, "release", MUGS)
    unknown = _cli(url, "grant", "SO-NOBODY-KNOWS", packer.device_id)

    assert granted.returncode == 0, granted.stderr
    assert granted.stdout.strip() == f"GRANTED={TEA_CABLE}\t{packer.device_id}"
    header, *lines = listing.stdout.splitlines()
    assert header.split("\t")[:5] == ["order_no", "warehouse", "device_id", "station", "how"]
    rows = sorted(line.split("\t") for line in lines)
    assert [(r[0], r[2], r[3], r[4], r[7]) for r in rows] == [
        (MUGS, picker.device_id, "picker", "STATION", "-"),
        (TEA_CABLE, packer.device_id, "packer", "REASSIGN", "S002"),
    ]
    assert (released.returncode, released.stdout.strip()) == (0, f"RELEASED={MUGS}")
    assert unknown.returncode == 2 and "ORDER_NOT_FOUND" in unknown.stderr
    assert _open_claims(oms) == {picker.device_id: 0, packer.device_id: 1}
    (listed,) = listed_claims(oms)
    lease = dt.datetime.fromisoformat(listed["lease_expires_at"])
    granted_at = dt.datetime.fromisoformat(listed["granted_at"])
    assert lease - granted_at == dt.timedelta(seconds=DEFAULT_LEASE_S)
