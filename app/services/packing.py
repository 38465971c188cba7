"""Pack verification: every picked unit is scanned once more at the pack bench."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from app import errors
from app.services.audit import record_audit
from app.services.lookups import get_order, unknown_barcode
from app.services.order_events import (
    emit_status,
    refuse_if_held,
    refuse_unless_workable,
    set_status,
)
from app.services.order_exceptions import refuse_if_exception_open
from app.services.pick_booking import scanned_sku
from local_db.models import OutboundOrder
from local_db.store import UnitOfWork
from oms_contract.events import OutboundStatus


def pack_order(
    uow: UnitOfWork, order_no: str, scanned_codes: Sequence[str], operator: str
) -> OutboundOrder:
    """Refused unless the scans match the picked quantities exactly, SKU by SKU."""
    session = uow.session
    order = get_order(session, order_no)
    refuse_unless_workable(order, "PICKED")
    refuse_if_held(order)
    picked: Counter[str] = Counter()
    for line in order.lines:
        picked[line.sku_id] += line.picked_qty
    picked = +picked  # drop SKUs with nothing picked
    if not picked:
        raise errors.WrongOrderState("nothing_picked", order=order_no)
    refuse_if_exception_open(session, order_no)
    scanned: Counter[str] = Counter()
    connection = session.connection()
    for code in scanned_codes:
        sku_id = scanned_sku(connection, order, code)
        if sku_id is None:
            raise unknown_barcode(code)
        scanned[sku_id] += 1
    if scanned != picked:
        problems = []
        for sku_id in sorted(set(picked) | set(scanned)):
            if scanned[sku_id] != picked[sku_id]:
                problems.append(f"{sku_id} {scanned[sku_id]}/{picked[sku_id]}")
        raise errors.PackMismatch("parcel_differs", counts="; ".join(problems))
    for line in order.lines:
        line.packed_qty = line.picked_qty
    set_status(order, "PACKED")
    event = emit_status(uow, order, OutboundStatus.PACKED, operator)
    record_audit(
        uow,
        operator=operator,
        action="pack_order",
        entity="outbound_order",
        entity_key=order_no,
        before={"status": "PICKED"},
        after={"status": order.status, "units": sum(picked.values())},
        outbox_event=event,
    )
    return order
