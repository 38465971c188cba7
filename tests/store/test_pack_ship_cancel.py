"""Pack verification, shipping, cancelling (with put-back), and their refusals."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

from app import errors
from app.services.cancelling import cancel_outbound, put_back
from app.services.packing import pack_order
from app.services.picking import confirm_pick, short_pick
from app.services.shipping import ship_order
from local_db.models import PutBackTask, SerialNumber, Stock
from local_db.store import Store, UnitOfWork
from oms_contract.events import CancelOutcome
from tests.store.support import (
    BINS,
    FROZEN_BIN,
    GTIN,
    OWNER,
    PICKER,
    add_stock,
    allocated,
    check_invariants,
    events,
    exceptions,
    get,
    order,
    pick_all,
    refused,
    run,
    stock_rows,
)


def _ship(
    order_no: str = "SO-1",
    *,
    tracking_no: str = "SF1001",
    carrier_code: str = "SF",
    package_count: int = 1,
    weight_kg: Decimal = Decimal("0.800"),
) -> Callable[[UnitOfWork], object]:
    return lambda uow: ship_order(
        uow,
        order_no,
        tracking_no=tracking_no,
        carrier_code=carrier_code,
        package_count=package_count,
        weight_kg=weight_kg,
        operator=PICKER,
    )


def _picked_order(store: Store) -> None:
    add_stock(store, BINS[0], "SKU-A", 5)
    add_stock(store, BINS[1], "SKU-Z", 5)
    allocated(store, "SO-1", [("SKU-A", 2), ("SKU-Z", 1)])
    pick_all(store, "SO-1")


def test_pack_needs_every_unit_scanned(store: Store) -> None:
    _picked_order(store)
    a, z = GTIN["SKU-A"], "INT-Z"

    def pack(codes: list[str]) -> Callable[[UnitOfWork], object]:
        return lambda uow: pack_order(uow, "SO-1", codes, PICKER)

    error = refused(store, pack([a, z]), errors.PackMismatch)
    assert error.params["counts"] == "SKU-A 1/2"
    refused(store, pack([a, a, a, z]), errors.PackMismatch)
    refused(store, pack([a, a, GTIN["SKU-B"]]), errors.PackMismatch)
    refused(store, pack([a, a, "999"]), errors.UnknownBarcode)
    run(store, pack([z, a, a]))
    assert order(store, "SO-1").status == "PACKED"
    assert [line.packed_qty for line in order(store, "SO-1").lines] == [2, 1]
    assert events(store, "outbound_status")[-1]["status"] == "PACKED"
    refused(store, pack([z, a, a]), errors.WrongOrderState)


def test_pack_refused_before_picking_finished_or_with_nothing_picked(store: Store) -> None:
    add_stock(store, BINS[0], "SKU-A", 5)
    allocated(store, "SO-1", [("SKU-A", 2)])
    pack = lambda uow: pack_order(uow, "SO-1", [GTIN["SKU-A"]] * 2, PICKER)  # noqa: E731
    refused(store, pack, errors.WrongOrderState)
    task = order(store, "SO-1").pick_tasks[0]
    run(
        store, lambda uow: short_pick(uow, task.id, quantity=2, reason="NOT_FOUND", operator=PICKER)
    )
    error = refused(store, lambda uow: pack_order(uow, "SO-1", [], PICKER), errors.WrongOrderState)
    assert error.reason == "nothing_picked"
    refused(store, lambda uow: pack_order(uow, "SO-404", [], PICKER), errors.UnknownOrder)


def test_ship_records_the_shipment_and_reports_it(store: Store) -> None:
    _picked_order(store)
    refused(store, _ship(), errors.WrongOrderState)
    run(store, lambda uow: pack_order(uow, "SO-1", [GTIN["SKU-A"]] * 2 + ["INT-Z"], PICKER))
    refused(store, _ship(tracking_no="  "), errors.InvalidInput)
    refused(store, _ship(carrier_code=""), errors.InvalidInput)
    refused(store, _ship(package_count=0), errors.InvalidInput)
    refused(store, _ship(package_count=1000), errors.InvalidInput)
    refused(store, _ship(weight_kg=Decimal(0)), errors.InvalidInput)
    refused(store, _ship(weight_kg=Decimal("1.2345")), errors.InvalidInput)
    refused(store, _ship(weight_kg=Decimal("NaN")), errors.InvalidInput)
    run(store, _ship(package_count=2, weight_kg=Decimal("1.5")))
    shipped = events(store, "outbound_status")[-1]
    assert shipped["status"] == "SHIPPED"
    assert shipped["tracking_no"] == "SF1001"
    assert shipped["carrier_code"] == "SF"
    assert shipped["package_count"] == 2
    assert Decimal(shipped["weight"]) == Decimal("1.5")
    refused(store, _ship(), errors.OrderShipped)
    check_invariants(store)


def test_serials_ship_with_the_order(store: Store) -> None:
    add_stock(store, BINS[0], "SKU-S", 2)
    allocated(store, "SO-1", [("SKU-S", 1)])
    task = order(store, "SO-1").pick_tasks[0]
    run(
        store,
        lambda uow: confirm_pick(
            uow,
            task.id,
            location_code=BINS[0],
            barcode=GTIN["SKU-S"],
            quantity=1,
            operator=PICKER,
            serials=["SN-9"],
        ),
    )
    run(store, lambda uow: pack_order(uow, "SO-1", [GTIN["SKU-S"]], PICKER))
    run(store, _ship())
    assert get(store, SerialNumber, (OWNER, "SKU-S", "SN-9")).status == "shipped"


def test_cancel_before_picking_releases_the_reservation(store: Store) -> None:
    row = add_stock(store, BINS[0], "SKU-A", 5)
    allocated(store, "SO-1", [("SKU-A", 3)])
    outcome = run(store, lambda uow: cancel_outbound(uow, "SO-1", "OMS", "customer changed mind"))
    assert outcome is CancelOutcome.CANCELLED
    assert get(store, Stock, row).locked == 0
    placed = order(store, "SO-1")
    assert placed.status == "CANCELLED"
    assert not placed.cancelled_mid_pick
    assert placed.cancel_reason == "customer changed mind"
    assert events(store, "cancel_result")[0]["result"] == "CANCELLED"
    assert events(store, "outbound_status")[-1]["status"] == "CANCELLED"
    release = events(store, "stock_changed")[-1]
    assert (release["change_type"], release["change_qty"], release["available_qty"]) == (
        "RELEASE",
        3,
        5,
    )
    refused(store, lambda uow: cancel_outbound(uow, "SO-1", "OMS"), errors.OrderCancelled)
    check_invariants(store)


def test_cancel_mid_pick_creates_put_back_tasks(store: Store) -> None:
    row = add_stock(store, BINS[0], "SKU-A", 5)
    allocated(store, "SO-1", [("SKU-A", 3)])
    task = order(store, "SO-1").pick_tasks[0]
    run(
        store,
        lambda uow: confirm_pick(
            uow, task.id, location_code=BINS[0], barcode=GTIN["SKU-A"], quantity=2, operator=PICKER
        ),
    )
    run(store, lambda uow: cancel_outbound(uow, "SO-1", "OMS"))
    placed = order(store, "SO-1")
    assert placed.cancelled_mid_pick
    assert (get(store, Stock, row).on_hand, get(store, Stock, row).locked) == (3, 0)
    assert len(exceptions(store, "ORDER_CANCELLED_MID_PICK")) == 1
    with store.read_session() as session:
        (back,) = session.query(PutBackTask).all()
    assert (back.quantity, back.suggested_location) == (2, BINS[0])
    refused(store, lambda uow: put_back(uow, back.id, FROZEN_BIN, PICKER), errors.LocationFrozen)
    refused(store, lambda uow: put_back(uow, back.id, "Z-99", PICKER), errors.UnknownLocation)
    refused(store, lambda uow: put_back(uow, 999, BINS[0], PICKER), errors.UnknownTask)
    run(store, lambda uow: put_back(uow, back.id, BINS[2], PICKER))
    assert sum(r.on_hand for r in stock_rows(store, "SKU-A")) == 5
    put = events(store, "stock_changed")[-1]
    assert put["change_type"] == "PUT_BACK"
    assert put["movements"][0]["location_code"] == BINS[2]
    assert put["movements"][0]["delta"] == 2
    refused(store, lambda uow: put_back(uow, back.id, BINS[2], PICKER), errors.TaskClosed)
    check_invariants(store)


def test_cancel_after_shipping_is_answered_refused(store: Store) -> None:
    _picked_order(store)
    run(store, lambda uow: pack_order(uow, "SO-1", [GTIN["SKU-A"]] * 2 + ["INT-Z"], PICKER))
    run(store, _ship())
    outcome = run(store, lambda uow: cancel_outbound(uow, "SO-1", "OMS"))
    assert outcome is CancelOutcome.REFUSED_ALREADY_SHIPPED
    assert events(store, "cancel_result")[-1]["result"] == "REFUSED_ALREADY_SHIPPED"
    assert order(store, "SO-1").status == "SHIPPED"
    refused(store, lambda uow: cancel_outbound(uow, "SO-404", "OMS"), errors.UnknownOrder)
