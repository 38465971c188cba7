"""An operator or supervisor raises an exception on an order (seed 000 §5.1: 地址异常 →
人工处理, an address that cannot be delivered goes to manual handling; §4.3 异常回传: the
EXCEPTION status callback with an error code and message).

One unit of work writes the exception record for the supervisor's queue, puts the order on
hold so nobody picks, packs or ships it (the hold also keeps a picker from sending PICKING or
PICKED, which would take the OMS's order out of EXCEPTION), the EXCEPTION status callback
with the reason as its error code, and one audit row. A supervisor settles it in the queue
(``app/supervision/raised_exceptions.py``).

The consignee's name, phone and address never go into the record, the audit row, the
callback or a log: a note that repeats one of them is refused.
"""

from __future__ import annotations

from typing import Final

from sqlalchemy import select

from app import errors
from app import exception_details as details
from app.services.audit import record_audit
from app.services.lookups import get_order
from app.services.order_events import emit_status
from local_db.models import ExceptionRecord, Operator, OutboundOrder
from local_db.store import UnitOfWork
from local_db.types import utc_now
from oms_contract.base import MAX_TEXT_LENGTH
from oms_contract.events import OutboundStatus

EXCEPTION_TYPE: Final = "ORDER_EXCEPTION_RAISED"
EXCEPTION_HOLD: Final = "ORDER_EXCEPTION"
"""The hold an exception puts on an order; only settling the exception takes it off."""

REASON_CODES: Final = ("ADDRESS_PROBLEM", "GOODS_DAMAGED", "CUSTOMER_REQUEST", "OTHER")
"""Why an order stops, in the order an operator types them (1, 2, 3, 4)."""

# What the OMS's user reads (the callback's error_message): the OMS has no station catalogue.
_OMS_MESSAGES: Final = {
    "ADDRESS_PROBLEM": "Address cannot be delivered to; manual handling needed.",
    "GOODS_DAMAGED": "Goods for the order are damaged; manual handling needed.",
    "CUSTOMER_REQUEST": "The customer asked to stop the order; manual handling needed.",
    "OTHER": "The warehouse stopped the order; manual handling needed.",
}
RAISABLE: Final = ("ALLOCATED", "PICKING", "PICKED", "PACKED")
"""Orders the floor is working on. SHORTAGE orders are RECEIVE_FAILED at the OMS, whose user
already decides them there (re-route, cancel, wait); an EXCEPTION would take away the
re-route. SHIPPED and CANCELLED orders are finished."""
MAX_NOTE = 200


def open_raised_exception(uow: UnitOfWork, order_no: str) -> ExceptionRecord | None:
    return uow.session.scalar(
        select(ExceptionRecord)
        .where(
            ExceptionRecord.order_no == order_no,
            ExceptionRecord.status == "open",
            ExceptionRecord.exception_type == EXCEPTION_TYPE,
        )
        .limit(1)
    )


def _active_operator(uow: UnitOfWork, badge: str) -> Operator:
    operator = uow.session.get(Operator, badge)
    if operator is None or not operator.active:
        raise errors.InvalidInput("operator_not_known", badge=badge)
    return operator


def _raisable(uow: UnitOfWork, order_no: str) -> OutboundOrder:
    order = get_order(uow.session, order_no)
    if order.handled_remotely:
        raise errors.NotAllowed("order_at_other_station", order=order_no)
    if order.status == "CANCELLED":
        raise errors.OrderCancelled("order_cancelled_stop", order=order_no)
    if order.status == "SHIPPED":
        raise errors.OrderShipped("order_already_shipped", order=order_no)
    if order.status not in RAISABLE:
        raise errors.WrongOrderState(
            "order_in_wrong_state", order=order_no, status=order.status, needed="/".join(RAISABLE)
        )
    return order


def _checked_note(order: OutboundOrder, note: str) -> str:
    cleaned = " ".join(note.split())
    if len(cleaned) > MAX_NOTE:
        raise errors.InvalidInput("note_too_long", most=MAX_NOTE)
    personal = (order.consignee, order.phone, order.address)
    lowered = cleaned.casefold()
    if any(len(value.strip()) >= 2 and value.strip().casefold() in lowered for value in personal):
        raise errors.InvalidInput("note_holds_personal_data", order=order.order_no)
    return cleaned


def oms_message(reason_code: str, note: str) -> str:
    text = _OMS_MESSAGES[reason_code] + (f" Note: {note}" if note else "")
    return text[:MAX_TEXT_LENGTH]


def raise_order_exception(
    uow: UnitOfWork, order_no: str, operator: str, reason_code: str, note: str = ""
) -> ExceptionRecord:
    """Stop the order for manual handling and tell the OMS (status EXCEPTION, the reason as
    error code). Refused, nothing changed: an unknown badge, order or reason, an order that
    is finished, held for stock or worked elsewhere, one already stopped this way, a note
    with the consignee's data."""
    badge = _active_operator(uow, operator).badge_code
    if reason_code not in REASON_CODES:
        raise errors.InvalidInput("exception_reason_unknown", reason=reason_code)
    order = _raisable(uow, order_no)
    already = open_raised_exception(uow, order_no)
    if already is not None:
        raise errors.NotAllowed(
            "order_exception_already_open", order=order_no, exception=already.id
        )
    cleaned = _checked_note(order, note)
    event = emit_status(
        uow,
        order,
        OutboundStatus.EXCEPTION,
        badge,
        error_code=reason_code,
        error_message=oms_message(reason_code, cleaned),
    )
    held_before = order.hold_reason
    if held_before is None:
        # A supervisor's own hold stays as it is: theirs to release once this is settled.
        order.hold_reason, order.held_by, order.held_at = EXCEPTION_HOLD, badge, utc_now()
    record = ExceptionRecord(
        exception_type=EXCEPTION_TYPE,
        order_no=order_no,
        severity="high" if reason_code == "ADDRESS_PROBLEM" else "medium",
        status="open",
        detail_code=details.ORDER_EXCEPTION_RAISED,
        detail_args_json=details.detail_args(
            reason=reason_code, status=order.status, by=badge, note=cleaned
        ),
        created_at=utc_now(),
        outbox_event_id=event.id,
    )
    uow.session.add(record)
    uow.session.flush()
    record_audit(
        uow,
        operator=badge,
        action="raise_order_exception",
        entity="outbound_order",
        entity_key=order_no,
        before={"status": order.status, "hold_reason": held_before},
        after={
            "exception": record.id,
            "reason": reason_code,
            "note": cleaned,
            "hold_reason": order.hold_reason,
        },
        outbox_event=event,
    )
    return record
