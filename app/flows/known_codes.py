"""Is a scanned code already something this station knows: a command, an item, a bin, an
order or a badge?

A step that takes free text from the scanner (a tracking number, a batch number) must not
take a code that means something else: a supervisor's badge scanned at the batch step is a
slip, not batch "S001". Each step refuses a known code in its own words
(``tracking_check``, ``count_flow``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from sqlalchemy import or_, select

from app.scanning.commands import COMMAND_PREFIX
from app.scanning.gs1 import ParsedScan
from local_db.models import Barcode, InboundOrder, Location, Operator, OutboundOrder
from local_db.store import Store


class CodeKind(StrEnum):
    COMMAND = "command"
    ITEM = "item"
    BIN = "bin"
    ORDER = "order"
    BADGE = "badge"


@dataclass(frozen=True)
class KnownCode:
    kind: CodeKind
    args: dict[str, str] = field(default_factory=dict)  # ITEM: {"sku": ...}


def known_code(store: Store, scan: ParsedScan) -> KnownCode | None:
    """What the scanned code already is at this station, or None for a code it does not
    know (a command barcode counts even when the station has no such command)."""
    code = scan.code.strip()
    if code.upper().startswith(COMMAND_PREFIX):
        return KnownCode(CodeKind.COMMAND)
    spellings = {code, *scan.item_codes}
    with store.read_session() as session:
        sku = session.scalar(select(Barcode.sku_id).where(Barcode.code.in_(spellings)).limit(1))
        if sku is not None:
            return KnownCode(CodeKind.ITEM, {"sku": sku})
        if session.get(Location, code) is not None:
            return KnownCode(CodeKind.BIN)
        order_hit = session.scalar(
            select(OutboundOrder.id)
            .where(or_(OutboundOrder.order_no == code, OutboundOrder.wms_outbound_no == code))
            .limit(1)
        )
        inbound_hit = session.scalar(
            select(InboundOrder.id).where(InboundOrder.inbound_no == code).limit(1)
        )
        if order_hit is not None or inbound_hit is not None:
            return KnownCode(CodeKind.ORDER)
        if session.get(Operator, code) is not None:
            return KnownCode(CodeKind.BADGE)
    return None
