"""Returns (退货入库): seed 002 §4.2 流程2 售后退货流程 — [客户申请退货] → [售后审核] →
[生成退货单] → [客户寄回商品] → [WMS退货入库] → [质检商品] → [质检通过？] → [释放库存]. The OMS
makes a return only for goods that left (a SHIPPED order, at most its shipped quantity per SKU
less earlier returns), and its logical stock follows what QC decided per unit: restocked units
are promised again, damaged and quarantined ones are on hand but held (seed 003: 退货入库时，
如果WMS和OMS对商品可入库状态的判断标准不一致，可能导致库存差异).

Runs on SQLite and PostgreSQL (tests/server/conftest.py).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import update

from oms_contract.events import (
    InboundReceived,
    InboundReceivedLine,
    QcResult,
    ReturnDisposition,
    StockBucket,
    StockMovement,
)
from oms_server.models import InboundOrderRow
from tests.server import payloads as p
from tests.server.driver import OmsDriver, StationSession
from tests.server.old_builds import forget_migrations

MUG, CABLE, LAMP = "ACME-MUG-01", "ACME-CABLE-C", "ACME-LAMP-02"
MUG_BIN, CABLE_BIN, RETURNS_BIN = "A-01-01-02", "A-01-02-03", "R-01-01-01"


def _shipped_order(oms: OmsDriver, station: StationSession) -> str:
    """SO-T-0031: 3 mugs and 2 cables, shipped by ``station``."""
    response = oms.admin_post(
        "/outbound-commands", p.command(31, (MUG, 3), (CABLE, 2)).model_dump(mode="json")
    )
    assert response.status_code == 201, response.text
    order_no = "SO-T-0031"
    results = oms.push(
        station,
        p.received(order_no, "CMD-T-0031"),
        p.status(order_no, "PICKING"),
        p.picked(order_no, (MUG, 3, MUG_BIN), (CABLE, 2, CABLE_BIN)),
        p.status(order_no, "PICKED"),
        p.status(order_no, "PACKED"),
        p.status(order_no, "SHIPPED", tracking_no="SF1400000031"),
    )
    assert [r.outcome for r in results] == ["accepted"] * 6, results
    return order_no


def _return(number: int, order_no: str | None, *lines: tuple[str, int]) -> dict[str, Any]:
    body: dict[str, Any] = {
        "inbound_no": f"RT-T-{number:04d}",
        "warehouse_id": "WH01",
        "owner_id": "ACME",
        "inbound_type": "RETURN",
        "lines": [{"sku_id": sku, "expected_qty": qty} for sku, qty in lines],
    }
    if order_no is not None:
        body["related_order_no"] = order_no
    return body


def _refused(oms: OmsDriver, body: dict[str, Any]) -> str:
    response = oms.admin_post("/inbound-orders", body)
    assert response.status_code == 409, response.text
    code: str = response.json()["error_code"]
    return code


def test_a_return_is_checked_against_the_shipped_order(demo_oms: OmsDriver) -> None:
    """Refused, nothing written and nothing on the feed: no original order, an unknown one,
    one not shipped, another owner's, more than shipped, a SKU the order did not ship, and
    more than shipped less what an earlier return took. Accepted returns reach the feed as
    inbound orders of type RETURN naming their order."""
    station = demo_oms.enrol()
    order_no = _shipped_order(demo_oms, station)

    assert _refused(demo_oms, _return(1, None, (MUG, 1))) == "RETURN_ORDER_REQUIRED"
    assert _refused(demo_oms, _return(1, "SO-NOPE", (MUG, 1))) == "RETURN_ORDER_NOT_FOUND"
    # SO-DEMO-0001 is a demo order still CREATED.
    assert _refused(demo_oms, _return(1, "SO-DEMO-0001", (MUG, 1))) == "RETURN_ORDER_NOT_SHIPPED"
    lotus = dict(_return(1, order_no, ("LOT-SOAP-01", 1)), owner_id="LOTUS")
    assert _refused(demo_oms, lotus) == "OWNER_MISMATCH"
    assert _refused(demo_oms, _return(1, order_no, (MUG, 4))) == "RETURN_EXCEEDS_SHIPPED"
    assert _refused(demo_oms, _return(1, order_no, (LAMP, 1))) == "RETURN_EXCEEDS_SHIPPED"
    # Two lines of one SKU add up.
    assert _refused(demo_oms, _return(1, order_no, (MUG, 2), (MUG, 2))) == (
        "RETURN_EXCEEDS_SHIPPED"
    )
    missing = demo_oms.admin_get("/inbound-orders/RT-T-0001")
    assert missing.status_code == 404

    first = demo_oms.admin_post("/inbound-orders", _return(1, order_no, (MUG, 2), (CABLE, 2)))
    assert first.status_code == 201, first.text
    # The same return again is a repeat, not a second return of the same goods.
    again = demo_oms.admin_post("/inbound-orders", _return(1, order_no, (MUG, 2), (CABLE, 2)))
    assert again.status_code == 200, again.text
    assert _refused(demo_oms, _return(2, order_no, (MUG, 2))) == "RETURN_EXCEEDS_SHIPPED"
    assert _refused(demo_oms, _return(2, order_no, (CABLE, 1))) == "RETURN_EXCEEDS_SHIPPED"
    second = demo_oms.admin_post("/inbound-orders", _return(2, order_no, (MUG, 1)))
    assert second.status_code == 201, second.text
    assert _refused(demo_oms, _return(3, order_no, (MUG, 1))) == "RETURN_EXCEEDS_SHIPPED"

    returns = [
        entry.body.inbound
        for entry in demo_oms.feed(station).entries
        if entry.body.kind == "inbound_order_created"
        and entry.body.inbound.inbound_type == "RETURN"
    ]
    assert [(r.inbound_no, r.related_order_no) for r in returns] == [
        ("RT-T-0001", order_no),
        ("RT-T-0002", order_no),
    ]
    view = demo_oms.admin_get("/inbound-orders/RT-T-0001").json()
    assert (view["inbound_type"], view["related_order_no"]) == ("RETURN", order_no)


def _line(sku: str, qty: int, disposition: ReturnDisposition) -> InboundReceivedLine:
    qc = {ReturnDisposition.RESTOCK: QcResult.PASS, ReturnDisposition.DAMAGED: QcResult.FAIL}
    return InboundReceivedLine(
        sku_id=sku,
        expected_qty=3,
        received_qty=qty,
        qc_result=qc.get(disposition),
        disposition=disposition,
    )


def _moves(*moves: tuple[StockBucket, int]) -> list[StockMovement]:
    return [
        StockMovement(
            location_code=RETURNS_BIN, owner_id="ACME", sku_id=MUG, bucket=bucket, delta=delta
        )
        for bucket, delta in moves
    ]


def test_returned_units_follow_their_disposition(demo_oms: OmsDriver) -> None:
    """One mug restocked, one damaged, one in quarantine: all three join on-hand, only the
    restocked one is available; the damaged and the quarantined are held (damaged, frozen)."""
    station = demo_oms.enrol()
    order_no = _shipped_order(demo_oms, station)
    created = demo_oms.admin_post("/inbound-orders", _return(1, order_no, (MUG, 3)))
    assert created.status_code == 201, created.text
    before = demo_oms.stock("ACME", MUG)
    receipt = InboundReceived(
        inbound_no="RT-T-0001",
        owner_id="ACME",
        lines=[
            _line(MUG, 1, ReturnDisposition.RESTOCK),
            _line(MUG, 1, ReturnDisposition.DAMAGED),
            _line(MUG, 1, ReturnDisposition.QUARANTINE),
        ],
        movements=_moves(
            (StockBucket.ON_HAND, 3), (StockBucket.DAMAGED, 1), (StockBucket.FROZEN, 1)
        ),
    )
    # The movements must say the same: a quarantined unit not frozen is refused.
    unfrozen = receipt.model_copy(
        update={"movements": _moves((StockBucket.ON_HAND, 3), (StockBucket.DAMAGED, 1))}
    )
    refused = demo_oms.push_one(station, unfrozen)
    assert (refused.outcome, refused.error_code) == ("rejected", "MOVEMENTS_MISMATCH")
    assert demo_oms.stock("ACME", MUG) == before

    result = demo_oms.push_one(station, receipt)
    assert result.outcome == "accepted", result
    after = demo_oms.stock("ACME", MUG)
    assert after["on_hand"] == before["on_hand"] + 3
    assert (after["damaged"], after["frozen"]) == (before["damaged"] + 1, before["frozen"] + 1)
    assert after["available"] == before["available"] + 1
    view = demo_oms.admin_get("/inbound-orders/RT-T-0001").json()
    assert [
        (x["received_qty"], x["passed_qty"], x["damaged_qty"], x["quarantined_qty"])
        for x in view["lines"]
    ] == [(3, 1, 1, 1)]


def test_a_return_closed_short_frees_what_did_not_come_back(demo_oms: OmsDriver) -> None:
    """Announced 3, one came and the receipt closed the return: the other two may come back
    on a new return, but no more."""
    station = demo_oms.enrol()
    order_no = _shipped_order(demo_oms, station)
    assert demo_oms.admin_post("/inbound-orders", _return(1, order_no, (MUG, 3))).status_code == 201
    receipt = InboundReceived(
        inbound_no="RT-T-0001",
        owner_id="ACME",
        lines=[_line(MUG, 1, ReturnDisposition.RESTOCK)],
    )
    assert demo_oms.push_one(station, receipt).outcome == "accepted"
    assert _refused(demo_oms, _return(2, order_no, (MUG, 3))) == "RETURN_EXCEEDS_SHIPPED"
    assert demo_oms.admin_post("/inbound-orders", _return(2, order_no, (MUG, 2))).status_code == 201


def test_a_disposition_that_contradicts_qc_is_refused(demo_oms: OmsDriver) -> None:
    """A line restocked although it failed QC is wrong stock: 422, nothing changed."""
    station = demo_oms.enrol()
    body = {
        "event_type": "inbound_received",
        "inbound_no": "IN-DEMO-0001",
        "owner_id": "ACME",
        "lines": [
            {
                "sku_id": MUG,
                "expected_qty": 24,
                "received_qty": 1,
                "qc_result": "FAIL",
                "disposition": "RESTOCK",
            }
        ],
    }
    event = demo_oms.envelope(station, p.adjust("ACME", MUG, 1)).model_dump(mode="json")
    event["payload"] = body
    response = demo_oms.client.post(
        "/api/v1/events",
        json={"events": [event]},
        headers=station.headers,
    )
    assert response.status_code == 422, response.text


def test_older_stations_get_a_peer_receipt_without_its_dispositions(demo_oms: OmsDriver) -> None:
    """Contract version 3 added ``disposition``: the OMS leaves it out of the feed for
    version-1 stations (they refuse unknown fields); version 2 gets the stored body as it is
    (its reader ignores fields it does not know) and version 3 reads it; the movements every
    station applies are the same for all."""
    station = demo_oms.enrol()
    order_no = _shipped_order(demo_oms, station)
    assert demo_oms.admin_post("/inbound-orders", _return(1, order_no, (MUG, 1))).status_code == 201
    receipt = InboundReceived(
        inbound_no="RT-T-0001",
        owner_id="ACME",
        lines=[_line(MUG, 1, ReturnDisposition.QUARANTINE)],
        movements=_moves((StockBucket.ON_HAND, 1), (StockBucket.FROZEN, 1)),
    )
    assert demo_oms.push_one(station, receipt).outcome == "accepted"

    def last_receipt(version: str) -> dict[str, Any]:
        response = demo_oms.client.get(
            f"/api/v1/warehouses/{station.warehouse_id}/feed",
            params={"after": 0, "limit": 2000},
            headers={**station.headers, "X-WMS-Contract": version},
        )
        assert response.status_code == 200, response.text
        bodies = [
            entry["body"]["event"]["payload"]
            for entry in response.json()["entries"]
            if entry["body"]["kind"] == "station_event_accepted"
        ]
        payload: dict[str, Any] = bodies[-1]
        assert payload["event_type"] == "inbound_received"
        return payload

    oldest = last_receipt("1")
    assert "disposition" not in oldest["lines"][0]
    for version in ("1", "2", "3"):
        movements = last_receipt(version)["movements"]
        assert {m["bucket"] for m in movements} == {"on_hand", "frozen"}
    assert last_receipt("3")["lines"][0]["disposition"] == "QUARANTINE"


def test_returns_stored_before_the_column_still_count(demo_oms: OmsDriver) -> None:
    """A database from before ``inbound_order.related_order_no``: at start the OMS copies it
    from each return's body, so earlier returns still limit new ones."""
    station = demo_oms.enrol()
    order_no = _shipped_order(demo_oms, station)
    assert demo_oms.admin_post("/inbound-orders", _return(1, order_no, (MUG, 3))).status_code == 201
    assert demo_oms.db is not None
    with demo_oms.db.write_transaction() as session:
        session.execute(update(InboundOrderRow).values(related_order_no=None))
        forget_migrations(session.connection())
    demo_oms.db.create_schema()
    assert _refused(demo_oms, _return(2, order_no, (MUG, 1))) == "RETURN_EXCEEDS_SHIPPED"
