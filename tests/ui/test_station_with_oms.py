"""The whole station against the real reference OMS process: the order arrives by the feed,
is picked on real widgets by scans, and the OMS sees the result; the status bar follows."""

from __future__ import annotations

import pytest
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from app.flows.view import Mode
from local_db.models import InboundOrder, OutboxEvent
from local_db.store import Store
from tests.support.oms_process import RunningOms
from tests.sync.floor_work import barcode_of, create_command, oms_order, order_status
from tests.sync.real_oms import SKU
from tests.ui.conftest import scan, type_number
from ui.launcher import Station

GS = "\x1d"

pytestmark = pytest.mark.slow


def test_order_from_oms_picked_by_scans_reaches_the_oms(
    qtbot: QtBot, online_station: Station, oms_demo_server: RunningOms
) -> None:
    station = online_station
    store = station.store
    assert station.engine is not None
    order_no = create_command(oms_demo_server, SKU, 1)
    station.engine.sync_now()
    qtbot.waitUntil(lambda: order_status(store, order_no) == "ALLOCATED", timeout=60_000)
    bar = station.window.status_bar
    qtbot.waitUntil(lambda: "Online" in bar.connection_label.text(), timeout=60_000)

    scan(qtbot, station, "P001")
    view = scan(qtbot, station, order_no)
    assert view.flow.mode is Mode.PICK
    assert view.flow.location_code is not None
    scan(qtbot, station, view.flow.location_code)
    view = scan(qtbot, station, barcode_of(store, SKU))
    assert view.flow.message is not None and view.flow.message.code == "order_picked"

    qtbot.waitUntil(
        lambda: oms_order(oms_demo_server, order_no)["status"] == "PICKED", timeout=60_000
    )
    qtbot.waitUntil(lambda: order_event_statuses(store, order_no) == {"accepted"}, timeout=60_000)
    qtbot.waitUntil(lambda: bar.pending_label.text() == "Pending events: 0", timeout=60_000)
    assert "never" not in bar.last_sync_label.text()


def order_event_statuses(store: Store, order_no: str) -> set[str]:
    with store.read_session() as session:
        return set(
            session.scalars(select(OutboxEvent.status).where(OutboxEvent.order_no == order_no))
        )


def test_demo_delivery_received_and_put_away_reaches_the_oms(
    qtbot: QtBot, online_station: Station
) -> None:
    station = online_station
    store = station.store
    assert station.engine is not None
    station.engine.sync_now()
    qtbot.waitUntil(lambda: inbound_status(store, "IN-DEMO-0001") == "open", timeout=60_000)
    scan(qtbot, station, "P001")
    scan(qtbot, station, "CMD:MODE:RECEIVE")
    scan(qtbot, station, "IN-DEMO-0001")
    scan(qtbot, station, barcode_of(store, "ACME-MUG-01"))
    type_number(qtbot, station, "24")
    # The tea is batch-managed: its GS1 label gives the batch and expiry that arrived (#17.6).
    tea_gtin = barcode_of(store, "ACME-TEA-100").zfill(14)
    scan(qtbot, station, f"]C101{tea_gtin}17270630{GS}10B2026-01")
    view = type_number(qtbot, station, "48")
    assert view.flow.feedback.value == "good", view.flow.message
    view = scan(qtbot, station, "CMD:CONFIRM")
    assert view.flow.message is not None and view.flow.message.code == "receipt_booked"
    scan(qtbot, station, "A-02-01-01")
    view = scan(qtbot, station, "A-02-01-02")
    assert view.flow.message is not None and view.flow.message.code == "all_put_away"
    qtbot.waitUntil(lambda: receipt_status(store) == "accepted", timeout=60_000)
    bar = station.window.status_bar
    qtbot.waitUntil(lambda: bar.pending_label.text() == "Pending events: 0", timeout=60_000)


def receipt_status(store: Store) -> str | None:
    with store.read_session() as session:
        return session.scalar(
            select(OutboxEvent.status).where(OutboxEvent.event_type == "inbound_received")
        )


def inbound_status(store: Store, inbound_no: str) -> str | None:
    with store.read_session() as session:
        return session.scalar(
            select(InboundOrder.status).where(InboundOrder.inbound_no == inbound_no)
        )
