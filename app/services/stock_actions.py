"""Stock actions a supervisor signs for: QC hold (freeze / unfreeze), damage, write-off and
found goods, each with a reason from a short fixed list.

A supervisor books them at once. An operator books up to the station's threshold
(``stock_action_approval_threshold``) alone; above it a supervisor's badge + PIN must have
approved the action (the flow asks), and the supervisor cannot approve their own action.
The check is here, not only in the flow, so no caller can skip it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum

from app import errors
from app.services.adjusting import adjust_stock, mark_damaged
from app.services.audit import record_audit
from app.services.counting import approve_adjustment
from app.services.freezing import change_hold
from app.services.lookups import require_supervisor
from local_db.models import Operator
from local_db.store import UnitOfWork
from oms_contract.events import StockChangeType

DEFAULT_APPROVAL_THRESHOLD = 10


class StockAction(StrEnum):
    FREEZE = "FREEZE"
    UNFREEZE = "UNFREEZE"
    DAMAGE = "DAMAGE"
    WRITE_OFF = "WRITE_OFF"
    FOUND = "FOUND"


# The reasons an operator chooses from, in the order shown (typed 1, 2, 3).
# Write-off and found reasons are adjust_stock's reason codes (they reach the OMS as such).
ACTION_REASONS: dict[StockAction, tuple[str, ...]] = {
    StockAction.FREEZE: ("QC_HOLD", "SUSPECTED_DAMAGE", "RECALL"),
    StockAction.UNFREEZE: ("QC_PASSED", "HOLD_LIFTED"),
    StockAction.DAMAGE: ("HANDLING", "WATER", "PACKAGING"),
    StockAction.WRITE_OFF: ("DAMAGE_WRITE_OFF", "EXPIRED_WRITE_OFF", "LOST"),
    StockAction.FOUND: ("FOUND", "CORRECTION"),
}


@dataclass(frozen=True)
class StockActionRequest:
    location_code: str
    owner_id: str
    sku_id: str
    quantity: int
    """Units concerned, always positive (a write-off removes them)."""
    reason: str
    batch_no: str | None = None
    expiry_date: dt.date | None = None
    """Found goods of an expiry-managed SKU."""


def needs_approval(role: str, quantity: int, threshold: int) -> bool:
    """An operator's action above the threshold waits for a supervisor's badge + PIN."""
    return role != "supervisor" and quantity > threshold


def book_stock_action(
    uow: UnitOfWork,
    action: StockAction,
    request: StockActionRequest,
    *,
    operator: str,
    approved_by: str | None = None,
    threshold: int = DEFAULT_APPROVAL_THRESHOLD,
) -> None:
    """Book ``action`` for ``operator``; raises a typed refusal (nothing changed) when the
    reason is not one of the action's or the approval is missing or not valid."""
    if request.reason not in ACTION_REASONS[action]:
        raise errors.InvalidInput("choose_stock_reason", choices=", ".join(ACTION_REASONS[action]))
    session = uow.session
    person = session.get(Operator, operator)
    if person is None or not person.active:
        raise errors.NotAllowed("operator_not_active", badge=operator)
    if approved_by is not None:
        if approved_by == operator:
            raise errors.NotAllowed("own_approval")
        require_supervisor(session, approved_by)
    elif needs_approval(person.role, request.quantity, threshold):
        raise errors.NotAllowed("needs_supervisor_approval", threshold=threshold)
    _book(uow, action, request, operator, approved_by)
    if approved_by is not None:
        record_audit(
            uow,
            operator=approved_by,
            action="approve_stock_action",
            entity="stock",
            entity_key=f"{request.location_code}/{request.owner_id}/{request.sku_id}",
            after={
                "action": action.value,
                "quantity": request.quantity,
                "reason": request.reason,
                "by": operator,
            },
        )


def _book(
    uow: UnitOfWork,
    action: StockAction,
    request: StockActionRequest,
    operator: str,
    approved_by: str | None,
) -> None:
    r = request
    if action is StockAction.FREEZE:
        # Authorised above (role or threshold), so the supervisor-only entry is not used.
        change_hold(
            uow,
            StockChangeType.FREEZE,
            location_code=r.location_code,
            owner_id=r.owner_id,
            sku_id=r.sku_id,
            batch_no=r.batch_no,
            quantity=r.quantity,
            operator=operator,
            reason=r.reason,
        )
    elif action is StockAction.UNFREEZE:
        change_hold(
            uow,
            StockChangeType.UNFREEZE,
            location_code=r.location_code,
            owner_id=r.owner_id,
            sku_id=r.sku_id,
            batch_no=r.batch_no,
            quantity=r.quantity,
            operator=operator,
            reason=r.reason,
        )
    elif action is StockAction.DAMAGE:
        mark_damaged(
            uow,
            location_code=r.location_code,
            owner_id=r.owner_id,
            sku_id=r.sku_id,
            quantity=r.quantity,
            operator=operator,
            batch_no=r.batch_no,
            reason=r.reason,
        )
    else:
        sign = -1 if action is StockAction.WRITE_OFF else 1
        # Approved: pending first, then approved by the supervisor (who is on the record).
        adjustment = adjust_stock(
            uow,
            location_code=request.location_code,
            owner_id=request.owner_id,
            sku_id=request.sku_id,
            quantity=sign * request.quantity,
            reason_code=request.reason,
            operator=operator,
            batch_no=request.batch_no,
            expiry_date=request.expiry_date,
            threshold=-1 if approved_by is not None else request.quantity,
        )
        if approved_by is not None:
            approve_adjustment(uow, adjustment.adjustment_no, approved_by)
