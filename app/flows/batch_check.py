"""Is a scanned code plausible as the batch number of the item being counted?

The batch step takes a code from the scanner as the batch when no GS1 label gives it; a
badge, bin label, item barcode, order number or command barcode scanned there is a slip,
never a batch (a supervisor's badge once became batch "S001" and the PIN typed next the
counted quantity). Those are refused with what was scanned and what the step wants.
"""

from __future__ import annotations

from app.flows.known_codes import CodeKind, known_code
from app.flows.receive_labels import BAD_BATCH, clean_batch
from app.flows.view import Message
from app.scanning.gs1 import ParsedScan
from local_db.store import Store

BATCH_IS_COMMAND = Message("batch_is_command")
BATCH_IS_ITEM = Message("batch_is_item")
BATCH_IS_BIN = Message("batch_is_bin")
BATCH_IS_ORDER = Message("batch_is_order")
BATCH_IS_BADGE = Message("batch_is_badge")

_KNOWN_AS = {
    CodeKind.COMMAND: BATCH_IS_COMMAND,
    CodeKind.ITEM: BATCH_IS_ITEM,
    CodeKind.BIN: BATCH_IS_BIN,
    CodeKind.ORDER: BATCH_IS_ORDER,
    CodeKind.BADGE: BATCH_IS_BADGE,
}


def batch_refusal(store: Store, scan: ParsedScan, sku_id: str) -> Message | None:
    """None when ``scan`` may give the batch of ``sku_id``, else the refusal. A GS1 label's
    own batch (AI 10) or expiry (AI 17) is taken as it is."""
    if scan.batch_no or scan.expiry_date is not None:
        return None
    code = scan.code.strip()
    known = known_code(store, scan)
    if known is not None:
        # The item's own barcode names its SKU as "scanned_sku"; the step's item is "sku".
        args = {"scanned": code, "sku": sku_id}
        if known.kind is CodeKind.ITEM:
            args["scanned_sku"] = known.args["sku"]
        return Message(_KNOWN_AS[known.kind].code, args)
    if clean_batch(code) is None:
        return Message(BAD_BATCH.code, {"text": code})
    return None
