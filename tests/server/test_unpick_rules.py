"""The OMS's rules for ``unpicked``: picked units going back to their bin before packing."""

from __future__ import annotations

from oms_contract.events import StockMovement, Unpicked, UnpickedLine
from tests.server import payloads as p
from tests.server.driver import OmsDriver, StationSession

MUGS = "SO-DEMO-0001"  # 2 × ACME-MUG-01


def unpicked(order_no: str, sku_id: str, quantity: int, location: str = "A-01-01-02") -> Unpicked:
    return Unpicked(
        order_no=order_no,
        lines=[UnpickedLine(sku_id=sku_id, quantity=quantity, location_code=location)],
        movements=[
            StockMovement(location_code=location, owner_id="ACME", sku_id=sku_id, delta=quantity)
        ],
    )


def _picked_mugs(oms: OmsDriver) -> StationSession:
    station = oms.enrol()
    results = oms.push(
        station,
        p.status(MUGS, "PICKING"),
        p.picked(MUGS, ("ACME-MUG-01", 2, "A-01-01-02")),
        p.status(MUGS, "PICKED"),
    )
    assert [r.outcome for r in results] == ["accepted"] * 3
    return station


def test_unpick_lowers_the_picked_quantity_and_reopens_a_picked_order(
    demo_oms: OmsDriver,
) -> None:
    station = _picked_mugs(demo_oms)
    stock_before = demo_oms.stock("ACME", "ACME-MUG-01")
    result = demo_oms.push_one(station, unpicked(MUGS, "ACME-MUG-01", 1))
    assert result.outcome == "accepted", result
    order = demo_oms.order(MUGS)
    assert order["status"] == "PICKING"
    assert [line["picked_qty"] for line in order["lines"]] == [1]
    assert order["history"][-1]["status"] == "UNPICKED"
    assert demo_oms.stock("ACME", "ACME-MUG-01") == stock_before  # logical stock stays
    # The picker picks the unit again: PICKED follows PICKING, nothing goes backwards.
    results = demo_oms.push(
        station,
        p.picked(MUGS, ("ACME-MUG-01", 1, "A-01-01-02")),
        p.status(MUGS, "PICKED"),
    )
    assert [r.outcome for r in results] == ["accepted", "accepted"]
    assert demo_oms.order(MUGS)["status"] == "PICKED"


def test_unpick_refusals_change_nothing(demo_oms: OmsDriver) -> None:
    station = _picked_mugs(demo_oms)
    before = demo_oms.order(MUGS)
    too_many = demo_oms.push_one(station, unpicked(MUGS, "ACME-MUG-01", 3))
    assert too_many.error_code == "UNPICK_EXCEEDS_PICKED"
    foreign = demo_oms.push_one(station, unpicked(MUGS, "ACME-LAMP-02", 1))
    assert foreign.error_code == "SKU_NOT_ON_ORDER"
    assert demo_oms.order(MUGS) == before

    packed = demo_oms.push_one(station, p.status(MUGS, "PACKED"))
    assert packed.outcome == "accepted"
    late = demo_oms.push_one(station, unpicked(MUGS, "ACME-MUG-01", 1))
    assert late.error_code == "STATUS_BACKWARDS"
    assert demo_oms.order(MUGS)["status"] == "PACKED"


def test_unpick_and_lost_pick_movements_must_say_what_the_event_says(demo_oms: OmsDriver) -> None:
    station = _picked_mugs(demo_oms)
    honest = unpicked(MUGS, "ACME-MUG-01", 1)
    taking = StockMovement(
        location_code="A-01-01-02", owner_id="ACME", sku_id="ACME-MUG-01", delta=-1
    )
    forged = honest.model_copy(update={"movements": [taking]})  # an unpick taking goods away
    assert demo_oms.push_one(station, forged).error_code == "MOVEMENTS_MISMATCH"
    other_bin = StockMovement(
        location_code="B-01-01-01", owner_id="ACME", sku_id="ACME-MUG-01", delta=1
    )
    elsewhere = honest.model_copy(update={"movements": [other_bin]})  # not the line's bin
    assert demo_oms.push_one(station, elsewhere).error_code == "MOVEMENTS_MISMATCH"

    # A lost order's picks are reported as taken out of the bin (app/supervision/lost_orders.py) ...
    report = p.stock_report("ACME", "ACME-MUG-01", 50)
    taken = report.model_copy(update={"movements": [taking]})
    assert demo_oms.push_one(station, taken).outcome == "accepted"
    # ... and never as goods appearing in one.
    added = report.model_copy(update={"movements": [honest.movements[0]]})
    assert demo_oms.push_one(station, added).error_code == "MOVEMENTS_MISMATCH"
