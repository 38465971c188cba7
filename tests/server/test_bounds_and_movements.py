"""Numbers the stores cannot hold, loose types, cursors past the head and forged movements
are refused with a clear answer, and change nothing.

The wire checks run against the real ``oms-server`` process; the movement rules run in
process on SQLite and PostgreSQL.
"""

from __future__ import annotations

import datetime as dt
import json
import uuid
from typing import Any

import httpx
import pytest

from oms_contract.base import MAX_QUANTITY
from oms_contract.events import (
    EventPayload,
    InboundReceived,
    InboundReceivedLine,
    InventoryAdjusted,
    OutboundStatus,
    OutboundStatusChanged,
    PickedLine,
    PickedLines,
    StockBucket,
    StockChanged,
    StockChangeType,
    StockMovement,
)
from oms_contract.sync_api import PushRequest
from oms_server.models import Station
from oms_server.services import push
from tests.server import payloads as p
from tests.server.driver import OmsDriver
from tests.support.oms_process import RunningOms

# --- On the wire, against the real process --------------------------------------------------


def _event(station: dict[str, str], payload: dict[str, Any], seq: Any = 1) -> dict[str, Any]:
    return {
        "event_id": uuid.uuid4().hex,
        "station_id": station["device_id"],
        "station_seq": seq,
        "warehouse_id": station["warehouse_id"],
        "operator": "P001",
        "occurred_at": dt.datetime.now(dt.UTC).isoformat(),
        "payload": payload,
    }


def _adjustment(quantity: Any, movements: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    return {
        "event_type": "inventory_adjusted",
        "adjustment_no": "ADJ-" + uuid.uuid4().hex[:8],
        "owner_id": "ACME",
        "sku_id": "ACME-MUG-01",
        "quantity": quantity,
        "reason_code": "FOUND",
        "movements": movements or [],
    }


def _post(oms: RunningOms, station: dict[str, str], body: object) -> httpx.Response:
    return httpx.post(
        oms.api_url + "/events",
        content=json.dumps(body),
        headers={"Authorization": f"Bearer {station['token']}", "Content-Type": "application/json"},
        timeout=30,
    )


def _feed(oms: RunningOms, station: dict[str, str], after: object) -> httpx.Response:
    return httpx.get(
        oms.api_url + "/warehouses/WH01/feed",
        params={"after": str(after), "limit": 2000},
        headers={"Authorization": f"Bearer {station['token']}"},
        timeout=30,
    )


def _refusal(response: httpx.Response, status: int = 422) -> tuple[str, str | None]:
    assert response.status_code == status, response.text
    body = response.json()
    assert body["message"], body
    return body["error_code"], body["field"]


def test_out_of_range_and_loosely_typed_numbers_are_refused_422(
    oms_demo_server: RunningOms,
) -> None:
    oms = oms_demo_server
    station = oms.enrol("WH01")
    head = _feed(oms, station, 0).json()["next_cursor"]
    huge = 2**70

    assert _refusal(_post(oms, station, {"events": [_event(station, _adjustment(1), huge)]})) == (
        "VALIDATION_FAILED",
        "events.0.station_seq",
    )
    assert _refusal(_feed(oms, station, huge)) == ("VALIDATION_FAILED", "after")
    # A cursor past the head would hide the station's backlog: refused, the head itself is fine.
    assert _refusal(_feed(oms, station, head + 1)) == ("CURSOR_BEYOND_HEAD", "after")
    assert _feed(oms, station, head).status_code == 200
    for loose in ("5", True, 5.0):
        response = _post(oms, station, {"events": [_event(station, _adjustment(loose))]})
        assert _refusal(response) == (
            "VALIDATION_FAILED",
            "events.0.payload.inventory_adjusted.quantity",
        )
    response = _post(oms, station, {"events": [_event(station, _adjustment(1), "7")]})
    assert _refusal(response) == ("VALIDATION_FAILED", "events.0.station_seq")
    # PostgreSQL text cannot hold NUL: refused before it reaches a store.
    with_nul = {**_adjustment(1), "adjustment_no": "ADJ-\u0000-1"}
    assert _refusal(_post(oms, station, {"events": [_event(station, with_nul)]}))[0] == (
        "VALIDATION_FAILED"
    )

    bins = {"locations": [{"code": "Z-99", "zone": "Z", "pick_sequence": huge}]}
    response = oms.admin_post("/master-data", bins, warehouse_id="WH01")
    assert _refusal(response) == ("VALIDATION_FAILED", "locations.0.pick_sequence")
    ext_info = {f"k{n}": "v" for n in range(51)}
    command = p.command(9001, ("ACME-MUG-01", 1)).model_dump(mode="json")
    response = oms.admin_post("/outbound-commands", {**command, "ext_info": ext_info})
    assert _refusal(response) == ("VALIDATION_FAILED", "ext_info")
    response = oms.admin_post(
        "/outbound-commands", {**command, "items": [{**command["items"][0], "quantity": "1"}]}
    )
    assert _refusal(response) == ("VALIDATION_FAILED", "items.0.quantity")
    # Nothing of this reached the feed.
    assert _feed(oms, station, head).json()["entries"] == []


def test_contract_limits_refuse_oversized_lists(oms_demo_server: RunningOms) -> None:
    oms = oms_demo_server
    station = oms.enrol("WH01")
    movement = {
        "location_code": "A-01-01-02",
        "owner_id": "ACME",
        "sku_id": "ACME-MUG-01",
        "delta": 1,
    }
    too_many_moves = _adjustment(1001, [movement] * 1001)
    response = _post(oms, station, {"events": [_event(station, too_many_moves)]})
    assert _refusal(response) == (
        "VALIDATION_FAILED",
        "events.0.payload.inventory_adjusted.movements",
    )
    events = [_event(station, _adjustment(1), seq) for seq in range(1, 1002)]
    assert _refusal(_post(oms, station, {"events": events})) == ("VALIDATION_FAILED", "events")


def test_the_forged_adjustment_from_the_attack_is_rejected_and_reaches_no_peer(
    oms_demo_server: RunningOms,
) -> None:
    """quantity 0, a movement adding 9,999,999 of an unknown SKU in an unknown bin."""
    oms = oms_demo_server
    station = oms.enrol("WH01")
    head = _feed(oms, station, 0).json()["next_cursor"]
    forged = _adjustment(
        0,
        [{"location_code": "NOWHERE", "owner_id": "ACME", "sku_id": "NO-SUCH", "delta": 9_999_999}],
    )
    response = _post(oms, station, {"events": [_event(station, forged)]})
    assert response.status_code == 200
    (result,) = response.json()["results"]
    assert (result["outcome"], result["error_code"]) == ("rejected", "LOCATION_NOT_FOUND")
    assert _feed(oms, station, head).json()["entries"] == []


# --- The movement rules, in process on SQLite and PostgreSQL ----------------------------------


def _move(
    delta: int,
    bucket: StockBucket = StockBucket.ON_HAND,
    location: str = "A-01-01-02",
    sku: str = "ACME-MUG-01",
    owner: str = "ACME",
) -> StockMovement:
    return StockMovement(
        location_code=location, owner_id=owner, sku_id=sku, bucket=bucket, delta=delta
    )


def _adjust(quantity: int, *moves: StockMovement, location: str | None = None) -> InventoryAdjusted:
    return InventoryAdjusted(
        adjustment_no="ADJ-X",
        owner_id="ACME",
        sku_id="ACME-MUG-01",
        quantity=quantity,
        reason_code="FOUND",
        location_code=location,
        movements=list(moves),
    )


def _report(kind: StockChangeType, *moves: StockMovement) -> StockChanged:
    return StockChanged(
        warehouse_id="WH01",
        owner_id="ACME",
        sku_id="ACME-MUG-01",
        change_type=kind,
        change_qty=0,
        available_qty=10,
        movements=list(moves),
    )


def _receipt(*moves: StockMovement) -> InboundReceived:
    return InboundReceived(
        inbound_no="IN-DEMO-0001",
        owner_id="ACME",
        lines=[InboundReceivedLine(sku_id="ACME-MUG-01", expected_qty=24, received_qty=24)],
        movements=list(moves),
    )


FORGED: dict[str, tuple[EventPayload, str]] = {
    "unknown bin": (_adjust(5, _move(5, location="NOWHERE")), "LOCATION_NOT_FOUND"),
    "quantity 0 adding stock": (_adjust(0, _move(9_999_999)), "MOVEMENTS_MISMATCH"),
    "another SKU in the movement": (
        _adjust(5, _move(5, sku="ACME-LAMP-02")),
        "MOVEMENTS_MISMATCH",
    ),
    "movement outside the adjusted bin": (
        _adjust(5, _move(5, location="A-02-01-01"), location="A-01-01-02"),
        "MOVEMENTS_MISMATCH",
    ),
    "count adding frozen units": (
        _adjust(0, _move(3, StockBucket.FROZEN)),
        "MOVEMENTS_MISMATCH",
    ),
    "move that creates stock": (
        _report(StockChangeType.MOVE, _move(-2), _move(5, location="A-02-01-01")),
        "MOVEMENTS_MISMATCH",
    ),
    "freeze that adds on-hand": (_report(StockChangeType.FREEZE, _move(4)), "MOVEMENTS_MISMATCH"),
    "unfreeze that freezes": (
        _report(StockChangeType.UNFREEZE, _move(4, StockBucket.FROZEN)),
        "MOVEMENTS_MISMATCH",
    ),
    "allocation carrying movements": (
        _report(StockChangeType.ALLOCATION, _move(-1)),
        "MOVEMENTS_MISMATCH",
    ),
    "put-back of more than the OMS holds": (
        _report(StockChangeType.PUT_BACK, _move(5_000_000)),
        "MOVEMENTS_MISMATCH",
    ),
    "receipt adding more than received": (_receipt(_move(25)), "MOVEMENTS_MISMATCH"),
    "receipt into another owner's SKU": (
        _receipt(_move(24, sku="LOT-SOAP-01", owner="LOTUS")),
        "MOVEMENTS_MISMATCH",
    ),
    "status callback moving stock": (
        OutboundStatusChanged(
            order_no="SO-DEMO-0001",
            wms_outbound_no="W1",
            status=OutboundStatus.PICKING,
            status_time=dt.datetime.now(dt.UTC),
            movements=[_move(7)],
        ),
        "MOVEMENTS_MISMATCH",
    ),
}


@pytest.mark.parametrize("case", FORGED)
def test_movements_that_do_not_match_their_event_are_rejected_and_change_nothing(
    demo_oms: OmsDriver, case: str
) -> None:
    payload, code = FORGED[case]
    station = demo_oms.enrol()
    head = demo_oms.feed(station).next_cursor
    stock = demo_oms.stock("ACME", "ACME-MUG-01")
    result = demo_oms.push_one(station, payload)
    assert (result.outcome, result.error_code) == ("rejected", code), result.error_message
    assert result.error_message
    assert demo_oms.feed(station, after=head).entries == []
    assert demo_oms.stock("ACME", "ACME-MUG-01") == stock


def test_a_pick_whose_movement_adds_stock_is_rejected(demo_oms: OmsDriver) -> None:
    station = demo_oms.enrol()
    order_no = "SO-DEMO-0001"
    order = demo_oms.order(order_no)
    sku = order["lines"][0]["sku_id"]
    owner = order["owner_id"]
    forged = PickedLines(
        order_no=order_no,
        lines=[PickedLine(sku_id=sku, quantity=1, location_code="A-01-01-02")],
        movements=[_move(+1, sku=sku, owner=owner)],
    )
    result = demo_oms.push_one(station, forged)
    assert (result.outcome, result.error_code) == ("rejected", "MOVEMENTS_MISMATCH")
    assert demo_oms.order(order_no)["lines"] == order["lines"]


def test_matching_movements_are_accepted_and_reach_peers(demo_oms: OmsDriver) -> None:
    station = demo_oms.enrol()
    head = demo_oms.feed(station).next_cursor
    on_hand = demo_oms.stock("ACME", "ACME-MUG-01")["on_hand"]
    accepted = [
        _adjust(5, _move(5), location="A-01-01-02"),
        _report(StockChangeType.MOVE, _move(-2), _move(2, location="A-02-01-01")),
        _report(StockChangeType.FREEZE, _move(1, StockBucket.FROZEN)),
        _receipt(_move(24, location="A-02-01-01")),
    ]
    for payload in accepted:
        result = demo_oms.push_one(station, payload)
        assert result.outcome == "accepted", (payload.event_type, result.error_message)
    assert len(demo_oms.feed(station, after=head).entries) == len(accepted)
    assert demo_oms.stock("ACME", "ACME-MUG-01")["on_hand"] == on_hand + 5 + 24


def test_stock_never_passes_the_most_a_warehouse_may_hold(demo_oms: OmsDriver) -> None:
    """Else every peer's StockChanged for the SKU would carry an invalid available figure."""
    station = demo_oms.enrol()
    on_hand = demo_oms.stock("ACME", "ACME-MUG-01")["on_hand"]
    result = demo_oms.push_one(station, p.adjust("ACME", "ACME-MUG-01", MAX_QUANTITY - on_hand))
    assert result.outcome == "accepted"
    result = demo_oms.push_one(station, p.adjust("ACME", "ACME-MUG-01", 1))
    assert (result.outcome, result.error_code) == ("rejected", "STOCK_LIMIT_EXCEEDED")
    assert demo_oms.stock("ACME", "ACME-MUG-01")["on_hand"] == MAX_QUANTITY


@pytest.mark.parametrize("case", FORGED)
def test_the_per_event_path_rejects_forged_movements_with_the_same_code(
    demo_oms: OmsDriver, case: str
) -> None:
    """The set-based runs fall back to this path when they lose a unique-key race."""
    payload, code = FORGED[case]
    station = demo_oms.enrol()
    request = PushRequest(events=[demo_oms.envelope(station, payload)])
    assert demo_oms.db is not None
    with demo_oms.db.write_transaction() as session:
        row = session.get(Station, station.device_id)
        assert row is not None
        (result,) = push.push_events_one_by_one(session, row, request).results
    assert (result.outcome, result.error_code) == ("rejected", code), result.error_message
