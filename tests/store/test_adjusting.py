"""Write-offs, found goods, damage reports, and supervisors closing exception records."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from app import errors
from app.services.adjusting import adjust_stock, mark_damaged
from app.services.counting import approve_adjustment
from app.supervision.exceptions import Reason, Resolution, resolve_exception
from local_db.models import Stock
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


def _adjust(
    quantity: int,
    reason: str,
    *,
    sku: str = "SKU-A",
    batch: str | None = None,
    expiry: dt.date | None = None,
) -> Action:
    return lambda uow: adjust_stock(
        uow,
        location_code=BINS[0],
        owner_id=OWNER,
        sku_id=sku,
        quantity=quantity,
        reason_code=reason,
        operator=PICKER,
        batch_no=batch,
        expiry_date=expiry,
    )


def _damage(quantity: int) -> Action:
    return lambda uow: mark_damaged(
        uow,
        location_code=BINS[0],
        owner_id=OWNER,
        sku_id="SKU-A",
        quantity=quantity,
        operator=PICKER,
    )


def test_damage_then_write_off(store: Store) -> None:
    row = add_stock(store, BINS[0], "SKU-A", 10)
    allocated(store, "SO-1", [("SKU-A", 6)])
    refused(store, _damage(5), errors.StockShortage)
    run(store, _damage(3))
    assert get(store, Stock, row).damaged == 3
    damage = events(store, "stock_changed")[-1]
    assert (damage["change_type"], damage["change_qty"]) == ("DAMAGE", -3)
    refused(store, _adjust(-4, "DAMAGE_WRITE_OFF"), errors.InvalidQuantity)
    run(store, _adjust(-2, "damage_write_off"))
    stock = get(store, Stock, row)
    assert (stock.on_hand, stock.damaged, stock.locked) == (8, 1, 6)
    adjusted = events(store, "inventory_adjusted")[-1]
    assert adjusted["reason_code"] == "DAMAGE_WRITE_OFF"
    assert sorted((m["bucket"], m["delta"]) for m in adjusted["movements"]) == [
        ("damaged", -2),
        ("on_hand", -2),
    ]
    check_invariants(store)


def test_adjustment_refusals(store: Store) -> None:
    add_stock(store, BINS[0], "SKU-A", 3)
    refused(store, _adjust(1, "WHIM"), errors.InvalidInput)
    refused(store, _adjust(0, "CORRECTION"), errors.InvalidQuantity)
    refused(store, _adjust(2, "LOST"), errors.InvalidQuantity)
    refused(store, _adjust(-2, "FOUND"), errors.InvalidQuantity)
    refused(store, _adjust(-4, "LOST"), errors.StockShortage)
    refused(store, _adjust(-1, "LOST", sku="SKU-Z"), errors.NoStockHere)
    refused(store, _adjust(1, "FOUND", sku="SKU-B"), errors.BatchRequired)
    refused(store, _adjust(1, "FOUND", sku="SKU-B", batch="L1"), errors.ExpiryRequired)
    refused(store, _adjust(1, "FOUND", sku="NOPE"), errors.UnknownSku)


def test_found_goods_and_big_corrections_wait_for_approval(store: Store) -> None:
    run(store, _adjust(2, "FOUND", sku="SKU-B", batch="L1", expiry=TODAY + dt.timedelta(9)))
    assert [(r.sku_id, r.on_hand) for r in stock_rows(store)] == [("SKU-B", 2)]
    adjustment = run(store, _adjust(20, "CORRECTION"))
    assert adjustment.status == "pending_approval"
    (record,) = exceptions(store, "ADJUSTMENT_APPROVAL")
    refused(
        store,
        lambda uow: resolve_exception(
            uow, record.id, SUPERVISOR, Resolution.APPROVE, reason=Reason.COUNT_CONFIRMED
        ),
        errors.NotAllowed,
    )
    run(store, lambda uow: approve_adjustment(uow, adjustment.adjustment_no, SUPERVISOR))
    assert sum(r.on_hand for r in stock_rows(store, "SKU-A")) == 20
    assert exceptions(store, "ADJUSTMENT_APPROVAL")[0].status == "resolved"


def test_supervisor_resolves_an_exception(store: Store) -> None:
    allocated(store, "SO-1", [("SKU-A", 1)])  # shortage: an open exception
    (record,) = exceptions(store, "STOCK_SHORTAGE")

    def wait(badge: str, exception_id: int, reason: Reason = Reason.RESTOCK_EXPECTED) -> Action:
        return lambda uow: resolve_exception(
            uow, exception_id, badge, Resolution.WAIT_FOR_STOCK, reason=reason
        )

    refused(store, wait(PICKER, record.id), errors.NotAllowed)
    refused(store, wait(SUPERVISOR, record.id, Reason.STOCK_ARRIVED), errors.InvalidInput)
    refused(store, wait(SUPERVISOR, 999), errors.NotFound)
    add_stock(store, BINS[0], "SKU-A", 1)
    run(
        store,
        lambda uow: resolve_exception(
            uow, record.id, SUPERVISOR, Resolution.RETRY_ALLOCATION, reason=Reason.STOCK_ARRIVED
        ),
    )
    (closed,) = exceptions(store, "STOCK_SHORTAGE")
    assert (closed.status, closed.resolved_by) == ("resolved", SUPERVISOR)
    refused(store, wait(SUPERVISOR, record.id), errors.NotAllowed)
