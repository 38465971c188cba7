"""A supervisor's decisions on exception records: each type has its resolutions, each
resolution its reason codes (seed 000 §5; issue #13.1).

A resolution is one unit of work: the record's state, an audit row, and the outbox event(s)
the OMS must know of. Count differences and adjustments are decided by their own service
(``pending_adjustments.decide``) and OMS-rejected events by theirs
(``rejected_events.resolve``): :func:`decide_exception` routes them there.
"""

from __future__ import annotations

import json
from enum import StrEnum

from sqlalchemy import select

from app import errors
from app.flows.messages import run_service
from app.outbox import RecordedEvent
from app.services.audit import AuditValue, record_audit
from app.services.lookups import require_supervisor
from app.services.order_events import emit_status
from app.services.order_exception_raising import EXCEPTION_TYPE
from app.supervision import pending_adjustments, rejected_events
from app.supervision.held_orders import reallocate_on_request
from app.supervision.raised_exceptions import resume_work
from app.supervision.short_pick_reallocation import reallocate_short_pick
from local_db.models import ExceptionRecord, Operator, OutboundOrder
from local_db.store import Store, UnitOfWork
from local_db.types import utc_now
from oms_contract.events import OutboundStatus


class Resolution(StrEnum):
    REALLOCATE = "REALLOCATE"
    """Short pick: the missing units are picked from another bin."""
    SHIP_PARTIAL = "SHIP_PARTIAL"
    """Ship what was picked; the OMS is told (status EXCEPTION with the picked lines)."""
    WAIT_FOR_STOCK = "WAIT_FOR_STOCK"
    """Stays open, marked: the order waits (and may not be packed)."""
    RETRY_ALLOCATION = "RETRY_ALLOCATION"
    """Stock shortage: try the held orders again."""
    APPROVE = "APPROVE"
    REJECT = "REJECT"
    RETRY_EVENT = "RETRY_EVENT"
    DISCARD_EVENT = "DISCARD_EVENT"
    ACKNOWLEDGED = "ACKNOWLEDGED"
    RESUME_WORK = "RESUME_WORK"
    """A raised order exception is settled: the hold comes off, the OMS hears the status."""


class Reason(StrEnum):
    STOCK_IN_OTHER_BIN = "STOCK_IN_OTHER_BIN"
    CUSTOMER_ACCEPTS_PARTIAL = "CUSTOMER_ACCEPTS_PARTIAL"
    DEADLINE_FIRST = "DEADLINE_FIRST"
    RESTOCK_EXPECTED = "RESTOCK_EXPECTED"
    STOCK_ARRIVED = "STOCK_ARRIVED"
    COUNT_CONFIRMED = "COUNT_CONFIRMED"
    RECOUNT_NEEDED = "RECOUNT_NEEDED"
    FIXED_AT_OMS = "FIXED_AT_OMS"
    NOT_RECOVERABLE = "NOT_RECOVERABLE"
    CHECKED_ON_FLOOR = "CHECKED_ON_FLOOR"
    HANDLED_AT_OMS = "HANDLED_AT_OMS"
    NO_ACTION_NEEDED = "NO_ACTION_NEEDED"
    PROBLEM_SOLVED = "PROBLEM_SOLVED"
    CUSTOMER_CONFIRMED = "CUSTOMER_CONFIRMED"


_R = Resolution
RESOLUTIONS: dict[str, tuple[Resolution, ...]] = {
    # No CANCEL_LINE: the contract has no line cancellation (only whole-order cancels
    # from the OMS), so the station cannot offer one.
    "SHORT_PICK": (_R.REALLOCATE, _R.SHIP_PARTIAL, _R.WAIT_FOR_STOCK),
    "STOCK_SHORTAGE": (_R.RETRY_ALLOCATION, _R.WAIT_FOR_STOCK),
    "COUNT_DIFFERENCE": (_R.APPROVE, _R.REJECT),
    "ADJUSTMENT_APPROVAL": (_R.APPROVE, _R.REJECT),
    "OMS_REJECTED": (_R.RETRY_EVENT, _R.DISCARD_EVENT),
    # Seed 000 §5.1 人工处理: the order goes on, or the OMS's user handles it there.
    EXCEPTION_TYPE: (_R.RESUME_WORK, _R.ACKNOWLEDGED),
}
"""Allowed resolutions by exception type; any other type is ACKNOWLEDGED."""

REASONS: dict[Resolution, tuple[Reason, ...]] = {
    _R.REALLOCATE: (Reason.STOCK_IN_OTHER_BIN,),
    _R.SHIP_PARTIAL: (Reason.CUSTOMER_ACCEPTS_PARTIAL, Reason.DEADLINE_FIRST),
    _R.WAIT_FOR_STOCK: (Reason.RESTOCK_EXPECTED,),
    _R.RETRY_ALLOCATION: (Reason.STOCK_ARRIVED, Reason.STOCK_IN_OTHER_BIN),
    _R.APPROVE: (Reason.COUNT_CONFIRMED,),
    _R.REJECT: (Reason.RECOUNT_NEEDED,),
    _R.RETRY_EVENT: (Reason.FIXED_AT_OMS,),
    _R.DISCARD_EVENT: (Reason.NOT_RECOVERABLE, Reason.HANDLED_AT_OMS),
    _R.ACKNOWLEDGED: (Reason.CHECKED_ON_FLOOR, Reason.HANDLED_AT_OMS, Reason.NO_ACTION_NEEDED),
    _R.RESUME_WORK: (Reason.PROBLEM_SOLVED, Reason.CUSTOMER_CONFIRMED),
}
"""The reason codes a supervisor chooses from, by resolution."""


def allowed_resolutions(exception_type: str) -> tuple[Resolution, ...]:
    return RESOLUTIONS.get(exception_type, (_R.ACKNOWLEDGED,))


def _open_record(uow: UnitOfWork, exception_id: int) -> ExceptionRecord:
    record = uow.session.get(ExceptionRecord, exception_id)
    if record is None:
        raise errors.NotFound("exception_not_known", exception=exception_id)
    if record.status != "open":
        raise errors.NotAllowed("exception_resolved")
    return record


def _check_choice(record: ExceptionRecord, resolution: Resolution, reason: Reason) -> None:
    if resolution not in allowed_resolutions(record.exception_type):
        raise errors.NotAllowed(
            "resolution_not_for_type", resolution=resolution, type=record.exception_type
        )
    if reason not in REASONS[resolution]:
        raise errors.InvalidInput("reason_not_for_resolution", reason=reason)


def resolve_exception(
    uow: UnitOfWork,
    exception_id: int,
    supervisor_badge: str,
    resolution: Resolution,
    *,
    reason: Reason,
    note: str = "",
) -> ExceptionRecord:
    """Decide an exception the station settles itself (not an adjustment, not an event)."""
    session = uow.session
    supervisor = require_supervisor(session, supervisor_badge)
    record = _open_record(uow, exception_id)
    if record.exception_type == "OMS_REJECTED":
        raise errors.NotAllowed("close_by_event_decision")
    if record.exception_type in ("COUNT_DIFFERENCE", "ADJUSTMENT_APPROVAL"):
        raise errors.NotAllowed("close_by_adjustment_decision")
    _check_choice(record, resolution, reason)
    before = {"status": record.status, "resolution": record.resolution_code}
    event = None
    after: dict[str, AuditValue] = {}
    if resolution is _R.REALLOCATE:
        after["pick_tasks"] = reallocate_short_pick(uow, record, supervisor.badge_code)
    elif resolution is _R.SHIP_PARTIAL:
        event = _tell_oms_ship_partial(uow, record, supervisor.badge_code)
    elif resolution is _R.RESUME_WORK:
        event = resume_work(uow, record, supervisor.badge_code)
        after["oms_told"] = event is not None
    elif resolution is _R.RETRY_ALLOCATION:
        outcome = reallocate_on_request(uow, supervisor.badge_code)
        if record.order_no not in outcome.allocated:
            raise errors.StockShortage("still_short", order=record.order_no or "")
        session.refresh(record)
        after["allocated"] = len(outcome.allocated)
    text = f"{reason}: {note.strip()}" if note.strip() else str(reason)
    record.resolution_code = resolution
    record.resolution = text[:1000]
    if resolution is not _R.WAIT_FOR_STOCK:
        record.status = "resolved"
        record.resolved_by = supervisor.badge_code
        record.resolved_at = utc_now()
    record_audit(
        uow,
        operator=supervisor.badge_code,
        action="resolve_exception",
        entity="exception_record",
        entity_key=str(record.id),
        before=before,
        after={
            "status": record.status,
            "type": record.exception_type,
            "resolution": resolution,
            "reason": reason,
            "note": note.strip()[:200],
            **after,
        },
        outbox_event=event,
    )
    return record


def _tell_oms_ship_partial(
    uow: UnitOfWork, record: ExceptionRecord, supervisor: str
) -> RecordedEvent:
    """Seed 000 §4.3: the EXCEPTION status callback, its error code saying the decision and
    its message listing the picked lines (``SKU picked/ordered``)."""
    order = uow.session.scalar(
        select(OutboundOrder).where(OutboundOrder.order_no == record.order_no)
    )
    if order is None:
        raise errors.UnknownOrder("order_not_here", order=record.order_no or "")
    if order.status not in ("PICKING", "PICKED", "SHORTAGE", "ALLOCATED"):
        raise errors.WrongOrderState(
            "order_in_wrong_state", order=order.order_no, status=order.status, needed="PICKED"
        )
    if order.status == "PICKING" and any(t.status == "open" for t in order.pick_tasks):
        raise errors.WrongOrderState("picking_not_finished", order=order.order_no)
    lines = "; ".join(f"{line.sku_id} {line.picked_qty}/{line.quantity}" for line in order.lines)
    return emit_status(
        uow,
        order,
        OutboundStatus.EXCEPTION,
        supervisor,
        error_code=str(_R.SHIP_PARTIAL),
        error_message=lines[:1000],
    )


def _adjustment_of(record: ExceptionRecord) -> str:
    number = json.loads(record.detail_args_json or "{}").get("adjustment")
    if isinstance(number, str):
        return number
    return record.detail.split(":", 1)[0]  # records written before detail codes


def decide_exception(
    store: Store,
    exception_id: int,
    supervisor_badge: str,
    resolution: Resolution,
    *,
    reason: Reason,
    note: str = "",
) -> None:
    """Any exception's decision, routed to the service that owns it; raises a FloorError
    (nothing changed) when the badge, the record or the choice does not allow it."""
    with store.read_session() as session:
        require_supervisor(session, supervisor_badge)
        record = session.get(ExceptionRecord, exception_id)
        if record is None:
            raise errors.NotFound("exception_not_known", exception=exception_id)
        if record.status != "open":
            raise errors.NotAllowed("exception_resolved")
        _check_choice(record, resolution, reason)
        kind, event_id = record.exception_type, record.outbox_event_id
        adjustment_no = _adjustment_of(record) if kind in RESOLUTIONS_BY_ADJUSTMENT else ""
    if kind in RESOLUTIONS_BY_ADJUSTMENT:
        pending_adjustments.decide(
            store,
            adjustment_no,
            supervisor_badge,
            "approve" if resolution is _R.APPROVE else "reject",
        )
    elif kind == "OMS_REJECTED" and event_id is not None:
        rejected_events.resolve(
            store,
            event_id,
            supervisor_badge,
            "retry" if resolution is _R.RETRY_EVENT else "discard",
            f"{reason} {note}".strip(),
        )
    else:
        run_service(
            store,
            lambda uow: resolve_exception(
                uow, exception_id, supervisor_badge, resolution, reason=reason, note=note
            ),
        )


RESOLUTIONS_BY_ADJUSTMENT = ("COUNT_DIFFERENCE", "ADJUSTMENT_APPROVAL")


def assign_exception(
    uow: UnitOfWork, exception_id: int, supervisor_badge: str, assignee: str | None = None
) -> ExceptionRecord:
    """The supervisor takes the exception (``assignee`` None) or gives it to an active
    operator of the station."""
    session = uow.session
    supervisor = require_supervisor(session, supervisor_badge)
    record = _open_record(uow, exception_id)
    badge = supervisor.badge_code if assignee is None else assignee.strip()
    operator = session.get(Operator, badge)
    if operator is None or not operator.active:
        raise errors.NotAllowed("assignee_not_active", badge=badge)
    before = {"assigned_to": record.assigned_to}
    record.assigned_to = operator.badge_code
    record.assigned_at = utc_now()
    record_audit(
        uow,
        operator=supervisor.badge_code,
        action="assign_exception",
        entity="exception_record",
        entity_key=str(record.id),
        before=before,
        after={"assigned_to": record.assigned_to},
    )
    return record


def assign(store: Store, exception_id: int, supervisor_badge: str, assignee: str | None) -> None:
    """:func:`assign_exception` in its own unit of work (the console's command)."""
    run_service(store, lambda uow: assign_exception(uow, exception_id, supervisor_badge, assignee))
