"""Taking back picked units in the pick flow: CMD:UNDO right after a booking, or CMD:UNPICK
and a scan of each unit to return."""

from __future__ import annotations

from dataclasses import dataclass

from app.errors import FloorError
from app.flows.messages import from_error, run_service, with_args
from app.flows.view import Message
from app.services.unpicking import UnpickOutcome, unpick
from local_db.store import Store

UNPICKED = Message("unpicked")
UNPICK_ON = Message("unpick_on")
UNPICK_OFF = Message("unpick_off")


@dataclass(frozen=True)
class Booked:
    """What the last answer booked, so CMD:UNDO can take exactly that back."""

    task_id: int
    code: str
    quantity: int
    batch_no: str | None
    serial_no: str | None


def unpicked_message(outcome: UnpickOutcome) -> Message:
    return with_args(
        UNPICKED, qty=str(outcome.quantity), sku=outcome.sku_id, bin=outcome.location_code
    )


def run_unpick(
    store: Store,
    order_no: str,
    operator: str,
    *,
    code: str,
    quantity: int = 1,
    batch_no: str | None = None,
    serial_no: str | None = None,
    task_id: int | None = None,
) -> tuple[bool, Message]:
    """One unpick as one unit of work: (done, what to tell). A refusal changed nothing."""
    try:
        outcome = run_service(
            store,
            lambda uow: unpick(
                uow,
                order_no,
                barcode=code,
                quantity=quantity,
                operator=operator,
                batch_no=batch_no,
                serial_no=serial_no,
                task_id=task_id,
            ),
        )
    except FloorError as error:
        return False, from_error(error)
    return True, unpicked_message(outcome)
