"""Receiving the demo OMS's inbound orders on a station with the real floor flows, against
the real OMS process (#17.8b, #17.6): a delivery in two parts is two receipts the OMS adds
up, the order open in between; the batch and expiry the receiver captured reach the OMS."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select

from app.flows.base import FlowContext, OperatorInfo
from app.flows.receive_flow import ReceiveFlow
from app.flows.view import Feedback, FlowView
from app.scanning.commands import Command
from app.scanning.gs1 import parse_scan
from local_db.models import InboundOrder, Stock
from local_db.store import Store
from station.config import StationConfig
from station.sync_wiring import floor_hooks
from sync.engine import SyncEngine, SyncSettings
from tests.support.oms_process import RunningOms
from tests.sync.floor_work import PICKER, barcode_of
from tests.sync.real_oms import WAREHOUSE, enrolled_station, oms_on_hand

GS = "\x1d"


@pytest.fixture
def station(oms_demo_server: RunningOms, tmp_path: Path) -> Iterator[tuple[Store, SyncEngine]]:
    store, _ = enrolled_station(oms_demo_server, tmp_path / "station.sqlite3")
    engine = SyncEngine(store, SyncSettings(feed_page_size=200), hooks=floor_hooks())
    sync(engine)  # master data, stock and the demo's inbound orders
    yield store, engine
    assert engine.stop()
    engine.close()
    store.close()


def sync(engine: SyncEngine) -> None:
    status = engine.run_once()
    assert status.online and status.consecutive_failures == 0, status.last_error
    assert (status.pending_count, status.rejected_count) == (0, 0), status


def receiver(store: Store, inbound_no: str) -> ReceiveFlow:
    settings = StationConfig()  # the station's defaults, as a real station runs them
    context = FlowContext(
        store,
        OperatorInfo(PICKER, "Li Wei", "operator"),
        WAREHOUSE,
        over_receipt_tolerance_pct=settings.over_receipt_tolerance_pct,
    )
    return ReceiveFlow(context, inbound_no)


def answer(result: object) -> FlowView:
    assert isinstance(result, FlowView), result
    assert result.feedback is Feedback.GOOD, result.message
    return result


def inbound_at_oms(oms: RunningOms, inbound_no: str) -> dict[str, object]:
    response = oms.admin_get(f"/inbound-orders/{inbound_no}")
    response.raise_for_status()
    body: dict[str, object] = response.json()
    return body


def other_station_inbound(oms: RunningOms, tmp_path: Path) -> tuple[str, int]:
    other, _ = enrolled_station(oms, tmp_path / "other.sqlite3", "other")
    engine = SyncEngine(other, SyncSettings(feed_page_size=200), hooks=floor_hooks())
    try:
        sync(engine)
        with other.read_session() as session:
            inbound = session.scalars(
                select(InboundOrder).where(InboundOrder.inbound_no == "IN-DEMO-0002")
            ).one()
            return inbound.status, sum(line.received_qty for line in inbound.lines)
    finally:
        assert engine.stop()
        engine.close()
        other.close()


def test_a_delivery_in_two_parts_reaches_the_oms_as_two_receipts(
    oms_demo_server: RunningOms, station: tuple[Store, SyncEngine], tmp_path: Path
) -> None:
    store, engine = station
    soap = barcode_of(store, "LOT-SOAP-01", "LOTUS")
    before = oms_on_hand(oms_demo_server, "LOTUS", "LOT-SOAP-01")
    flow = receiver(store, "IN-DEMO-0002")
    answer(flow.on_scan(parse_scan(soap)))
    answer(flow.on_number("25"))
    view = answer(flow.on_command(Command.CONFIRM))
    assert view.message is not None and view.message.code == "partial_receipt_booked"
    sync(engine)
    at_oms = inbound_at_oms(oms_demo_server, "IN-DEMO-0002")
    assert at_oms["status"] == "PARTIALLY_RECEIVED"
    assert oms_on_hand(oms_demo_server, "LOTUS", "LOT-SOAP-01") == before + 25
    # Another station learns the part receipt from the OMS's feed: still open there, with
    # 25 received, so the rest may be received on either station.
    assert other_station_inbound(oms_demo_server, tmp_path) == ("open", 25)

    flow = receiver(store, "IN-DEMO-0002")  # the rest, the next day
    answer(flow.on_scan(parse_scan(soap)))
    answer(flow.on_number("35"))
    view = answer(flow.on_command(Command.CONFIRM))
    assert view.message is not None and view.message.code == "receipt_booked"
    sync(engine)
    at_oms = inbound_at_oms(oms_demo_server, "IN-DEMO-0002")
    assert at_oms["status"] == "RECEIVED"
    assert at_oms["lines"] == [  # type: ignore[comparison-overlap]
        {
            "sku_id": "LOT-SOAP-01",
            "expected_qty": 60,
            "received_qty": 60,
            "passed_qty": 60,
            "damaged_qty": 0,
            "quarantined_qty": 0,
        }
    ]
    assert oms_on_hand(oms_demo_server, "LOTUS", "LOT-SOAP-01") == before + 60


def test_the_received_batch_and_expiry_reach_the_oms(
    oms_demo_server: RunningOms, station: tuple[Store, SyncEngine], tmp_path: Path
) -> None:
    store, engine = station
    tea = barcode_of(store, "ACME-TEA-100", "ACME")
    mug = barcode_of(store, "ACME-MUG-01", "ACME")
    expiry = dt.date.today().replace(day=1) + dt.timedelta(days=500)
    flow = receiver(store, "IN-DEMO-0001")
    answer(flow.on_scan(parse_scan(mug)))
    answer(flow.on_number("24"))
    # The demo announced batch B2026-02; the truck brought another: the label decides.
    label = f"]C101{tea.zfill(14)}{GS}17{expiry:%y%m%d}10B2026-07"
    answer(flow.on_scan(parse_scan(label)))
    answer(flow.on_number("48"))
    answer(flow.on_command(Command.CONFIRM))
    sync(engine)
    assert inbound_at_oms(oms_demo_server, "IN-DEMO-0001")["status"] == "RECEIVED"
    # What the OMS keeps and serves: a second station of the warehouse learns the receipt
    # from the OMS's feed, with the batch and expiry as received, not as announced.
    other, _ = enrolled_station(oms_demo_server, tmp_path / "other.sqlite3", "other")
    other_engine = SyncEngine(other, SyncSettings(feed_page_size=200), hooks=floor_hooks())
    try:
        sync(other_engine)
        with other.read_session() as session:
            rows = session.scalars(
                select(Stock).where(
                    Stock.sku_id == "ACME-TEA-100", Stock.location_code == "R-01-01-01"
                )
            ).all()
            assert [(r.batch_no, r.expiry_date, r.on_hand) for r in rows] == [
                ("B2026-07", expiry, 48)
            ]
    finally:
        assert other_engine.stop()
        other_engine.close()
        other.close()
