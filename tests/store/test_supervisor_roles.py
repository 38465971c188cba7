"""Role rules in the services themselves (#13.7): every supervisor-only service refuses an
operator's badge, and no supervisor decides on their own count or adjustment. Each refusal
is typed and leaves every table byte for byte as it was."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from sqlalchemy import select

from app import errors
from app.services.adjusting import adjust_stock
from app.services.counting import (
    CountedItem,
    approve_adjustment,
    reject_adjustment,
    start_cycle_count,
    submit_count,
)
from app.services.freezing import freeze_stock, unfreeze_stock
from app.supervision.exceptions import (
    Reason,
    Resolution,
    assign_exception,
    resolve_exception,
)
from app.supervision.held_orders import reallocate_on_request
from app.supervision.pending_adjustments import request_recount
from app.supervision.rejected_events import resolve_rejected_event
from local_db.models import CycleCount, ExceptionRecord, Operator, OutboxEvent, StockAdjustment
from local_db.store import Store, UnitOfWork
from oms_contract.pins import hash_pin
from tests.store.support import (
    BINS,
    OWNER,
    PICKER,
    SUPERVISOR,
    add_stock,
    allocated,
    refused,
    run,
)

OTHER_SUPERVISOR = "SUP2"


def _pending_count(store: Store, counted_by: str) -> str:
    """A count of BINS[0] far off the books, left for a supervisor."""
    count = run(store, lambda uow: start_cycle_count(uow, BINS[0], counted_by))
    outcome = run(
        store,
        lambda uow: submit_count(
            uow,
            count.count_no,
            [CountedItem(OWNER, "SKU-A", 30)],
            operator=counted_by,
            threshold=1,
        ),
    )
    (pending,) = outcome.pending
    return pending


@pytest.fixture
def work(store: Store) -> dict[str, object]:
    """One of everything a supervisor decides on."""
    add_stock(store, BINS[0], "SKU-A", 10)
    add_stock(store, BINS[1], "SKU-Z", 10)
    run(
        store,
        lambda uow: freeze_stock(
            uow, location_code=BINS[1], owner_id=OWNER, sku_id="SKU-Z", quantity=2,
            operator=SUPERVISOR,
        ),
    )  # fmt: skip
    allocated(store, "SO-1", [("SKU-Z", 1)])
    with store.unit_of_work() as uow:
        event = uow.session.scalars(select(OutboxEvent).order_by(OutboxEvent.id)).first()
        assert event is not None
        event.status = "rejected"
        record = ExceptionRecord(exception_type="STOCK_DIFFERENCE", severity="high", status="open")
        uow.session.add(record)
        uow.session.flush()
        ids = {"event": event.id, "exception": record.id}
        uow.commit()
    return {**ids, "adjustment": _pending_count(store, PICKER)}


SERVICES: dict[str, Callable[[dict[str, object], str], Callable[[UnitOfWork], object]]] = {
    "approve_adjustment": lambda w, badge: (
        lambda uow: approve_adjustment(uow, str(w["adjustment"]), badge)
    ),
    "reject_adjustment": lambda w, badge: (
        lambda uow: reject_adjustment(uow, str(w["adjustment"]), badge)
    ),
    "request_recount": lambda w, badge: (
        lambda uow: request_recount(uow, str(w["adjustment"]), badge)
    ),
    "resolve_exception": lambda w, badge: (
        lambda uow: resolve_exception(
            uow,
            int(str(w["exception"])),
            badge,
            Resolution.ACKNOWLEDGED,
            reason=Reason.CHECKED_ON_FLOOR,
        )
    ),
    "assign_exception": lambda w, badge: (
        lambda uow: assign_exception(uow, int(str(w["exception"])), badge)
    ),
    "resolve_rejected_event": lambda w, badge: (
        lambda uow: resolve_rejected_event(uow, int(str(w["event"])), badge, "retry")
    ),
    "reallocate_on_request": lambda w, badge: lambda uow: reallocate_on_request(uow, badge),
    "freeze_stock": lambda w, badge: (
        lambda uow: freeze_stock(
            uow, location_code=BINS[1], owner_id=OWNER, sku_id="SKU-Z", quantity=1, operator=badge
        )
    ),
    "unfreeze_stock": lambda w, badge: (
        lambda uow: unfreeze_stock(
            uow, location_code=BINS[1], owner_id=OWNER, sku_id="SKU-Z", quantity=1, operator=badge
        )
    ),
}


@pytest.mark.parametrize("service", sorted(SERVICES))
def test_an_operators_badge_is_refused_by_the_service(
    store: Store, work: dict[str, object], service: str
) -> None:
    refusal = refused(store, SERVICES[service](work, PICKER), errors.NotAllowed)
    assert refusal.reason == "supervisor_only"
    # The same call with a supervisor's badge goes through: the refusal was the role's.
    run(store, SERVICES[service](work, SUPERVISOR))


def _add_supervisor(store: Store, badge: str) -> None:
    with store.unit_of_work() as uow:
        uow.session.add(
            Operator(
                badge_code=badge,
                name="Second",
                role="supervisor",
                pin_hash=hash_pin("1357", iterations=1000),
            )
        )
        uow.commit()


@pytest.mark.parametrize("decide", [approve_adjustment, reject_adjustment, request_recount])
def test_no_supervisor_decides_on_their_own_count(
    store: Store, decide: Callable[[UnitOfWork, str, str], object]
) -> None:
    add_stock(store, BINS[0], "SKU-A", 10)
    pending = _pending_count(store, SUPERVISOR)
    refusal = refused(store, lambda uow: decide(uow, pending, SUPERVISOR), errors.NotAllowed)
    assert (refusal.reason, refusal.params) == ("own_adjustment", {"adjustment": pending})
    _add_supervisor(store, OTHER_SUPERVISOR)
    run(store, lambda uow: decide(uow, pending, OTHER_SUPERVISOR))
    with store.read_session() as session:
        row = session.scalars(select(StockAdjustment)).one()
        assert (row.status, row.approved_by) != ("pending_approval", None)


def test_no_supervisor_approves_their_own_write_off(store: Store) -> None:
    add_stock(store, BINS[0], "SKU-A", 20)
    adjustment = run(
        store,
        lambda uow: adjust_stock(
            uow,
            location_code=BINS[0],
            owner_id=OWNER,
            sku_id="SKU-A",
            quantity=-12,
            reason_code="LOST",
            operator=SUPERVISOR,
        ),
    )
    assert adjustment.status == "pending_approval"
    refusal = refused(
        store,
        lambda uow: approve_adjustment(uow, adjustment.adjustment_no, SUPERVISOR),
        errors.NotAllowed,
    )
    assert refusal.reason == "own_adjustment"


def test_recount_rejects_the_count_and_opens_a_count_task_for_the_bin(store: Store) -> None:
    add_stock(store, BINS[0], "SKU-A", 10)
    pending = _pending_count(store, PICKER)
    count_no = run(store, lambda uow: request_recount(uow, pending, SUPERVISOR))
    with store.read_session() as session:
        adjustment = session.scalars(select(StockAdjustment)).one()
        assert (adjustment.status, adjustment.approved_by) == ("rejected", SUPERVISOR)
        task = session.scalars(select(CycleCount).where(CycleCount.count_no == count_no)).one()
        assert (task.location_code, task.status, task.created_by) == (BINS[0], "open", SUPERVISOR)
    # The recount is the count the next operator books for that bin: no second count task.
    again = run(store, lambda uow: start_cycle_count(uow, BINS[1], PICKER))
    assert again.count_no != count_no
    refused(store, lambda uow: start_cycle_count(uow, BINS[0], PICKER), errors.NotAllowed)
