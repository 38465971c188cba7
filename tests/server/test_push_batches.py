"""Push batches: per-event outcomes, savepoints, duplicates, identity checks."""

from __future__ import annotations

import datetime as dt

import pytest

from oms_contract.sync_api import EARLIER_EVENT_REJECTED, PushResponse
from oms_server.demo import OPENING_STOCK
from oms_server.services import push_batch
from tests.server import payloads as p
from tests.server.driver import OmsDriver


def test_one_rejection_does_not_block_the_rest_of_the_batch(demo_oms: OmsDriver) -> None:
    station = demo_oms.enrol()
    on_hand = demo_oms.stock("ACME", "ACME-LAMP-02")["on_hand"]
    results = demo_oms.push(
        station,
        p.adjust("ACME", "ACME-LAMP-02", 2),
        p.adjust("ACME", "NO-SUCH-SKU", 1),
        p.adjust("ACME", "ACME-LAMP-02", -1000),
        p.adjust("ACME", "ACME-LAMP-02", -1),
    )
    assert [(r.outcome, r.error_code) for r in results] == [
        ("accepted", None),
        ("rejected", "SKU_NOT_FOUND"),
        ("rejected", "NEGATIVE_STOCK"),
        ("accepted", None),
    ]
    assert all(r.error_message for r in results if r.outcome == "rejected")
    assert demo_oms.stock("ACME", "ACME-LAMP-02")["on_hand"] == on_hand + 1
    report = demo_oms.admin_get("/monitoring").json()
    assert report["rejected_by_code"] == {"SKU_NOT_FOUND": 1, "NEGATIVE_STOCK": 1}


def test_a_retried_batch_answers_duplicate_and_changes_nothing(demo_oms: OmsDriver) -> None:
    station = demo_oms.enrol()
    events = [
        demo_oms.envelope(station, p.adjust("ACME", "ACME-LAMP-02", 1)),
        demo_oms.envelope(station, p.status("SO-DEMO-0003", "PICKING")),
    ]
    first = PushResponse.model_validate_json(demo_oms.push_envelopes(station, *events).content)
    after_first = demo_oms.stock("ACME", "ACME-LAMP-02")
    feed_head = demo_oms.feed(station).next_cursor

    again = PushResponse.model_validate_json(demo_oms.push_envelopes(station, *events).content)

    assert [r.outcome for r in first.results] == ["accepted", "accepted"]
    assert [r.outcome for r in again.results] == ["duplicate", "duplicate"]
    assert demo_oms.stock("ACME", "ACME-LAMP-02") == after_first
    assert demo_oms.feed(station).next_cursor == feed_head


def test_the_same_event_twice_in_one_batch_counts_once(demo_oms: OmsDriver) -> None:
    station = demo_oms.enrol()
    on_hand = demo_oms.stock("ACME", "ACME-LAMP-02")["on_hand"]
    event = demo_oms.envelope(station, p.adjust("ACME", "ACME-LAMP-02", 1))
    response = PushResponse.model_validate_json(
        demo_oms.push_envelopes(station, event, event).content
    )
    assert [r.outcome for r in response.results] == ["accepted", "duplicate"]
    assert demo_oms.stock("ACME", "ACME-LAMP-02")["on_hand"] == on_hand + 1


def test_a_rejected_event_may_be_pushed_again_once_fixed(demo_oms: OmsDriver) -> None:
    station = demo_oms.enrol()
    event = demo_oms.envelope(station, p.status("SO-T-0001", "PICKING"))
    first = PushResponse.model_validate_json(demo_oms.push_envelopes(station, event).content)
    assert first.results[0].error_code == "ORDER_NOT_FOUND"
    demo_oms.admin_post(
        "/outbound-commands", p.command(1, ("ACME-MUG-01", 1)).model_dump(mode="json")
    )
    again = PushResponse.model_validate_json(demo_oms.push_envelopes(station, event).content)
    assert again.results[0].outcome == "accepted"


def test_events_naming_another_station_or_warehouse_are_rejected(demo_oms: OmsDriver) -> None:
    station = demo_oms.enrol()
    other = demo_oms.enrol("WH2")
    foreign_station = demo_oms.envelope(other, p.adjust("ACME", "ACME-LAMP-02", 1))
    foreign_warehouse = demo_oms.envelope(station, p.adjust("ACME", "ACME-LAMP-02", 1))
    foreign_warehouse = foreign_warehouse.model_copy(update={"warehouse_id": "WH2"})
    response = PushResponse.model_validate_json(
        demo_oms.push_envelopes(station, foreign_station, foreign_warehouse).content
    )
    assert [r.error_code for r in response.results] == ["STATION_MISMATCH", "WAREHOUSE_MISMATCH"]


def test_order_of_another_warehouse_is_rejected(demo_oms: OmsDriver) -> None:
    other = demo_oms.enrol("WH2")
    result = demo_oms.push_one(other, p.status("SO-DEMO-0001", "PICKING"))
    assert result.error_code == "WAREHOUSE_MISMATCH"
    report = demo_oms.push_one(other, p.stock_report("ACME", "ACME-MUG-01", 5, "WH01"))
    assert report.error_code == "WAREHOUSE_MISMATCH"


def test_stock_reports_are_informational_and_feed_the_latency_figure(demo_oms: OmsDriver) -> None:
    station = demo_oms.enrol()
    before = demo_oms.stock("ACME", "ACME-MUG-01")
    late = dt.datetime.now(dt.UTC) - dt.timedelta(seconds=30)
    demo_oms.push_envelopes(
        station,
        demo_oms.envelope(station, p.stock_report("ACME", "ACME-MUG-01", 77), occurred_at=late),
    )
    after = demo_oms.stock("ACME", "ACME-MUG-01")
    assert (after["on_hand"], after["reserved"]) == (before["on_hand"], before["reserved"])
    assert after["station_available_qty"] == 77
    latency = demo_oms.admin_get("/monitoring").json()["stock_sync_latency"]
    assert latency["samples"] == 1
    assert latency["last_ms"] >= 30_000
    assert latency["alert"] is True


def test_later_events_of_a_rejected_order_in_the_same_batch_are_not_judged(
    demo_oms: OmsDriver,
) -> None:
    station = demo_oms.enrol()
    results = demo_oms.push(
        station,
        p.status("SO-DEMO-0004", "PACKED"),
        p.status("SO-DEMO-0004", "PICKING"),
        p.status("SO-DEMO-0005", "PICKING"),
    )
    assert [(r.outcome, r.error_code) for r in results] == [
        ("accepted", None),
        ("rejected", "STATUS_BACKWARDS"),
        ("accepted", None),
    ]
    held = demo_oms.push(
        station,
        p.status("SO-DEMO-0006", "SHIPPED"),
        p.status("SO-DEMO-0006", "PICKING"),
        p.status("SO-DEMO-0006", "PICKED"),
    )
    # The second is refused on its own merits; the third must wait behind it, unjudged.
    assert [(r.outcome, r.error_code) for r in held] == [
        ("accepted", None),
        ("rejected", "STATUS_BACKWARDS"),
        ("rejected", EARLIER_EVENT_REJECTED),
    ]
    order = demo_oms.admin_get("/orders/SO-DEMO-0006").json()
    assert order["status"] == "SHIPPED"
    assert "PICKED" not in [entry["status"] for entry in order["history"]]


def test_a_run_that_loses_the_unique_key_race_is_pushed_again_one_by_one(
    demo_oms: OmsDriver, monkeypatch: pytest.MonkeyPatch
) -> None:
    station = demo_oms.enrol()
    on_hand = demo_oms.stock("ACME", "ACME-LAMP-02")["on_hand"]
    first = demo_oms.envelope(station, p.adjust("ACME", "ACME-LAMP-02", 1))
    assert demo_oms.push_envelopes(station, first).status_code == 200
    # As if another transaction committed the same event_id after this run read the ids:
    # the bulk insert hits the unique key, and the run goes again event by event.
    monkeypatch.setattr(push_batch, "accepted_event_ids", lambda _session, _ids: set())
    second = demo_oms.envelope(station, p.adjust("ACME", "ACME-LAMP-02", 2))
    response = PushResponse.model_validate_json(
        demo_oms.push_envelopes(station, first, second).content
    )
    assert [r.outcome for r in response.results] == ["duplicate", "accepted"]
    assert demo_oms.stock("ACME", "ACME-LAMP-02")["on_hand"] == on_hand + 3
    kinds = [entry.body.kind for entry in demo_oms.feed(station).entries]
    assert kinds.count("station_event_accepted") == 2 + len(OPENING_STOCK)


def test_a_mixed_batch_interleaving_set_based_and_per_event_types(demo_oms: OmsDriver) -> None:
    station = demo_oms.enrol()
    on_hand = demo_oms.stock("ACME", "ACME-LAMP-02")["on_hand"]
    results = demo_oms.push(
        station,
        p.received("SO-DEMO-0007", "CMD-DEMO-0007"),
        p.status("SO-DEMO-0007", "PACKED"),
        p.adjust("ACME", "ACME-LAMP-02", -1000),
        p.status("SO-DEMO-0007", "PICKING"),
        p.received("SO-DEMO-0007", "CMD-DEMO-0007"),
        p.adjust("ACME", "ACME-LAMP-02", 4),
        p.received("SO-DEMO-0008", "CMD-WRONG"),
        p.status("SO-DEMO-0008", "PICKING"),
        p.received("SO-DEMO-0009", "CMD-DEMO-0009"),
    )
    assert [(r.outcome, r.error_code) for r in results] == [
        ("accepted", None),
        ("accepted", None),
        ("rejected", "NEGATIVE_STOCK"),
        ("rejected", "STATUS_BACKWARDS"),
        ("rejected", EARLIER_EVENT_REJECTED),
        ("accepted", None),
        ("rejected", "COMMAND_MISMATCH"),
        ("rejected", EARLIER_EVENT_REJECTED),
        ("accepted", None),
    ]
    assert demo_oms.stock("ACME", "ACME-LAMP-02")["on_hand"] == on_hand + 4
    assert demo_oms.order("SO-DEMO-0007")["status"] == "PACKED"
    assert demo_oms.order("SO-DEMO-0008")["status"] == "CREATED"
    assert demo_oms.order("SO-DEMO-0009")["status"] == "RECEIVED"
