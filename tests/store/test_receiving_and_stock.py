"""Receiving (purchase and returns), putaway, moves, freeze/unfreeze and stock figures."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable

from sqlalchemy import select

from app import errors
from app.feed.apply import apply_feed_entry
from app.queries.stock import available_qty, stock_snapshot
from app.services.freezing import freeze_stock, unfreeze_stock
from app.services.moving import move_stock, putaway
from app.services.receiving import ReceiptLine, receive_inbound
from local_db.models import InboundOrder, PutawayTask, SerialNumber, Stock
from local_db.store import Store, UnitOfWork
from oms_contract.events import QcResult
from oms_contract.sync_api import FeedEntry, InboundOrderCreated
from tests.store.support import (
    BINS,
    DOCK,
    FROZEN_BIN,
    OWNER,
    PICKER,
    SUPERVISOR,
    TODAY,
    WAREHOUSE,
    add_stock,
    allocated,
    check_invariants,
    events,
    exceptions,
    get,
    inbound,
    refused,
    run,
    stock_rows,
)

NOW = dt.datetime.now(dt.UTC)
Action = Callable[[UnitOfWork], object]


def _announce(
    store: Store, inbound_no: str, lines: list[tuple[str, int]], inbound_type: str = "PURCHASE"
) -> None:
    document = inbound(inbound_no, lines, inbound_type=inbound_type)
    entry = FeedEntry(seq=1, created_at=NOW, body=InboundOrderCreated(inbound=document))
    run(store, lambda uow: apply_feed_entry(uow, entry, "ST-1"))


def _receive(inbound_no: str, receipts: list[ReceiptLine], location: str = DOCK) -> Action:
    return lambda uow: receive_inbound(
        uow, inbound_no, receipts, location_code=location, operator=PICKER
    )


def _tasks(store: Store) -> list[PutawayTask]:
    with store.read_session() as session:
        return list(session.scalars(select(PutawayTask).order_by(PutawayTask.id)))


def test_purchase_receipt_records_over_and_under(store: Store) -> None:
    _announce(store, "IN-1", [("SKU-A", 10), ("SKU-Z", 5)])
    run(store, _receive("IN-1", [ReceiptLine(1, 12)]))
    with store.read_session() as session:
        received = session.scalars(select(InboundOrder)).one()
        assert received.status == "received"
        assert [(ln.received_qty, ln.expected_qty) for ln in received.lines] == [(12, 10), (0, 5)]
    (event,) = events(store, "inbound_received")
    assert [(ln["sku_id"], ln["expected_qty"], ln["received_qty"]) for ln in event["lines"]] == [
        ("SKU-A", 10, 12),
        ("SKU-Z", 5, 0),
    ]
    assert event["movements"][0]["delta"] == 12
    (changed,) = events(store, "stock_changed")
    assert (changed["change_type"], changed["change_qty"], changed["movements"]) == (
        "RECEIPT",
        12,
        [],
    )
    (difference,) = exceptions(store, "RECEIPT_DIFFERENCE")
    assert difference.detail_code == "RECEIPT_DIFFERENCE"
    assert "12/10" in json.loads(difference.detail_args_json)["differences"]
    # Stock at the dock is on hand but not pickable until put away.
    assert available_qty_of(store, "SKU-A") == 12
    refused(store, _receive("IN-1", [ReceiptLine(1, 1)]), errors.AlreadyReceived)


def available_qty_of(store: Store, sku_id: str) -> int:
    with store.read_session() as session:
        return available_qty(session, OWNER, sku_id)


def test_receipt_checks_batch_expiry_and_lines(store: Store) -> None:
    _announce(store, "IN-1", [("SKU-B", 10)])
    refused(store, _receive("IN-1", [ReceiptLine(1, 10)]), errors.BatchRequired)
    refused(store, _receive("IN-1", [ReceiptLine(1, 10, batch_no="L1")]), errors.ExpiryRequired)
    refused(
        store,
        _receive("IN-1", [ReceiptLine(1, 10, "L1", TODAY - dt.timedelta(days=1))]),
        errors.ExpiredBatch,
    )
    refused(store, _receive("IN-1", [ReceiptLine(2, 1)]), errors.InvalidInput)
    refused(store, _receive("IN-1", [ReceiptLine(1, 0)]), errors.InvalidQuantity)
    refused(store, _receive("IN-1", [ReceiptLine(1, -1)]), errors.InvalidQuantity)
    refused(
        store, _receive("IN-1", [ReceiptLine(1, 1, "L1", TODAY)], FROZEN_BIN), errors.LocationFrozen
    )
    refused(
        store, _receive("IN-1", [ReceiptLine(1, 1, "L1", TODAY)], "Z-9"), errors.UnknownLocation
    )
    refused(store, _receive("IN-404", [ReceiptLine(1, 1)]), errors.UnknownInbound)
    run(store, _receive("IN-1", [ReceiptLine(1, 10, "L1", TODAY + dt.timedelta(days=30))]))
    (row,) = stock_rows(store, "SKU-B")
    assert (row.batch_no, row.on_hand, row.location_code) == ("L1", 10, DOCK)


def test_returns_need_qc_and_failed_units_are_damaged(store: Store) -> None:
    _announce(store, "RT-1", [("SKU-A", 3), ("SKU-Z", 2)], inbound_type="RETURN")
    refused(store, _receive("RT-1", [ReceiptLine(1, 3)]), errors.QcResultRequired)
    run(
        store,
        _receive(
            "RT-1",
            [
                ReceiptLine(1, 3, qc_result=QcResult.PASS),
                ReceiptLine(2, 2, qc_result=QcResult.FAIL),
            ],
        ),
    )
    rows = {r.sku_id: r for r in stock_rows(store)}
    assert (rows["SKU-A"].on_hand, rows["SKU-A"].damaged) == (3, 0)
    assert (rows["SKU-Z"].on_hand, rows["SKU-Z"].damaged) == (2, 2)
    (event,) = events(store, "inbound_received")
    assert [ln["qc_result"] for ln in event["lines"]] == ["PASS", "FAIL"]
    assert {(m["sku_id"], m["bucket"], m["delta"]) for m in event["movements"]} == {
        ("SKU-A", "on_hand", 3),
        ("SKU-Z", "on_hand", 2),
        ("SKU-Z", "damaged", 2),
    }
    # The damaged units are put away as damaged.
    damaged_task = next(t for t in _tasks(store) if t.damaged)
    run(store, lambda uow: putaway(uow, damaged_task.id, BINS[2], PICKER))
    moved = [r for r in stock_rows(store, "SKU-Z") if r.location_code == BINS[2]]
    assert (moved[0].on_hand, moved[0].damaged) == (2, 2)
    check_invariants(store)


def test_serial_managed_receipt_captures_serials(store: Store) -> None:
    _announce(store, "IN-1", [("SKU-S", 2)])
    refused(store, _receive("IN-1", [ReceiptLine(1, 2, serials=("A",))]), errors.SerialsRequired)
    run(store, _receive("IN-1", [ReceiptLine(1, 2, serials=("A", "B"))]))
    assert get(store, SerialNumber, (OWNER, "SKU-S", "A")).location_code == DOCK
    _announce(store, "IN-2", [("SKU-S", 1)])
    refused(store, _receive("IN-2", [ReceiptLine(1, 1, serials=("A",))]), errors.SerialAlreadyUsed)


def test_putaway_moves_dock_stock_into_a_bin(store: Store) -> None:
    _announce(store, "IN-1", [("SKU-A", 4)])
    run(store, _receive("IN-1", [ReceiptLine(1, 4)]))
    (task,) = _tasks(store)
    refused(store, lambda uow: putaway(uow, task.id, FROZEN_BIN, PICKER), errors.LocationFrozen)
    refused(store, lambda uow: putaway(uow, task.id, DOCK, PICKER), errors.InvalidInput)
    refused(store, lambda uow: putaway(uow, 999, BINS[0], PICKER), errors.UnknownTask)
    run(store, lambda uow: putaway(uow, task.id, BINS[0], PICKER))
    rows = {r.location_code: r.on_hand for r in stock_rows(store, "SKU-A")}
    assert rows == {DOCK: 0, BINS[0]: 4}
    move_event = events(store, "stock_changed")[-1]
    assert (move_event["change_type"], move_event["change_qty"]) == ("MOVE", 0)
    assert sorted(m["delta"] for m in move_event["movements"]) == [-4, 4]
    refused(store, lambda uow: putaway(uow, task.id, BINS[1], PICKER), errors.TaskClosed)
    # Now it can be allocated.
    assert allocated(store, "SO-1", [("SKU-A", 4)]).status == "ALLOCATED"


def test_putaway_refused_when_dock_stock_was_frozen_meanwhile(store: Store) -> None:
    _announce(store, "IN-1", [("SKU-A", 4)])
    run(store, _receive("IN-1", [ReceiptLine(1, 4)]))
    run(
        store,
        lambda uow: freeze_stock(
            uow, location_code=DOCK, owner_id=OWNER, sku_id="SKU-A", quantity=1, operator=SUPERVISOR
        ),
    )
    (task,) = _tasks(store)
    refused(store, lambda uow: putaway(uow, task.id, BINS[0], PICKER), errors.StockShortage)


def _move(
    quantity: int, *, to: str = BINS[1], sku: str = "SKU-A", batch: str | None = None
) -> Action:
    return lambda uow: move_stock(
        uow,
        from_location=BINS[0],
        to_location=to,
        owner_id=OWNER,
        sku_id=sku,
        quantity=quantity,
        operator=PICKER,
        batch_no=batch,
    )


def test_move_only_free_units(store: Store) -> None:
    add_stock(store, BINS[0], "SKU-A", 5)
    allocated(store, "SO-1", [("SKU-A", 3)])
    refused(store, _move(3), errors.StockShortage)
    refused(store, _move(0), errors.InvalidQuantity)
    refused(store, _move(1, to=FROZEN_BIN), errors.LocationFrozen)
    refused(store, _move(1, to=BINS[0]), errors.InvalidInput)
    refused(store, _move(1, to="NOPE"), errors.UnknownLocation)
    refused(store, _move(1, sku="SKU-Z"), errors.NoStockHere)
    refused(store, _move(1, sku="SKU-?"), errors.UnknownSku)
    run(store, _move(2))
    rows = {r.location_code: (r.on_hand, r.locked) for r in stock_rows(store, "SKU-A")}
    assert rows == {BINS[0]: (3, 3), BINS[1]: (2, 0)}
    check_invariants(store)


def test_move_of_a_batch_managed_sku_needs_the_batch_when_several(store: Store) -> None:
    later = TODAY + dt.timedelta(days=50)
    add_stock(store, BINS[0], "SKU-B", 2, batch_no="L1", expiry_date=later)
    add_stock(store, BINS[0], "SKU-B", 2, batch_no="L2", expiry_date=later)
    refused(store, _move(1, sku="SKU-B"), errors.BatchRequired)
    refused(store, _move(1, sku="SKU-B", batch="L3"), errors.NoStockHere)
    run(store, _move(1, sku="SKU-B", batch="L2"))
    assert {(r.location_code, r.batch_no, r.on_hand) for r in stock_rows(store, "SKU-B")} == {
        (BINS[0], "L1", 2),
        (BINS[0], "L2", 1),
        (BINS[1], "L2", 1),
    }


def test_freeze_and_unfreeze(store: Store) -> None:
    row = add_stock(store, BINS[0], "SKU-A", 5)
    allocated(store, "SO-1", [("SKU-A", 2)])

    def freeze(quantity: int, *, undo: bool = False, badge: str = SUPERVISOR) -> Action:
        service = unfreeze_stock if undo else freeze_stock
        return lambda uow: service(
            uow,
            location_code=BINS[0],
            owner_id=OWNER,
            sku_id="SKU-A",
            quantity=quantity,
            operator=badge,
            reason="QC hold",
        )

    # A supervisor's decision: an operator's badge is refused by the service itself.
    refused(store, freeze(1, badge=PICKER), errors.NotAllowed)
    refused(store, freeze(4), errors.StockShortage)
    run(store, freeze(3))
    assert get(store, Stock, row).frozen == 3
    assert available_qty_of(store, "SKU-A") == 0
    frozen = events(store, "stock_changed")[-1]
    assert (frozen["change_type"], frozen["change_qty"], frozen["available_qty"]) == (
        "FREEZE",
        -3,
        0,
    )
    assert frozen["movements"][0]["bucket"] == "frozen"
    refused(store, freeze(1, undo=True, badge=PICKER), errors.NotAllowed)
    refused(store, freeze(4, undo=True), errors.InvalidQuantity)
    run(store, freeze(1, undo=True))
    assert get(store, Stock, row).frozen == 2
    check_invariants(store)


def test_available_follows_the_seed_formula(store: Store) -> None:
    # available = on-hand − locked − frozen − damaged − safety stock, never below 0.
    add_stock(store, BINS[0], "SKU-Z", 10)
    allocated(store, "SO-1", [("SKU-Z", 3)])
    run(
        store,
        lambda uow: freeze_stock(
            uow,
            location_code=BINS[0],
            owner_id=OWNER,
            sku_id="SKU-Z",
            quantity=1,
            operator=SUPERVISOR,
        ),
    )
    assert available_qty_of(store, "SKU-Z") == 10 - 3 - 1 - 2
    add_stock(store, FROZEN_BIN, "SKU-Z", 50)  # a frozen bin's stock is not available
    add_stock(store, BINS[1], "SKU-Z", 5, batch_no="X", expiry_date=TODAY - dt.timedelta(1))
    assert available_qty_of(store, "SKU-Z") == 4
    allocated(store, "SO-2", [("SKU-Z", 6)])
    assert available_qty_of(store, "SKU-Z") == 0  # 6 - 6 free less safety 2: shown as 0
    with store.read_session() as session:
        snapshot = stock_snapshot(session, WAREHOUSE)
    lines = {(line.owner_id, line.sku_id): line for line in snapshot.lines}
    assert lines[(OWNER, "SKU-Z")].on_hand == 10 + 50 + 5
    assert lines[(OWNER, "SKU-Z")].available_qty == 0
    assert lines[(OWNER, "SKU-A")].on_hand == 0
    assert lines[("OW2", "SKU-A")].available_qty == 0
    assert snapshot.warehouse_id == WAREHOUSE
