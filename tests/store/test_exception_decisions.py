"""The supervisor's decisions on exceptions, at the service layer (#13.1): each resolution is
one unit of work (record + audit + outbox), refused whole for a non-supervisor."""

from __future__ import annotations

import datetime as dt
import json

from sqlalchemy import select

from app import errors
from app.queries.exception_queue import QueueFilter, exception_page, open_counts_by_type
from app.services.packing import pack_order
from app.services.picking import short_pick
from app.supervision.exceptions import (
    Reason,
    Resolution,
    assign_exception,
    decide_exception,
    resolve_exception,
)
from local_db.models import AuditLog, ExceptionRecord, Operator, OutboxEvent
from local_db.store import Store
from local_db.types import utc_now
from tests.store.support import (
    BINS,
    GTIN,
    PICKER,
    SUPERVISOR,
    add_stock,
    allocated,
    check_invariants,
    events,
    exceptions,
    order,
    pick_all,
    refused,
    run,
)

R = Resolution


def _short_picked(store: Store, *, stock_elsewhere: int = 0) -> ExceptionRecord:
    """SO-1 wants 3 of SKU-A; bin 1 has them but one is not found."""
    add_stock(store, BINS[0], "SKU-A", 3)
    allocated(store, "SO-1", [("SKU-A", 3)])
    if stock_elsewhere:
        add_stock(store, BINS[1], "SKU-A", stock_elsewhere)
    task = order(store, "SO-1").pick_tasks[0]
    run(
        store, lambda uow: short_pick(uow, task.id, quantity=1, reason="NOT_FOUND", operator=PICKER)
    )
    pick_all(store, "SO-1")
    (record,) = exceptions(store, "SHORT_PICK")
    return record


def _resolve(record_id: int, badge: str, resolution: Resolution, reason: Reason):  # type: ignore[no-untyped-def]
    return lambda uow: resolve_exception(uow, record_id, badge, resolution, reason=reason)


def _pack(uow):  # type: ignore[no-untyped-def]
    return pack_order(uow, "SO-1", [GTIN["SKU-A"]] * 2, PICKER)


def test_an_operator_cannot_decide_and_nothing_changes(store: Store) -> None:
    record = _short_picked(store)
    error = refused(
        store,
        _resolve(record.id, PICKER, R.SHIP_PARTIAL, Reason.CUSTOMER_ACCEPTS_PARTIAL),
        errors.NotAllowed,
    )
    assert error.reason == "supervisor_only"
    refused(store, lambda uow: assign_exception(uow, record.id, PICKER), errors.NotAllowed)


def test_a_short_pick_stops_packing_until_the_supervisor_ships_partial(store: Store) -> None:
    record = _short_picked(store)
    error = refused(store, _pack, errors.NotAllowed)
    assert error.reason == "open_exception_stops_packing"
    assert error.params == {"order": "SO-1", "exception": record.id, "type": "SHORT_PICK"}
    # Not a decision for a short pick, or a reason that does not fit: refused, nothing changes.
    refused(
        store, _resolve(record.id, SUPERVISOR, R.APPROVE, Reason.COUNT_CONFIRMED), errors.NotAllowed
    )
    refused(
        store,
        _resolve(record.id, SUPERVISOR, R.SHIP_PARTIAL, Reason.STOCK_ARRIVED),
        errors.InvalidInput,
    )
    before = len(events(store))
    run(store, _resolve(record.id, SUPERVISOR, R.SHIP_PARTIAL, Reason.CUSTOMER_ACCEPTS_PARTIAL))
    told = events(store)[before:]
    assert [(e["status"], e["error_code"], e["error_message"]) for e in told] == [
        ("EXCEPTION", "SHIP_PARTIAL", "SKU-A 2/3")
    ]
    (closed,) = exceptions(store, "SHORT_PICK")
    assert (closed.status, closed.resolution_code, closed.resolved_by) == (
        "resolved",
        "SHIP_PARTIAL",
        SUPERVISOR,
    )
    with store.read_session() as session:
        audit = session.scalars(
            select(AuditLog).where(AuditLog.action == "resolve_exception")
        ).one()
    assert json.loads(audit.after_json or "{}")["resolution"] == "SHIP_PARTIAL"
    assert audit.outbox_event_id is not None
    run(store, _pack)
    assert order(store, "SO-1").status == "PACKED"


def test_waiting_for_stock_keeps_it_open_and_the_order_off_the_pack_bench(store: Store) -> None:
    record = _short_picked(store)
    run(store, _resolve(record.id, SUPERVISOR, R.WAIT_FOR_STOCK, Reason.RESTOCK_EXPECTED))
    (waiting,) = exceptions(store, "SHORT_PICK")
    assert (waiting.status, waiting.resolution_code) == ("open", "WAIT_FOR_STOCK")
    refused(store, _pack, errors.NotAllowed)


def test_reallocating_sends_the_picker_to_another_bin(store: Store) -> None:
    record = _short_picked(store, stock_elsewhere=4)
    assert order(store, "SO-1").status == "PICKED"
    before = len(events(store))
    run(store, _resolve(record.id, SUPERVISOR, R.REALLOCATE, Reason.STOCK_IN_OTHER_BIN))
    so = order(store, "SO-1")
    assert so.status == "PICKING"
    open_tasks = [(t.location_code, t.quantity) for t in so.pick_tasks if t.status == "open"]
    assert open_tasks == [(BINS[1], 1)]
    assert [e["event_type"] for e in events(store)[before:]] == ["stock_changed"]
    check_invariants(store)
    pick_all(store, "SO-1")
    assert order(store, "SO-1").status == "PICKED"
    assert [line.picked_qty for line in order(store, "SO-1").lines] == [3]
    run(store, lambda uow: pack_order(uow, "SO-1", [GTIN["SKU-A"]] * 3, PICKER))
    check_invariants(store)


def test_reallocating_without_stock_elsewhere_is_refused(store: Store) -> None:
    record = _short_picked(store)
    error = refused(
        store,
        _resolve(record.id, SUPERVISOR, R.REALLOCATE, Reason.STOCK_IN_OTHER_BIN),
        errors.StockShortage,
    )
    assert error.reason == "no_other_bin"


def test_a_shortage_is_retried_when_stock_is_there(store: Store) -> None:
    allocated(store, "SO-1", [("SKU-A", 2)])
    (record,) = exceptions(store, "STOCK_SHORTAGE")
    retry = _resolve(record.id, SUPERVISOR, R.RETRY_ALLOCATION, Reason.STOCK_ARRIVED)
    assert refused(store, retry, errors.StockShortage).reason == "still_short"
    add_stock(store, BINS[2], "SKU-A", 2)
    run(store, retry)
    assert order(store, "SO-1").status == "ALLOCATED"
    (closed,) = exceptions(store, "STOCK_SHORTAGE")
    assert (closed.status, closed.resolution_code) == ("resolved", "RETRY_ALLOCATION")


def test_other_types_are_acknowledged_with_a_reason(store: Store) -> None:
    with store.unit_of_work() as uow:
        uow.session.add(ExceptionRecord(exception_type="ORDER_WORKED_TWICE", order_no="SO-9"))
        uow.commit()
    (record,) = exceptions(store, "ORDER_WORKED_TWICE")
    refused(
        store,
        _resolve(record.id, SUPERVISOR, R.SHIP_PARTIAL, Reason.DEADLINE_FIRST),
        errors.NotAllowed,
    )
    decide_exception(
        store, record.id, SUPERVISOR, R.ACKNOWLEDGED, reason=Reason.CHECKED_ON_FLOOR, note="seen"
    )
    (closed,) = exceptions(store, "ORDER_WORKED_TWICE")
    assert (closed.status, closed.resolution_code, closed.resolution) == (
        "resolved",
        "ACKNOWLEDGED",
        "CHECKED_ON_FLOOR: seen",
    )


def test_a_count_difference_is_decided_by_its_adjustment(store: Store) -> None:
    from app.services.adjusting import adjust_stock

    add_stock(store, BINS[0], "SKU-A", 1)
    run(
        store,
        lambda uow: adjust_stock(
            uow,
            location_code=BINS[0],
            owner_id="OW1",
            sku_id="SKU-A",
            quantity=20,
            reason_code="CORRECTION",
            operator=PICKER,
        ),
    )
    (record,) = exceptions(store, "ADJUSTMENT_APPROVAL")
    try:
        decide_exception(store, record.id, PICKER, R.APPROVE, reason=Reason.COUNT_CONFIRMED)
    except errors.NotAllowed as error:
        assert error.reason == "supervisor_only"
    else:
        raise AssertionError("an operator approved")
    decide_exception(store, record.id, SUPERVISOR, R.APPROVE, reason=Reason.COUNT_CONFIRMED)
    (closed,) = exceptions(store, "ADJUSTMENT_APPROVAL")
    assert closed.status == "resolved"
    assert [e["event_type"] for e in events(store)][-2:] == ["inventory_adjusted", "stock_changed"]


def test_take_and_assign(store: Store) -> None:
    record = _short_picked(store)
    run(store, lambda uow: assign_exception(uow, record.id, SUPERVISOR))
    assert exceptions(store, "SHORT_PICK")[0].assigned_to == SUPERVISOR
    run(store, lambda uow: assign_exception(uow, record.id, SUPERVISOR, PICKER))
    taken = exceptions(store, "SHORT_PICK")[0]
    assert taken.assigned_to == PICKER and taken.assigned_at is not None
    with store.unit_of_work() as uow:
        picker = uow.session.get(Operator, PICKER)
        assert picker is not None
        picker.active = False
        uow.commit()
    error = refused(
        store, lambda uow: assign_exception(uow, record.id, SUPERVISOR, PICKER), errors.NotAllowed
    )
    assert error.reason == "assignee_not_active"


def test_the_queue_filters_pages_oldest_first_and_counts(store: Store) -> None:
    old = utc_now() - dt.timedelta(hours=5)
    with store.unit_of_work() as uow:
        for n in range(7):
            uow.session.add(
                ExceptionRecord(
                    exception_type="SHORT_PICK" if n % 2 else "STOCK_SHORTAGE",
                    order_no=f"SO-{n}",
                    sku_id="SKU-A" if n < 3 else "SKU-B",
                    location_code=BINS[n % 3],
                    severity="high" if n == 4 else "medium",
                    assigned_to=SUPERVISOR if n == 5 else None,
                    created_at=old if n < 2 else utc_now(),
                )
            )
        uow.session.add(ExceptionRecord(exception_type="SHORT_PICK", status="resolved"))
        uow.commit()
    now = utc_now()
    with store.read_session() as session:
        first = exception_page(session, QueueFilter(), now, limit=3)
        assert [r.order_no for r in first.rows] == ["SO-0", "SO-1", "SO-2"]
        second = exception_page(session, QueueFilter(), now, after_id=first.next_after_id, limit=3)
        third = exception_page(session, QueueFilter(), now, after_id=second.next_after_id, limit=3)
        assert [r.order_no for r in second.rows + third.rows] == ["SO-3", "SO-4", "SO-5", "SO-6"]
        assert third.next_after_id is None

        def orders(f: QueueFilter) -> list[str | None]:
            return [r.order_no for r in exception_page(session, f, now).rows]

        assert orders(QueueFilter(exception_type="SHORT_PICK")) == ["SO-1", "SO-3", "SO-5"]
        assert orders(QueueFilter(severity="high")) == ["SO-4"]
        assert orders(QueueFilter(older_than=dt.timedelta(hours=1))) == ["SO-0", "SO-1"]
        assert orders(QueueFilter(order_no="SO-6")) == ["SO-6"]
        assert orders(QueueFilter(sku_id="SKU-A")) == ["SO-0", "SO-1", "SO-2"]
        assert orders(QueueFilter(location_code=BINS[1])) == ["SO-1", "SO-4"]
        assert orders(QueueFilter(assigned_to=SUPERVISOR)) == ["SO-5"]
        assert len(orders(QueueFilter(status="resolved"))) == 1
        assert open_counts_by_type(session) == {"SHORT_PICK": 3, "STOCK_SHORTAGE": 4}


def test_an_event_the_oms_refused_is_sent_again_through_its_own_decision(store: Store) -> None:
    allocated(store, "SO-1", [("SKU-A", 1)])
    with store.unit_of_work() as uow:
        row = uow.session.scalars(select(OutboxEvent).order_by(OutboxEvent.id)).first()
        assert row is not None
        row.status = "rejected"
        row.reject_code = "BAD_STATE"
        row.reject_message = "no"
        uow.session.add(
            ExceptionRecord(exception_type="OMS_REJECTED", order_no="SO-1", outbox_event_id=row.id)
        )
        uow.commit()
        event_id = row.id
    (record,) = exceptions(store, "OMS_REJECTED")
    refused(
        store,
        _resolve(record.id, SUPERVISOR, R.RETRY_EVENT, Reason.FIXED_AT_OMS),
        errors.NotAllowed,  # closed only by the rejected event's own decision
    )
    decide_exception(store, record.id, SUPERVISOR, R.RETRY_EVENT, reason=Reason.FIXED_AT_OMS)
    with store.read_session() as session:
        event = session.get(OutboxEvent, event_id)
        assert event is not None and event.status == "pending"
    assert exceptions(store, "OMS_REJECTED")[0].status == "resolved"
