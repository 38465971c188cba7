"""Task control by a supervisor: hold and release an order, raise or lower its priority,
assign it to an operator, and hand work someone left in progress to the next operator.

Each decision checks the supervisor's role, changes one order (or one piece of work) in the
caller's unit of work and writes one audit row; a refusal changes nothing.

All of it is local to this station: the OMS contract (seed 000, OutboundStatusCallback) has
no message for a hold, an assignment or a changed priority, so nothing goes to the outbox.
The OMS never changes an order's priority after its OutboundCommand (a command for an order
already here is a duplicate), so a supervisor's priority stands until a supervisor changes it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal, TypeVar

from sqlalchemy import text

from app import errors
from app.services.audit import record_audit
from app.services.lookups import get_order, require_supervisor
from app.services.order_exception_raising import open_raised_exception
from local_db.models import Operator, OutboundOrder
from local_db.store import Store, UnitOfWork
from local_db.types import utc_now

HOLD_REASONS = (
    "ADDRESS_CHECK",
    "CUSTOMER_REQUEST",
    "PAYMENT_CHECK",
    "QUALITY_CHECK",
    "STOCK_CHECK",
    "OTHER",
)
"""Why a supervisor holds an order (the UI words each one)."""

PRIORITY_STEP = 10
PRIORITY_MIN, PRIORITY_MAX = 0, 100  # the OMS's range (oms_contract.documents)
# Orders a supervisor can still steer: shipped and cancelled orders are finished.
CONTROLLABLE = ("ALLOCATED", "SHORTAGE", "PICKING", "PICKED", "PACKED")

T = TypeVar("T")

WorkKind = Literal["pick", "receive", "pack", "count"]

NOBODY = ""
"""The operator of unconfirmed scans released to whoever opens that work next: no badge
is empty, so no log-in resumes them by itself (app.services.work_in_progress.open_work_of)."""


def _controllable(uow: UnitOfWork, order_no: str) -> OutboundOrder:
    order = get_order(uow.session, order_no)
    if order.handled_remotely:
        raise errors.NotAllowed("order_at_other_station", order=order_no)
    if order.status not in CONTROLLABLE:
        raise errors.WrongOrderState(
            "order_finished_no_control", order=order_no, status=order.status
        )
    return order


def hold_order(uow: UnitOfWork, supervisor_badge: str, order_no: str, reason: str) -> None:
    """Nobody picks, packs or ships the order until a supervisor releases it; what was
    picked stays picked."""
    supervisor = require_supervisor(uow.session, supervisor_badge)
    if reason not in HOLD_REASONS:
        raise errors.InvalidInput("hold_reason_unknown", reason=reason)
    order = _controllable(uow, order_no)
    if order.hold_reason is not None:
        raise errors.WrongOrderState(
            "order_already_on_hold", order=order_no, hold=order.hold_reason
        )
    order.hold_reason = reason
    order.held_by = supervisor.badge_code
    order.held_at = utc_now()
    record_audit(
        uow,
        operator=supervisor.badge_code,
        action="hold_order",
        entity="outbound_order",
        entity_key=order_no,
        before={"hold_reason": None},
        after={"hold_reason": reason},
    )


def release_hold(uow: UnitOfWork, supervisor_badge: str, order_no: str) -> None:
    supervisor = require_supervisor(uow.session, supervisor_badge)
    order = get_order(uow.session, order_no)
    if order.hold_reason is None:
        raise errors.WrongOrderState("order_not_on_hold", order=order_no)
    raised = open_raised_exception(uow, order_no)
    if raised is not None:
        # Released now, a picker's PICKING would take the OMS's order out of EXCEPTION
        # while the exception is still open: the queue's "resume work" settles both.
        raise errors.NotAllowed(
            "order_exception_open_resolve_first", order=order_no, exception=raised.id
        )
    before = {"hold_reason": order.hold_reason, "held_by": order.held_by}
    order.hold_reason = order.held_by = None
    order.held_at = None
    record_audit(
        uow,
        operator=supervisor.badge_code,
        action="release_hold",
        entity="outbound_order",
        entity_key=order_no,
        before=before,
        after={"hold_reason": None},
    )


def change_priority(uow: UnitOfWork, supervisor_badge: str, order_no: str, steps: int) -> int:
    """Raise (``steps`` > 0) or lower the order's priority by ``PRIORITY_STEP`` a step,
    within the OMS's range; returns the new priority. The task list follows it at once."""
    supervisor = require_supervisor(uow.session, supervisor_badge)
    order = _controllable(uow, order_no)
    wanted = order.priority + steps * PRIORITY_STEP
    priority = min(max(wanted, PRIORITY_MIN), PRIORITY_MAX)
    if steps == 0 or priority == order.priority:
        raise errors.WrongOrderState("priority_at_limit", order=order_no, priority=order.priority)
    before = order.priority
    order.priority = priority
    record_audit(
        uow,
        operator=supervisor.badge_code,
        action="change_priority",
        entity="outbound_order",
        entity_key=order_no,
        before={"priority": before},
        after={"priority": priority},
    )
    return priority


def assign_order(
    uow: UnitOfWork, supervisor_badge: str, order_no: str, operator_badge: str | None
) -> None:
    """The operator's next task is this order; others take it only by scanning it (with a
    warning). ``None`` takes the assignment away."""
    supervisor = require_supervisor(uow.session, supervisor_badge)
    order = _controllable(uow, order_no)
    if operator_badge is not None:
        operator = uow.session.get(Operator, operator_badge)
        if operator is None or not operator.active:
            raise errors.InvalidInput("operator_not_known", badge=operator_badge)
    if operator_badge == order.assigned_to:
        raise errors.WrongOrderState(
            "order_already_assigned", order=order_no, badge=operator_badge or "—"
        )
    before = order.assigned_to
    order.assigned_to = operator_badge
    order.assigned_at = utc_now() if operator_badge is not None else None
    record_audit(
        uow,
        operator=supervisor.badge_code,
        action="assign_order",
        entity="outbound_order",
        entity_key=order_no,
        before={"assigned_to": before},
        after={"assigned_to": operator_badge},
    )


@dataclass(frozen=True)
class HandedOver:
    kind: WorkKind
    key: str
    from_operator: str | None
    to_operator: str | None
    scans: int
    """Unconfirmed scans handed over with the work (receive, pack, count)."""


_WIP_OPERATORS = text(
    "SELECT operator, count(*) FROM work_in_progress_scan"
    " WHERE work_kind = :kind AND work_key = :key GROUP BY operator ORDER BY max(id) DESC"
)
_HAND_OVER_SCANS = text(
    "UPDATE work_in_progress_scan SET operator = :to WHERE work_kind = :kind AND work_key = :key"
)
_LAST_PICKER = text(
    "SELECT picked_by FROM pick_task WHERE order_id = :order AND picked_by IS NOT NULL"
    " ORDER BY picked_at DESC, id DESC LIMIT 1"
)


def release_work(
    uow: UnitOfWork,
    supervisor_badge: str,
    kind: WorkKind,
    key: str,
    to_operator: str | None = None,
) -> HandedOver:
    """Work someone left in progress (logged out mid-pick, gone home mid-receipt) goes to the
    next operator: ``to_operator`` when named, else whoever takes it next.

    Nothing is lost or doubled: picks are booked scan by scan and stay booked (the next picker
    gets only the open pick tasks); the unconfirmed scans of a receipt, pack or count stay the
    same rows, now the new operator's (or nobody's, for whoever opens that work next),
    so the old operator's next log-in no longer resumes them, and CONFIRM books them once."""
    supervisor = require_supervisor(uow.session, supervisor_badge)
    if to_operator is not None:
        operator = uow.session.get(Operator, to_operator)
        if operator is None or not operator.active:
            raise errors.InvalidInput("operator_not_known", badge=to_operator)
    if kind == "pick":
        handed = _release_pick(uow, key, to_operator)
    else:
        handed = _release_scans(uow, kind, key, to_operator or NOBODY)
    record_audit(
        uow,
        operator=supervisor.badge_code,
        action="release_work",
        entity="outbound_order" if kind in ("pick", "pack") else f"{kind}_work",
        entity_key=key,
        before={"kind": kind, "operator": handed.from_operator},
        after={"operator": handed.to_operator, "scans": handed.scans},
    )
    return handed


def _release_pick(uow: UnitOfWork, order_no: str, to_operator: str | None) -> HandedOver:
    order = _controllable(uow, order_no)
    if order.status != "PICKING":
        raise errors.WrongOrderState("work_not_in_progress", key=order_no)
    last_picker = uow.session.execute(_LAST_PICKER, {"order": order.id}).scalar()
    # The order goes to the named operator's task list first, or to anyone's.
    order.assigned_to = to_operator
    order.assigned_at = utc_now() if to_operator is not None else None
    return HandedOver("pick", order_no, last_picker, to_operator, 0)


def _release_scans(uow: UnitOfWork, kind: WorkKind, key: str, to_operator: str) -> HandedOver:
    rows = uow.session.execute(_WIP_OPERATORS, {"kind": kind, "key": key}).all()
    if not rows:
        raise errors.WrongOrderState("work_not_in_progress", key=key)
    scans = sum(int(count) for _, count in rows)
    uow.session.execute(_HAND_OVER_SCANS, {"to": to_operator, "kind": kind, "key": key})
    return HandedOver(kind, key, str(rows[0][0]) or None, to_operator or None, scans)


def decide(store: Store, decision: Callable[[UnitOfWork], T]) -> T:
    """One decision in one unit of work: committed if it returns, nothing changed if it
    raises (the console runs this on the store thread)."""
    with store.unit_of_work() as uow:
        result = decision(uow)
        uow.commit()
        return result
