"""Receiving outbound commands and reserving stock (seed 000's 库存不足 path included)."""

from __future__ import annotations

import datetime as dt
import json

from app import errors
from app.services.allocation import receive_outbound_command
from local_db.models import Stock
from local_db.store import Store
from tests.store.support import (
    BINS,
    DOCK,
    FROZEN_BIN,
    PICKER,
    TODAY,
    add_stock,
    allocated,
    check_invariants,
    command,
    db_state,
    events,
    exceptions,
    get,
    order,
    refused,
    run,
)


def test_allocation_locks_stock_in_walk_order_and_reports_success(store: Store) -> None:
    far = add_stock(store, BINS[2], "SKU-A", 10)
    near = add_stock(store, BINS[0], "SKU-A", 3)
    placed = allocated(store, "SO-1", [("SKU-A", 5)])
    assert placed.status == "ALLOCATED"
    assert get(store, Stock, near).locked == 3
    assert get(store, Stock, far).locked == 2
    received = events(store, "outbound_received")
    assert received == [
        {
            "event_type": "outbound_received",
            "command_id": "CMD-SO-1",
            "order_no": "SO-1",
            "result": "SUCCESS",
            "error_code": None,
            "error_message": None,
        }
    ]
    (changed,) = events(store, "stock_changed")
    assert changed["change_type"] == "ALLOCATION"
    assert changed["change_qty"] == -5
    assert changed["available_qty"] == 8
    assert changed["movements"] == []  # locks are station-local
    check_invariants(store)


def test_fefo_for_expiry_managed_skus_before_walk_order(store: Store) -> None:
    late = add_stock(
        store, BINS[0], "SKU-B", 5, batch_no="L2", expiry_date=TODAY + dt.timedelta(days=90)
    )
    early = add_stock(
        store, BINS[2], "SKU-B", 5, batch_no="L1", expiry_date=TODAY + dt.timedelta(days=10)
    )
    allocated(store, "SO-1", [("SKU-B", 6)])
    assert get(store, Stock, early).locked == 5
    assert get(store, Stock, late).locked == 1
    tasks = order(store, "SO-1").pick_tasks
    # The walk is still by pick sequence; the batches were chosen first-expiry-first-out.
    assert [(t.location_code, t.batch_no, t.quantity) for t in tasks] == [
        (BINS[0], "L2", 1),
        (BINS[2], "L1", 5),
    ]


def test_expired_frozen_and_unpickable_stock_is_never_allocated(store: Store) -> None:
    add_stock(store, BINS[0], "SKU-B", 5, batch_no="OLD", expiry_date=TODAY - dt.timedelta(1))
    add_stock(store, FROZEN_BIN, "SKU-A", 5)
    add_stock(store, DOCK, "SKU-A", 5)
    add_stock(store, BINS[1], "SKU-B", 1, batch_no="OK", expiry_date=TODAY)
    placed = allocated(store, "SO-1", [("SKU-B", 2)])
    assert placed.status == "SHORTAGE"
    placed = allocated(store, "SO-2", [("SKU-A", 1)])
    assert placed.status == "SHORTAGE"


def test_shortage_keeps_the_order_reports_fail_and_locks_nothing(store: Store) -> None:
    row = add_stock(store, BINS[0], "SKU-A", 3)
    add_stock(store, BINS[0], "SKU-Z", 10)
    placed = allocated(store, "SO-1", [("SKU-Z", 2), ("SKU-A", 4)])
    assert placed.status == "SHORTAGE"
    assert placed.pick_tasks == []
    assert get(store, Stock, row).locked == 0
    (received,) = events(store, "outbound_received")
    assert received["result"] == "FAIL"
    assert received["error_code"] == "STOCK_SHORTAGE"
    assert "SKU-A short by 1" in received["error_message"]
    assert events(store, "stock_changed") == []
    (record,) = exceptions(store, "STOCK_SHORTAGE")
    assert record.order_no == "SO-1"
    assert record.status == "open"
    # The record is a code with values (the console words it), not the OMS's English.
    assert (record.detail_code, record.detail) == ("STOCK_SHORTAGE", "")
    assert json.loads(record.detail_args_json) == {"order": "SO-1", "short": "SKU-A 1"}
    check_invariants(store)


def test_an_unknown_sku_is_refused_not_held_as_a_shortage(store: Store) -> None:
    """Seed 000 §5.1: SKU不存在 → 检查主数据, not 库存不足: no order waits for stock that can
    never come (the feed answers it SKU_NOT_FOUND, tests/store/test_command_refusals.py)."""
    refusal = refused(
        store,
        lambda uow: receive_outbound_command(uow, command("SO-1", [("NOPE", 1)]), PICKER),
        errors.NotFound,
    )
    assert refusal.reason == "sku_not_known"


def test_the_same_command_twice_creates_one_order(store: Store) -> None:
    add_stock(store, BINS[0], "SKU-A", 3)
    allocated(store, "SO-1", [("SKU-A", 1)])
    before = db_state(store)
    again = run(
        store, lambda uow: receive_outbound_command(uow, command("SO-1", [("SKU-A", 1)]), PICKER)
    )
    assert again.order_no == "SO-1"
    assert db_state(store) == before


def test_allocation_refusals_change_nothing(store: Store) -> None:
    add_stock(store, BINS[0], "SKU-A", 3)
    allocated(store, "SO-1", [("SKU-A", 1)])
    refused(
        store,
        lambda uow: receive_outbound_command(
            uow, command("SO-2", [("SKU-A", 1)], owner_id="GHOST"), PICKER
        ),
        errors.NotFound,
    )


def test_several_lines_of_one_sku_share_the_stock(store: Store) -> None:
    add_stock(store, BINS[0], "SKU-A", 3)
    add_stock(store, BINS[1], "SKU-A", 3)
    placed = allocated(store, "SO-1", [("SKU-A", 2), ("SKU-A", 3)])
    assert placed.status == "ALLOCATED"
    assert sum(t.quantity for t in placed.pick_tasks) == 5
    check_invariants(store)
