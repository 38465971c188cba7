"""Batch-specified outbound end to end against the real reference OMS process and its demo
data (seed 003, 003_*.txt: "当客户需要指定特定批次、特定效期的商品出库时" — "开发批次指定出库的
特殊流程"): an OMS user orders green tea of one batch through the OMS API; the station syncs,
allocates only from that batch although first-expiry-first-out would take another, its
picker cannot book another batch's label for it, and the OMS sees that batch picked. A
second order wanting more of the batch than is left is the station's STOCK_SHORTAGE FAIL,
naming the batch, while other batches of the SKU would cover it.

The demo keeps 120 teas of batch B2026-01 (expiry 2027-06-30) in A-01-01-01; found goods
add 10 of batch B2026-02 (expiry 2027-09-30) to the same bin, so FEFO alone picks B2026-01.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select

from app.flows.base import FlowContext, OperatorInfo
from app.flows.pick_flow import PickFlow
from app.flows.view import Feedback, FlowView, PromptKey
from app.scanning.gs1 import parse_scan
from app.services.stock_actions import StockAction, StockActionRequest, book_stock_action
from local_db.models import ExceptionRecord, OutboundLine, OutboundOrder, PickTask
from local_db.store import Store
from oms_contract.documents import OutboundCommand, OutboundItem
from station.sync_wiring import floor_hooks
from sync.engine import SyncEngine, SyncSettings
from sync.pull import FEED_REFUSED
from tests.support.oms_process import RunningOms
from tests.sync.floor_work import PICKER, SUPERVISOR, barcode_of, oms_order, order_status
from tests.sync.real_oms import OWNER, WAREHOUSE, enrolled_station, sync_round

TEA = "ACME-TEA-100"
BIN = "A-01-01-01"
DEMO_BATCH = "B2026-01"
FOUND_BATCH = "B2026-02"
GS = "\x1d"


@pytest.fixture
def station(oms_demo_server: RunningOms, tmp_path: Path) -> Iterator[tuple[Store, SyncEngine]]:
    store, _ = enrolled_station(oms_demo_server, tmp_path / "station.sqlite3")
    engine = SyncEngine(store, SyncSettings(), hooks=floor_hooks())
    sync_round(engine)  # master data, opening stock, the demo's orders
    yield store, engine
    engine.close()
    store.close()


def find_teas_of_another_batch(store: Store) -> None:
    with store.unit_of_work() as uow:
        book_stock_action(
            uow,
            StockAction.FOUND,
            StockActionRequest(
                location_code=BIN,
                owner_id=OWNER,
                sku_id=TEA,
                quantity=10,
                reason="FOUND",
                batch_no=FOUND_BATCH,
                expiry_date=dt.date(2027, 9, 30),
            ),
            operator=SUPERVISOR,
        )
        uow.commit()


def order_tea_of_batch(oms: RunningOms, quantity: int, batch_no: str) -> str:
    """The OMS user's batch-specified order, through the OMS API; its order_no."""
    order_no = f"SO-B-{uuid.uuid4().hex[:8].upper()}"
    command = OutboundCommand(
        command_id=f"CMD-{order_no}",
        order_no=order_no,
        warehouse_id=WAREHOUSE,
        owner_id=OWNER,
        consignee="Test Consignee",
        phone="13800000000",
        province="Zhejiang",
        city="Hangzhou",
        address="1 Test Road",
        carrier_code="SF",
        items=[
            OutboundItem(sku_id=TEA, sku_name="Green tea", quantity=quantity, batch_no=batch_no)
        ],
    )
    response = oms.admin_post("/outbound-commands", command.model_dump(mode="json"))
    assert response.status_code == 201, response.text
    return order_no


def reserved_tea(oms: RunningOms) -> int:
    (line,) = oms.admin_get("/stock", warehouse_id=WAREHOUSE, sku_id=TEA).json()["lines"]
    return int(line["reserved"])


def tasks_of(store: Store, order_no: str) -> list[tuple[str, str | None, int]]:
    with store.read_session() as session:
        rows = session.execute(
            select(PickTask.location_code, PickTask.batch_no, PickTask.quantity)
            .join(OutboundOrder, OutboundOrder.id == PickTask.order_id)
            .where(OutboundOrder.order_no == order_no)
        ).all()
    return [(location, batch, quantity) for location, batch, quantity in rows]


def label(store: Store, batch_no: str) -> str:
    """The GS1-128 label on a tea carton: GTIN-14 (AI 01) and batch (AI 10)."""
    return f"]C101{barcode_of(store, TEA).zfill(14)}{GS}10{batch_no}"


def scan(flow: PickFlow, raw: str) -> FlowView:
    view = flow.on_scan(parse_scan(raw))
    assert isinstance(view, FlowView), view
    return view


def test_a_batch_specified_order_is_allocated_and_picked_from_its_batch_only(
    oms_demo_server: RunningOms, station: tuple[Store, SyncEngine]
) -> None:
    store, engine = station
    find_teas_of_another_batch(store)
    sync_round(engine)

    order_no = order_tea_of_batch(oms_demo_server, 3, FOUND_BATCH)
    sync_round(engine)  # pull the command, allocate, push outbound_received
    sync_round(engine)

    assert order_status(store, order_no) == "ALLOCATED"
    with store.read_session() as session:
        assert session.scalars(
            select(OutboundLine.batch_no)
            .join(OutboundOrder)
            .where(OutboundOrder.order_no == order_no)
        ).all() == [FOUND_BATCH]
    # FEFO would take B2026-01 (earlier expiry, same bin): the OMS named B2026-02.
    assert tasks_of(store, order_no) == [(BIN, FOUND_BATCH, 3)]
    assert oms_order(oms_demo_server, order_no)["status"] == "RECEIVED"

    flow = PickFlow(
        FlowContext(store, OperatorInfo(PICKER, "Li Wei", "operator"), WAREHOUSE), order_no
    )
    assert scan(flow, BIN).feedback is Feedback.GOOD
    # A carton of the demo's batch from the same bin: refused, nothing booked.
    refused = scan(flow, label(store, DEMO_BATCH))
    assert refused.feedback is Feedback.BAD
    assert refused.message is not None and refused.message.code == "WRONG_BATCH"
    assert refused.quantity_left == 3
    for _ in range(3):
        view = scan(flow, label(store, FOUND_BATCH))
        assert view.feedback is Feedback.GOOD, view.message
    assert view.prompt.key is PromptKey.ORDER_DONE
    sync_round(engine)

    order = oms_order(oms_demo_server, order_no)
    assert order["status"] == "PICKED"
    picked = order["picked_lines"]
    assert isinstance(picked, list)
    assert {(line["batch_no"], line["location_code"]) for line in picked} == {(FOUND_BATCH, BIN)}
    assert sum(line["quantity"] for line in picked) == 3


def test_a_batch_that_is_short_is_a_stock_shortage_naming_it(
    oms_demo_server: RunningOms, station: tuple[Store, SyncEngine]
) -> None:
    store, engine = station
    find_teas_of_another_batch(store)
    sync_round(engine)

    # 11 of B2026-02: the station holds 10 of it (and over 100 of B2026-01).
    order_no = order_tea_of_batch(oms_demo_server, 11, FOUND_BATCH)
    sync_round(engine)
    sync_round(engine)

    assert order_status(store, order_no) == "SHORTAGE"
    assert tasks_of(store, order_no) == []
    order = oms_order(oms_demo_server, order_no)
    assert (order["status"], order["error_code"]) == ("RECEIVE_FAILED", "STOCK_SHORTAGE")
    assert f"{TEA} batch {FOUND_BATCH} short by 1" in str(order["error_message"])


@pytest.mark.expected_log_errors(
    r"^wms\.sync\.(feed|pull): Feed entry \d+ \(outbound_command_withheld\) "
    r"(is malformed|refused and skipped)"
)
def test_a_station_of_an_older_contract_never_gets_a_batch_specified_order(
    oms_demo_server: RunningOms, station: tuple[Store, SyncEngine], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Seed 003's "接口版本不兼容": a version-2 station tolerates unknown fields, so it would
    take the command and ship any batch. The real OMS withholds it: the station refuses the
    entry (a FEED_REFUSED record for its supervisor), keeps no order and answers nothing;
    and once the OMS has seen it read in version 2, a new batch-specified order for its
    warehouse is refused up front, nothing reserved."""
    store, engine = station
    order_no = order_tea_of_batch(oms_demo_server, 1, DEMO_BATCH)
    engine.close()
    monkeypatch.setattr("sync.client.CONTRACT_VERSION", 2)
    older = SyncEngine(store, SyncSettings(), hooks=floor_hooks())
    older.run_once()
    older.close()

    assert order_status(store, order_no) is None
    with store.read_session() as session:
        records = session.scalars(
            select(ExceptionRecord).where(ExceptionRecord.exception_type == FEED_REFUSED)
        ).all()
    assert len(records) == 1
    assert "outbound_command_withheld" in records[0].detail_args_json
    assert oms_order(oms_demo_server, order_no)["status"] == "CREATED"

    before = reserved_tea(oms_demo_server)
    command = OutboundCommand.model_validate(
        {
            "command_id": "CMD-SO-B-REFUSED",
            "order_no": "SO-B-REFUSED",
            "warehouse_id": WAREHOUSE,
            "owner_id": OWNER,
            "consignee": "Test Consignee",
            "phone": "13800000000",
            "province": "Zhejiang",
            "city": "Hangzhou",
            "address": "1 Test Road",
            "carrier_code": "SF",
            "items": [{"sku_id": TEA, "sku_name": "Tea", "quantity": 1, "batch_no": "B1"}],
        }
    )
    refused = oms_demo_server.admin_post("/outbound-commands", command.model_dump(mode="json"))
    assert refused.status_code == 409, refused.text
    assert refused.json()["error_code"] == "BATCH_NOT_SUPPORTED_BY_STATION"
    assert reserved_tea(oms_demo_server) == before
