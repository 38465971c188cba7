"""Order claims at push, against the real OMS process (SQLite, PostgreSQL): the holder's
events pass, another station's are refused ORDER_CLAIMED_ELSEWHERE with a claim_conflict
entry; nobody holding the order refuses nothing and the first pick takes the claim; claim
entries never reach a reader older than contract version 4."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from sqlalchemy import select

from oms_server.db import Database
from oms_server.models import OrderClaimLog
from tests.server import payloads as p
from tests.server.claim_calls import claim, feed, head, listed_claims, story
from tests.server.driver import OmsDriver
from tests.server.test_unpick_rules import unpicked
from tests.support.oms_process import RunningOms, start_oms_server

MUGS = "SO-DEMO-0001"  # 2 x ACME-MUG-01
TEA = "SO-DEMO-0005"  # 1 x ACME-TEA-100
CLAIM_KINDS = {"order_claimed", "order_claim_released", "claim_conflict"}


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


def _log(oms_process: RunningOms) -> list[tuple[str, str, str, str | None]]:
    db = Database(oms_process.database_url)
    try:
        with db.read_session() as session:
            rows = session.execute(
                select(
                    OrderClaimLog.action,
                    OrderClaimLog.device_id,
                    OrderClaimLog.detail,
                    OrderClaimLog.other_device_id,
                ).order_by(OrderClaimLog.id)
            )
            return [tuple(row) for row in rows]  # type: ignore[misc]
    finally:
        db.dispose()


def test_another_stations_picks_are_refused_while_one_holds_the_order(
    oms: OmsDriver, oms_process: RunningOms
) -> None:
    """Seed 000 §5 异常处理 (人工兜底): the loser's events are refused with their own code,
    a claim_conflict entry tells both stations' supervisors, the log keeps it; the order is
    as the holder left it."""
    holder = oms.enrol(name="holder")
    loser = oms.enrol(name="offline picker")
    assert claim(oms, holder, MUGS).granted
    cursor = head(oms, holder)

    refused, held = oms.push(
        loser, p.picked(MUGS, ("ACME-MUG-01", 2, "A-01-01-02")), p.status(MUGS, "PICKED")
    )

    assert refused.outcome == "rejected"
    assert refused.error_code == "ORDER_CLAIMED_ELSEWHERE"
    assert refused.error_message is not None
    assert holder.device_id in refused.error_message and "holder" in refused.error_message
    assert held.error_code == "EARLIER_EVENT_REJECTED"
    assert [line["picked_qty"] for line in oms.order(MUGS)["lines"]] == [0]
    assert story(oms, holder, cursor) == [("claim_conflict", loser.device_id, holder.device_id)]
    assert _log(oms_process)[-1] == ("CONFLICT", loser.device_id, "picked_lines", holder.device_id)
    # The holder's own events pass.
    results = oms.push(
        holder,
        p.status(MUGS, "PICKING"),
        p.picked(MUGS, ("ACME-MUG-01", 2, "A-01-01-02")),
        p.status(MUGS, "PICKED"),
    )
    assert [r.outcome for r in results] == ["accepted"] * 3


@pytest.mark.parametrize("work", ["unpicked", "PICKING", "EXCEPTION"])
def test_every_kind_of_work_on_a_held_order_is_refused(oms: OmsDriver, work: str) -> None:
    holder = oms.enrol(name="holder")
    other = oms.enrol(name="other")
    claim(oms, holder, MUGS)
    if work == "unpicked":
        event = unpicked(MUGS, "ACME-MUG-01", 1)
    else:
        event = p.status(MUGS, work, error_code="DAMAGED" if work == "EXCEPTION" else None)
    assert oms.push_one(other, event).error_code == "ORDER_CLAIMED_ELSEWHERE"


def test_the_first_accepted_pick_claims_a_free_order(oms: OmsDriver) -> None:
    """A station that never asks (an older one, offline work) keeps working as before: its
    first pick of a free order is accepted and takes the claim for it (EVENT)."""
    first = oms.enrol(name="first")
    second = oms.enrol(name="second")
    cursor = head(oms, first)

    assert oms.push_one(first, p.status(TEA, "PICKING")).outcome == "accepted"

    assert story(oms, first, cursor) == [("order_claimed", first.device_id)]
    assert [(c["device_id"], c["how"]) for c in listed_claims(oms)] == [(first.device_id, "EVENT")]
    late = oms.push_one(second, p.picked(TEA, ("ACME-TEA-100", 1, "A-01-01-01")))
    assert late.error_code == "ORDER_CLAIMED_ELSEWHERE"
    asked = claim(oms, second, TEA)
    assert not asked.granted and asked.holder_device_id == first.device_id


def test_events_that_are_not_picking_take_no_claim_and_are_never_refused(
    oms: OmsDriver,
) -> None:
    holder = oms.enrol(name="holder")
    other = oms.enrol(name="other")
    command_id = oms.order(MUGS)["command_id"]
    cursor = head(oms, holder)
    assert oms.push_one(other, p.received(MUGS, command_id)).outcome == "accepted"
    assert story(oms, holder, cursor) == []  # a receipt claims nothing
    claim(oms, holder, MUGS)
    # The OMS asked for the cancel: any station's answer is taken, and frees the claim.
    assert oms.push_one(other, p.cancel_result(MUGS)).outcome == "accepted"
    assert story(oms, holder, cursor)[-1] == (
        "order_claim_released",
        holder.device_id,
        "CANCELLED",
    )


def test_another_station_packs_a_picked_order_without_asking(oms: OmsDriver) -> None:
    """Picking and packing may be two stations: a PICKED order's claim passes to the packing
    station, so its PACKED is taken even though it never asked, and frees the claim."""
    picker = oms.enrol(name="picker")
    packer = oms.enrol(name="packer")
    claim(oms, picker, TEA)
    oms.push(picker, p.status(TEA, "PICKING"), p.picked(TEA, ("ACME-TEA-100", 1, "A-01-01-01")))
    assert oms.push_one(packer, p.status(TEA, "PACKED")).error_code == "ORDER_CLAIMED_ELSEWHERE"
    assert oms.push_one(picker, p.status(TEA, "PICKED")).outcome == "accepted"
    cursor = head(oms, picker)

    assert oms.push_one(packer, p.status(TEA, "PACKED")).outcome == "accepted"

    assert story(oms, picker, cursor) == [("order_claim_released", picker.device_id, "PACKED")]
    assert listed_claims(oms) == []


def test_claim_entries_never_reach_a_reader_older_than_version_4(oms: OmsDriver) -> None:
    """An older station does not know the kinds: its pages leave them out, and its cursor
    follows the entries it gets (its own reader refuses a cursor past its page)."""
    holder = oms.enrol(name="holder")
    loser = oms.enrol(name="loser")
    start = head(oms, holder)
    claim(oms, holder, MUGS)
    oms.push_one(loser, p.picked(MUGS, ("ACME-MUG-01", 1, "A-01-01-02")))
    oms.push_one(holder, p.status(MUGS, "PICKING"))

    new = feed(oms, holder, start).entries
    old = feed(oms, holder, start, version=3).entries
    oldest = oms.feed(holder, after=start).entries  # no header: version 1

    assert [e.body.kind for e in new] == [
        "order_claimed",
        "claim_conflict",
        "station_event_accepted",
    ]
    for page in (old, oldest):
        assert [e.body.kind for e in page] == ["station_event_accepted"]
        assert [e.seq for e in page] == [new[-1].seq]
    # Nothing after the last entry it can read: an empty page that keeps the cursor.
    claim(oms, holder, TEA)
    tail = feed(oms, holder, new[-1].seq, version=3)
    assert (tail.entries, tail.next_cursor, tail.has_more) == ([], new[-1].seq, False)
    assert [e.body.kind for e in feed(oms, holder, new[-1].seq).entries] == ["order_claimed"]
