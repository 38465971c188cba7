"""A claim is a lease: one not renewed runs out and frees the order (the real OMS process with
a lease of a second or two, SQLite and PostgreSQL)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.server import payloads as p
from tests.server.claim_calls import claim, head, listed_claims, story
from tests.server.driver import OmsDriver
from tests.support.oms_process import RunningOms, start_oms_server
from tests.support.waiting import wait_until

MUGS = "SO-DEMO-0001"


def _started(tmp_path: Path, database_url: str, *args: str) -> RunningOms:
    return start_oms_server(tmp_path, database_url=database_url, demo=True, extra_args=list(args))


@pytest.fixture
def swept(tmp_path: Path, database_url: str) -> Iterator[OmsDriver]:
    """Leases of 2 s, swept every 0.2 s."""
    oms = _started(
        tmp_path, database_url, "--claim-lease-s", "2", "--claim-sweep-interval-s", "0.2"
    )
    try:
        with httpx.Client(base_url=oms.base_url, timeout=30) as client:
            yield OmsDriver(client)
    finally:
        oms.kill()


@pytest.fixture
def unswept(tmp_path: Path, database_url: str) -> Iterator[OmsDriver]:
    """Leases of 1 s and no sweep: only the reads free an expired claim."""
    oms = _started(tmp_path, database_url, "--claim-lease-s", "1", "--claim-sweep-interval-s", "0")
    try:
        with httpx.Client(base_url=oms.base_url, timeout=30) as client:
            yield OmsDriver(client)
    finally:
        oms.kill()


def test_the_sweep_releases_an_expired_claim_on_the_feed(swept: OmsDriver) -> None:
    """Seed 000 §5.2 超时未处理: a station that is gone must not keep its orders; the sweep
    inside the OMS process tells the warehouse (EXPIRED) without anybody asking."""
    gone = swept.enrol(name="gone")
    other = swept.enrol(name="other")
    cursor = head(swept, other)
    assert claim(swept, gone, MUGS).granted

    expired = ("order_claim_released", gone.device_id, "EXPIRED")
    wait_until(lambda: expired in story(swept, other, cursor), 30, "the EXPIRED release")

    assert listed_claims(swept) == []
    taken = claim(swept, other, MUGS)
    assert taken.granted and taken.holder_device_id == other.device_id
    assert story(swept, other, cursor) == [
        ("order_claimed", gone.device_id),
        expired,
        ("order_claimed", other.device_id),
    ]


def test_an_expired_claim_is_free_on_every_read_before_any_sweep(unswept: OmsDriver) -> None:
    gone = unswept.enrol(name="gone")
    other = unswept.enrol(name="other")
    assert claim(unswept, gone, MUGS).granted
    cursor = head(unswept, other)

    wait_until(lambda: listed_claims(unswept) == [], 30, "the lease to run out")
    assert [s["open_claims"] for s in unswept.admin_get("/stations").json()["stations"]] == [0, 0]
    # The other station's pick takes the order; the release is written when it is taken.
    assert unswept.push_one(other, p.status(MUGS, "PICKING")).outcome == "accepted"

    assert story(unswept, other, cursor) == [
        ("order_claim_released", gone.device_id, "EXPIRED"),
        ("order_claimed", other.device_id),
    ]
    late = unswept.push_one(gone, p.picked(MUGS, ("ACME-MUG-01", 1, "A-01-01-02")))
    assert late.error_code == "ORDER_CLAIMED_ELSEWHERE"
