"""End to end with the real OMS process and the real floor services: command → station →
pick/pack/ship → OMS, a cancel racing a pick, two stations converging, a rejected event held
back with its order and released by a supervisor."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

import pytest
from sqlalchemy import select

from app.errors import FloorError
from app.outbox import record_event
from app.queries.stock import stock_snapshot
from app.services.picking import confirm_pick
from app.supervision.rejected_events import resolve_rejected_event
from local_db.models import ExceptionRecord, OutboxEvent, Stock
from local_db.store import Store
from oms_contract.events import PickedLine, PickedLines
from tests.support.oms_process import RunningOms
from tests.support.picks import open_pick_tasks
from tests.support.waiting import wait_until
from tests.sync.floor_work import (
    PICKER,
    barcode_of,
    create_command,
    oms_order,
    order_status,
    pack_and_ship,
    pick,
)
from tests.sync.real_oms import (
    OWNER,
    SKU,
    WAREHOUSE,
    Station,
    TwoStations,
    oms_on_hand,
    sync_round,
)


def oms_reserved(oms: RunningOms, sku_id: str = SKU) -> int:
    response = oms.admin_get("/stock", warehouse_id=WAREHOUSE, owner_id=OWNER, sku_id=sku_id)
    response.raise_for_status()
    return sum(int(line["reserved"]) for line in response.json()["lines"])


def test_command_to_shipment_exactly_once(
    oms_demo_server: RunningOms, make_station: Callable[[str], Station]
) -> None:
    store, engine = make_station("packing-1")
    before = oms_on_hand(oms_demo_server)
    engine.start()  # the real thing: the engine's own thread
    order_no = create_command(oms_demo_server, SKU, 2)
    engine.sync_now()
    wait_until(lambda: order_status(store, order_no) == "ALLOCATED", what="allocation")
    wait_until(
        lambda: oms_order(oms_demo_server, order_no)["status"] == "RECEIVED",
        what="the receive callback at the OMS",
    )

    pick(store, order_no)
    pack_and_ship(store, order_no, SKU, 2, tracking_no="SF1000000001")
    engine.outbox_changed()
    wait_until(lambda: oms_order(oms_demo_server, order_no)["status"] == "SHIPPED", what="shipment")
    wait_until(lambda: engine.status().pending_count == 0, what="an empty outbox")
    # More rounds change nothing at the OMS: every event was applied once.
    engine.stop()
    sync_round(engine)
    view = oms_order(oms_demo_server, order_no)
    assert view["tracking_no"] == "SF1000000001"
    assert view["carrier_code"] == "SF"
    assert view["package_count"] == 2
    assert Decimal(str(view["weight"])) == Decimal("0.700")
    assert oms_on_hand(oms_demo_server) == before - 2
    history = view["history"]
    assert isinstance(history, list)
    assert [entry["status"] for entry in history].count("SHIPPED") == 1


def test_cancel_racing_a_pick(
    oms_demo_server: RunningOms, make_station: Callable[[str], Station]
) -> None:
    store, engine = make_station("packing-1")
    sync_round(engine)
    before_on_hand, before_reserved = oms_on_hand(oms_demo_server), oms_reserved(oms_demo_server)
    order_no = create_command(oms_demo_server, SKU, 2)
    sync_round(engine)
    assert order_status(store, order_no) == "ALLOCATED"

    # The picker takes one unit while, at the same time, the customer cancels at the OMS.
    assert pick(store, order_no, quantity=1) == 1
    with store.unit_of_work() as uow:
        task = open_pick_tasks(uow, order_no)[0]  # still on the picker's screen
        task_id, task_location = task.id, task.location_code
    response = oms_demo_server.admin_post(
        f"/outbound-commands/{order_no}/cancel", {"reason": "customer changed mind"}
    )
    assert response.status_code < 300, response.text
    sync_round(engine)

    assert order_status(store, order_no) == "CANCELLED"
    # The picker's next scan on the task still on screen is refused, changing nothing.
    with pytest.raises(FloorError), store.unit_of_work() as uow:
        confirm_pick(
            uow,
            task_id,
            location_code=task_location,
            barcode=barcode_of(store, SKU),
            quantity=1,
            operator=PICKER,
        )
    view = oms_order(oms_demo_server, order_no)
    assert view["status"] == "CANCELLED"
    # Nothing left the warehouse; the OMS's reservation for the order is released.
    assert oms_on_hand(oms_demo_server) == before_on_hand
    assert oms_reserved(oms_demo_server) == before_reserved


def test_cancel_arriving_after_shipment_is_refused(
    oms_demo_server: RunningOms, make_station: Callable[[str], Station]
) -> None:
    store, engine = make_station("packing-1")
    sync_round(engine)
    order_no = create_command(oms_demo_server, SKU, 1)
    sync_round(engine)
    pick(store, order_no)
    pack_and_ship(store, order_no, SKU, 1, tracking_no="SF1000000002")
    # The cancel reaches the OMS before the station's shipment does.
    response = oms_demo_server.admin_post(f"/outbound-commands/{order_no}/cancel", {})
    assert response.status_code < 300, response.text
    sync_round(engine)
    sync_round(engine)
    view = oms_order(oms_demo_server, order_no)
    assert view["status"] == "SHIPPED"
    assert view["cancel_refused"] is True
    assert order_status(store, order_no) == "SHIPPED"


def stock_rows(store: Store) -> dict[tuple[str, str, str, str | None], int]:
    with store.read_session() as session:
        return {
            (row.location_code, row.owner_id, row.sku_id, row.batch_no): row.on_hand
            for row in session.scalars(select(Stock))
            if row.on_hand
        }


def test_two_stations_converge_on_the_same_stock(
    oms_demo_server: RunningOms, two_stations: TwoStations
) -> None:
    (store_a, engine_a), (store_b, engine_b) = two_stations
    first = create_command(oms_demo_server, SKU, 2)
    second = create_command(oms_demo_server, "ACME-CABLE-C", 1)
    for engine in (engine_a, engine_b):
        sync_round(engine)

    # A ships the first order, B the second; each hears of the other's work via the feed.
    pick(store_a, first)
    pack_and_ship(store_a, first, SKU, 2, tracking_no="SF1000000003")
    sync_round(engine_a)
    sync_round(engine_b)
    assert order_status(store_b, first) == "SHIPPED"
    pick(store_b, second)
    pack_and_ship(store_b, second, "ACME-CABLE-C", 1, tracking_no="SF1000000004")
    sync_round(engine_b)
    sync_round(engine_a)
    sync_round(engine_b)

    assert oms_order(oms_demo_server, first)["status"] == "SHIPPED"
    assert oms_order(oms_demo_server, second)["status"] == "SHIPPED"
    assert stock_rows(store_a) == stock_rows(store_b)
    with store_a.read_session() as session:
        snapshot = stock_snapshot(session, WAREHOUSE)
    for line in snapshot.lines:
        assert line.on_hand == oms_on_hand(oms_demo_server, line.owner_id, line.sku_id), line
    with store_a.read_session() as session:
        differences = session.scalars(
            select(ExceptionRecord).where(ExceptionRecord.exception_type == "STOCK_DIFFERENCE")
        ).all()
        assert differences == []


def test_rejected_event_holds_its_order_until_a_supervisor_resolves_it(
    oms_demo_server: RunningOms, make_station: Callable[[str], Station]
) -> None:
    store, engine = make_station("packing-1")
    sync_round(engine)
    held_order = create_command(oms_demo_server, SKU, 1)
    flowing_order = create_command(oms_demo_server, "ACME-CABLE-C", 1)
    sync_round(engine)

    # A bad report for held_order (more picked than ordered): the OMS refuses it.
    with store.unit_of_work() as uow:
        bad = record_event(
            uow,
            PickedLines(
                order_no=held_order,
                lines=[PickedLine(sku_id=SKU, quantity=99, location_code="A-01-01-01")],
            ),
            PICKER,
        )
        uow.commit()
        bad_id = bad.id
    status = sync_round(engine)
    assert status.rejected_count == 1

    # Both orders are worked on; only the other order's events reach the OMS.
    for order_no, sku_id, tracking in (
        (held_order, SKU, "SF1000000005"),
        (flowing_order, "ACME-CABLE-C", "SF1000000006"),
    ):
        pick(store, order_no)
        pack_and_ship(store, order_no, sku_id, 1, tracking_no=tracking)
    status = sync_round(engine)
    assert oms_order(oms_demo_server, flowing_order)["status"] == "SHIPPED"
    assert oms_order(oms_demo_server, held_order)["status"] == "RECEIVED"
    assert status.held_count >= 4  # PICKING, picked lines, PICKED, PACKED, SHIPPED
    assert status.pending_count == status.held_count
    with store.read_session() as session:
        record = session.scalars(
            select(ExceptionRecord).where(ExceptionRecord.outbox_event_id == bad_id)
        ).one()
        assert (record.exception_type, record.status) == ("OMS_REJECTED", "open")
        assert "OVER_PICK" in record.detail_args_json

    # The supervisor discards the bad report: the order's real events go, in order.
    with store.unit_of_work() as uow:
        resolve_rejected_event(uow, bad_id, "S001", "discard", "scanner typo, real pick follows")
        uow.commit()
    status = sync_round(engine)
    assert (status.pending_count, status.held_count, status.rejected_count) == (0, 0, 0)
    view = oms_order(oms_demo_server, held_order)
    assert view["status"] == "SHIPPED"
    assert view["tracking_no"] == "SF1000000005"
    with store.read_session() as session:
        statuses = set(
            session.scalars(select(OutboxEvent.status).where(OutboxEvent.order_no == held_order))
        )
        assert statuses == {"accepted", "discarded"}
