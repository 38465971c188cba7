"""Reconciliation turns the OMS's differences into one open STOCK_DIFFERENCE record each."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from local_db.models.records import ExceptionRecord
from local_db.store import Store, open_store
from oms_contract.sync_api import StockSnapshot, StockSnapshotLine
from sync.client import OmsClient
from sync.credentials import Token
from sync.exception_details import STOCK_MISSING_AT_STATION
from sync.reconcile import STOCK_DIFFERENCE, Reconciler, reconcile_due
from sync.state import StationIdentity
from tests.sync.helpers import NOW, enrol_locally

IDENTITY = StationIdentity("ST-1", "WH1", "http://oms.test")


def snapshot(session: Session, warehouse_id: str) -> StockSnapshot:
    return StockSnapshot(
        warehouse_id=warehouse_id,
        taken_at=NOW,
        lines=[StockSnapshotLine(owner_id="OWN-1", sku_id="SKU-1", on_hand=10, available_qty=8)],
    )


class DifferingOms:
    def __init__(self) -> None:
        self.snapshots: list[dict[str, object]] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.snapshots.append(json.loads(request.content))
        difference = {
            "owner_id": "OWN-1",
            "sku_id": "SKU-1",
            "station_qty": 10,
            "oms_qty": 12,
            "difference": -2,
        }
        return httpx.Response(
            200, json={"warehouse_id": "WH1", "checked_lines": 1, "differences": [difference]}
        )


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    store = open_store(tmp_path / "station.sqlite3")
    enrol_locally(store, IDENTITY)
    yield store
    store.close()


def test_differences_become_open_records_once(store: Store) -> None:
    oms = DifferingOms()
    client = OmsClient("http://oms.test", Token("t0ken"), transport=httpx.MockTransport(oms))
    reconciler = Reconciler(store, client, IDENTITY, snapshot)
    assert reconciler.last_run_at() is None
    report = reconciler.run()
    assert (report.checked_lines, report.differences, report.new_records) == (1, 1, 1)
    assert oms.snapshots[0]["lines"] == [
        {"owner_id": "OWN-1", "sku_id": "SKU-1", "on_hand": 10, "available_qty": 8}
    ]
    # Tomorrow's run finds the same unresolved difference: still one task.
    assert reconciler.run().new_records == 0
    with store.read_session() as session:
        record = session.scalars(select(ExceptionRecord)).one()
        assert record.exception_type == STOCK_DIFFERENCE
        assert record.sku_id == "SKU-1"
        assert record.detail == ""
        assert record.detail_code == STOCK_MISSING_AT_STATION
        assert json.loads(record.detail_args_json) == {
            "owner_id": "OWN-1",
            "sku_id": "SKU-1",
            "station_qty": "10",
            "oms_qty": "12",
            "difference": "-2",
        }
    assert reconciler.last_run_at() is not None


def test_reconciliation_schedule() -> None:
    now = dt.datetime(2026, 11, 22, 3, 0, tzinfo=dt.UTC)
    assert reconcile_due(None, 24, now)
    assert not reconcile_due(now - dt.timedelta(hours=23), 24, now)
    assert reconcile_due(now - dt.timedelta(hours=24), 24, now)
    assert reconcile_due(now + dt.timedelta(days=3), 24, now)  # clock set back
