"""Batch-specified outbound (seed 003, 003_*.txt §三 方案二: "当客户需要指定特定批次、特定效期的
商品出库时" / "开发批次指定出库的特殊流程"): an outbound command's line may name the batch to
ship; allocation takes that line's units from stock of that batch only (FEFO otherwise), and
a batch that does not cover the line makes the order a STOCK_SHORTAGE naming the batch."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable

from app import errors
from app.services.allocation import reallocate_held_orders
from app.services.picking import confirm_pick, short_pick
from app.supervision.exceptions import Reason, Resolution, resolve_exception
from local_db.models import Stock
from local_db.store import Store, UnitOfWork
from tests.store.support import (
    BINS,
    GTIN,
    PICKER,
    SUPERVISOR,
    TODAY,
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
)

EARLY = TODAY + dt.timedelta(days=10)
LATE = TODAY + dt.timedelta(days=90)


def _two_batches(store: Store, *, late_qty: int = 5) -> tuple[int, int]:
    """SKU-B (batch + expiry managed): L1 expires first (FEFO's choice), L2 later."""
    early = add_stock(store, BINS[0], "SKU-B", 10, batch_no="L1", expiry_date=EARLY)
    late = add_stock(store, BINS[2], "SKU-B", late_qty, batch_no="L2", expiry_date=LATE)
    return early, late


def test_a_named_batch_is_allocated_although_fefo_would_take_another(store: Store) -> None:
    early, late = _two_batches(store)
    placed = allocated(store, "SO-1", [("SKU-B", 3, "L2")])
    assert placed.status == "ALLOCATED"
    assert [line.batch_no for line in placed.lines] == ["L2"]
    assert [(t.location_code, t.batch_no, t.quantity) for t in placed.pick_tasks] == [
        (BINS[2], "L2", 3)
    ]
    assert get(store, Stock, early).locked == 0
    assert get(store, Stock, late).locked == 3
    (received,) = events(store, "outbound_received")
    assert received["result"] == "SUCCESS"
    check_invariants(store)


def test_a_named_batch_that_is_short_makes_the_order_a_shortage_naming_it(
    store: Store,
) -> None:
    """Other batches of the SKU cover the quantity, but the OMS asked for L2: not enough."""
    early, late = _two_batches(store, late_qty=2)
    placed = allocated(store, "SO-1", [("SKU-B", 3, "L2")])
    assert placed.status == "SHORTAGE"
    assert placed.pick_tasks == []
    assert get(store, Stock, early).locked == 0
    assert get(store, Stock, late).locked == 0
    (received,) = events(store, "outbound_received")
    assert received["result"] == "FAIL"
    assert received["error_code"] == "STOCK_SHORTAGE"
    assert "SKU-B batch L2 short by 1" in received["error_message"]
    (record,) = exceptions(store, "STOCK_SHORTAGE")
    assert record.detail_code == "STOCK_SHORTAGE_OF_BATCH"
    assert json.loads(record.detail_args_json) == {"order": "SO-1", "short": "SKU-B (L2) 1"}
    check_invariants(store)


def test_a_batch_nobody_holds_is_a_shortage(store: Store) -> None:
    _two_batches(store)
    placed = allocated(store, "SO-1", [("SKU-B", 1, "L9")])
    assert placed.status == "SHORTAGE"
    (received,) = events(store, "outbound_received")
    assert "SKU-B batch L9 short by 1" in received["error_message"]


def test_mixed_lines_a_named_batch_and_any_batch_of_the_same_sku(store: Store) -> None:
    """The named line takes L2 only; the free line goes first-expiry-first-out (L1), and the
    two lines never count the same unit twice."""
    early, late = _two_batches(store, late_qty=4)
    placed = allocated(store, "SO-1", [("SKU-B", 4, "L2"), ("SKU-B", 11, None)])
    assert placed.status == "SHORTAGE"  # L1 10 + nothing left of L2 < 11
    assert get(store, Stock, late).locked == 0

    placed = allocated(store, "SO-2", [("SKU-B", 4, "L2"), ("SKU-B", 6, None)])
    assert placed.status == "ALLOCATED"
    assert [(line.line_no, line.batch_no) for line in placed.lines] == [(1, "L2"), (2, None)]
    line_no = {line.id: line.line_no for line in placed.lines}
    assert sorted((line_no[t.line_id], t.batch_no, t.quantity) for t in placed.pick_tasks) == [
        (1, "L2", 4),
        (2, "L1", 6),
    ]
    assert get(store, Stock, early).locked == 6
    assert get(store, Stock, late).locked == 4
    check_invariants(store)


def test_a_held_order_waits_for_its_batch_not_any_stock(store: Store) -> None:
    """Stock of another batch arriving does not release the held order; its batch does."""
    placed = allocated(store, "SO-1", [("SKU-B", 2, "L2")])
    assert placed.status == "SHORTAGE"
    add_stock(store, BINS[0], "SKU-B", 10, batch_no="L1", expiry_date=EARLY)
    assert run(store, lambda uow: reallocate_held_orders(uow, PICKER)) == []
    assert order(store, "SO-1").status == "SHORTAGE"

    add_stock(store, BINS[2], "SKU-B", 2, batch_no="L2", expiry_date=LATE)
    assert run(store, lambda uow: reallocate_held_orders(uow, PICKER)) == ["SO-1"]
    held = order(store, "SO-1")
    assert held.status == "ALLOCATED"
    assert [(t.batch_no, t.quantity) for t in held.pick_tasks] == [("L2", 2)]
    check_invariants(store)


def test_the_picker_cannot_book_another_batch_for_a_named_batch(store: Store) -> None:
    """The pick task names the batch it was allocated from; a label of another batch of the
    same SKU in the same bin is refused, nothing booked."""
    add_stock(store, BINS[0], "SKU-B", 10, batch_no="L1", expiry_date=EARLY)
    add_stock(store, BINS[0], "SKU-B", 5, batch_no="L2", expiry_date=LATE)
    placed = allocated(store, "SO-1", [("SKU-B", 2, "L2")])
    (task,) = placed.pick_tasks

    def pick(batch: str) -> Callable[[UnitOfWork], object]:
        return lambda uow: confirm_pick(
            uow,
            task.id,
            location_code=BINS[0],
            barcode=GTIN["SKU-B"],
            quantity=1,
            operator=PICKER,
            batch_no=batch,
        )

    refusal = refused(store, pick("L1"), errors.WrongBatch)
    assert refusal.reason == "pick_other_batch"
    run(store, pick("L2"))
    assert order(store, "SO-1").pick_tasks[0].picked_qty == 1


def test_a_short_pick_of_a_named_batch_is_reallocated_from_that_batch_only(
    store: Store,
) -> None:
    """The supervisor's re-allocation of a short pick goes through the same planner: another
    batch in another bin does not count; the named batch in another bin does."""
    add_stock(store, BINS[0], "SKU-B", 3, batch_no="L2", expiry_date=LATE)
    allocated(store, "SO-1", [("SKU-B", 3, "L2")])
    add_stock(store, BINS[1], "SKU-B", 10, batch_no="L1", expiry_date=EARLY)
    task = order(store, "SO-1").pick_tasks[0]
    run(
        store, lambda uow: short_pick(uow, task.id, quantity=1, reason="NOT_FOUND", operator=PICKER)
    )
    pick_all(store, "SO-1")
    (record,) = exceptions(store, "SHORT_PICK")

    def reallocate(uow: UnitOfWork) -> object:
        return resolve_exception(
            uow, record.id, SUPERVISOR, Resolution.REALLOCATE, reason=Reason.STOCK_IN_OTHER_BIN
        )

    assert refused(store, reallocate, errors.StockShortage).reason == "no_other_bin"
    add_stock(store, BINS[2], "SKU-B", 2, batch_no="L2", expiry_date=LATE)
    run(store, reallocate)
    so = order(store, "SO-1")
    assert [
        (t.location_code, t.batch_no, t.quantity) for t in so.pick_tasks if t.status == "open"
    ] == [(BINS[2], "L2", 1)]
    check_invariants(store)
