"""The live board's order figures over a real store filled by the real services."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from sqlalchemy import select, update

from app.queries.board.orders import AT_RISK_LISTED, order_counts, orders_at_risk
from app.services.packing import pack_order
from app.services.picking import confirm_pick
from app.services.shipping import ship_order
from local_db.models import OutboundOrder, PickTask, Shipment
from local_db.models.records import ExceptionRecord
from local_db.store import Store
from tests.flows.seed import PICKER_BADGE, add_order, add_stock

TEA = "4006381333931"


def _pick_all(store: Store, order_no: str) -> None:
    with store.unit_of_work() as uow:
        tasks = uow.session.scalars(
            select(PickTask)
            .join(OutboundOrder)
            .where(OutboundOrder.order_no == order_no)
            .order_by(PickTask.sequence)
        ).all()
        for task in tasks:
            confirm_pick(
                uow,
                task.id,
                location_code=task.location_code,
                barcode=TEA,
                quantity=task.quantity,
                operator=PICKER_BADGE,
            )
        uow.commit()


def _pack_and_ship(store: Store, order_no: str, ship: bool = True) -> None:
    with store.unit_of_work() as uow:
        pack_order(uow, order_no, [TEA], PICKER_BADGE)
        if ship:
            ship_order(
                uow,
                order_no,
                tracking_no="SF1234567890123",
                carrier_code="SF",
                package_count=1,
                weight_kg=Decimal("0.3"),
                operator=PICKER_BADGE,
            )
        uow.commit()


def _set_times(store: Store, model: type, column: str, value: dt.datetime, *ids: int) -> None:
    with store.unit_of_work() as uow:
        uow.session.execute(
            update(model).where(model.id.in_(ids)).values({column: value})  # type: ignore[attr-defined]
        )
        uow.commit()


def test_orders_by_status_each_figure(store: Store) -> None:
    add_stock(store, "A-01-02-03", "SKU-TEA", 50)
    for number in range(1, 9):
        add_order(store, f"SO-{number}", [("SKU-TEA", 1)])
    add_order(store, "SO-HELD", [("SKU-PHONE", 1)], expect="SHORTAGE")
    # SO-1 and SO-2 shipped, SO-3 packed, SO-4 picked, SO-5 picking (half picked):
    add_order(store, "SO-TWO", [("SKU-TEA", 2)])
    for order_no in ("SO-1", "SO-2", "SO-3", "SO-4"):
        _pick_all(store, order_no)
    _pack_and_ship(store, "SO-1")
    _pack_and_ship(store, "SO-2")
    _pack_and_ship(store, "SO-3", ship=False)
    with store.unit_of_work() as uow:
        task = uow.session.scalars(
            select(PickTask).join(OutboundOrder).where(OutboundOrder.order_no == "SO-TWO")
        ).one()
        confirm_pick(
            uow,
            task.id,
            location_code=task.location_code,
            barcode=TEA,
            quantity=1,
            operator=PICKER_BADGE,
        )
        uow.session.add(ExceptionRecord(exception_type="SHORT_PICK", order_no="SO-5"))
        uow.session.add(ExceptionRecord(exception_type="SHORT_PICK", order_no="SO-5"))
        uow.session.add(ExceptionRecord(exception_type="STOCK_SHORTAGE", order_no="SO-HELD"))
        # An exception of a shipped order, and a resolved one, do not count.
        uow.session.add(ExceptionRecord(exception_type="SHORT_PICK", order_no="SO-1"))
        uow.session.add(
            ExceptionRecord(exception_type="SHORT_PICK", order_no="SO-6", status="resolved")
        )
        uow.commit()

    now = dt.datetime.now(dt.UTC)
    with store.read_session() as session:
        ids = dict(session.execute(select(OutboundOrder.order_no, OutboundOrder.id)).all())
        shipment_ids = list(session.scalars(select(Shipment.id).order_by(Shipment.id)))
    # Yesterday's orders and shipments (the first rows, as in life) are not today's.
    yesterday = now - dt.timedelta(days=1)
    _set_times(store, OutboundOrder, "created_at", yesterday, ids["SO-1"], ids["SO-2"])
    _set_times(store, Shipment, "shipped_at", yesterday, shipment_ids[0])
    day_start = now - dt.timedelta(hours=2)

    with store.read_session() as session:
        counts = order_counts(session, day_start)
    assert counts.received_today == 8  # 10 received, 2 yesterday
    assert counts.allocated == 4  # SO-5 .. SO-8
    assert counts.picking == 1  # SO-TWO
    assert counts.picked == 1  # SO-4
    assert counts.packed == 1  # SO-3
    assert counts.shipped_today == 1  # SO-2 (SO-1 left yesterday)
    assert counts.shortage == 1  # SO-HELD
    assert counts.with_open_exception == 2  # SO-5 and SO-HELD


def test_no_orders_and_no_shipments(store: Store) -> None:
    with store.read_session() as session:
        counts = order_counts(session, dt.datetime.now(dt.UTC) - dt.timedelta(hours=1))
    assert counts.received_today == counts.shipped_today == counts.allocated == 0


def test_orders_at_risk_of_missing_their_deadline(store: Store) -> None:
    add_stock(store, "A-01-02-03", "SKU-TEA", 50)
    now = dt.datetime(2026, 11, 22, 10, tzinfo=dt.UTC)
    within = dt.timedelta(minutes=60)
    add_order(store, "SO-OVERDUE", [("SKU-TEA", 1)], deadline=now - dt.timedelta(minutes=5))
    add_order(store, "SO-EDGE", [("SKU-TEA", 1)], deadline=now + within, carrier="ZTO")
    add_order(store, "SO-LATER", [("SKU-TEA", 1)], deadline=now + within + dt.timedelta(seconds=1))
    add_order(store, "SO-NO-DEADLINE", [("SKU-TEA", 1)])
    add_order(store, "SO-HELD", [("SKU-PHONE", 1)], deadline=now, expect="SHORTAGE")
    add_order(store, "SO-PACKED", [("SKU-TEA", 1)], deadline=now - dt.timedelta(hours=1))
    _pick_all(store, "SO-PACKED")
    _pack_and_ship(store, "SO-PACKED", ship=False)  # packed: ready for the carrier

    with store.read_session() as session:
        at_risk = orders_at_risk(session, now, within)
    assert at_risk.count == 3
    assert [(o.order_no, o.status) for o in at_risk.orders] == [
        ("SO-OVERDUE", "ALLOCATED"),
        ("SO-HELD", "SHORTAGE"),
        ("SO-EDGE", "ALLOCATED"),
    ]
    assert at_risk.orders[2].carrier_code == "ZTO"
    assert at_risk.orders[2].deadline == now + within


def test_the_at_risk_list_is_bounded_but_the_count_is_not(store: Store) -> None:
    add_stock(store, "A-01-02-03", "SKU-TEA", 200)
    now = dt.datetime(2026, 11, 22, 10, tzinfo=dt.UTC)
    for number in range(AT_RISK_LISTED + 3):
        add_order(store, f"SO-{number:03d}", [("SKU-TEA", 1)], deadline=now)
    with store.read_session() as session:
        at_risk = orders_at_risk(session, now, dt.timedelta(minutes=1))
    assert at_risk.count == AT_RISK_LISTED + 3
    assert len(at_risk.orders) == AT_RISK_LISTED
