"""Commands the station cannot receive, against the real reference OMS process (#12.4).

Seed 000 §2.3 (WMS接收处理): any failure to receive a command is answered
``sendReceiveCallback(commandId, "FAIL", e.getMessage())``; §5.1 (常见异常场景): SKU不存在 →
检查主数据. The OMS creates each order through its own admin API, the station pulls it and
cannot receive it, and answers FAIL with its own code: the OMS releases the reservation and
shows the order RECEIVE_FAILED with the code and the station's message; the station keeps
no order and has a COMMAND_REFUSED record for its supervisor.

- SKU_NOT_FOUND: the SKU is in the OMS's master data, posted to another warehouse only, so
  this station never got it; a second station of WH01 found some (an adjustment without bin
  movements: only the OMS's logical stock), so the OMS can reserve it.
- OWNER_NOT_FOUND: the same with an owner (and its SKU) posted to another warehouse only.
- WAREHOUSE_MISMATCH: the reference OMS puts a command only on the feed of the warehouse it
  names, so the command of an order created for WH01 is changed in the OMS's feed table to
  name WH02: what a mis-routed command of a faulty OMS looks like to the station.
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import select

from app.services.command_refusals import COMMAND_REFUSED
from local_db.models import ExceptionRecord, OutboundOrder
from local_db.store import Store
from oms_contract.documents import OutboundCommand, OutboundItem
from oms_contract.events import EventEnvelope, InventoryAdjusted, StockMovement
from sync.engine import SyncEngine
from tests.support.oms_process import RunningOms
from tests.sync.real_oms import OWNER, WAREHOUSE, floor_station, settle

OTHER_WAREHOUSE = "WH02"
MUG = "ACME-MUG-01"
Key = tuple[str, str]


@pytest.fixture
def station(oms_demo_server: RunningOms, tmp_path: Path) -> Iterator[tuple[Store, SyncEngine]]:
    with floor_station(oms_demo_server, tmp_path / "station.sqlite3", feed_page_size=500) as built:
        yield built


def reserved(oms: RunningOms, owner_id: str, sku_id: str) -> int:
    response = oms.admin_get("/stock", warehouse_id=WAREHOUSE, owner_id=owner_id, sku_id=sku_id)
    response.raise_for_status()
    return sum(int(line["reserved"]) for line in response.json()["lines"])


def order_for(oms: RunningOms, owner_id: str, sku_id: str, quantity: int) -> str:
    """An outbound command for WH01 through the OMS's admin API (it reserves); its order_no."""
    order_no = f"SO-F-{uuid.uuid4().hex[:8].upper()}"
    command = OutboundCommand(
        command_id=f"CMD-{order_no}",
        order_no=order_no,
        warehouse_id=WAREHOUSE,
        owner_id=owner_id,
        consignee="Test Consignee",
        phone="13800000000",
        province="Zhejiang",
        city="Hangzhou",
        address="1 Test Road",
        carrier_code="SF",
        items=[OutboundItem(sku_id=sku_id, sku_name=sku_id, quantity=quantity)],
    )
    response = oms.admin_post("/outbound-commands", command.model_dump(mode="json"))
    assert response.status_code == 201, response.text
    return order_no


def master_data_elsewhere(
    oms: RunningOms, owner: dict[str, str] | None, owner_id: str, sku_id: str
) -> None:
    """Owner/SKU known to the OMS, posted to WH02's feed only (WH01's station never sees it)."""
    batch: dict[str, Any] = {
        "owners": [owner] if owner else [],
        "skus": [{"owner_id": owner_id, "sku_id": sku_id, "name": "Not at WH01"}],
    }
    response = oms.admin_post("/master-data", batch, warehouse_id=OTHER_WAREHOUSE)
    assert response.status_code == 200, response.text


def found_at(
    oms: RunningOms,
    warehouse_id: str,
    owner_id: str,
    sku_id: str,
    quantity: int,
    *,
    location: str | None = None,
) -> None:
    """Another station of ``warehouse_id`` reports found goods: without ``location`` only the
    OMS's logical stock of the SKU rises (no bin movements), with it the goods lie in that
    bin at every station of the warehouse too."""
    enrolled = oms.enrol(warehouse_id, f"another station of {warehouse_id}")
    movements = (
        []
        if location is None
        else [
            StockMovement(location_code=location, owner_id=owner_id, sku_id=sku_id, delta=quantity)
        ]
    )
    payload = InventoryAdjusted(
        adjustment_no=f"ADJ-{uuid.uuid4().hex[:8]}",
        owner_id=owner_id,
        sku_id=sku_id,
        quantity=quantity,
        reason_code="FOUND",
        location_code=location,
        movements=movements,
    )
    envelope = EventEnvelope(
        event_id=uuid.uuid4().hex,
        station_id=enrolled["device_id"],
        station_seq=1,
        warehouse_id=warehouse_id,
        operator="P002",
        occurred_at=dt.datetime.now(dt.UTC),
        payload=payload,
    )
    response = httpx.post(
        oms.api_url + "/events",
        json={"events": [envelope.model_dump(mode="json")]},
        headers={"Authorization": f"Bearer {enrolled['token']}"},
        timeout=10,
    )
    response.raise_for_status()
    assert response.json()["results"][0]["outcome"] == "accepted", response.text


def name_another_warehouse(oms: RunningOms, order_no: str) -> None:
    """The order's command in WH01's feed now names WH02 (a faulty OMS's mis-routed command)."""
    path = oms.database_url.removeprefix("sqlite:///")
    with sqlite3.connect(path) as db:
        rows = db.execute(
            "SELECT seq, body_json FROM feed_entry WHERE warehouse_id = ? "
            "AND kind = 'outbound_command_created'",
            (WAREHOUSE,),
        ).fetchall()
        [(seq, body_json)] = [
            (seq, body) for seq, body in rows if json.loads(body)["command"]["order_no"] == order_no
        ]
        body = json.loads(body_json)
        body["command"]["warehouse_id"] = OTHER_WAREHOUSE
        db.execute(
            "UPDATE feed_entry SET body_json = ? WHERE warehouse_id = ? AND seq = ?",
            (json.dumps(body), WAREHOUSE, seq),
        )
    db.close()


def check_failed(
    oms: RunningOms,
    store: Store,
    order_no: str,
    code: str,
    *,
    reserved_before: int,
    key: Key,
) -> dict[str, Any]:
    """The OMS: RECEIVE_FAILED with the code and message, the reservation released. The
    station: no order, one open COMMAND_REFUSED record with the code."""
    response = oms.admin_get(f"/orders/{order_no}")
    response.raise_for_status()
    order: dict[str, Any] = response.json()
    assert (order["status"], order["receive_result"], order["error_code"]) == (
        "RECEIVE_FAILED",
        "FAIL",
        code,
    )
    assert order_no in order["error_message"]
    [failed] = [step for step in order["history"] if step["status"] == "RECEIVE_FAILED"]
    assert failed["error_code"] == code
    assert reserved(oms, *key) == reserved_before
    with store.read_session() as session:
        assert (
            session.scalar(select(OutboundOrder).where(OutboundOrder.order_no == order_no)) is None
        )
        records = session.scalars(
            select(ExceptionRecord).where(
                ExceptionRecord.exception_type == COMMAND_REFUSED,
                ExceptionRecord.order_no == order_no,
            )
        ).all()
    assert [(r.detail_code, r.status) for r in records] == [(code, "open")]
    return order


def test_an_order_for_a_sku_the_station_lacks_fails_sku_not_found_and_is_sent_again(
    oms_demo_server: RunningOms, station: tuple[Store, SyncEngine]
) -> None:
    """SKU不存在 → 检查主数据 (seed 000 §5.1): FAIL SKU_NOT_FOUND, not a shortage that waits for
    stock forever; the OMS releases the 3 it reserved."""
    store, engine = station
    sku = "ACME-NEW-01"
    master_data_elsewhere(oms_demo_server, None, OWNER, sku)
    found_at(oms_demo_server, WAREHOUSE, OWNER, sku, 10)
    settle(engine)  # the second station's adjustment: no bins moved here
    order_no = order_for(oms_demo_server, OWNER, sku, 3)
    assert reserved(oms_demo_server, OWNER, sku) == 3
    settle(engine)
    order = check_failed(
        oms_demo_server, store, order_no, "SKU_NOT_FOUND", reserved_before=0, key=(OWNER, sku)
    )
    assert sku in order["error_message"] and "Check master data" in order["error_message"]

    # Master data checked: the SKU is posted to WH01, goods of it are put on a shelf, and
    # the OMS user sends the order again to WH01 under a new command id: received.
    response = oms_demo_server.admin_post(
        "/master-data",
        {"skus": [{"owner_id": OWNER, "sku_id": sku, "name": "Now at WH01"}]},
        warehouse_id=WAREHOUSE,
    )
    assert response.status_code == 200, response.text
    found_at(oms_demo_server, WAREHOUSE, OWNER, sku, 3, location="A-01-01-01")
    response = oms_demo_server.admin_post(
        f"/outbound-commands/{order_no}/reroute",
        {"command_id": f"CMD-{order_no}-R1", "warehouse_id": WAREHOUSE},
    )
    assert response.status_code == 201, response.text
    settle(engine)
    order = oms_demo_server.admin_get(f"/orders/{order_no}").json()
    assert (order["status"], order["receive_result"]) == ("RECEIVED", "SUCCESS")
    assert reserved(oms_demo_server, OWNER, sku) == 3
    with store.read_session() as session:
        status = session.scalar(
            select(OutboundOrder.status).where(OutboundOrder.order_no == order_no)
        )
    assert status == "ALLOCATED"


def test_an_order_for_an_owner_missing_from_the_station_master_data_fails_owner_not_found(
    oms_demo_server: RunningOms, station: tuple[Store, SyncEngine]
) -> None:
    """Seed 000 §2.3: the unknown owner is answered FAIL OWNER_NOT_FOUND (before, it was only
    a refused feed entry at the station and the OMS never heard)."""
    store, engine = station
    owner, sku = "NEWCO", "NEWCO-BOX-01"
    master_data_elsewhere(oms_demo_server, {"owner_id": owner, "name": "New Co"}, owner, sku)
    found_at(oms_demo_server, WAREHOUSE, owner, sku, 4)
    settle(engine)
    order_no = order_for(oms_demo_server, owner, sku, 4)
    assert reserved(oms_demo_server, owner, sku) == 4
    settle(engine)
    order = check_failed(
        oms_demo_server, store, order_no, "OWNER_NOT_FOUND", reserved_before=0, key=(owner, sku)
    )
    assert owner in order["error_message"]


def test_a_command_naming_another_warehouse_fails_warehouse_mismatch_and_is_rerouted(
    oms_demo_server: RunningOms, station: tuple[Store, SyncEngine]
) -> None:
    """Seed 000 §2.3: the mis-routed command is answered FAIL WAREHOUSE_MISMATCH; the OMS
    releases the reservation, so its user can re-route the order (seed 000 §5.1 重新分仓)."""
    store, engine = station
    before = reserved(oms_demo_server, OWNER, MUG)
    order_no = order_for(oms_demo_server, OWNER, MUG, 2)
    name_another_warehouse(oms_demo_server, order_no)
    settle(engine)
    order = check_failed(
        oms_demo_server,
        store,
        order_no,
        "WAREHOUSE_MISMATCH",
        reserved_before=before,
        key=(OWNER, MUG),
    )
    assert OTHER_WAREHOUSE in order["error_message"] and "Re-route" in order["error_message"]
    # The OMS user re-routes it: WH01's cancel reaches a station that kept nothing of it,
    # which answers CANCELLED (recorded by the OMS as the old route's answer).
    found_at(oms_demo_server, OTHER_WAREHOUSE, OWNER, MUG, 5)
    response = oms_demo_server.admin_post(
        f"/outbound-commands/{order_no}/reroute",
        {"command_id": f"CMD-{order_no}-R1", "warehouse_id": OTHER_WAREHOUSE},
    )
    assert response.status_code == 201, response.text
    settle(engine)
    order = oms_demo_server.admin_get(f"/orders/{order_no}").json()
    history = [step["status"] for step in order["history"]]
    assert history[-1] == "OLD_ROUTE_CANCELLED"
