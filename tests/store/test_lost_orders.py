"""Which OMS refusals the station settles itself as "order lost to another station"."""

from __future__ import annotations

from decimal import Decimal

from sqlalchemy import select, update

from app.services.packing import pack_order
from app.services.shipping import ship_order
from app.supervision.lost_orders import settle_lost_orders
from local_db.models import ExceptionRecord, OutboxEvent, PutBackTask, Stock
from local_db.store import Store
from tests.store.support import (
    BINS,
    GTIN,
    PICKER,
    add_stock,
    allocated,
    check_invariants,
    order,
    pick_all,
)


def _refuse_first_pick_event(store: Store, order_no: str, code: str) -> None:
    """What the push does with the OMS's answer: the order's PICKING callback is rejected
    (its later events stay pending, held behind it)."""
    with store.unit_of_work() as uow:
        first = uow.session.scalar(
            select(OutboxEvent.id)
            .where(OutboxEvent.order_no == order_no, OutboxEvent.event_type == "outbound_status")
            .order_by(OutboxEvent.station_seq)
        )
        uow.session.execute(
            update(OutboxEvent)
            .where(OutboxEvent.order_no == order_no, OutboxEvent.event_type == "outbound_received")
            .values(status="accepted")
        )
        uow.session.execute(
            update(OutboxEvent)
            .where(OutboxEvent.id == first)
            .values(status="rejected", reject_code=code, reject_message="refused")
        )
        uow.commit()


def _statuses(store: Store, order_no: str) -> set[str]:
    with store.read_session() as session:
        return set(
            session.scalars(select(OutboxEvent.status).where(OutboxEvent.order_no == order_no))
        )


def test_a_lost_order_is_settled_once(store: Store) -> None:
    add_stock(store, BINS[0], "SKU-A", 5)
    allocated(store, "SO-1", [("SKU-A", 2)])
    pick_all(store, "SO-1")
    _refuse_first_pick_event(store, "SO-1", "STATUS_BACKWARDS")

    assert settle_lost_orders(store) == ["SO-1"]
    assert settle_lost_orders(store) == []  # nothing left to settle

    assert _statuses(store, "SO-1") == {"accepted", "discarded"}
    assert order(store, "SO-1").handled_remotely
    with store.read_session() as session:
        (put_back,) = session.scalars(select(PutBackTask)).all()
        assert (put_back.quantity, put_back.suggested_location) == (2, BINS[0])
        reported = session.scalars(
            select(OutboxEvent).where(OutboxEvent.event_type == "stock_changed")
        ).all()
        assert '"delta":-2' in reported[-1].payload_json  # the goods taken, told again
        lost = session.scalars(
            select(ExceptionRecord).where(ExceptionRecord.exception_type == "ORDER_LOST")
        ).one()
        assert lost.status == "open" and "STATUS_BACKWARDS" in lost.detail_args_json
        assert session.scalars(select(Stock.locked)).all() == [0]
    check_invariants(store)


def test_other_refusals_and_orders_past_picking_wait_for_a_supervisor(store: Store) -> None:
    add_stock(store, BINS[0], "SKU-A", 5)
    allocated(store, "SO-CANCELLED", [("SKU-A", 1)])
    pick_all(store, "SO-CANCELLED")
    _refuse_first_pick_event(store, "SO-CANCELLED", "ORDER_CANCELLED")  # the cancel path's job
    allocated(store, "SO-SHIPPED", [("SKU-A", 1)])
    pick_all(store, "SO-SHIPPED")
    with store.unit_of_work() as uow:
        pack_order(uow, "SO-SHIPPED", [GTIN["SKU-A"]], PICKER)
        ship_order(
            uow,
            "SO-SHIPPED",
            tracking_no="SF1000000123",
            carrier_code="SF",
            package_count=1,
            weight_kg=Decimal("0.5"),
            operator=PICKER,
        )
        uow.commit()
    _refuse_first_pick_event(store, "SO-SHIPPED", "STATUS_BACKWARDS")

    assert settle_lost_orders(store) == []
    assert "rejected" in _statuses(store, "SO-CANCELLED")
    assert "rejected" in _statuses(store, "SO-SHIPPED")
