"""Inbound orders and receipts, adjustments, and the full reconciliation (定时全量同步)."""

from __future__ import annotations

import datetime as dt
import hashlib

from oms_contract import API_PREFIX
from oms_contract.events import InboundReceived, InboundReceivedLine, QcResult
from oms_contract.sync_api import ReconciliationResult, StockSnapshot, StockSnapshotLine
from oms_server.gtin import is_valid_gtin
from tests.server import payloads as p
from tests.server.driver import OmsDriver, StationSession


def _receipt(inbound_no: str, owner: str, *lines: InboundReceivedLine) -> InboundReceived:
    return InboundReceived(inbound_no=inbound_no, owner_id=owner, lines=list(lines))


def test_received_qc_passed_goods_join_logical_stock(demo_oms: OmsDriver) -> None:
    station = demo_oms.enrol()
    mugs = demo_oms.stock("ACME", "ACME-MUG-01")["on_hand"]
    tea = demo_oms.stock("ACME", "ACME-TEA-100")["on_hand"]
    result = demo_oms.push_one(
        station,
        _receipt(
            "IN-DEMO-0001",
            "ACME",
            InboundReceivedLine(sku_id="ACME-MUG-01", expected_qty=24, received_qty=24),
            InboundReceivedLine(
                sku_id="ACME-TEA-100", expected_qty=48, received_qty=5, qc_result=QcResult.FAIL
            ),
            InboundReceivedLine(
                sku_id="ACME-TEA-100", expected_qty=48, received_qty=43, qc_result=QcResult.PASS
            ),
        ),
    )
    assert result.outcome == "accepted"
    assert demo_oms.stock("ACME", "ACME-MUG-01")["on_hand"] == mugs + 24
    assert demo_oms.stock("ACME", "ACME-TEA-100")["on_hand"] == tea + 43
    view = demo_oms.admin_get("/inbound-orders/IN-DEMO-0001").json()
    assert view["status"] == "RECEIVED"
    assert {
        (line["sku_id"], line["received_qty"], line["passed_qty"]) for line in view["lines"]
    } == {
        ("ACME-MUG-01", 24, 24),
        ("ACME-TEA-100", 48, 43),
    }
    missing = demo_oms.admin_get("/inbound-orders/IN-NOPE")
    assert (missing.status_code, missing.json()["error_code"]) == (404, "INBOUND_NOT_FOUND")


def test_receipt_rules(demo_oms: OmsDriver) -> None:
    station = demo_oms.enrol()
    line = InboundReceivedLine(sku_id="LOT-SOAP-01", expected_qty=60, received_qty=60)
    assert demo_oms.push_one(station, _receipt("IN-NOPE", "LOTUS", line)).error_code == (
        "INBOUND_NOT_FOUND"
    )
    assert demo_oms.push_one(station, _receipt("IN-DEMO-0002", "ACME", line)).error_code == (
        "OWNER_MISMATCH"
    )
    other = demo_oms.enrol("WH2")
    assert demo_oms.push_one(other, _receipt("IN-DEMO-0002", "LOTUS", line)).error_code == (
        "WAREHOUSE_MISMATCH"
    )


def test_inbound_order_is_idempotent_and_reaches_the_feed(demo_oms: OmsDriver) -> None:
    station = demo_oms.enrol()
    body = {
        "inbound_no": "IN-T-1",
        "warehouse_id": "WH01",
        "owner_id": "LOTUS",
        "expected_at": "2026-12-05T08:00:00Z",
        "lines": [{"sku_id": "LOT-SOAP-01", "expected_qty": 2}],
    }
    assert demo_oms.admin_post("/inbound-orders", body).status_code == 201
    assert demo_oms.admin_post("/inbound-orders", body).status_code == 200
    changed = dict(body, lines=[{"sku_id": "LOT-SOAP-01", "expected_qty": 3}])
    response = demo_oms.admin_post("/inbound-orders", changed)
    assert (response.status_code, response.json()["error_code"]) == (409, "INBOUND_CONFLICT")
    unknown = dict(body, inbound_no="IN-T-2", lines=[{"sku_id": "NOPE", "expected_qty": 1}])
    assert demo_oms.admin_post("/inbound-orders", unknown).json()["error_code"] == "SKU_NOT_FOUND"
    kinds = [
        entry.body.inbound.inbound_no
        for entry in demo_oms.feed(station).entries
        if entry.body.kind == "inbound_order_created"
    ]
    assert kinds == ["IN-DEMO-0001", "IN-DEMO-0002", "IN-T-1"]


def _reconcile(
    oms: OmsDriver, station: StationSession, lines: list[StockSnapshotLine]
) -> ReconciliationResult:
    snapshot = StockSnapshot(
        warehouse_id=station.warehouse_id, taken_at=dt.datetime.now(dt.UTC), lines=lines
    )
    response = oms.client.post(
        f"{API_PREFIX}/warehouses/{station.warehouse_id}/reconciliation",
        content=snapshot.model_dump_json(),
        headers={**station.headers, "Content-Type": "application/json"},
    )
    assert response.status_code == 200, response.text
    return ReconciliationResult.model_validate_json(response.content)


def test_reconciliation_reports_each_difference(demo_oms: OmsDriver) -> None:
    station = demo_oms.enrol()
    oms_lines = demo_oms.admin_get("/stock", warehouse_id="WH01").json()["lines"]
    agreeing = [
        StockSnapshotLine(
            owner_id=line["owner_id"],
            sku_id=line["sku_id"],
            on_hand=line["on_hand"],
            available_qty=line["available"],
        )
        for line in oms_lines
    ]
    clean = _reconcile(demo_oms, station, agreeing)
    assert (clean.checked_lines, clean.differences) == (len(oms_lines), [])

    off = [
        line.model_copy(update={"on_hand": line.on_hand - 2})
        if line.sku_id == "ACME-LAMP-02"
        else line
        for line in agreeing
        if line.sku_id != "LOT-SOCKS-3"
    ]
    off.append(StockSnapshotLine(owner_id="ACME", sku_id="ACME-GHOST", on_hand=4, available_qty=4))
    result = _reconcile(demo_oms, station, off)
    found = {(d.sku_id, d.station_qty, d.oms_qty, d.difference) for d in result.differences}
    assert found == {
        ("ACME-GHOST", 4, 0, 4),
        ("ACME-LAMP-02", 23, 25, -2),
        ("LOT-SOCKS-3", 0, 90, -90),
    }


def test_reconciliation_of_another_warehouse_is_refused(demo_oms: OmsDriver) -> None:
    station = demo_oms.enrol("WH2")
    snapshot = StockSnapshot(warehouse_id="WH01", taken_at=dt.datetime.now(dt.UTC), lines=[])
    response = demo_oms.client.post(
        f"{API_PREFIX}/warehouses/WH01/reconciliation",
        content=snapshot.model_dump_json(),
        headers={**station.headers, "Content-Type": "application/json"},
    )
    assert (response.status_code, response.json()["error_code"]) == (403, "WAREHOUSE_MISMATCH")


def test_adjustments_move_logical_stock_but_never_below_zero(demo_oms: OmsDriver) -> None:
    station = demo_oms.enrol()
    results = demo_oms.push(
        station,
        p.adjust("LOTUS", "LOT-SOCKS-3", -90, "DAMAGE"),
        p.adjust("LOTUS", "LOT-SOCKS-3", -1, "DAMAGE"),
    )
    assert [(r.outcome, r.error_code) for r in results] == [
        ("accepted", None),
        ("rejected", "NEGATIVE_STOCK"),
    ]
    assert demo_oms.stock("LOTUS", "LOT-SOCKS-3")["on_hand"] == 0


def test_demo_master_data_carries_valid_gtins_and_a_hashed_supervisor_pin(
    demo_oms: OmsDriver,
) -> None:
    station = demo_oms.enrol()
    master = demo_oms.feed(station).entries[0].body
    assert master.kind == "master_data_upserted"
    codes = [barcode.code for sku in master.master_data.skus for barcode in sku.barcodes]
    assert len(codes) == 8
    assert all(len(code) == 13 and is_valid_gtin(code) for code in codes)
    (supervisor,) = [op for op in master.master_data.operators if op.role == "supervisor"]
    assert supervisor.pin_hash is not None
    scheme, iterations, salt, digest = supervisor.pin_hash.split("$")
    assert scheme == "pbkdf2_sha256"
    check = hashlib.pbkdf2_hmac("sha256", b"1234", bytes.fromhex(salt), int(iterations))
    assert check.hex() == digest
    assert {loc.code for loc in master.master_data.locations} >= {"A-01-02-03", "B-02-02-02"}


def test_partial_receipts_add_up_until_the_closing_one(demo_oms: OmsDriver) -> None:
    """A delivery in parts (#17.8b): each receipt is applied once, the order stays
    PARTIALLY_RECEIVED until a receipt closes it, and nothing is received after that."""
    station = demo_oms.enrol()
    soap = demo_oms.stock("LOTUS", "LOT-SOAP-01")["on_hand"]

    def part(quantity: int, closes: bool) -> InboundReceived:
        line = InboundReceivedLine(sku_id="LOT-SOAP-01", expected_qty=60, received_qty=quantity)
        return InboundReceived(
            inbound_no="IN-DEMO-0002", owner_id="LOTUS", lines=[line], closes_inbound=closes
        )

    assert demo_oms.push_one(station, part(25, closes=False)).outcome == "accepted"
    view = demo_oms.admin_get("/inbound-orders/IN-DEMO-0002").json()
    assert (view["status"], view["lines"][0]["received_qty"]) == ("PARTIALLY_RECEIVED", 25)
    assert demo_oms.push_one(station, part(30, closes=False)).outcome == "accepted"
    assert demo_oms.push_one(station, part(0, closes=True)).outcome == "accepted"
    view = demo_oms.admin_get("/inbound-orders/IN-DEMO-0002").json()
    assert (view["status"], view["lines"][0]["received_qty"]) == ("RECEIVED", 55)
    assert demo_oms.stock("LOTUS", "LOT-SOAP-01")["on_hand"] == soap + 55
    late = demo_oms.push_one(station, part(5, closes=True))
    assert (late.outcome, late.error_code) == ("rejected", "INBOUND_CLOSED")
    assert demo_oms.stock("LOTUS", "LOT-SOAP-01")["on_hand"] == soap + 55
