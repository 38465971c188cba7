"""Finding the records an action names, with an operator-readable refusal if absent."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import Connection, select
from sqlalchemy.orm import Session

from app import errors
from local_db.models import (
    InboundOrder,
    Location,
    Operator,
    OutboundOrder,
    Sku,
    SyncState,
)


def get_order(session: Session, order_no: str) -> OutboundOrder:
    order = session.scalar(select(OutboundOrder).where(OutboundOrder.order_no == order_no))
    if order is None:
        raise errors.UnknownOrder("order_not_here", order=order_no)
    return order


def get_inbound(session: Session, inbound_no: str) -> InboundOrder:
    inbound = session.scalar(select(InboundOrder).where(InboundOrder.inbound_no == inbound_no))
    if inbound is None:
        raise errors.UnknownInbound("inbound_not_here", inbound=inbound_no)
    return inbound


def unknown_sku(owner_id: str, sku_id: str) -> errors.UnknownSku:
    return errors.UnknownSku("sku_not_known", sku=sku_id, owner=owner_id)


def unknown_barcode(code: str) -> errors.UnknownBarcode:
    return errors.UnknownBarcode("barcode_not_known", scanned=code.strip())


def get_sku(session: Session, owner_id: str, sku_id: str) -> Sku:
    sku = session.get(Sku, (owner_id, sku_id))
    if sku is None:
        raise unknown_sku(owner_id, sku_id)
    return sku


def get_location(session: Session, code: str) -> Location:
    location = session.get(Location, code.strip())
    if location is None:
        raise errors.UnknownLocation("bin_not_known", bin=code)
    return location


def barcode_spellings(code: str) -> list[str]:
    """A numeric GTIN can be stored as GTIN-14, EAN-13, UPC-A or EAN-8: try each form."""
    if not code.isdigit() or len(code) not in (8, 12, 13, 14):
        return [code]
    gtin14 = code.zfill(14)
    forms = [code, gtin14, gtin14[1:]]
    if gtin14.startswith("00"):
        forms.append(gtin14[2:])
    if gtin14.startswith("000000"):
        forms.append(gtin14[6:])
    return list(dict.fromkeys(forms))


def first_known_code(
    connection: Connection, owner_id: str, codes: Sequence[str]
) -> tuple[int, str] | None:
    """(index into ``codes``, SKU id) of the first code the owner knows, trying each code as
    the floor reads a scan (its barcode spellings, then as a SKU code), in one statement.
    For the scan's hot paths, where an ORM lookup per spelling cost more than SQLite."""
    parts: list[str] = []
    params: list[object] = []
    for index, raw in enumerate(codes):
        code = raw.strip()
        spellings = barcode_spellings(code)
        for rank, spelling in enumerate(spellings):
            parts.append(
                f"SELECT {index}, {rank}, sku_id FROM barcode WHERE code = ? AND owner_id = ?"
            )
            params += [spelling, owner_id]
        parts.append(
            f"SELECT {index}, {len(spellings)}, sku_id FROM sku WHERE owner_id = ? AND sku_id = ?"
        )
        params += [owner_id, code]
    if not parts:
        return None
    statement = " UNION ALL ".join(parts) + " ORDER BY 1, 2 LIMIT 1"
    found = connection.exec_driver_sql(statement, tuple(params)).first()
    return None if found is None else (int(found[0]), str(found[2]))


def require_supervisor(session: Session, badge_code: str) -> Operator:
    operator = session.get(Operator, badge_code)
    if operator is None or not operator.active or operator.role != "supervisor":
        raise errors.NotAllowed("supervisor_only")
    return operator


def station_warehouse_id(session: Session) -> str:
    state = session.get(SyncState, "warehouse_id")
    if state is None or not state.value:
        raise errors.NotAllowed("station_without_warehouse")
    return state.value


def check_quantity(quantity: int, *, short_pick: bool = False) -> None:
    if quantity <= 0 and short_pick:
        raise errors.InvalidQuantity("short_quantity_below_one")
    if quantity <= 0:
        raise errors.InvalidQuantity("quantity_below_one")
    if quantity > 10_000_000:
        raise errors.InvalidQuantity("quantity_too_large")
