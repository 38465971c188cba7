"""A supervisor settles an order exception an operator or supervisor raised (seed 000 §5.1:
人工处理; ``app/services/order_exception_raising.py``).

Resume work: the order goes on. Its exception hold comes off and the OMS is told the
order's floor status again: the contract lets any status follow EXCEPTION
(``oms_server/services/order_events.py``), so a PICKING, PICKED or PACKED order sends that
status and the OMS's order leaves EXCEPTION. An order not picked yet (ALLOCATED) has no
status callback to send: the contract's statuses start at PICKING (RECEIVED comes only from
the receive callback, which a resume is not), so the OMS shows EXCEPTION until the first
pick reports PICKING. Nothing is invented to fill that gap.

Acknowledge: the record closes and nothing is sent; the order stays on hold (the OMS's user
handles it there, e.g. cancels it; a supervisor may release the hold on the Tasks page).
"""

from __future__ import annotations

from app import errors
from app.outbox import RecordedEvent
from app.services.lookups import get_order
from app.services.order_events import emit_status, refuse_unless_workable
from app.services.order_exception_raising import EXCEPTION_HOLD
from local_db.models import ExceptionRecord
from local_db.store import UnitOfWork
from oms_contract.events import OutboundStatus

RESUMABLE = ("ALLOCATED", "PICKING", "PICKED", "PACKED")
# The station's statuses the contract has a status callback for.
_OMS_STATUS = {
    "PICKING": OutboundStatus.PICKING,
    "PICKED": OutboundStatus.PICKED,
    "PACKED": OutboundStatus.PACKED,
}


def resume_work(uow: UnitOfWork, record: ExceptionRecord, supervisor: str) -> RecordedEvent | None:
    """Take the exception's hold off the order and report its status again (None: the
    order has no status the contract can say, see the module's docstring)."""
    order = get_order(uow.session, record.order_no or "")
    if order.handled_remotely:
        raise errors.NotAllowed("order_at_other_station", order=order.order_no)
    refuse_unless_workable(order, *RESUMABLE)
    if order.hold_reason == EXCEPTION_HOLD:
        order.hold_reason = order.held_by = None
        order.held_at = None
    status = _OMS_STATUS.get(order.status)
    return None if status is None else emit_status(uow, order, status, supervisor)
