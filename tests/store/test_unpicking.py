"""Unpicking: a booked unit goes back to its bin, batch and serial; refusals change nothing."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable

from app import errors
from app.services.cancelling import cancel_outbound
from app.services.picking import confirm_pick
from app.services.unpicking import unpick
from local_db.models import AuditLog, OutboundOrder, PickTask, SerialNumber, Stock
from local_db.store import Store, UnitOfWork
from tests.store.support import (
    BINS,
    GTIN,
    OWNER,
    PICKER,
    TODAY,
    add_stock,
    allocated,
    check_invariants,
    events,
    get,
    order,
    refused,
    run,
)


def _book(store: Store, order_no: str, quantity: int, **extra: object) -> PickTask:
    task = order(store, order_no).pick_tasks[0]
    run(
        store,
        lambda uow: confirm_pick(
            uow,
            task.id,
            location_code=task.location_code,
            barcode=GTIN[task.sku_id],
            quantity=quantity,
            operator=PICKER,
            batch_no=task.batch_no,
            **extra,  # type: ignore[arg-type]
        ),
    )
    return task


def _unpick(order_no: str, **kwargs: object) -> Callable[[UnitOfWork], object]:
    arguments: dict[str, object] = {"barcode": GTIN["SKU-A"], "quantity": 1, "operator": PICKER}
    arguments.update(kwargs)
    return lambda uow: unpick(uow, order_no, **arguments)  # type: ignore[arg-type]


def test_unpick_puts_the_unit_back_and_restores_the_reservation(store: Store) -> None:
    row = add_stock(store, BINS[0], "SKU-A", 5)
    allocated(store, "SO-1", [("SKU-A", 2)])
    task = _book(store, "SO-1", 2)
    assert order(store, "SO-1").status == "PICKED"

    outcome = run(store, _unpick("SO-1"))

    assert (outcome.quantity, outcome.sku_id, outcome.location_code) == (1, "SKU-A", BINS[0])
    stock = get(store, Stock, row)
    assert (stock.on_hand, stock.locked) == (4, 1)  # one unit back in the bin, reserved again
    back = get(store, PickTask, task.id)
    assert (back.picked_qty, back.status) == (1, "open")
    assert order(store, "SO-1").status == "PICKING"
    assert order(store, "SO-1").lines[0].picked_qty == 1
    (event,) = events(store, "unpicked")
    assert event["order_no"] == "SO-1"
    assert event["lines"][0]["quantity"] == 1
    assert event["movements"] == [
        {
            "location_code": BINS[0],
            "owner_id": OWNER,
            "sku_id": "SKU-A",
            "batch_no": None,
            "expiry_date": None,
            "bucket": "on_hand",
            "delta": 1,
        }
    ]
    # No status callback goes backwards: the unpick event itself reopens the order at the OMS.
    assert [e["status"] for e in events(store, "outbound_status")] == ["PICKING", "PICKED"]
    with store.read_session() as session:
        assert session.query(AuditLog).filter_by(action="unpick").count() == 1
    check_invariants(store)


def test_unpick_returns_the_batch_and_the_serial_it_came_from(store: Store) -> None:
    batch_row = add_stock(
        store, BINS[1], "SKU-B", 5, batch_no="L1", expiry_date=TODAY + dt.timedelta(90)
    )
    allocated(store, "SO-B", [("SKU-B", 2)])
    _book(store, "SO-B", 2)
    run(store, _unpick("SO-B", barcode=GTIN["SKU-B"], batch_no="L1"))
    assert get(store, Stock, batch_row).on_hand == 4
    (event,) = events(store, "unpicked")
    assert event["movements"][0]["batch_no"] == "L1"

    add_stock(store, BINS[2], "SKU-S", 3)
    allocated(store, "SO-S", [("SKU-S", 2)])
    _book(store, "SO-S", 2, serials=["SN-1", "SN-2"])
    refused(store, _unpick("SO-S", barcode=GTIN["SKU-S"]), errors.SerialsRequired)
    refused(store, _unpick("SO-S", barcode=GTIN["SKU-S"], serial_no="SN-9"), errors.NothingToUnpick)
    run(store, _unpick("SO-S", barcode=GTIN["SKU-S"], serial_no="SN-2"))
    serial = get(store, SerialNumber, (OWNER, "SKU-S", "SN-2"))
    assert (serial.status, serial.location_code, serial.outbound_order_id) == (
        "in_stock",
        BINS[2],
        None,
    )
    task = order(store, "SO-S").pick_tasks[0]
    assert json.loads(task.serials_json) == ["SN-1"]
    check_invariants(store)


def test_unpick_refusals_change_nothing(store: Store) -> None:
    add_stock(store, BINS[0], "SKU-A", 5)
    add_stock(store, BINS[1], "SKU-B", 5, batch_no="L1", expiry_date=TODAY + dt.timedelta(90))
    allocated(store, "SO-1", [("SKU-A", 2)])
    refused(store, _unpick("SO-1"), errors.NothingToUnpick)  # nothing picked yet: ALLOCATED
    _book(store, "SO-1", 1)
    refused(store, _unpick("SO-1", quantity=2), errors.NothingToUnpick)
    refused(store, _unpick("SO-1", quantity=0), errors.InvalidQuantity)
    refused(store, _unpick("SO-1", barcode="0000000000000"), errors.UnknownBarcode)
    refused(store, _unpick("SO-1", barcode=GTIN["SKU-B"]), errors.NothingToUnpick)
    refused(store, _unpick("SO-NONE"), errors.UnknownOrder)
    run(store, _unpick("SO-1"))
    refused(store, _unpick("SO-1"), errors.NothingToUnpick)  # already back

    allocated(store, "SO-2", [("SKU-A", 1)])
    _book(store, "SO-2", 1)
    with store.unit_of_work() as uow:
        uow.session.query(OutboundOrder).filter_by(order_no="SO-2").one().handled_remotely = True
        uow.commit()
    refused(store, _unpick("SO-2"), errors.NotAllowed)

    allocated(store, "SO-3", [("SKU-A", 1)])
    _book(store, "SO-3", 1)
    run(store, lambda uow: cancel_outbound(uow, "SO-3", "OMS"))
    refused(store, _unpick("SO-3"), errors.OrderCancelled)  # cancelled: the put-back applies
