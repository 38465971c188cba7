"""Outbound commands and the status rules the stations' callbacks must follow."""

from __future__ import annotations

from oms_contract.events import CancelOutcome, OutboundStatus, ReceiveResult
from tests.server import payloads as p
from tests.server.driver import OmsDriver


def _create(oms: OmsDriver, number: int, *items: tuple[str, int]) -> str:
    response = oms.admin_post(
        "/outbound-commands", p.command(number, *items).model_dump(mode="json")
    )
    assert response.status_code == 201, response.text
    return f"SO-T-{number:04d}"


def test_command_reserves_logical_stock_and_reaches_the_feed(demo_oms: OmsDriver) -> None:
    before = demo_oms.stock("ACME", "ACME-LAMP-02")
    order_no = _create(demo_oms, 1, ("ACME-LAMP-02", 3))
    after = demo_oms.stock("ACME", "ACME-LAMP-02")
    assert after["reserved"] == before["reserved"] + 3
    assert after["on_hand"] == before["on_hand"]

    station = demo_oms.enrol()
    commands = [
        entry.body.command.order_no
        for entry in demo_oms.feed(station).entries
        if entry.body.kind == "outbound_command_created"
    ]
    assert commands[-1] == order_no
    assert demo_oms.order(order_no)["status"] == "CREATED"


def test_same_command_twice_is_one_order(demo_oms: OmsDriver) -> None:
    body = p.command(2, ("ACME-MUG-01", 1)).model_dump(mode="json")
    assert demo_oms.admin_post("/outbound-commands", body).status_code == 201
    reserved = demo_oms.stock("ACME", "ACME-MUG-01")["reserved"]

    repeat = demo_oms.admin_post("/outbound-commands", body)

    assert repeat.status_code == 200
    assert repeat.json()["order_no"] == "SO-T-0002"
    assert demo_oms.stock("ACME", "ACME-MUG-01")["reserved"] == reserved


def test_changed_command_under_a_known_id_is_refused(demo_oms: OmsDriver) -> None:
    _create(demo_oms, 3, ("ACME-MUG-01", 1))
    changed = p.command(3, ("ACME-MUG-01", 2)).model_dump(mode="json")
    response = demo_oms.admin_post("/outbound-commands", changed)
    assert response.status_code == 409
    assert response.json()["error_code"] == "COMMAND_CONFLICT"

    other_id = dict(changed, command_id="CMD-OTHER")
    response = demo_oms.admin_post("/outbound-commands", other_id)
    assert response.status_code == 409
    assert response.json()["error_code"] == "ORDER_EXISTS"


def test_command_beyond_available_stock_is_refused_and_reserves_nothing(
    demo_oms: OmsDriver,
) -> None:
    before = demo_oms.stock("ACME", "ACME-LAMP-02")
    response = demo_oms.admin_post(
        "/outbound-commands",
        p.command(4, ("ACME-MUG-01", 1), ("ACME-LAMP-02", 1000)).model_dump(mode="json"),
    )
    assert response.status_code == 409
    assert response.json()["error_code"] == "INSUFFICIENT_STOCK"
    assert "ACME-LAMP-02" in response.json()["message"]
    assert demo_oms.stock("ACME", "ACME-LAMP-02") == before
    assert demo_oms.admin_get("/orders/SO-T-0004").status_code == 404


def test_command_for_unknown_sku_or_owner_is_refused(demo_oms: OmsDriver) -> None:
    response = demo_oms.admin_post(
        "/outbound-commands", p.command(5, ("NO-SUCH-SKU", 1)).model_dump(mode="json")
    )
    assert (response.status_code, response.json()["error_code"]) == (409, "SKU_NOT_FOUND")
    response = demo_oms.admin_post(
        "/outbound-commands",
        p.command(6, ("ACME-MUG-01", 1), owner="NOBODY").model_dump(mode="json"),
    )
    assert (response.status_code, response.json()["error_code"]) == (409, "OWNER_NOT_FOUND")


def test_full_flow_ships_the_picked_quantity_and_releases_the_reservation(
    demo_oms: OmsDriver,
) -> None:
    station = demo_oms.enrol()
    order_no = _create(demo_oms, 7, ("ACME-MUG-01", 4), ("ACME-CABLE-C", 2))
    mug_before = demo_oms.stock("ACME", "ACME-MUG-01")
    cable_before = demo_oms.stock("ACME", "ACME-CABLE-C")

    results = demo_oms.push(
        station,
        p.received(order_no, "CMD-T-0007"),
        p.status(order_no, "PICKING"),
        # A short pick: three mugs of four.
        p.picked(order_no, ("ACME-MUG-01", 3, "A-01-01-02"), ("ACME-CABLE-C", 2, "A-01-02-03")),
        p.status(order_no, "PICKED"),
        p.status(order_no, "PACKED"),
        p.status(order_no, "SHIPPED", tracking_no="SF1234567890", weight="1.234", package_count=2),
    )

    assert [r.outcome for r in results] == ["accepted"] * 6
    order = demo_oms.order(order_no)
    assert order["status"] == "SHIPPED"
    assert order["tracking_no"] == "SF1234567890"
    assert order["package_count"] == 2
    assert order["weight"] == "1.234"
    assert order["receive_result"] == "SUCCESS"
    assert {(line["sku_id"], line["shipped_qty"]) for line in order["lines"]} == {
        ("ACME-MUG-01", 3),
        ("ACME-CABLE-C", 2),
    }
    assert len(order["picked_lines"]) == 2
    assert [h["status"] for h in order["history"]] == [
        "CREATED",
        "RECEIVED",
        "PICKING",
        "PICKED",
        "PACKED",
        "SHIPPED",
    ]
    mug_after = demo_oms.stock("ACME", "ACME-MUG-01")
    assert mug_after["on_hand"] == mug_before["on_hand"] - 3
    assert mug_after["reserved"] == mug_before["reserved"] - 4
    cable_after = demo_oms.stock("ACME", "ACME-CABLE-C")
    assert cable_after["on_hand"] == cable_before["on_hand"] - 2
    assert cable_after["reserved"] == cable_before["reserved"] - 2


def test_status_going_backwards_is_rejected(demo_oms: OmsDriver) -> None:
    station = demo_oms.enrol()
    results = demo_oms.push(
        station,
        p.status("SO-DEMO-0001", "PACKED"),
        p.status("SO-DEMO-0001", "PICKING"),
    )
    assert results[0].outcome == "accepted"
    assert (results[1].outcome, results[1].error_code) == ("rejected", "STATUS_BACKWARDS")
    assert demo_oms.order("SO-DEMO-0001")["status"] == "PACKED"


def test_repeating_the_current_status_is_harmless(demo_oms: OmsDriver) -> None:
    station = demo_oms.enrol()
    other = demo_oms.enrol(name="second station")
    on_hand = demo_oms.stock("ACME", "ACME-MUG-01")["on_hand"]
    assert demo_oms.push_one(station, p.status("SO-DEMO-0001", "SHIPPED")).outcome == "accepted"
    again = demo_oms.push_one(other, p.status("SO-DEMO-0001", "SHIPPED"))
    assert again.outcome == "accepted"
    # SO-DEMO-0001 is two mugs, shipped once.
    assert demo_oms.stock("ACME", "ACME-MUG-01")["on_hand"] == on_hand - 2


def test_exception_may_come_from_any_open_status_and_work_resumes(demo_oms: OmsDriver) -> None:
    station = demo_oms.enrol()
    results = demo_oms.push(
        station,
        p.status("SO-DEMO-0002", "PICKING"),
        p.status("SO-DEMO-0002", "EXCEPTION", error_code="DAMAGED_GOODS"),
        p.status("SO-DEMO-0002", "PICKED"),
    )
    assert [r.outcome for r in results] == ["accepted"] * 3
    order = demo_oms.order("SO-DEMO-0002")
    assert order["status"] == "PICKED"
    assert order["error_code"] == "DAMAGED_GOODS"


def test_nothing_follows_shipped(demo_oms: OmsDriver) -> None:
    station = demo_oms.enrol()
    demo_oms.push(station, p.status("SO-DEMO-0003", "SHIPPED"))
    # One batch each: in a shared batch the later ones would wait behind the first refusal.
    attempts = [
        p.status("SO-DEMO-0003", "EXCEPTION"),
        p.status("SO-DEMO-0003", "CANCELLED"),
        p.cancel_result("SO-DEMO-0003"),
    ]
    results = [demo_oms.push_one(station, payload) for payload in attempts]
    assert [r.error_code for r in results] == [
        "STATUS_BACKWARDS",
        "ORDER_ALREADY_SHIPPED",
        "ORDER_ALREADY_SHIPPED",
    ]


def test_unknown_order_is_rejected(demo_oms: OmsDriver) -> None:
    station = demo_oms.enrol()
    result = demo_oms.push_one(station, p.status("SO-NOPE", "PICKING"))
    assert (result.outcome, result.error_code) == ("rejected", "ORDER_NOT_FOUND")
    result = demo_oms.push_one(station, p.received("SO-NOPE", "CMD-NOPE"))
    assert result.error_code == "ORDER_NOT_FOUND"


def test_received_for_the_wrong_command_is_rejected(demo_oms: OmsDriver) -> None:
    station = demo_oms.enrol()
    result = demo_oms.push_one(station, p.received("SO-DEMO-0001", "CMD-DEMO-0002"))
    assert result.error_code == "COMMAND_MISMATCH"


def test_over_pick_and_foreign_sku_are_rejected_and_change_nothing(demo_oms: OmsDriver) -> None:
    station = demo_oms.enrol()
    over = demo_oms.push_one(
        station,
        # The first line is fine, the second too many: the whole event changes nothing.
        p.picked(
            "SO-DEMO-0002", ("ACME-TEA-100", 3, "A-01-01-01"), ("ACME-CABLE-C", 2, "A-01-02-03")
        ),
    )
    assert over.error_code == "OVER_PICK"
    foreign = demo_oms.push_one(station, p.picked("SO-DEMO-0002", ("ACME-LAMP-02", 1, "A-1")))
    assert foreign.error_code == "SKU_NOT_ON_ORDER"
    unknown = demo_oms.push_one(station, p.picked("SO-DEMO-0002", ("NO-SUCH", 1, "A-1")))
    assert unknown.error_code == "SKU_NOT_FOUND"
    order = demo_oms.order("SO-DEMO-0002")
    assert order["picked_lines"] == []
    assert all(line["picked_qty"] == 0 for line in order["lines"])


def test_cancel_flow_releases_the_reservation_and_refuses_shipping(demo_oms: OmsDriver) -> None:
    station = demo_oms.enrol()
    reserved = demo_oms.stock("LOTUS", "LOT-SOAP-01")["reserved"]

    response = demo_oms.admin_post("/outbound-commands/SO-DEMO-0007/cancel", {"reason": "客户取消"})
    assert response.status_code == 202
    assert response.json()["cancel_requested"] is True
    assert demo_oms.admin_post("/outbound-commands/SO-DEMO-0007/cancel").status_code == 200
    cancels = [
        entry.body.cancel.order_no
        for entry in demo_oms.feed(station).entries
        if entry.body.kind == "cancel_requested"
    ]
    assert cancels == ["SO-DEMO-0007"]
    assert demo_oms.order("SO-DEMO-0007")["status"] == "CREATED"

    assert demo_oms.push_one(station, p.cancel_result("SO-DEMO-0007")).outcome == "accepted"
    assert demo_oms.order("SO-DEMO-0007")["status"] == "CANCELLED"
    # SO-DEMO-0007 is five bars of soap.
    assert demo_oms.stock("LOTUS", "LOT-SOAP-01")["reserved"] == reserved - 5

    shipped = demo_oms.push_one(station, p.status("SO-DEMO-0007", "SHIPPED"))
    assert (shipped.outcome, shipped.error_code) == ("rejected", "ORDER_CANCELLED")
    # A second station's CANCELLED is a harmless repeat and releases nothing twice.
    assert demo_oms.push_one(station, p.status("SO-DEMO-0007", "CANCELLED")).outcome == "accepted"
    assert demo_oms.stock("LOTUS", "LOT-SOAP-01")["reserved"] == reserved - 5


def test_cancel_refused_when_already_shipped(demo_oms: OmsDriver) -> None:
    station = demo_oms.enrol()
    demo_oms.admin_post("/outbound-commands/SO-DEMO-0008/cancel")
    result = demo_oms.push_one(
        station, p.cancel_result("SO-DEMO-0008", CancelOutcome.REFUSED_ALREADY_SHIPPED)
    )
    assert result.outcome == "accepted"
    assert demo_oms.order("SO-DEMO-0008")["cancel_refused"] is True

    demo_oms.push(station, p.status("SO-DEMO-0009", OutboundStatus.SHIPPED))
    response = demo_oms.admin_post("/outbound-commands/SO-DEMO-0009/cancel")
    assert (response.status_code, response.json()["error_code"]) == (409, "ORDER_ALREADY_SHIPPED")
    response = demo_oms.admin_post("/outbound-commands/SO-NOPE/cancel")
    assert (response.status_code, response.json()["error_code"]) == (404, "ORDER_NOT_FOUND")


def test_failed_receipt_counts_against_the_command_success_rate(demo_oms: OmsDriver) -> None:
    station = demo_oms.enrol()
    demo_oms.push(
        station,
        p.received("SO-DEMO-0001", "CMD-DEMO-0001"),
        p.received("SO-DEMO-0002", "CMD-DEMO-0002", ReceiveResult.FAIL),
    )
    report = demo_oms.admin_get("/monitoring").json()
    assert (report["commands_succeeded"], report["commands_failed"]) == (1, 1)
    assert report["command_success_rate"] == 0.5
    assert report["command_success_alert"] is True
    order = demo_oms.order("SO-DEMO-0002")
    assert (order["receive_result"], order["error_code"]) == ("FAIL", "STOCK_SHORTAGE")
