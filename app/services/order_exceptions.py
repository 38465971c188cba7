"""Open exceptions that stop an order at the pack bench (issue #13.1): a short pick or a
stock shortage ships only what a supervisor decided (resolution SHIP_PARTIAL closes it); an
order an operator or supervisor stopped for manual handling (ORDER_EXCEPTION_RAISED, seed 000
§5.1) ships only once a supervisor resumed it."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from app import errors
from local_db.models import ExceptionRecord

BLOCKS_PACKING = ("SHORT_PICK", "STOCK_SHORTAGE", "ORDER_EXCEPTION_RAISED")


def refuse_if_exception_open(session: Session, order_no: str) -> None:
    """Raises NotAllowed naming the first open blocking exception of the order."""
    record = session.scalar(
        select(ExceptionRecord)
        .where(
            ExceptionRecord.order_no == order_no,
            ExceptionRecord.status == "open",
            ExceptionRecord.exception_type.in_(BLOCKS_PACKING),
        )
        .order_by(ExceptionRecord.id)
        .limit(1)
    )
    if record is not None:
        raise errors.NotAllowed(
            "open_exception_stops_packing",
            order=order_no,
            exception=record.id,
            type=record.exception_type,
        )
