"""Handing a packed order to the carrier."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from sqlalchemy import select

from app import errors
from app.services.audit import record_audit
from app.services.lookups import get_order
from app.services.order_events import (
    emit_status,
    refuse_if_held,
    refuse_unless_workable,
    set_status,
)
from app.services.order_exceptions import refuse_if_exception_open
from local_db.models import OutboundOrder, SerialNumber, Shipment
from local_db.store import UnitOfWork
from local_db.types import utc_now
from oms_contract.events import OutboundStatus

MAX_PACKAGES = 999
MAX_WEIGHT_KG = Decimal(100_000)


def _code(value: str, what: str) -> str:
    cleaned = value.strip()
    if not cleaned or len(cleaned) > 64:
        if what == "carrier code":
            raise errors.InvalidInput("carrier_code_length")
        raise errors.InvalidInput("tracking_no_length")
    return cleaned


def _weight_grams(weight_kg: Decimal) -> int:
    try:
        weight = Decimal(weight_kg)
    except (InvalidOperation, TypeError, ValueError) as exc:
        raise errors.InvalidInput("weight_not_a_number") from exc
    if not weight.is_finite() or weight <= 0 or weight > MAX_WEIGHT_KG:
        raise errors.InvalidInput("weight_out_of_range")
    grams = weight * 1000
    if grams != grams.to_integral_value():
        raise errors.InvalidInput("weight_too_precise")
    return int(grams)


def ship_order(
    uow: UnitOfWork,
    order_no: str,
    *,
    tracking_no: str,
    carrier_code: str,
    package_count: int,
    weight_kg: Decimal,
    operator: str,
    weight_typed: str | None = "no_scale",
) -> OutboundOrder:
    """``weight_typed``: why the packer typed the weight (``no_scale``, ``scale_fault:<code>``),
    or None when it is the scale's stable reading; the audit row keeps it."""
    session = uow.session
    order = get_order(session, order_no)
    refuse_unless_workable(order, "PACKED")
    refuse_if_held(order)
    refuse_if_exception_open(session, order_no)
    tracking = _code(tracking_no, "tracking number")
    carrier = _code(carrier_code, "carrier code")
    if not 1 <= package_count <= MAX_PACKAGES:
        raise errors.InvalidInput("package_count_out_of_range", most=MAX_PACKAGES)
    grams = _weight_grams(weight_kg)
    session.add(
        Shipment(
            order_id=order.id,
            tracking_no=tracking,
            carrier_code=carrier,
            package_count=package_count,
            weight_grams=grams,
            shipped_by=operator,
            shipped_at=utc_now(),
        )
    )
    for serial in session.scalars(
        select(SerialNumber).where(
            SerialNumber.outbound_order_id == order.id, SerialNumber.status == "picked"
        )
    ):
        serial.status = "shipped"
        serial.location_code = None
    set_status(order, "SHIPPED")
    event = emit_status(
        uow,
        order,
        OutboundStatus.SHIPPED,
        operator,
        tracking_no=tracking,
        carrier_code=carrier,
        package_count=package_count,
        weight=Decimal(grams) / 1000,
    )
    record_audit(
        uow,
        operator=operator,
        action="ship_order",
        entity="outbound_order",
        entity_key=order_no,
        before={"status": "PACKED"},
        after={
            "status": order.status,
            "tracking_no": tracking,
            "carrier_code": carrier,
            "package_count": package_count,
            "weight_grams": grams,
            "weight_source": "typed" if weight_typed else "scale",
            "weight_typed_reason": weight_typed,
        },
        outbox_event=event,
    )
    return order
