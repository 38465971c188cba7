"""Raising an order exception and settling it, at the service layer (#12.5).

Seed 000 §5.1 (异常 | 原因 | 处理方式): 地址异常 | 地址无法配送 | 人工处理; §4.3 异常回传:
callback.setStatus("EXCEPTION"), setErrorCode, setErrorMessage. One unit of work: record,
hold, EXCEPTION callback in the outbox, audit row; refusals change nothing."""

from __future__ import annotations

import json
from collections.abc import Callable

import pytest
from sqlalchemy import select

from app import errors
from app.services.cancelling import cancel_outbound
from app.services.order_exception_raising import raise_order_exception
from app.services.order_exceptions import refuse_if_exception_open
from app.services.packing import pack_order
from app.services.picking import confirm_pick
from app.supervision import task_control
from app.supervision.exceptions import Reason, Resolution, resolve_exception
from local_db.models import AuditLog, ExceptionRecord
from local_db.store import Store, UnitOfWork
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

TYPE = "ORDER_EXCEPTION_RAISED"


def _ready(store: Store, order_no: str = "SO-1") -> None:
    add_stock(store, BINS[0], "SKU-A", 5)
    allocated(store, order_no, [("SKU-A", 2)])


def _raise(
    order_no: str = "SO-1", reason: str = "ADDRESS_PROBLEM", note: str = "", by: str = PICKER
):  # type: ignore[no-untyped-def]
    return lambda uow: raise_order_exception(uow, order_no, by, reason, note)


def _resolve(record_id: int, resolution: Resolution, reason: Reason):  # type: ignore[no-untyped-def]
    return lambda uow: resolve_exception(uow, record_id, SUPERVISOR, resolution, reason=reason)


def _statuses(store: Store) -> list[tuple[str, str | None, str | None]]:
    return [
        (e["status"], e["error_code"], e["error_message"]) for e in events(store, "outbound_status")
    ]


def _pick_one(store: Store) -> Callable[[UnitOfWork], object]:
    task = next(t for t in order(store, "SO-1").pick_tasks if t.status == "open")
    return lambda uow: confirm_pick(
        uow, task.id, location_code=BINS[0], barcode=GTIN["SKU-A"], quantity=1, operator=PICKER
    )


def test_an_address_exception_stops_the_order_and_tells_the_oms(store: Store) -> None:
    _ready(store)
    record = run(store, _raise(note="Street number missing"))

    (told,) = _statuses(store)
    assert told[:2] == ("EXCEPTION", "ADDRESS_PROBLEM")
    assert told[2] == (
        "Address cannot be delivered to; manual handling needed. Note: Street number missing"
    )
    (kept,) = exceptions(store, TYPE)
    assert (kept.id, kept.status, kept.order_no, kept.detail_code) == (
        record.id,
        "open",
        "SO-1",
        "ORDER_EXCEPTION_RAISED",
    )
    assert json.loads(kept.detail_args_json) == {
        "by": PICKER,
        "note": "Street number missing",
        "reason": "ADDRESS_PROBLEM",
        "status": "ALLOCATED",
    }
    assert kept.outbox_event_id is not None
    held = order(store, "SO-1")
    assert (held.status, held.hold_reason, held.held_by) == ("ALLOCATED", "ORDER_EXCEPTION", PICKER)
    with store.read_session() as session:
        audit = session.scalars(
            select(AuditLog).where(AuditLog.action == "raise_order_exception")
        ).one()
    assert audit.outbox_event_id == kept.outbox_event_id
    assert json.loads(audit.after_json or "{}")["reason"] == "ADDRESS_PROBLEM"
    # Personal data stays out of every row written.
    for written in (kept.detail_args_json, audit.before_json or "", audit.after_json or ""):
        for personal in ("张三", "13800000000", "科技园"):
            assert personal not in written
    assert all("张三" not in json.dumps(e, ensure_ascii=False) for e in events(store))
    check_invariants(store)


def test_nobody_picks_or_packs_it_until_a_supervisor_resumes_it(store: Store) -> None:
    _ready(store)
    run(store, _pick_one(store))  # PICKING
    record = run(store, _raise(reason="CUSTOMER_REQUEST"))
    assert (
        refused(store, _pick_one(store), errors.OrderOnHold).reason
        == "order_on_hold_ask_supervisor"
    )
    # The hold cannot be lifted on the Tasks page while the exception is open.
    error = refused(
        store,
        lambda uow: task_control.release_hold(uow, SUPERVISOR, "SO-1"),
        errors.NotAllowed,
    )
    assert error.params == {"order": "SO-1", "exception": record.id}
    with store.read_session() as session, pytest.raises(errors.NotAllowed) as blocked:
        refuse_if_exception_open(session, "SO-1")
    assert blocked.value.params["type"] == TYPE

    # An operator cannot settle it; the supervisor resumes the work.
    refused(
        store,
        lambda uow: resolve_exception(
            uow, record.id, PICKER, Resolution.RESUME_WORK, reason=Reason.PROBLEM_SOLVED
        ),
        errors.NotAllowed,
    )
    run(store, _resolve(record.id, Resolution.RESUME_WORK, Reason.CUSTOMER_CONFIRMED))
    assert _statuses(store)[-2:] == [
        ("EXCEPTION", "CUSTOMER_REQUEST", _statuses(store)[-2][2]),
        ("PICKING", None, None),  # the order's status again: the OMS leaves EXCEPTION
    ]
    (closed,) = exceptions(store, TYPE)
    assert (closed.status, closed.resolution_code, closed.resolved_by) == (
        "resolved",
        "RESUME_WORK",
        SUPERVISOR,
    )
    assert order(store, "SO-1").hold_reason is None
    run(store, _pick_one(store))
    run(store, lambda uow: pack_order(uow, "SO-1", [GTIN["SKU-A"]] * 2, PICKER))
    assert order(store, "SO-1").status == "PACKED"
    check_invariants(store)


def test_resuming_an_order_not_picked_yet_sends_nothing(store: Store) -> None:
    """The contract has no status callback before PICKING: the OMS shows EXCEPTION until
    the first pick reports PICKING (docs/oms-api.md)."""
    _ready(store)
    record = run(store, _raise())
    run(store, _resolve(record.id, Resolution.RESUME_WORK, Reason.PROBLEM_SOLVED))
    assert [s[0] for s in _statuses(store)] == ["EXCEPTION"]
    assert order(store, "SO-1").hold_reason is None
    pick_all(store, "SO-1")
    assert [s[0] for s in _statuses(store)] == ["EXCEPTION", "PICKING", "PICKED"]


def test_a_packed_order_is_not_shipped_and_resumes_as_packed(store: Store) -> None:
    _ready(store)
    pick_all(store, "SO-1")
    run(store, lambda uow: pack_order(uow, "SO-1", [GTIN["SKU-A"]] * 2, PICKER))
    record = run(store, _raise(reason="GOODS_DAMAGED", by=SUPERVISOR))
    assert order(store, "SO-1").hold_reason == "ORDER_EXCEPTION"
    run(store, _resolve(record.id, Resolution.RESUME_WORK, Reason.PROBLEM_SOLVED))
    assert _statuses(store)[-1] == ("PACKED", None, None)


def test_acknowledging_closes_it_and_keeps_the_order_held(store: Store) -> None:
    _ready(store)
    record = run(store, _raise(reason="OTHER"))
    before = len(events(store))
    run(store, _resolve(record.id, Resolution.ACKNOWLEDGED, Reason.HANDLED_AT_OMS))
    assert len(events(store)) == before
    assert exceptions(store, TYPE)[0].status == "resolved"
    assert order(store, "SO-1").hold_reason == "ORDER_EXCEPTION"
    run(store, lambda uow: task_control.release_hold(uow, SUPERVISOR, "SO-1"))
    assert order(store, "SO-1").hold_reason is None


def test_a_supervisors_own_hold_outlives_the_exception(store: Store) -> None:
    _ready(store)
    run(store, lambda uow: task_control.hold_order(uow, SUPERVISOR, "SO-1", "PAYMENT_CHECK"))
    record = run(store, _raise())
    run(store, _resolve(record.id, Resolution.RESUME_WORK, Reason.PROBLEM_SOLVED))
    assert order(store, "SO-1").hold_reason == "PAYMENT_CHECK"


@pytest.mark.parametrize(
    ("action", "error", "reason"),
    [
        (_raise("SO-NOPE"), errors.UnknownOrder, "order_not_here"),
        (_raise(reason="WEATHER"), errors.InvalidInput, "exception_reason_unknown"),
        (_raise(by="NOBODY"), errors.InvalidInput, "operator_not_known"),
        (_raise(note="call 13800000000 first"), errors.InvalidInput, "note_holds_personal_data"),
        (_raise(note="deliver to 科技园 1 号"), errors.InvalidInput, "note_holds_personal_data"),
        (_raise(note="x" * 201), errors.InvalidInput, "note_too_long"),
    ],
)
def test_refusals_change_nothing(
    store: Store, action: object, error: type[errors.FloorError], reason: str
) -> None:
    _ready(store)
    assert refused(store, action, error).reason == reason  # type: ignore[arg-type]


def test_finished_orders_and_a_second_exception_are_refused(store: Store) -> None:
    _ready(store)
    _ready(store, "SO-2")
    record = run(store, _raise())
    error = refused(store, _raise(reason="OTHER"), errors.NotAllowed)
    assert (error.reason, error.params) == (
        "order_exception_already_open",
        {"order": "SO-1", "exception": record.id},
    )
    run(store, lambda uow: cancel_outbound(uow, "SO-2", PICKER, "customer"))
    assert refused(store, _raise("SO-2"), errors.OrderCancelled).reason == "order_cancelled_stop"
    # Cancelled meanwhile: it cannot be resumed, only acknowledged.
    run(store, lambda uow: cancel_outbound(uow, "SO-1", PICKER, "customer"))
    refused(
        store,
        _resolve(record.id, Resolution.RESUME_WORK, Reason.PROBLEM_SOLVED),
        errors.OrderCancelled,
    )
    run(store, _resolve(record.id, Resolution.ACKNOWLEDGED, Reason.HANDLED_AT_OMS))


def test_an_order_held_for_stock_is_left_to_the_oms(store: Store) -> None:
    """SHORTAGE: the OMS shows RECEIVE_FAILED and its user re-routes, cancels or waits."""
    allocated(store, "SO-9", [("SKU-A", 2)])  # no stock at all
    assert order(store, "SO-9").status == "SHORTAGE"
    error = refused(store, _raise("SO-9"), errors.WrongOrderState)
    assert (error.reason, error.params["status"]) == ("order_in_wrong_state", "SHORTAGE")


def test_a_shipped_order_is_refused(store: Store) -> None:
    from decimal import Decimal

    from app.services.shipping import ship_order

    _ready(store)
    pick_all(store, "SO-1")

    def pack_and_ship(uow: UnitOfWork) -> None:
        pack_order(uow, "SO-1", [GTIN["SKU-A"]] * 2, PICKER)
        ship_order(
            uow,
            "SO-1",
            tracking_no="SF123",
            carrier_code="SF",
            package_count=1,
            weight_kg=Decimal("1"),
            operator=PICKER,
        )

    run(store, pack_and_ship)
    assert refused(store, _raise(), errors.OrderShipped).reason == "order_already_shipped"
    with store.read_session() as session:
        assert session.scalars(select(ExceptionRecord)).all() == []
