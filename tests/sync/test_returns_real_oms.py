"""A customer return end to end against the real reference OMS process (seed 002 §4.2 流程2
售后退货流程: [生成退货单] → [客户寄回商品] → [WMS退货入库] → [质检商品] → [质检通过？] →
[释放库存]): the station ships a demo order, the OMS makes its return (checked against what
shipped), the station receives it with one mug restocked and one damaged, and after a sync
the OMS promises the restocked mug again but not the damaged one (seed 003: both systems
judge returned goods alike, 退货入库时…判断标准不一致，可能导致库存差异)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from app.queries.inbound import receiving_dock
from app.services.receiving import ReceiptLine, receive_inbound
from local_db.models import InboundOrder, Stock
from local_db.store import Store
from oms_contract.events import ReturnDisposition
from station.sync_wiring import floor_hooks
from sync.engine import SyncEngine, SyncSettings
from tests.support.oms_process import RunningOms
from tests.sync.floor_work import PICKER, oms_order, pack_and_ship, pick
from tests.sync.real_oms import OWNER, SKU, WAREHOUSE, enrolled_station, floor_station, settle

ORDER = "SO-DEMO-0001"  # 2 x ACME-MUG-01
RETURN = "RT-DEMO-0001"


@pytest.fixture
def station(oms_demo_server: RunningOms, tmp_path: Path) -> Iterator[tuple[Store, SyncEngine]]:
    with floor_station(oms_demo_server, tmp_path / "station.sqlite3") as built:
        yield built


def mugs(oms: RunningOms) -> dict[str, Any]:
    response = oms.admin_get("/stock", warehouse_id=WAREHOUSE, owner_id=OWNER, sku_id=SKU)
    response.raise_for_status()
    (line,) = response.json()["lines"]
    return dict(line)


def dock_row(store: Store, dock: str) -> tuple[int, int, int]:
    with store.read_session() as session:
        row = session.scalars(
            select(Stock).where(
                Stock.location_code == dock, Stock.owner_id == OWNER, Stock.sku_id == SKU
            )
        ).one()
        return row.on_hand, row.damaged, row.frozen


def create_return(oms: RunningOms, inbound_no: str, quantity: int) -> Any:
    return oms.admin_post(
        "/inbound-orders",
        {
            "inbound_no": inbound_no,
            "warehouse_id": WAREHOUSE,
            "owner_id": OWNER,
            "inbound_type": "RETURN",
            "related_order_no": ORDER,
            "lines": [{"sku_id": SKU, "expected_qty": quantity}],
        },
    )


def test_a_shipped_order_comes_back_one_mug_restocked_one_damaged(
    oms_demo_server: RunningOms, station: tuple[Store, SyncEngine], tmp_path: Path
) -> None:
    """A second station of the warehouse converges on the same dock row and return."""
    store, engine = station
    early = create_return(oms_demo_server, RETURN, 2)
    assert (early.status_code, early.json()["error_code"]) == (409, "RETURN_ORDER_NOT_SHIPPED")

    pick(store, ORDER)
    pack_and_ship(store, ORDER, SKU, 2, "SF1400000001")
    settle(engine)
    assert oms_order(oms_demo_server, ORDER)["status"] == "SHIPPED"
    too_many = create_return(oms_demo_server, RETURN, 3)
    assert (too_many.status_code, too_many.json()["error_code"]) == (409, "RETURN_EXCEEDS_SHIPPED")
    created = create_return(oms_demo_server, RETURN, 2)
    assert created.status_code == 201, created.text
    before = mugs(oms_demo_server)
    settle(engine)  # the return reaches the station on the feed

    dock = receiving_dock(store)
    assert dock is not None
    with store.unit_of_work() as uow:
        receive_inbound(
            uow,
            RETURN,
            [
                ReceiptLine(1, 1, disposition=ReturnDisposition.RESTOCK),
                ReceiptLine(1, 1, disposition=ReturnDisposition.DAMAGED),
            ],
            location_code=dock,
            operator=PICKER,
            over_receipt_tolerance_pct=10,
        )
        uow.commit()
    settle(engine)

    after = mugs(oms_demo_server)
    assert after["on_hand"] == before["on_hand"] + 2
    assert after["damaged"] == before["damaged"] + 1
    assert after["available"] == before["available"] + 1
    view = oms_demo_server.admin_get(f"/inbound-orders/{RETURN}").json()
    assert view["status"] == "RECEIVED"
    assert [(x["received_qty"], x["passed_qty"], x["damaged_qty"]) for x in view["lines"]] == [
        (2, 1, 1)
    ]
    peer, _ = enrolled_station(oms_demo_server, tmp_path / "peer.sqlite3", "peer")
    peer_engine = SyncEngine(peer, SyncSettings(feed_page_size=200), hooks=floor_hooks())
    try:
        settle(peer_engine)
        assert dock_row(peer, dock) == dock_row(store, dock) == (2, 1, 0)
        with peer.read_session() as session:
            returned = session.scalars(
                select(InboundOrder).where(InboundOrder.inbound_no == RETURN)
            ).one()
            assert returned.status == "received"
            assert [(x.received_qty, x.damaged_qty) for x in returned.lines] == [(2, 1)]
    finally:
        assert peer_engine.stop()
        peer_engine.close()
        peer.close()
    # Both mugs are back: no second return of them.
    again = create_return(oms_demo_server, "RT-DEMO-0002", 1)
    assert (again.status_code, again.json()["error_code"]) == (409, "RETURN_EXCEEDS_SHIPPED")
