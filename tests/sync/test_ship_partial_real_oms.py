"""The demo's short-pick case against the real reference OMS (#13.1): SO-DEMO-0002 is short
one tea, the pack bench refuses it, the demo's supervisor decides "ship partial", and the
OMS accepts the EXCEPTION callback (error code SHIP_PARTIAL, the picked lines) and then the
shipment of what was picked."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import select

from app import errors
from app.services.packing import pack_order
from app.services.picking import short_pick
from app.services.shipping import ship_order
from app.supervision.exceptions import Reason, Resolution, decide_exception
from local_db.models import ExceptionRecord, OutboundOrder
from local_db.store import Store
from sync.engine import SyncEngine
from tests.support.oms_process import RunningOms
from tests.support.picks import open_pick_tasks
from tests.sync.floor_work import PICKER, barcode_of, oms_order, pick
from tests.sync.real_oms import floor_station, settle

ORDER = "SO-DEMO-0002"  # 3 x ACME-TEA-100, 1 x ACME-CABLE-C
SUPERVISOR = "S001"  # the demo's supervisor badge


@pytest.fixture
def station(oms_demo_server: RunningOms, tmp_path: Path) -> Iterator[tuple[Store, SyncEngine]]:
    with floor_station(oms_demo_server, tmp_path / "station.sqlite3") as built:
        yield built


def test_a_short_picked_demo_order_ships_partial_only_by_decision(
    oms_demo_server: RunningOms, station: tuple[Store, SyncEngine]
) -> None:
    store, engine = station
    with store.unit_of_work() as uow:
        tea = next(t for t in open_pick_tasks(uow, ORDER) if t.sku_id == "ACME-TEA-100")
        short_pick(uow, tea.id, quantity=1, reason="NOT_FOUND", operator=PICKER)
        uow.commit()
    pick(store, ORDER)
    settle(engine)
    assert oms_order(oms_demo_server, ORDER)["error_code"] == "SHORT_PICK"

    codes = [barcode_of(store, "ACME-TEA-100")] * 2 + [barcode_of(store, "ACME-CABLE-C")]
    with pytest.raises(errors.NotAllowed) as refused, store.unit_of_work() as uow:
        pack_order(uow, ORDER, codes, PICKER)
    assert refused.value.reason == "open_exception_stops_packing"

    with store.read_session() as session:
        record = session.scalars(
            select(ExceptionRecord).where(ExceptionRecord.order_no == ORDER)
        ).one()
    decide_exception(
        store, record.id, SUPERVISOR, Resolution.SHIP_PARTIAL, reason=Reason.DEADLINE_FIRST
    )
    settle(engine)
    told = oms_order(oms_demo_server, ORDER)
    assert (told["status"], told["error_code"]) == ("EXCEPTION", "SHIP_PARTIAL")
    assert told["error_message"] == "ACME-TEA-100 2/3; ACME-CABLE-C 1/1"

    with store.unit_of_work() as uow:
        pack_order(uow, ORDER, codes, PICKER)
        ship_order(
            uow,
            ORDER,
            tracking_no="SF0000002",
            carrier_code="SF",
            package_count=1,
            weight_kg=Decimal("0.5"),
            operator=PICKER,
        )
        uow.commit()
    settle(engine)
    shipped = oms_order(oms_demo_server, ORDER)
    assert shipped["status"] == "SHIPPED"
    with store.read_session() as session:
        order = session.scalars(select(OutboundOrder).where(OutboundOrder.order_no == ORDER)).one()
        assert order.status == "SHIPPED"
