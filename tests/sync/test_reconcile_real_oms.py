"""Reconciliation against the real OMS process compares like with like (#12.1).

Seed 003 (分离库存模型, 定期库存对账机制): the two inventories are compared on a schedule and a
difference must point at a real cause; seed 000 §3.4 (定时全量同步) is the schedule.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select, update

from local_db.models import AuditLog, ExceptionRecord, Stock
from local_db.store import Store
from station.sync_wiring import floor_hooks
from sync.engine import SyncEngine, SyncSettings
from sync.exception_details import STOCK_MISSING_AT_STATION, STOCK_SURPLUS_AT_STATION
from sync.reconcile import SELF_RESOLVED, STOCK_DIFFERENCE
from tests.support.oms_process import RunningOms
from tests.sync.floor_work import create_command, pack_and_ship, pick
from tests.sync.real_oms import SKU, enrolled_station


@pytest.fixture
def station(oms_demo_server: RunningOms, tmp_path: Path) -> Iterator[tuple[Store, SyncEngine]]:
    store, _ = enrolled_station(oms_demo_server, tmp_path / "station.sqlite3")
    engine = SyncEngine(store, SyncSettings(), hooks=floor_hooks())
    yield store, engine
    engine.close()
    store.close()


def differences(store: Store) -> list[ExceptionRecord]:
    with store.read_session() as session:
        return list(
            session.scalars(
                select(ExceptionRecord)
                .where(ExceptionRecord.exception_type == STOCK_DIFFERENCE)
                .order_by(ExceptionRecord.id)
            )
        )


def reconcile(engine: SyncEngine) -> None:
    status = engine.run_once(reconcile=True)
    assert status.online, status.last_error
    assert status.pending_count == 0


def test_picked_not_shipped_units_are_no_difference(
    oms_demo_server: RunningOms, station: tuple[Store, SyncEngine]
) -> None:
    """The issue's probe: pick 2 of an order, push the picks, reconcile before shipping.
    The station's bins hold 2 fewer, the OMS takes them off only at SHIPPED: that is
    picked-not-shipped stock, not a difference (seed 003 定期库存对账机制; seed 000 §3.4)."""
    store, engine = station
    assert engine.run_once().online
    order_no = create_command(oms_demo_server, SKU, 2)
    assert engine.run_once().online
    assert pick(store, order_no) == 2
    reconcile(engine)  # the picks reached the OMS; then both sides are compared
    assert [(r.sku_id, r.detail_code, r.detail) for r in differences(store)] == []

    pack_and_ship(store, order_no, SKU, 2, "SF-T-0002")
    reconcile(engine)
    assert differences(store) == []


def test_a_difference_says_what_it_is_and_closes_itself_when_it_resolves(
    station: tuple[Store, SyncEngine],
) -> None:
    """A difference is written as a code with its figures (no prose); one that is gone at
    the next reconciliation is closed as SELF_RESOLVED and audited (seed 003
    对账差异自动分析; #12.1)."""
    store, engine = station
    reconcile(engine)
    with store.unit_of_work() as uow:
        row_id = uow.session.scalars(select(Stock.id).where(Stock.sku_id == SKU)).first()
        uow.session.execute(
            update(Stock).where(Stock.id == row_id).values(on_hand=Stock.on_hand + 5)
        )
        uow.commit()
    reconcile(engine)
    [record] = differences(store)
    assert record.status == "open"
    assert record.detail == ""
    assert record.detail_code == STOCK_SURPLUS_AT_STATION
    args = json.loads(record.detail_args_json)
    assert args["sku_id"] == SKU
    assert int(args["station_qty"]) - int(args["oms_qty"]) == 5
    assert args["difference"] == "+5"

    # Found again: still one record. Then the five go missing again (say they were
    # another bin's, counted twice): station and OMS agree, the record closes itself.
    reconcile(engine)
    assert len(differences(store)) == 1
    # Two more turn up: the same task, showing today's figures.
    with store.unit_of_work() as uow:
        uow.session.execute(
            update(Stock).where(Stock.id == row_id).values(on_hand=Stock.on_hand + 2)
        )
        uow.commit()
    reconcile(engine)
    [record] = differences(store)
    assert json.loads(record.detail_args_json)["difference"] == "+7"
    with store.unit_of_work() as uow:
        uow.session.execute(
            update(Stock).where(Stock.id == row_id).values(on_hand=Stock.on_hand - 7)
        )
        # A count's own difference record of the same SKU is not reconciliation's to close.
        uow.session.add(
            ExceptionRecord(
                exception_type=STOCK_DIFFERENCE,
                sku_id=SKU,
                status="open",
                detail_code="COUNT_BELOW_RESERVED",
                detail_args_json="{}",
            )
        )
        uow.commit()
    reconcile(engine)
    record, counted = differences(store)
    assert counted.status == "open"
    assert record.status == "resolved"
    assert record.resolution_code == SELF_RESOLVED
    assert record.resolved_at is not None
    with store.read_session() as session:
        actions = session.scalars(
            select(AuditLog.action)
            .where(AuditLog.entity == "exception_record", AuditLog.entity_key == str(record.id))
            .order_by(AuditLog.id)
        ).all()
    assert actions == ["stock_difference_changed", "stock_difference_self_resolved"]

    # Now fewer than the OMS expects: the other code.
    with store.unit_of_work() as uow:
        uow.session.execute(
            update(Stock).where(Stock.id == row_id).values(on_hand=Stock.on_hand - 1)
        )
        uow.commit()
    reconcile(engine)
    latest = differences(store)[-1]
    assert (latest.status, latest.detail_code) == ("open", STOCK_MISSING_AT_STATION)
    assert json.loads(latest.detail_args_json)["difference"] == "-1"
