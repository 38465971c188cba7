"""The approvals list: what a supervisor decides on, and whether the count may be stale
because stock of that bin and SKU moved after it (#13.2)."""

from __future__ import annotations

from app.services.adjusting import adjust_stock
from app.services.counting import CountedItem, start_cycle_count, submit_count
from app.services.moving import move_stock
from app.supervision.pending_adjustments import pending_adjustments
from local_db.store import Store, UnitOfWork
from tests.store.support import BINS, OWNER, PICKER, SUPERVISOR, add_stock, run


def _count_far_off(store: Store) -> None:
    count = run(store, lambda uow: start_cycle_count(uow, BINS[0], PICKER))
    run(
        store,
        lambda uow: submit_count(
            uow, count.count_no, [CountedItem(OWNER, "SKU-A", 3)], operator=PICKER, threshold=1
        ),
    )


def test_the_list_shows_the_count_as_the_supervisor_decides_on_it(store: Store) -> None:
    add_stock(store, BINS[0], "SKU-A", 10)
    add_stock(store, BINS[1], "SKU-A", 10)
    _count_far_off(store)
    # Work in another bin, or on another SKU, does not make this count stale.
    run(
        store,
        lambda uow: move_stock(
            uow, from_location=BINS[1], to_location=BINS[2], owner_id=OWNER, sku_id="SKU-A",
            quantity=1, operator=PICKER,
        ),
    )  # fmt: skip
    (row,) = pending_adjustments(store)
    assert (row.location_code, row.sku_id, row.expected_qty, row.counted_qty) == (
        BINS[0],
        "SKU-A",
        10,
        3,
    )
    assert (row.quantity, row.created_by, row.created_by_name) == (-7, PICKER, "Picker")
    assert (row.reason_code, row.on_hand_now, row.moved_since) == ("COUNT_DIFFERENCE", 10, False)
    assert row.created_at is not None


def _move(store: Store, source: str, target: str) -> None:
    def move(uow: UnitOfWork) -> object:
        return move_stock(
            uow,
            from_location=source,
            to_location=target,
            owner_id=OWNER,
            sku_id="SKU-A",
            quantity=2,
            operator=PICKER,
        )

    run(store, move)


def test_units_moved_out_and_back_make_the_count_stale(store: Store) -> None:
    add_stock(store, BINS[0], "SKU-A", 10)
    _count_far_off(store)
    _move(store, BINS[0], BINS[1])
    _move(store, BINS[1], BINS[0])
    (row,) = pending_adjustments(store)
    assert row.on_hand_now == 10  # the books are back where they were...
    assert row.moved_since  # ...but the units counted may not be the ones there now


def test_a_write_off_and_found_goods_after_the_count_make_it_stale(store: Store) -> None:
    add_stock(store, BINS[0], "SKU-A", 10)
    _count_far_off(store)
    for quantity, reason in ((-1, "LOST"), (1, "FOUND")):
        run(
            store,
            lambda uow, quantity=quantity, reason=reason: adjust_stock(  # type: ignore[misc]
                uow, location_code=BINS[0], owner_id=OWNER, sku_id="SKU-A",
                quantity=quantity, reason_code=reason, operator=SUPERVISOR,
            ),
        )  # fmt: skip
    (row,) = pending_adjustments(store)
    assert row.on_hand_now == 10
    assert row.moved_since  # read from the movements of the station's own events
