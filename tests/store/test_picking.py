"""Picking with scan validation, short picks, and every refusal changing nothing."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable

from sqlalchemy import update

from app import errors
from app.services.allocation import receive_outbound_command
from app.services.cancelling import cancel_outbound
from app.services.picking import confirm_pick, short_pick
from local_db.models import OutboundOrder, PickTask, SerialNumber, Stock
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
    command,
    events,
    exceptions,
    get,
    order,
    pick_all,
    refused,
    run,
)


def _task(store: Store, order_no: str, index: int = 0) -> PickTask:
    return order(store, order_no).pick_tasks[index]


def _pick(
    task: PickTask,
    *,
    location: str | None = None,
    barcode: str | None = None,
    quantity: int | None = None,
    batch_no: str | None = None,
    serials: tuple[str, ...] = (),
) -> Callable[[UnitOfWork], object]:
    def action(uow: UnitOfWork) -> object:
        return confirm_pick(
            uow,
            task.id,
            location_code=location or task.location_code,
            barcode=barcode or GTIN[task.sku_id],
            quantity=task.quantity if quantity is None else quantity,
            operator=PICKER,
            batch_no=batch_no if batch_no is not None else task.batch_no,
            serials=serials,
        )

    return action


def test_pick_moves_stock_out_of_the_bin_and_reports_it(store: Store) -> None:
    row = add_stock(store, BINS[0], "SKU-A", 5)
    allocated(store, "SO-1", [("SKU-A", 3)])
    task = _task(store, "SO-1")
    outcome = run(store, _pick(task, quantity=2))
    assert outcome.order_status == "PICKING"
    assert outcome.task_remaining == 1
    assert (get(store, Stock, row).on_hand, get(store, Stock, row).locked) == (3, 1)
    (picked,) = events(store, "picked_lines")
    assert picked["lines"][0]["quantity"] == 2
    assert picked["movements"] == [
        {
            "location_code": BINS[0],
            "owner_id": OWNER,
            "sku_id": "SKU-A",
            "batch_no": None,
            "expiry_date": None,
            "bucket": "on_hand",
            "delta": -2,
        }
    ]
    run(store, _pick(task, quantity=1))
    statuses = [e["status"] for e in events(store, "outbound_status")]
    assert statuses == ["PICKING", "PICKED"]
    assert order(store, "SO-1").status == "PICKED"
    check_invariants(store)


def test_internal_code_and_sku_code_scan_too(store: Store) -> None:
    add_stock(store, BINS[0], "SKU-Z", 5)
    allocated(store, "SO-1", [("SKU-Z", 2)])
    task = _task(store, "SO-1")
    run(store, _pick(task, barcode="INT-Z", quantity=1))
    run(store, _pick(task, barcode="SKU-Z", quantity=1))
    assert order(store, "SO-1").status == "PICKED"


def test_wrong_scans_are_refused_and_change_nothing(store: Store) -> None:
    add_stock(store, BINS[0], "SKU-A", 5)
    add_stock(store, BINS[1], "SKU-Z", 5)
    allocated(store, "SO-1", [("SKU-A", 2)])
    task = _task(store, "SO-1")
    error = refused(store, _pick(task, location=BINS[1]), errors.WrongLocation)
    assert (error.reason, error.params["bin"]) == ("pick_elsewhere", BINS[0])
    refused(store, _pick(task, barcode="0000000000000"), errors.UnknownBarcode)
    refused(store, _pick(task, barcode="INT-Z"), errors.WrongSku)
    refused(store, _pick(task, quantity=3), errors.OverPick)
    refused(store, _pick(task, quantity=0), errors.InvalidQuantity)
    refused(
        store,
        lambda uow: confirm_pick(
            uow, 999, location_code=BINS[0], barcode="x", quantity=1, operator=PICKER
        ),
        errors.UnknownTask,
    )
    run(store, _pick(task))
    refused(store, _pick(task, quantity=1), errors.WrongOrderState)


def test_batch_and_expiry_checks(store: Store) -> None:
    add_stock(store, BINS[0], "SKU-B", 5, batch_no="L1", expiry_date=TODAY + dt.timedelta(9))
    allocated(store, "SO-1", [("SKU-B", 2)])
    task = _task(store, "SO-1")
    refused(
        store,
        lambda uow: confirm_pick(
            uow,
            task.id,
            location_code=BINS[0],
            barcode=GTIN["SKU-B"],
            quantity=1,
            operator=PICKER,
        ),
        errors.BatchRequired,
    )
    refused(store, _pick(task, batch_no="L9"), errors.WrongBatch)
    with store.unit_of_work() as uow:
        # The batch expired while the order waited.
        uow.session.execute(update(PickTask).values(expiry_date=TODAY - dt.timedelta(days=1)))
        uow.commit()
    refused(store, _pick(_task(store, "SO-1")), errors.ExpiredBatch)


def test_serials_are_captured_once(store: Store) -> None:
    add_stock(store, BINS[0], "SKU-S", 5)
    allocated(store, "SO-1", [("SKU-S", 2)])
    allocated(store, "SO-2", [("SKU-S", 1)])
    task = _task(store, "SO-1")
    refused(store, _pick(task, serials=("SN1",)), errors.SerialsRequired)
    refused(store, _pick(task, serials=("SN1", "SN1")), errors.SerialAlreadyUsed)
    run(store, _pick(task, serials=("SN1", "SN2")))
    assert json.loads(_task(store, "SO-1").serials_json) == ["SN1", "SN2"]
    assert get(store, SerialNumber, (OWNER, "SKU-S", "SN1")).status == "picked"
    assert events(store, "picked_lines")[0]["lines"][0]["serials"] == ["SN1", "SN2"]
    other = _task(store, "SO-2")
    refused(store, _pick(other, serials=("SN2",)), errors.SerialAlreadyUsed)


def test_cancelled_order_stops_the_picker(store: Store) -> None:
    add_stock(store, BINS[0], "SKU-A", 5)
    allocated(store, "SO-1", [("SKU-A", 2)])
    task = _task(store, "SO-1")
    run(store, lambda uow: cancel_outbound(uow, "SO-1", "OMS"))
    error = refused(store, _pick(task), errors.OrderCancelled)
    assert error.reason == "order_cancelled_stop"
    refused(
        store,
        lambda uow: short_pick(uow, task.id, quantity=1, reason="NOT_FOUND", operator=PICKER),
        errors.OrderCancelled,
    )


def test_order_handled_at_another_station_cannot_be_picked_here(store: Store) -> None:
    add_stock(store, BINS[0], "SKU-A", 5)
    allocated(store, "SO-1", [("SKU-A", 2)])
    with store.unit_of_work() as uow:
        uow.session.execute(update(OutboundOrder).values(handled_remotely=True))
        uow.commit()
    refused(store, _pick(_task(store, "SO-1")), errors.NotAllowed)


def test_short_pick_holds_the_missing_units_and_reports_an_exception(store: Store) -> None:
    row = add_stock(store, BINS[0], "SKU-A", 5)
    allocated(store, "SO-1", [("SKU-A", 4)])
    task = _task(store, "SO-1")
    run(store, _pick(task, quantity=1))
    outcome = run(
        store,
        lambda uow: short_pick(uow, task.id, quantity=3, reason="not_found", operator=PICKER),
    )
    assert outcome.order_status == "PICKED"
    stock = get(store, Stock, row)
    assert (stock.on_hand, stock.locked, stock.frozen) == (4, 0, 3)
    line = order(store, "SO-1").lines[0]
    assert (line.picked_qty, line.short_qty) == (1, 3)
    short_event = events(store, "picked_lines")[-1]
    assert short_event["lines"][0]["short_qty"] == 3
    assert short_event["movements"][0]["bucket"] == "frozen"
    statuses = [(e["status"], e["error_code"]) for e in events(store, "outbound_status")]
    assert statuses == [("PICKING", None), ("EXCEPTION", "SHORT_PICK"), ("PICKED", None)]
    assert len(exceptions(store, "SHORT_PICK")) == 1
    check_invariants(store)


def test_short_pick_damaged_books_damage(store: Store) -> None:
    row = add_stock(store, BINS[0], "SKU-A", 5)
    allocated(store, "SO-1", [("SKU-A", 2)])
    task = _task(store, "SO-1")
    run(store, lambda uow: short_pick(uow, task.id, quantity=1, reason="DAMAGED", operator=PICKER))
    assert get(store, Stock, row).damaged == 1
    check_invariants(store)


def test_short_pick_refusals(store: Store) -> None:
    add_stock(store, BINS[0], "SKU-A", 5)
    allocated(store, "SO-1", [("SKU-A", 2)])
    task = _task(store, "SO-1")

    def short(quantity: int, reason: str = "NOT_FOUND") -> Callable[[UnitOfWork], object]:
        return lambda uow: short_pick(
            uow, task.id, quantity=quantity, reason=reason, operator=PICKER
        )

    refused(store, short(1, "LAZY"), errors.InvalidInput)
    refused(store, short(3), errors.OverPick)
    refused(store, short(0), errors.InvalidQuantity)
    pick_all(store, "SO-1")
    refused(store, short(1), errors.WrongOrderState)


def test_a_gtin_scanned_as_gtin_14_finds_the_ean_13(store: Store) -> None:
    add_stock(store, BINS[0], "SKU-A", 5)
    allocated(store, "SO-1", [("SKU-A", 1)])
    task = _task(store, "SO-1")
    run(store, _pick(task, barcode="0" + GTIN["SKU-A"]))
    assert order(store, "SO-1").status == "PICKED"


def test_the_barcode_on_the_order_line_scans_too(store: Store) -> None:
    add_stock(store, BINS[0], "SKU-A", 5)
    sent = command("SO-1", [("SKU-A", 1)])
    item = sent.items[0].model_copy(update={"barcode": "OMS-CODE-1"})
    sent = sent.model_copy(update={"items": [item]})
    run(store, lambda uow: receive_outbound_command(uow, sent, PICKER))
    run(store, _pick(_task(store, "SO-1"), barcode="OMS-CODE-1"))
    assert order(store, "SO-1").status == "PICKED"


def test_a_scanned_code_stands_for_the_sku_the_order_means(store: Store) -> None:
    """The one scan lookup of picks, unpicks and packing: the order line's barcode first,
    then the owner's barcodes in spelling order, then SKU codes."""
    from app.services.pick_booking import scanned_sku

    add_stock(store, BINS[0], "SKU-A", 5)
    add_stock(store, BINS[0], "SKU-B", 5)
    sent = command("SO-1", [("SKU-A", 1), ("SKU-B", 1)])
    # The OMS put SKU-B's GTIN on the SKU-A line, and a SKU code on the SKU-B line.
    first = sent.items[0].model_copy(update={"barcode": GTIN["SKU-B"]})
    second = sent.items[1].model_copy(update={"barcode": "SKU-A"})
    sent = sent.model_copy(update={"items": [first, second]})
    run(store, lambda uow: receive_outbound_command(uow, sent, PICKER))
    expected = {
        GTIN["SKU-A"]: "SKU-A",
        "0" + GTIN["SKU-A"]: "SKU-A",  # a GTIN-14 spelling of the owner's barcode
        f"  {GTIN['SKU-A']} ": "SKU-A",
        GTIN["SKU-B"]: "SKU-A",  # the order line's barcode comes first
        "0" + GTIN["SKU-B"]: "SKU-B",  # not the line's code as sent: the owner's barcode
        GTIN["SKU-S"]: "SKU-S",
        "SKU-A": "SKU-B",  # the line's barcode before the SKU code
        "SKU-B": "SKU-B",
        "SKU-S": "SKU-S",
        "NOT-A-CODE": None,
        "": None,
    }
    with store.unit_of_work() as uow:
        held = order(store, "SO-1")
        for code, sku_id in expected.items():
            assert scanned_sku(uow.session.connection(), held, code) == sku_id, code
