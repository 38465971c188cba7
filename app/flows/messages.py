"""Turning refusals into operator messages, and running a service call as one step."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from app.errors import FloorError, OrderOnHold
from app.flows.view import Message
from app.scanning.numbers import MAX_TYPED_NUMBER, NumberProblem, TypedNumber
from local_db.store import Store, UnitOfWork

T = TypeVar("T")

# Answers several flows give, word for word.
UNKNOWN_ITEM = Message("unknown_item")
TYPE_AFTER_SCAN = Message("type_after_scan")
BAD_NUMBER = Message("bad_number")
NUMBER_TOO_LARGE = Message("number_too_large")
UNDONE = Message("undone")
NOTHING_TO_UNDO = Message("nothing_to_undo_pack")
NOT_HERE = Message("command_not_here")
UNKNOWN_ORDER = Message("unknown_order")
TYPE_NUMBER_NOW = Message("type_number_now")
WORK_RESUMED = Message("work_resumed")


def from_error(error: FloorError) -> Message:
    """``code`` selects the translated headline, ``reason`` and its values the specifics."""
    args = {key: str(value) for key, value in error.params.items()}
    return Message(error.code, args, reason=error.reason)


def run_service(store: Store, action: Callable[[UnitOfWork], T]) -> T:
    """One unit of work around a floor service: committed if it returns, rolled back (nothing
    changed) if it raises a FloorError, which the caller turns into a refusal."""
    with store.unit_of_work() as uow:
        result = action(uow)
        uow.commit()
        return result


def with_args(message: Message, **args: str) -> Message:
    return Message(message.code, args)


def number_refusal(number: TypedNumber, maximum: int = MAX_TYPED_NUMBER) -> Message:
    """Why a typed quantity cannot be used, repeating (the start of) what was typed."""
    if number.problem is NumberProblem.TOO_LARGE:
        return with_args(NUMBER_TOO_LARGE, text=number.shown, max=str(maximum))
    return with_args(BAD_NUMBER, text=number.shown)


def on_hold(order_no: str, hold_reason: str) -> Message:
    """A supervisor holds the order: the same words as the services' refusal."""
    return from_error(OrderOnHold("order_on_hold_ask_supervisor", order=order_no, hold=hold_reason))
