"""Is a scanned code a plausible tracking number for this parcel's carrier?

At the "scan the tracking label" step an item's EAN, a bin label or an order number is a
slip of the scanner, not a tracking number: shipping with it would send a parcel nobody can
trace. Codes the station knows as something else are refused (``known_codes``), and where
the carrier's format is set (``carrier_tracking_patterns``) the code must match it in full.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from sqlalchemy import select

from app.flows.known_codes import CodeKind, known_code
from app.flows.view import Message
from app.scanning.commands import COMMAND_PREFIX
from app.scanning.gs1 import ParsedScan, ScanKind
from local_db.models import OutboundOrder, Shipment
from local_db.store import Store

TRACKING_IS_ITEM = Message("tracking_is_item")
TRACKING_IS_BIN = Message("tracking_is_bin")
TRACKING_IS_ORDER = Message("tracking_is_order")
TRACKING_IS_BADGE = Message("tracking_is_badge")
TRACKING_IS_COMMAND = Message("tracking_is_command")
TRACKING_IS_GS1 = Message("tracking_is_gs1")
TRACKING_USED = Message("tracking_used")
TRACKING_WRONG_FORMAT = Message("tracking_wrong_format")
TRACKING_NOT_PLAUSIBLE = Message("tracking_not_plausible")

_PLAUSIBLE = re.compile(r"[A-Za-z0-9][A-Za-z0-9-]{4,38}[A-Za-z0-9]")


def tracking_refusal(
    store: Store, scan: ParsedScan, carrier_code: str, patterns: Mapping[str, str]
) -> Message | None:
    """None when the scan may be this parcel's tracking number, else the refusal."""
    code = scan.code.strip()
    args = {"scanned": code}
    if code.upper().startswith(COMMAND_PREFIX):
        return _with(TRACKING_IS_COMMAND, args)
    if scan.kind is ScanKind.GS1 and scan.gtin is None:
        return _with(TRACKING_IS_GS1, args)
    known = _known_as(store, scan, code)
    if known is not None:
        message, extra = known
        return _with(message, {**args, **extra})
    pattern = patterns.get(carrier_code)
    if pattern is not None:
        if re.fullmatch(pattern, code) is None:
            return _with(TRACKING_WRONG_FORMAT, {**args, "carrier": carrier_code})
    elif _PLAUSIBLE.fullmatch(code) is None:
        return _with(TRACKING_NOT_PLAUSIBLE, args)
    return None


_KNOWN_AS = {
    CodeKind.COMMAND: TRACKING_IS_COMMAND,
    CodeKind.ITEM: TRACKING_IS_ITEM,
    CodeKind.BIN: TRACKING_IS_BIN,
    CodeKind.ORDER: TRACKING_IS_ORDER,
    CodeKind.BADGE: TRACKING_IS_BADGE,
}


def _known_as(store: Store, scan: ParsedScan, code: str) -> tuple[Message, dict[str, str]] | None:
    known = known_code(store, scan)
    if known is not None:
        return _KNOWN_AS[known.kind], known.args
    with store.read_session() as session:
        used_by = session.scalar(
            select(OutboundOrder.order_no)
            .join(Shipment, Shipment.order_id == OutboundOrder.id)
            .where(Shipment.tracking_no == code)
            .limit(1)
        )
    if used_by is not None:
        return TRACKING_USED, {"order": used_by}
    return None


def _with(message: Message, args: dict[str, str]) -> Message:
    return Message(message.code, args)
