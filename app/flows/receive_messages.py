"""What the receiving flow tells the receiver (codes; ui/texts.py holds the wording)."""

from __future__ import annotations

from app.flows.view import Message

UNKNOWN_INBOUND = Message("unknown_inbound")
ALREADY_RECEIVED = Message("already_received")
NOT_ON_INBOUND = Message("not_on_inbound")
RECEIVED_UNIT = Message("received_unit")
RECEIPT_BOOKED = Message("receipt_booked")
PARTIAL_RECEIPT_BOOKED = Message("partial_receipt_booked")
INBOUND_CLOSED_SHORT = Message("inbound_closed_short")
NOTHING_NEW = Message("nothing_new_to_book")
NO_DOCK = Message("no_dock")
PUT_AWAY = Message("put_away")
ALL_PUT_AWAY = Message("all_put_away")
ALL_PUT_AWAY_STILL_OPEN = Message("all_put_away_still_open")
QC_NEEDED = Message("qc_needed")
BAD_DISPOSITION = Message("bad_disposition")
OVER_RECEIPT = Message("over_receipt_needs_supervisor")
OVER_RECEIPT_WAITS = Message("over_receipt_not_approved")
SCAN_BATCH_NOT_ITEM = Message("scan_batch_not_item")
