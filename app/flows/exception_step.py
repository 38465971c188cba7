"""Raising an order exception from the pick and pack screens: scan CMD:EXCEPTION, then type
the reason's number (seed 000 §5.1: 地址异常 → 人工处理). The order goes on hold for the
supervisor and the OMS is told EXCEPTION (app/services/order_exception_raising.py)."""

from __future__ import annotations

from app.errors import FloorError
from app.flows.messages import from_error, run_service, with_args
from app.flows.view import Message, Prompt, PromptKey
from app.scanning.numbers import parse_typed_number
from app.services.order_exception_raising import REASON_CODES, raise_order_exception
from local_db.store import Store

EXCEPTION_RAISED = Message("order_exception_raised")
BAD_EXCEPTION_REASON = Message("bad_exception_reason")
REASON_PROMPT = Prompt(PromptKey.TYPE_EXCEPTION_REASON)


def reason_details() -> tuple[tuple[str, str], ...]:
    """The numbers the operator types, beside their reason codes (the screen words them)."""
    return tuple((str(number), code) for number, code in enumerate(REASON_CODES, start=1))


def chosen_reason(text: str) -> str | None:
    number = parse_typed_number(text).value
    if number is None or not 1 <= number <= len(REASON_CODES):
        return None
    return REASON_CODES[number - 1]


def raise_by_number(store: Store, order_no: str, operator: str, text: str) -> tuple[bool, Message]:
    """(raised, what to tell). A number that names no reason or a refusal changed nothing."""
    reason = chosen_reason(text)
    if reason is None:
        shown = parse_typed_number(text).shown
        return False, with_args(BAD_EXCEPTION_REASON, text=shown, max=str(len(REASON_CODES)))
    try:
        record = run_service(
            store, lambda uow: raise_order_exception(uow, order_no, operator, reason)
        )
    except FloorError as error:
        return False, from_error(error)
    raised = with_args(EXCEPTION_RAISED, order=order_no, reason=reason, exception=str(record.id))
    return True, raised
