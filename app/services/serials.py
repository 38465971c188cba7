"""Serial numbers of serial-managed SKUs: captured at receipt and at pick."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy.orm import Session

from app import errors
from local_db.models import SerialNumber, Sku


def _clean(serials: Sequence[str], quantity: int, sku_id: str) -> list[str]:
    cleaned = [s.strip() for s in serials if s.strip()]
    if len(cleaned) != quantity:
        raise errors.SerialsRequired(
            "serial_count", sku=sku_id, quantity=quantity, scanned=len(cleaned)
        )
    if len(set(cleaned)) != len(cleaned):
        raise errors.SerialAlreadyUsed("serial_scanned_twice")
    if any(len(s) > 64 for s in cleaned):
        raise errors.InvalidInput("serial_too_long")
    return cleaned


def take_serials(
    session: Session,
    owner_id: str,
    sku_id: str,
    order_id: int,
    *,
    serials: Sequence[str],
    quantity: int,
    location_code: str,
) -> list[str]:
    """Validate and mark picked the serials of ``quantity`` picked units of a serial-managed
    SKU. Unknown serials are recorded: they may have been received at another station,
    whose receipts do not carry serials."""
    cleaned = _clean(serials, quantity, sku_id)
    found = {s: session.get(SerialNumber, (owner_id, sku_id, s)) for s in cleaned}
    for serial, record in found.items():
        if record is not None and record.status != "in_stock":
            raise errors.SerialAlreadyUsed("serial_already_picked", serial=serial)
    for serial, known in found.items():
        record = known or SerialNumber(owner_id=owner_id, sku_id=sku_id, serial_no=serial)
        if known is None:
            session.add(record)
        record.status = "picked"
        record.location_code = location_code
        record.outbound_order_id = order_id
    return cleaned


def receive_serials(
    session: Session,
    sku: Sku,
    *,
    serials: Sequence[str],
    quantity: int,
    location_code: str,
    batch_no: str | None,
) -> list[str]:
    """Validate and record serials arriving in stock (a returned serial comes back)."""
    if not sku.serial_managed:
        return []
    cleaned = _clean(serials, quantity, sku.sku_id)
    for serial in cleaned:
        record = session.get(SerialNumber, (sku.owner_id, sku.sku_id, serial))
        if record is not None and record.status == "in_stock":
            raise errors.SerialAlreadyUsed("serial_already_in_stock", serial=serial)
    for serial in cleaned:
        record = session.get(SerialNumber, (sku.owner_id, sku.sku_id, serial))
        if record is None:
            record = SerialNumber(owner_id=sku.owner_id, sku_id=sku.sku_id, serial_no=serial)
            session.add(record)
        record.status = "in_stock"
        record.location_code = location_code
        record.batch_no = batch_no
        record.outbound_order_id = None
    return cleaned
