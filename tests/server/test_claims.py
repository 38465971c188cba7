"""Order claims at the real OMS process (#14): claim, renew, release, handover, block,
reassign, closing statuses; on SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from oms_contract.events import OutboundStatus
from tests.server import payloads as p
from tests.server.claim_calls import (
    claim,
    claim_entries,
    head,
    listed_claims,
    release,
    renew,
    station_post,
    story,
)
from tests.server.driver import OmsDriver
from tests.support.oms_process import RunningOms, start_oms_server

MUGS = "SO-DEMO-0001"  # 2 x ACME-MUG-01
TEA = "SO-DEMO-0005"  # 1 x ACME-TEA-100


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


def test_one_station_holds_an_order_and_asking_again_renews(oms: OmsDriver) -> None:
    """Seed 000 §6.2 接口幂等设计: asking again for a claim one holds renews it and writes
    nothing new; the other station is told who holds the order."""
    picker = oms.enrol(name="picker 1")
    other = oms.enrol(name="picker 2")
    cursor = head(oms, picker)

    first = claim(oms, picker, MUGS)
    again = claim(oms, picker, MUGS)
    refused = claim(oms, other, MUGS)

    assert first.granted and again.granted
    assert first.holder_device_id == picker.device_id
    assert first.lease_expires_at is not None and again.lease_expires_at is not None
    assert again.lease_expires_at >= first.lease_expires_at
    assert not refused.granted and not refused.closed
    assert (refused.holder_device_id, refused.holder_station_name) == (
        picker.device_id,
        "picker 1",
    )
    assert refused.lease_expires_at == again.lease_expires_at
    # One grant on the feed: the renewal and the refusal wrote nothing.
    assert claim_entries(oms, picker, cursor) == [
        {
            "kind": "order_claimed",
            "order_no": MUGS,
            "device_id": picker.device_id,
            "station_name": "picker 1",
            "lease_expires_at": first.model_dump(mode="json")["lease_expires_at"],
        }
    ]
    assert [(c["order_no"], c["device_id"], c["how"]) for c in listed_claims(oms)] == [
        (MUGS, picker.device_id, "STATION")
    ]


def test_renewal_extends_own_claims_and_names_other_holders(oms: OmsDriver) -> None:
    picker = oms.enrol(name="picker 1")
    other = oms.enrol(name="picker 2")
    mine = claim(oms, picker, MUGS)
    claim(oms, other, TEA)

    answers = renew(oms, picker, MUGS, TEA, "SO-NOBODY-KNOWS")

    assert [a.order_no for a in answers] == [MUGS, TEA, "SO-NOBODY-KNOWS"]
    assert answers[0].granted and answers[0].lease_expires_at is not None
    assert mine.lease_expires_at is not None
    assert answers[0].lease_expires_at >= mine.lease_expires_at
    assert not answers[1].granted and answers[1].holder_device_id == other.device_id
    assert not answers[2].granted and answers[2].closed


def test_release_frees_the_order_and_releasing_again_changes_nothing(oms: OmsDriver) -> None:
    """Seed 000 §6.2 接口幂等设计: releasing what one does not hold changes nothing."""
    picker = oms.enrol(name="picker 1")
    other = oms.enrol(name="picker 2")
    claim(oms, picker, MUGS)
    cursor = head(oms, picker)

    released = release(oms, picker, MUGS)
    again = release(oms, picker, MUGS)
    taken = claim(oms, other, MUGS)
    not_mine = release(oms, picker, MUGS)

    assert not released.granted and released.holder_device_id is None
    assert not again.granted and again.holder_device_id is None
    assert taken.granted
    assert not_mine.holder_device_id == other.device_id  # still the other's
    assert story(oms, picker, cursor) == [
        ("order_claim_released", picker.device_id, "LEFT"),
        ("order_claimed", other.device_id),
    ]


def test_unknown_and_foreign_orders_are_refused_like_the_other_routes(
    oms: OmsDriver, oms_process: RunningOms
) -> None:
    picker = oms.enrol()
    elsewhere = oms.enrol("WH02")
    created = oms_process.admin_post(
        "/outbound-commands",
        p.command(1, ("ACME-MUG-01", 1), warehouse_id="WH02").model_dump(mode="json"),
    )
    assert created.status_code in {201, 409}, created.text

    unknown = station_post(oms, picker, "/claims", {"order_no": "SO-NOBODY-KNOWS"})
    foreign = station_post(oms, elsewhere, "/claims", {"order_no": MUGS})

    assert (unknown.status_code, unknown.json()["error_code"]) == (404, "ORDER_NOT_FOUND")
    assert (foreign.status_code, foreign.json()["error_code"]) == (403, "WAREHOUSE_MISMATCH")


def test_a_station_older_than_version_4_is_refused(oms: OmsDriver) -> None:
    picker = oms.enrol()
    for path, body in (
        ("/claims", {"order_no": MUGS}),
        ("/claims/renew", {"order_nos": [MUGS]}),
        ("/claims/release", {"order_no": MUGS}),
        ("/claims/block", {"order_nos": [MUGS], "lease_s": 600, "granted_by": "S001"}),
        ("/claims/reassign", {"order_no": MUGS, "granted_by": "S001"}),
    ):
        response = station_post(oms, picker, path, body, version=3)
        assert response.status_code == 409, (path, response.text)
        assert response.json()["error_code"] == "CONTRACT_VERSION_TOO_OLD"
    assert listed_claims(oms) == []


def test_a_picked_order_is_handed_over_to_the_packing_station(oms: OmsDriver) -> None:
    """Picking and packing may be two stations: the claim of a PICKED order passes to the
    station that asks; before PICKED it does not."""
    picker = oms.enrol(name="picker")
    packer = oms.enrol(name="packer")
    claim(oms, picker, MUGS)
    results = oms.push(
        picker, p.status(MUGS, "PICKING"), p.picked(MUGS, ("ACME-MUG-01", 2, "A-01-01-02"))
    )
    assert [r.outcome for r in results] == ["accepted", "accepted"]
    assert not claim(oms, packer, MUGS).granted  # still picking
    assert oms.push_one(picker, p.status(MUGS, "PICKED")).outcome == "accepted"
    cursor = head(oms, picker)

    handed = claim(oms, packer, MUGS)

    assert handed.granted and handed.holder_device_id == packer.device_id
    assert story(oms, picker, cursor) == [
        ("order_claim_released", picker.device_id, "HANDED_OVER"),
        ("order_claimed", packer.device_id),
    ]
    assert [c["how"] for c in listed_claims(oms)] == ["HANDOVER"]
    assert not claim(oms, picker, MUGS).granted  # the picker does not take it back


@pytest.mark.parametrize("closing", ["PACKED", "SHIPPED", "CANCELLED"])
def test_closing_status_frees_the_claim(oms: OmsDriver, closing: str) -> None:
    picker = oms.enrol(name="picker")
    other = oms.enrol(name="other")
    claim(oms, picker, TEA)
    cursor = head(oms, picker)

    if closing == "CANCELLED":
        events = [p.cancel_result(TEA)]
    else:
        events = [
            p.status(TEA, "PICKING"),
            p.picked(TEA, ("ACME-TEA-100", 1, "A-01-01-01")),
            p.status(TEA, "PICKED"),
            p.status(TEA, closing, tracking_no="SF1" if closing == "SHIPPED" else None),
        ]
    assert {r.outcome for r in oms.push(picker, *events)} == {"accepted"}

    assert listed_claims(oms) == []
    released = [e for e in story(oms, picker, cursor) if e[0] == "order_claim_released"]
    assert released == [("order_claim_released", picker.device_id, closing)]
    late = claim(oms, other, TEA)
    assert not late.granted and late.closed
    assert OutboundStatus(oms.order(TEA)["status"]) == OutboundStatus(closing)
