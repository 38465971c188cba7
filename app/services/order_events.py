"""Outbound status callbacks (seed 000's OutboundStatusCallback) and order bookkeeping."""

from __future__ import annotations

from decimal import Decimal
from typing import Protocol

from app import errors
from app.outbox import RecordedEvent, record_event
from local_db.models import OutboundOrder
from local_db.store import UnitOfWork
from local_db.types import utc_now
from oms_contract.events import OutboundStatus, OutboundStatusChanged, StockMovement


class OrderState(Protocol):
    """What a status callback and a refusal need of an order: the ORM row, or the plain
    tuple the pick scan's hot path reads."""

    @property
    def order_no(self) -> str: ...
    @property
    def wms_outbound_no(self) -> str: ...
    @property
    def status(self) -> str: ...


def emit_status(
    uow: UnitOfWork,
    order: OrderState,
    status: OutboundStatus,
    operator: str,
    *,
    tracking_no: str | None = None,
    carrier_code: str | None = None,
    package_count: int | None = None,
    weight: Decimal | None = None,
    error_code: str | None = None,
    error_message: str | None = None,
    movements: list[StockMovement] | None = None,
) -> RecordedEvent:
    payload = OutboundStatusChanged(
        order_no=order.order_no,
        wms_outbound_no=order.wms_outbound_no,
        status=status,
        status_time=utc_now(),
        tracking_no=tracking_no,
        carrier_code=carrier_code,
        package_count=package_count,
        weight=weight,
        error_code=error_code,
        error_message=error_message,
        movements=movements or [],
    )
    return record_event(uow, payload, operator)


def set_status(order: OutboundOrder, status: str) -> None:
    order.status = status
    order.updated_at = utc_now()


def refuse_if_held(order: OutboundOrder) -> None:
    """A supervisor holds the order: nobody picks, packs or ships it until released."""
    if order.hold_reason is not None:
        raise errors.OrderOnHold(
            "order_on_hold_ask_supervisor", order=order.order_no, hold=order.hold_reason
        )


def refuse_unless_workable(order: OrderState, *allowed: str) -> None:
    """Raise the refusal an operator understands when the order is not in ``allowed``."""
    if order.status in allowed:
        return
    if order.status == "CANCELLED":
        raise errors.OrderCancelled("order_cancelled_stop", order=order.order_no)
    if order.status == "SHIPPED":
        raise errors.OrderShipped("order_already_shipped", order=order.order_no)
    raise errors.WrongOrderState(
        "order_in_wrong_state",
        order=order.order_no,
        status=order.status,
        needed=" / ".join(allowed),
    )
