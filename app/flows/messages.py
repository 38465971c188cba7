"""Turning refusals into operator messages, and running a service call as one step."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from app.errors import FloorError
from app.flows.view import Message
from local_db.store import Store, UnitOfWork

T = TypeVar("T")


def from_error(error: FloorError) -> Message:
    """``code`` selects the translated headline; the service's text carries the specifics."""
    return Message(error.code, error.message, {"detail": error.message})


def run_service(store: Store, action: Callable[[UnitOfWork], T]) -> T:
    """One unit of work around a floor service: committed if it returns, rolled back (nothing
    changed) if it raises a FloorError, which the caller turns into a refusal."""
    with store.unit_of_work() as uow:
        result = action(uow)
        uow.commit()
        return result


def with_args(message: Message, **args: str) -> Message:
    return Message(message.code, message.text.format(**args), args)
