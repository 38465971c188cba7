"""Turning refusals into operator messages, and running a service call as one step."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from app.errors import FloorError
from app.flows.view import Message
from local_db.store import Store, UnitOfWork

T = TypeVar("T")

# Answers several flows give, word for word.
UNKNOWN_ITEM = Message("unknown_item")
TYPE_AFTER_SCAN = Message("type_after_scan")
BAD_NUMBER = Message("bad_number")
UNDONE = Message("undone")
NOTHING_TO_UNDO = Message("nothing_to_undo_pack")
NOT_HERE = Message("command_not_here")
UNKNOWN_ORDER = Message("unknown_order")
TYPE_NUMBER_NOW = Message("type_number_now")


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
