"""Blind cycle counts: differences become adjustments; big ones wait for a supervisor."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Sequence

from app import errors
from app.services.counting import (
    CountedItem,
    CountOutcome,
    approve_adjustment,
    reject_adjustment,
    start_cycle_count,
    submit_count,
)
from local_db.models import CycleCount, Stock
from local_db.store import Store, UnitOfWork
from tests.store.support import (
    BINS,
    OWNER,
    PICKER,
    SUPERVISOR,
    TODAY,
    add_stock,
    allocated,
    check_invariants,
    events,
    exceptions,
    get,
    refused,
    run,
    stock_rows,
)

Action = Callable[[UnitOfWork], object]


def _count(store: Store, items: Sequence[CountedItem], *, threshold: int = 5) -> CountOutcome:
    count = run(store, lambda uow: start_cycle_count(uow, BINS[0], PICKER))
    return run(
        store,
        lambda uow: submit_count(uow, count.count_no, items, operator=PICKER, threshold=threshold),
    )


def test_small_difference_is_adjusted_at_once(store: Store) -> None:
    row = add_stock(store, BINS[0], "SKU-A", 10)
    outcome = _count(store, [CountedItem(OWNER, "SKU-A", 8)])
    assert outcome.status == "completed"
    assert len(outcome.applied) == 1
    assert get(store, Stock, row).on_hand == 8
    (adjusted,) = events(store, "inventory_adjusted")
    assert (adjusted["quantity"], adjusted["reason_code"]) == (-2, "COUNT_DIFFERENCE")
    assert adjusted["movements"][0]["delta"] == -2
    (changed,) = events(store, "stock_changed")
    assert (changed["change_type"], changed["change_qty"], changed["available_qty"]) == (
        "COUNT",
        -2,
        8,
    )


def test_matching_count_changes_no_stock(store: Store) -> None:
    add_stock(store, BINS[0], "SKU-A", 10)
    outcome = _count(store, [CountedItem(OWNER, "SKU-A", 10)])
    assert outcome.applied == []
    assert events(store) == []


def test_big_difference_waits_for_a_supervisor(store: Store) -> None:
    row = add_stock(store, BINS[0], "SKU-A", 10)
    outcome = _count(store, [CountedItem(OWNER, "SKU-A", 30)])
    (pending,) = outcome.pending
    assert outcome.status == "pending_approval"
    assert get(store, Stock, row).on_hand == 10
    assert events(store) == []
    (record,) = exceptions(store, "COUNT_DIFFERENCE")
    assert record.status == "open"
    refused(store, lambda uow: approve_adjustment(uow, pending, PICKER), errors.NotAllowed)
    refused(
        store, lambda uow: approve_adjustment(uow, "ADJ-404", SUPERVISOR), errors.UnknownAdjustment
    )
    run(store, lambda uow: approve_adjustment(uow, pending, SUPERVISOR))
    assert get(store, Stock, row).on_hand == 30
    assert events(store, "inventory_adjusted")[0]["quantity"] == 20
    assert exceptions(store, "COUNT_DIFFERENCE")[0].status == "resolved"
    with store.read_session() as session:
        assert session.query(CycleCount).one().status == "completed"
    refused(store, lambda uow: approve_adjustment(uow, pending, SUPERVISOR), errors.NotAllowed)


def test_rejected_difference_leaves_the_books(store: Store) -> None:
    row = add_stock(store, BINS[0], "SKU-A", 10)
    outcome = _count(store, [CountedItem(OWNER, "SKU-A", 0)])
    (pending,) = outcome.pending
    refused(store, lambda uow: reject_adjustment(uow, pending, PICKER), errors.NotAllowed)
    run(store, lambda uow: reject_adjustment(uow, pending, SUPERVISOR, "recount"))
    assert get(store, Stock, row).on_hand == 10
    assert events(store) == []


def test_count_below_reserved_keeps_the_reservation_and_raises_an_exception(
    store: Store,
) -> None:
    row = add_stock(store, BINS[0], "SKU-A", 6)
    allocated(store, "SO-1", [("SKU-A", 4)])
    _count(store, [CountedItem(OWNER, "SKU-A", 1)])
    stock = get(store, Stock, row)
    assert (stock.on_hand, stock.locked) == (4, 4)
    (record,) = exceptions(store, "STOCK_DIFFERENCE")
    assert record.severity == "high"
    assert record.detail_code == "RESERVED_UNITS_MISSING"
    assert json.loads(record.detail_args_json)["missing"] == "3"
    check_invariants(store)


def test_count_shrinks_holds_that_no_longer_fit(store: Store) -> None:
    row = add_stock(store, BINS[0], "SKU-A", 6)
    with store.unit_of_work() as uow:
        stock = uow.session.get(Stock, row)
        assert stock is not None
        stock.frozen, stock.damaged = 2, 2
        uow.commit()
    _count(store, [CountedItem(OWNER, "SKU-A", 3)])
    stock = get(store, Stock, row)
    assert (stock.on_hand, stock.frozen, stock.damaged) == (3, 2, 1)
    buckets = sorted(
        (m["bucket"], m["delta"]) for m in events(store, "inventory_adjusted")[0]["movements"]
    )
    assert buckets == [("damaged", -1), ("on_hand", -3)]
    check_invariants(store)


def test_found_goods_and_unlisted_rows(store: Store) -> None:
    add_stock(store, BINS[0], "SKU-Z", 2)
    later = TODAY + dt.timedelta(days=100)
    _count(store, [CountedItem(OWNER, "SKU-B", 3, "L7", later)])
    rows = {(r.sku_id, r.batch_no): r.on_hand for r in stock_rows(store)}
    assert rows == {("SKU-Z", None): 0, ("SKU-B", "L7"): 3}


def test_count_refusals(store: Store) -> None:
    add_stock(store, BINS[0], "SKU-A", 2)
    count = run(store, lambda uow: start_cycle_count(uow, BINS[0], PICKER))
    refused(store, lambda uow: start_cycle_count(uow, BINS[0], PICKER), errors.NotAllowed)
    refused(store, lambda uow: start_cycle_count(uow, "NOPE", PICKER), errors.UnknownLocation)

    def submit(items: Sequence[CountedItem], count_no: str = count.count_no) -> Action:
        return lambda uow: submit_count(uow, count_no, items, operator=PICKER)

    refused(store, submit([], "CC-404"), errors.UnknownCount)
    refused(store, submit([CountedItem(OWNER, "SKU-A", -1)]), errors.InvalidQuantity)
    refused(
        store,
        submit([CountedItem(OWNER, "SKU-A", 1), CountedItem(OWNER, "SKU-A", 1)]),
        errors.InvalidInput,
    )
    refused(store, submit([CountedItem(OWNER, "SKU-B", 1)]), errors.BatchRequired)
    refused(store, submit([CountedItem(OWNER, "SKU-B", 1, "L1")]), errors.ExpiryRequired)
    refused(store, submit([CountedItem(OWNER, "SKU-?", 1)]), errors.UnknownSku)
    run(store, submit([CountedItem(OWNER, "SKU-A", 2)]))
    refused(store, submit([CountedItem(OWNER, "SKU-A", 2)]), errors.NotAllowed)
