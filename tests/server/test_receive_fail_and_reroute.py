"""A FAIL receipt releases the OMS's reservation and leaves the order where its users can
act (#12.3): re-route it to another warehouse, cancel it, or wait for the station to take it
up once stock arrives. Seed 000 §5.1: 库存不足 (WMS实际库存不够) → 重新分仓或取消.

Runs on SQLite and PostgreSQL (tests/server/conftest.py), in the OMS app itself.
"""

from __future__ import annotations

from typing import Any

import pytest

from oms_contract.events import OutboundStatus, ReceiveResult
from tests.server import payloads as p
from tests.server.driver import OmsDriver, StationSession

ORDER, COMMAND = "SO-T-0001", "CMD-T-0001"
LAMP = "ACME-LAMP-02"


def _reroute(oms: OmsDriver, order_no: str, command_id: str, warehouse_id: str) -> Any:
    return oms.admin_post(
        f"/outbound-commands/{order_no}/reroute",
        {"command_id": command_id, "warehouse_id": warehouse_id},
    )


def _failed_order(oms: OmsDriver, quantity: int = 5) -> StationSession:
    response = oms.admin_post(
        "/outbound-commands", p.command(1, (LAMP, quantity)).model_dump(mode="json")
    )
    assert response.status_code == 201, response.text
    station = oms.enrol()
    [result] = oms.push(station, p.received(ORDER, COMMAND, ReceiveResult.FAIL))
    assert result.outcome == "accepted", result
    return station


def _second_warehouse(oms: OmsDriver, units: int) -> StationSession:
    station = oms.enrol("WH02", "WH02 station")
    [result] = oms.push(station, p.adjust("ACME", LAMP, units, reason="FOUND"))
    assert result.outcome == "accepted", result
    return station


def test_a_fail_receipt_releases_the_reservation_and_a_later_success_takes_it_again(
    demo_oms: OmsDriver,
) -> None:
    """FAIL (stock shortage): the reservation goes, the order is RECEIVE_FAILED with the
    station's reason; SUCCESS once stock arrived (the station allocated the held order)
    reserves again and the order is RECEIVED (seed 000 §5.1)."""
    reserved = demo_oms.stock("ACME", LAMP)["reserved"]
    station = _failed_order(demo_oms)
    order = demo_oms.order(ORDER)
    assert (order["status"], order["receive_result"], order["error_code"]) == (
        "RECEIVE_FAILED",
        "FAIL",
        "STOCK_SHORTAGE",
    )
    assert demo_oms.stock("ACME", LAMP)["reserved"] == reserved

    # The same FAIL again from a second station changes nothing more.
    other = demo_oms.enrol(name="second")
    demo_oms.push(other, p.received(ORDER, COMMAND, ReceiveResult.FAIL))
    assert demo_oms.stock("ACME", LAMP)["reserved"] == reserved

    [result] = demo_oms.push(station, p.received(ORDER, COMMAND))
    assert result.outcome == "accepted", result
    assert demo_oms.order(ORDER)["status"] == "RECEIVED"
    assert demo_oms.stock("ACME", LAMP)["reserved"] == reserved + 5


def test_a_failed_order_is_rerouted_to_another_warehouse_once(demo_oms: OmsDriver) -> None:
    """Re-routing (seed 000 §5.1 重新分仓) keeps the order number: it reserves at the new
    warehouse, puts the command on its feed and a cancel on the old one's; the same
    re-route again is answered 200 and changes nothing."""
    old_station = _failed_order(demo_oms)
    new_station = _second_warehouse(demo_oms, 20)
    response = _reroute(demo_oms, ORDER, "CMD-T-0001-R1", "WH02")
    assert response.status_code == 201, response.text
    order = response.json()
    assert (order["warehouse_id"], order["command_id"], order["status"]) == (
        "WH02",
        "CMD-T-0001-R1",
        "CREATED",
    )
    assert order["previous_warehouses"] == ["WH01"]
    assert order["receive_result"] is None
    assert order["history"][-1]["status"] == "REROUTED"
    assert demo_oms.stock("ACME", LAMP, "WH02")["reserved"] == 5

    new_feed = [e.body for e in demo_oms.feed(new_station).entries]
    commands = [b.command for b in new_feed if b.kind == "outbound_command_created"]
    assert [(c.order_no, c.command_id) for c in commands] == [(ORDER, "CMD-T-0001-R1")]
    old_feed = [e.body for e in demo_oms.feed(old_station).entries]
    cancels = [b.cancel for b in old_feed if b.kind == "cancel_requested"]
    assert [(c.order_no, c.warehouse_id) for c in cancels] == [(ORDER, "WH01")]

    repeat = _reroute(demo_oms, ORDER, "CMD-T-0001-R1", "WH02")
    assert repeat.status_code == 200, repeat.text
    assert demo_oms.stock("ACME", LAMP, "WH02")["reserved"] == 5
    assert len(demo_oms.feed(new_station).entries) == len(new_feed)

    # The old warehouse answers its cancel: recorded, nothing changes. The new one works it.
    results = demo_oms.push(
        old_station,
        p.received(ORDER, COMMAND),  # took it up just before the cancel arrived
        p.cancel_result(ORDER),
        p.status(ORDER, OutboundStatus.CANCELLED),
    )
    assert [r.outcome for r in results] == ["accepted"] * 3, results
    order = demo_oms.order(ORDER)
    assert (order["status"], order["command_id"]) == ("CREATED", "CMD-T-0001-R1")
    assert [h["status"] for h in order["history"][-3:]] == [
        "OLD_ROUTE_RECEIPT",
        "OLD_ROUTE_CANCELLED",
        "OLD_ROUTE_CANCELLED",
    ]
    assert demo_oms.stock("ACME", LAMP, "WH02")["reserved"] == 5
    [refused] = demo_oms.push(old_station, p.status(ORDER, OutboundStatus.PICKING))
    assert (refused.outcome, refused.error_code) == ("rejected", "ORDER_REROUTED")
    [received] = demo_oms.push(new_station, p.received(ORDER, "CMD-T-0001-R1"))
    assert received.outcome == "accepted", received
    assert demo_oms.order(ORDER)["status"] == "RECEIVED"


def test_a_reroute_is_refused_when_it_cannot_be_done_and_changes_nothing(
    demo_oms: OmsDriver,
) -> None:
    """Only a RECEIVE_FAILED order moves, to another warehouse that has the stock, under a
    command id of its own; each refusal says why and changes nothing (seed 000 §5.1)."""
    response = demo_oms.admin_post(
        "/outbound-commands", p.command(1, (LAMP, 5)).model_dump(mode="json")
    )
    assert response.status_code == 201
    refused = _reroute(demo_oms, ORDER, "CMD-R1", "WH02")
    assert (refused.status_code, refused.json()["error_code"]) == (409, "ORDER_NOT_REROUTABLE")

    demo_oms.push(demo_oms.enrol(), p.received(ORDER, COMMAND, ReceiveResult.FAIL))
    _second_warehouse(demo_oms, 3)
    before = demo_oms.order(ORDER)
    for command_id, warehouse_id, code in (
        ("CMD-R1", "WH01", "REROUTE_SAME_WAREHOUSE"),
        ("CMD-R1", "WH02", "INSUFFICIENT_STOCK"),  # 3 there, less safety stock
        ("CMD-DEMO-0001", "WH02", "COMMAND_CONFLICT"),
    ):
        refused = _reroute(demo_oms, ORDER, command_id, warehouse_id)
        assert (refused.status_code, refused.json()["error_code"]) == (409, code), refused.text
    assert demo_oms.order(ORDER) == before
    assert demo_oms.stock("ACME", LAMP, "WH02")["reserved"] == 0
    missing = _reroute(demo_oms, "SO-NOPE", "CMD-R1", "WH02")
    assert (missing.status_code, missing.json()["error_code"]) == (404, "ORDER_NOT_FOUND")


def test_a_failed_order_can_be_cancelled(demo_oms: OmsDriver) -> None:
    """The other way out of seed 000 §5.1 (取消): the cancel goes to the station that holds
    the order; its answer makes the order CANCELLED, with nothing left reserved."""
    reserved = demo_oms.stock("ACME", LAMP)["reserved"]
    station = _failed_order(demo_oms)
    response = demo_oms.admin_post(f"/outbound-commands/{ORDER}/cancel", {"reason": "no stock"})
    assert response.status_code == 202, response.text
    demo_oms.push(station, p.cancel_result(ORDER))
    assert demo_oms.order(ORDER)["status"] == "CANCELLED"
    assert demo_oms.stock("ACME", LAMP)["reserved"] == reserved


def _failed_with(oms: OmsDriver, code: str, message: str) -> StationSession:
    response = oms.admin_post("/outbound-commands", p.command(1, (LAMP, 5)).model_dump(mode="json"))
    assert response.status_code == 201, response.text
    station = oms.enrol()
    receipt = p.received(ORDER, COMMAND, ReceiveResult.FAIL).model_copy(
        update={"error_code": code, "error_message": message}
    )
    [result] = oms.push(station, receipt)
    assert result.outcome == "accepted", result
    return station


@pytest.mark.parametrize("code", ["WAREHOUSE_MISMATCH", "OWNER_NOT_FOUND", "SKU_NOT_FOUND"])
def test_a_fail_receipt_with_each_receive_failure_code_releases_the_reservation(
    demo_oms: OmsDriver, code: str
) -> None:
    """Seed 000 §2.3: any failure to receive is FAIL with its message; the OMS releases the
    reservation as for a shortage and shows the code and the station's words (§5.1)."""
    reserved = demo_oms.stock("ACME", LAMP)["reserved"]
    _failed_with(demo_oms, code, f"Order {ORDER}: {code}. Check master data.")
    order = demo_oms.order(ORDER)
    assert (order["status"], order["receive_result"], order["error_code"]) == (
        "RECEIVE_FAILED",
        "FAIL",
        code,
    )
    assert order["error_message"] == f"Order {ORDER}: {code}. Check master data."
    assert order["history"][-1]["error_code"] == code
    assert demo_oms.stock("ACME", LAMP)["reserved"] == reserved


@pytest.mark.parametrize("code", ["OWNER_NOT_FOUND", "SKU_NOT_FOUND"])
def test_an_order_refused_for_master_data_is_sent_again_to_the_same_warehouse(
    demo_oms: OmsDriver, code: str
) -> None:
    """SKU不存在 → 检查主数据 (seed 000 §5.1): the station kept nothing of the order, so once the
    master data is fixed the OMS user sends it again to the same warehouse: reserved again,
    the command (new id) on the same feed, no cancel there; history RESENT."""
    reserved = demo_oms.stock("ACME", LAMP)["reserved"]
    station = _failed_with(demo_oms, code, "not in the master data")
    head = demo_oms.feed(station).next_cursor
    response = _reroute(demo_oms, ORDER, "CMD-T-0001-R1", "WH01")
    assert response.status_code == 201, response.text
    order = response.json()
    assert (order["status"], order["command_id"], order["warehouse_id"]) == (
        "CREATED",
        "CMD-T-0001-R1",
        "WH01",
    )
    assert order["history"][-1]["status"] == "RESENT"
    assert demo_oms.stock("ACME", LAMP)["reserved"] == reserved + 5
    kinds = [entry.body.kind for entry in demo_oms.feed(station, after=head).entries]
    assert kinds == ["outbound_command_created"]
    [received] = demo_oms.push(station, p.received(ORDER, "CMD-T-0001-R1"))
    assert received.outcome == "accepted", received
    assert demo_oms.order(ORDER)["status"] == "RECEIVED"


@pytest.mark.parametrize("code", ["STOCK_SHORTAGE", "WAREHOUSE_MISMATCH"])
def test_other_failures_are_not_sent_again_to_the_same_warehouse(
    demo_oms: OmsDriver, code: str
) -> None:
    """A shortage's station holds the order (and takes it up itself); a command for another
    warehouse is re-routed: neither goes to the same warehouse again."""
    _failed_with(demo_oms, code, "no")
    refused = _reroute(demo_oms, ORDER, "CMD-T-0001-R1", "WH01")
    assert (refused.status_code, refused.json()["error_code"]) == (409, "REROUTE_SAME_WAREHOUSE")
