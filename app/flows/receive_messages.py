"""What the receiving flow tells the receiver (codes; ui/texts.py holds the wording)."""

from __future__ import annotations

from app.flows.view import Message

UNKNOWN_INBOUND = Message("unknown_inbound", "No inbound order {inbound} on this station.")
ALREADY_RECEIVED = Message("already_received", "Inbound {inbound} was already received.")
NOT_ON_INBOUND = Message("not_on_inbound", "{sku} is not on this delivery. Set it aside.")
RECEIVED_UNIT = Message("received_unit", "{sku}: {qty} of {expected} received.")
RECEIPT_BOOKED = Message("receipt_booked", "Receipt booked. Now put the goods away.")
PARTIAL_RECEIPT_BOOKED = Message(
    "partial_receipt_booked",
    "Part receipt booked: {received} of {expected} received. Inbound {inbound} stays open "
    "for the rest. Now put the goods away.",
)
INBOUND_CLOSED_SHORT = Message(
    "inbound_closed_short", "Inbound {inbound} closed: {received} of {expected} received."
)
NOTHING_NEW = Message(
    "nothing_new_to_book",
    "Nothing new scanned. Scan the items that arrived, or scan SHORT to close inbound "
    "{inbound} with {received} of {expected}.",
)
NO_DOCK = Message("no_dock", "No receiving dock bin is set up on this station.")
PUT_AWAY = Message("put_away", "{qty} × {sku} put away in {bin}.")
ALL_PUT_AWAY = Message("all_put_away", "Everything is put away.")
ALL_PUT_AWAY_STILL_OPEN = Message(
    "all_put_away_still_open",
    "Everything is put away. Inbound {inbound} stays open: {received} of {expected} received.",
)
QC_NEEDED = Message("qc_needed", "Returned goods: scan QC PASS or QC FAIL first.")
OVER_RECEIPT = Message(
    "over_receipt_needs_supervisor",
    "{sku}: {received} received, {expected} expected (tolerance {tolerance} %). "
    "A supervisor must approve: scan the supervisor badge, or CANCEL.",
)
OVER_RECEIPT_WAITS = Message(
    "over_receipt_not_approved", "Not booked: the scans are kept. Remove the extra units."
)
SCAN_BATCH_NOT_ITEM = Message(
    "scan_batch_not_item", "You scanned an item barcode ({scanned}). Scan the batch label."
)
