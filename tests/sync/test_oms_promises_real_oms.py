"""The OMS promises only what the floor can ship (#12.2): a station's freezes, damage and
the SKU's safety stock reduce the OMS's available through events it applies.

Seed 000 §3.2: 可售 = 实物库存 − 锁定库存 − 安全库存; seed 003 (分离库存模型): freezes and
QC holds (库存冻结/解冻, 质检状态变更) that never reach the OMS make the two inventories
disagree.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from app.services.adjusting import mark_damaged
from app.services.freezing import freeze_stock, unfreeze_stock
from app.services.stock_ledger import free_qty
from local_db.models import Stock
from local_db.store import Store
from oms_contract.documents import OutboundCommand, OutboundItem
from station.sync_wiring import floor_hooks
from sync.engine import SyncEngine, SyncSettings
from tests.support.oms_process import RunningOms
from tests.sync.real_oms import OWNER, WAREHOUSE, enrolled_station

LAMP = "ACME-LAMP-02"
SUPERVISOR = "S001"


@pytest.fixture
def station(oms_demo_server: RunningOms, tmp_path: Path) -> Iterator[tuple[Store, SyncEngine]]:
    store, _ = enrolled_station(oms_demo_server, tmp_path / "station.sqlite3")
    engine = SyncEngine(store, SyncSettings(), hooks=floor_hooks())
    assert engine.run_once().online
    yield store, engine
    engine.close()
    store.close()


def oms_line(oms: RunningOms, sku_id: str) -> dict[str, Any]:
    response = oms.admin_get("/stock", warehouse_id=WAREHOUSE, owner_id=OWNER, sku_id=sku_id)
    response.raise_for_status()
    [line] = response.json()["lines"]
    return dict(line)


def order(oms: RunningOms, sku_id: str, quantity: int) -> Any:
    order_no = f"SO-P-{uuid.uuid4().hex[:8].upper()}"
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
        items=[OutboundItem(sku_id=sku_id, sku_name=sku_id, quantity=quantity)],
    )
    return oms.admin_post("/outbound-commands", command.model_dump(mode="json"))


def free_rows(store: Store, sku_id: str) -> list[tuple[str, int]]:
    with store.read_session() as session:
        rows = session.scalars(select(Stock).where(Stock.sku_id == sku_id)).all()
        return [(row.location_code, free_qty(row)) for row in rows if free_qty(row) > 0]


def synced(engine: SyncEngine) -> None:
    status = engine.run_once()
    assert status.online, status.last_error
    assert status.pending_count == 0


def test_frozen_stock_is_not_promised_and_unfreezing_gives_it_back(
    oms_demo_server: RunningOms, station: tuple[Store, SyncEngine]
) -> None:
    """The issue's probe: the station freezes every free unit of a SKU and syncs; the OMS
    shows available 0 and refuses a 5-unit order the station could not fill; unfreezing
    restores what it promises (seed 000 §3.2 可售 = 实物 − 锁定 − 安全库存)."""
    store, engine = station
    frozen = free_rows(store, LAMP)
    assert sum(quantity for _, quantity in frozen) >= 5
    with store.unit_of_work() as uow:
        for bin_code, quantity in frozen:
            freeze_stock(
                uow,
                location_code=bin_code,
                owner_id=OWNER,
                sku_id=LAMP,
                quantity=quantity,
                operator=SUPERVISOR,
                reason="QC hold",
            )
        uow.commit()
    synced(engine)

    line = oms_line(oms_demo_server, LAMP)
    assert line["frozen"] == sum(quantity for _, quantity in frozen)
    assert line["available"] == 0
    refused = order(oms_demo_server, LAMP, 5)
    assert refused.status_code == 409, refused.text
    assert refused.json()["error_code"] == "INSUFFICIENT_STOCK"
    unchanged = ("on_hand", "reserved", "frozen", "available")
    after = oms_line(oms_demo_server, LAMP)
    assert [after[k] for k in unchanged] == [line[k] for k in unchanged]  # nothing changed

    with store.unit_of_work() as uow:
        for bin_code, quantity in frozen:
            unfreeze_stock(
                uow,
                location_code=bin_code,
                owner_id=OWNER,
                sku_id=LAMP,
                quantity=quantity,
                operator=SUPERVISOR,
            )
        uow.commit()
    synced(engine)
    line = oms_line(oms_demo_server, LAMP)
    assert line["frozen"] == 0
    assert line["available"] >= 5
    assert order(oms_demo_server, LAMP, 5).status_code == 201


def test_damaged_units_and_safety_stock_are_not_promised(
    oms_demo_server: RunningOms, station: tuple[Store, SyncEngine]
) -> None:
    """Units found damaged stay on hand but are not sellable, and the SKU's safety stock
    is kept back: the OMS's available is on-hand − reserved − frozen − damaged − safety
    stock, the station's own figure (seed 000 §3.2)."""
    store, engine = station
    before = oms_line(oms_demo_server, LAMP)
    assert before["safety_stock"] == 2
    assert before["available"] == before["on_hand"] - before["reserved"] - 2
    bin_code, _ = free_rows(store, LAMP)[0]
    with store.unit_of_work() as uow:
        mark_damaged(
            uow,
            location_code=bin_code,
            owner_id=OWNER,
            sku_id=LAMP,
            quantity=3,
            operator=SUPERVISOR,
        )
        uow.commit()
    synced(engine)
    after = oms_line(oms_demo_server, LAMP)
    assert after["damaged"] == 3
    assert after["on_hand"] == before["on_hand"]
    assert after["available"] == before["available"] - 3
    assert after["available"] == after["station_available_qty"]
