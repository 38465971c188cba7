"""Stock actions at the service layer: the approval rule holds whoever calls, every refusal
changes nothing; a NOT_FOUND short pick leaves a count task for the bin."""

from __future__ import annotations

from sqlalchemy import select

from app import errors
from app.services.counting import CountedItem, count_task_for, submit_count
from app.services.picking import short_pick
from app.services.stock_actions import (
    StockAction,
    StockActionRequest,
    book_stock_action,
)
from local_db.models import AuditLog, CycleCount, Stock, StockAdjustment
from local_db.store import Store
from tests.store.support import (
    BINS,
    OWNER,
    PICKER,
    SUPERVISOR,
    add_stock,
    allocated,
    check_invariants,
    events,
    get,
    order,
    refused,
    run,
)


def request(quantity: int, reason: str = "QC_HOLD") -> StockActionRequest:
    return StockActionRequest(BINS[0], OWNER, "SKU-A", quantity, reason)


def test_an_operator_above_the_threshold_is_refused_without_approval(store: Store) -> None:
    add_stock(store, BINS[0], "SKU-A", 20)
    error = refused(
        store,
        lambda uow: book_stock_action(
            uow, StockAction.FREEZE, request(6), operator=PICKER, threshold=5
        ),
        errors.NotAllowed,
    )
    assert (error.reason, error.params) == ("needs_supervisor_approval", {"threshold": 5})
    run(
        store,
        lambda uow: book_stock_action(
            uow, StockAction.FREEZE, request(5), operator=PICKER, threshold=5
        ),
    )


def test_the_approval_must_be_another_active_supervisor(store: Store) -> None:
    row = add_stock(store, BINS[0], "SKU-A", 20)
    freeze = StockAction.FREEZE
    error = refused(
        store,
        lambda uow: book_stock_action(
            uow, freeze, request(9), operator=PICKER, approved_by=PICKER, threshold=5
        ),
        errors.NotAllowed,
    )
    assert error.reason == "own_approval"
    error = refused(
        store,
        lambda uow: book_stock_action(
            uow, freeze, request(9), operator=SUPERVISOR, approved_by=SUPERVISOR, threshold=5
        ),
        errors.NotAllowed,
    )
    assert error.reason == "own_approval"
    error = refused(
        store,
        lambda uow: book_stock_action(
            uow, freeze, request(9), operator=SUPERVISOR, approved_by=PICKER, threshold=5
        ),
        errors.NotAllowed,
    )
    assert error.reason == "supervisor_only"
    # A supervisor books any quantity alone.
    run(store, lambda uow: book_stock_action(uow, freeze, request(9), operator=SUPERVISOR))
    assert get(store, Stock, row).frozen == 9


def test_a_reason_must_be_one_of_the_actions_own(store: Store) -> None:
    add_stock(store, BINS[0], "SKU-A", 20)
    error = refused(
        store,
        lambda uow: book_stock_action(
            uow, StockAction.DAMAGE, request(1, "QC_HOLD"), operator=SUPERVISOR
        ),
        errors.InvalidInput,
    )
    assert error.reason == "choose_stock_reason"


def test_an_approved_write_off_is_on_record_with_its_supervisor(store: Store) -> None:
    row = add_stock(store, BINS[0], "SKU-A", 20)
    run(
        store,
        lambda uow: book_stock_action(
            uow,
            StockAction.WRITE_OFF,
            request(8, "LOST"),
            operator=PICKER,
            approved_by=SUPERVISOR,
            threshold=5,
        ),
    )
    assert get(store, Stock, row).on_hand == 12
    with store.read_session() as session:
        adjustment = session.scalars(select(StockAdjustment)).one()
        assert (adjustment.quantity, adjustment.status) == (-8, "applied")
        assert (adjustment.created_by, adjustment.approved_by) == (PICKER, SUPERVISOR)
    [adjusted] = events(store, "inventory_adjusted")
    assert (adjusted["quantity"], adjusted["reason_code"]) == (-8, "LOST")
    check_invariants(store)


def _count_tasks(store: Store) -> list[tuple[str, str]]:
    with store.read_session() as session:
        return [(c.location_code, c.status) for c in session.scalars(select(CycleCount))]


def test_a_not_found_short_pick_leaves_a_count_task_for_the_bin(store: Store) -> None:
    add_stock(store, BINS[0], "SKU-A", 5)
    allocated(store, "SO-1", [("SKU-A", 4)])
    task = order(store, "SO-1").pick_tasks[0]
    run(
        store, lambda uow: short_pick(uow, task.id, quantity=2, reason="NOT_FOUND", operator=PICKER)
    )
    assert _count_tasks(store) == [(BINS[0], "open")]
    with store.read_session() as session:
        why = session.scalar(
            select(AuditLog.after_json).where(AuditLog.action == "request_cycle_count")
        )
    assert why is not None and "SKU-A" in why
    # A second shortage in the same bin does not open a second count.
    run(
        store, lambda uow: short_pick(uow, task.id, quantity=1, reason="NOT_FOUND", operator=PICKER)
    )
    assert _count_tasks(store) == [(BINS[0], "open")]

    # Counting the bin books that task.
    def count(uow):  # type: ignore[no-untyped-def]
        counted = count_task_for(uow, BINS[0], PICKER, why="count")
        return submit_count(
            uow, counted.count_no, [CountedItem(OWNER, "SKU-A", 5)], operator=PICKER
        )

    run(store, count)
    assert _count_tasks(store) == [(BINS[0], "completed")]


def test_a_damaged_short_pick_needs_no_count(store: Store) -> None:
    add_stock(store, BINS[0], "SKU-A", 5)
    allocated(store, "SO-1", [("SKU-A", 2)])
    task = order(store, "SO-1").pick_tasks[0]
    run(store, lambda uow: short_pick(uow, task.id, quantity=1, reason="DAMAGED", operator=PICKER))
    assert _count_tasks(store) == []
