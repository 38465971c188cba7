"""Translated texts for prompts and messages that the Qt-free flows send as keys."""

from __future__ import annotations

from collections.abc import Callable, Mapping

from PySide6.QtCore import QCoreApplication

from app.errors import FloorError
from app.flows.view import DueInbound, Message, Prompt, PromptKey
from ui.exception_texts import RAISE_REASONS
from ui.hold_reason_texts import hold_reason_text
from ui.printer_texts import printer_fault_text
from ui.refusal_texts import REFUSALS
from ui.scale_texts import fault_text

# Literal strings inside translate() calls, so pyside6-lupdate finds every one of them.
_PROMPTS: dict[PromptKey, Callable[[], str]] = {
    PromptKey.SCAN_BADGE: lambda: QCoreApplication.translate("Prompts", "Scan your badge"),
    PromptKey.SCAN_SUPERVISOR_BADGE: lambda: QCoreApplication.translate(
        "Prompts", "Supervisor: scan your badge"
    ),
    PromptKey.TYPE_SUPERVISOR_PIN: lambda: QCoreApplication.translate(
        "Prompts", "Supervisor: type your PIN and press Enter"
    ),
    PromptKey.CONSOLE_OPEN: lambda: QCoreApplication.translate(
        "Prompts", "Supervisor console: {name}. Scan SHOW TASK LIST to leave it"
    ),
    PromptKey.SCAN_ORDER_OR_NEXT: lambda: QCoreApplication.translate(
        "Prompts", "Scan an order number, or scan NEXT TASK"
    ),
    PromptKey.NO_WORK: lambda: QCoreApplication.translate("Prompts", "No open work. Well done!"),
    PromptKey.SCAN_BIN: lambda: QCoreApplication.translate("Prompts", "Scan bin {bin}"),
    PromptKey.SCAN_ITEM: lambda: QCoreApplication.translate(
        "Prompts", "Scan item {sku} (then type a quantity if you take more)"
    ),
    PromptKey.SCAN_BATCH: lambda: QCoreApplication.translate("Prompts", "Scan batch {batch}"),
    PromptKey.SCAN_SERIAL: lambda: QCoreApplication.translate(
        "Prompts", "Scan the serial number of each unit"
    ),
    PromptKey.TYPE_SHORT_REASON: lambda: QCoreApplication.translate(
        "Prompts", "Short pick: type the reason number and press Enter"
    ),
    PromptKey.PUT_BACK: lambda: QCoreApplication.translate(
        "Prompts", "Order cancelled: put {qty} × {sku} back, scan bin {bin}"
    ),
    PromptKey.SCAN_PACK_ORDER: lambda: QCoreApplication.translate(
        "Prompts", "Scan the order to pack"
    ),
    PromptKey.SCAN_PACK_UNITS: lambda: QCoreApplication.translate(
        "Prompts", "Scan every unit into the box"
    ),
    PromptKey.TYPE_WEIGHT: lambda: QCoreApplication.translate(
        "Prompts", "Type the weight in kg and press Enter"
    ),
    PromptKey.WEIGH_PACKAGE: lambda: QCoreApplication.translate(
        "Prompts", "Put the parcel on the scale; when the weight stands still, scan CONFIRM"
    ),
    PromptKey.TYPE_PACKAGE_COUNT: lambda: QCoreApplication.translate(
        "Prompts", "Type the number of packages and press Enter"
    ),
    PromptKey.SCAN_TRACKING: lambda: QCoreApplication.translate(
        "Prompts", "Scan the tracking label, or scan NEW TRACKING NUMBER"
    ),
    PromptKey.PRINTING_LABELS: lambda: QCoreApplication.translate(
        "Prompts", "Printing the labels…"
    ),
    PromptKey.RETRY_LABELS: lambda: QCoreApplication.translate(
        "Prompts", "Labels not printed. Fix the printer, then scan REPRINT LABELS"
    ),
    PromptKey.SCAN_INBOUND: lambda: QCoreApplication.translate(
        "Prompts", "Scan the inbound order number"
    ),
    PromptKey.SCAN_RECEIVE_ITEM: lambda: QCoreApplication.translate(
        "Prompts", "Scan an item of this delivery"
    ),
    PromptKey.SCAN_EXPIRY: lambda: QCoreApplication.translate(
        "Prompts", "Scan the batch label (batch and expiry)"
    ),
    PromptKey.SCAN_RECEIVED_BATCH: lambda: QCoreApplication.translate(
        "Prompts", "Scan the batch label, or type the batch number and press Enter"
    ),
    PromptKey.TYPE_EXPIRY: lambda: QCoreApplication.translate(
        "Prompts", "Type the expiry date (YYYY-MM-DD or YYMMDD), or scan the label"
    ),
    PromptKey.SCAN_PUTAWAY_SUGGESTED: lambda: QCoreApplication.translate(
        "Prompts", "Put away to {bin} (or scan another storage bin)"
    ),
    PromptKey.SCAN_QC: lambda: QCoreApplication.translate(
        "Prompts",
        "Returned unit: 1 restock, 2 damaged, 3 quarantine. Type the number "
        "(QC PASS = 1, QC FAIL = 2)",
    ),
    PromptKey.SCAN_PUTAWAY_BIN: lambda: QCoreApplication.translate(
        "Prompts", "Put away: scan the storage bin"
    ),
    PromptKey.SCAN_COUNT_BIN: lambda: QCoreApplication.translate(
        "Prompts", "Count: scan the bin to count"
    ),
    PromptKey.SCAN_COUNT_ITEMS: lambda: QCoreApplication.translate(
        "Prompts", "Scan every item in bin {bin}, then scan CONFIRM"
    ),
    PromptKey.FLOW_DONE: lambda: QCoreApplication.translate("Prompts", "Done. Scan NEXT TASK"),
    PromptKey.ORDER_DONE: lambda: QCoreApplication.translate(
        "Prompts", "Order {order} done. Scan NEXT TASK"
    ),
    PromptKey.SCAN_UNPICK_ITEM: lambda: QCoreApplication.translate(
        "Prompts", "Take back: scan the unit to return"
    ),
    PromptKey.SCAN_STOCK_BIN: lambda: QCoreApplication.translate(
        "Prompts", "Scan the bin the goods are in"
    ),
    PromptKey.SCAN_STOCK_ITEM: lambda: QCoreApplication.translate(
        "Prompts", "Scan the item in bin {bin}"
    ),
    PromptKey.SCAN_MOVE_SERIALS: lambda: QCoreApplication.translate(
        "Prompts", "Scan the serial of each unit to move, then scan CONFIRM"
    ),
    PromptKey.TYPE_STOCK_QUANTITY: lambda: QCoreApplication.translate(
        "Prompts", "Type how many {sku} and press Enter"
    ),
    PromptKey.SCAN_MOVE_TARGET: lambda: QCoreApplication.translate(
        "Prompts", "Move {qty} × {sku}: scan the destination bin"
    ),
    PromptKey.CONFIRM_STOCK_ACTION: lambda: QCoreApplication.translate(
        "Prompts", "Check, then scan CONFIRM (UNDO goes back)"
    ),
    PromptKey.TYPE_FREEZE_REASON: lambda: QCoreApplication.translate(
        "Prompts", "Reason: 1 QC hold, 2 suspected damage, 3 recall. Type the number"
    ),
    PromptKey.TYPE_UNFREEZE_REASON: lambda: QCoreApplication.translate(
        "Prompts", "Reason: 1 QC passed, 2 hold lifted. Type the number"
    ),
    PromptKey.TYPE_DAMAGE_REASON: lambda: QCoreApplication.translate(
        "Prompts", "Reason: 1 handling, 2 water, 3 packaging. Type the number"
    ),
    PromptKey.TYPE_WRITE_OFF_REASON: lambda: QCoreApplication.translate(
        "Prompts",
        "Reason: 1 damaged goods (damaged units only), 2 expired, 3 lost. Type the number",
    ),
    PromptKey.TYPE_FOUND_REASON: lambda: QCoreApplication.translate(
        "Prompts", "Reason: 1 found in the bin, 2 correction. Type the number"
    ),
    PromptKey.TYPE_EXCEPTION_REASON: lambda: QCoreApplication.translate(
        "Prompts",
        "Stop the order: 1 address problem, 2 goods damaged, 3 customer request, 4 other. "
        "Type the number",
    ),
}

_MESSAGES: dict[str, Callable[[], str]] = {
    "unknown_badge": lambda: QCoreApplication.translate(
        "Messages", "Unknown or inactive badge. Scan your badge."
    ),
    "logged_out_idle": lambda: QCoreApplication.translate(
        "Messages", "Logged out after being idle. Scan your badge."
    ),
    "logged_out": lambda: QCoreApplication.translate("Messages", "Logged out. Scan your badge."),
    "mode_unavailable": lambda: QCoreApplication.translate(
        "Messages", "This mode is not available on this station."
    ),
    "unreadable_barcode": lambda: QCoreApplication.translate(
        "Messages", "Barcode not readable: check the label and scan again."
    ),
    "not_a_supervisor": lambda: QCoreApplication.translate(
        "Messages", "This badge is not an active supervisor's."
    ),
    "wrong_pin": lambda: QCoreApplication.translate(
        "Messages", "Wrong PIN. Scan the supervisor badge again."
    ),
    "wrong_pin_again": lambda: QCoreApplication.translate(
        "Messages", "Wrong PIN. Type your PIN again."
    ),
    "console_opened": lambda: QCoreApplication.translate(
        "Messages", "Supervisor console open for {name}."
    ),
    "supervisor_locked": lambda: QCoreApplication.translate(
        "Messages",
        "Too many wrong PINs: badge {badge} is locked for {seconds} s. "
        "Wait, or ask another supervisor.",
    ),
    "unknown_order": lambda: QCoreApplication.translate(
        "Messages", "No order {order} on this station."
    ),
    "order_cancelled": lambda: QCoreApplication.translate(
        "Messages", "Order {order} was cancelled by the OMS."
    ),
    "order_held": lambda: QCoreApplication.translate(
        "Messages", "Order {order} is held: not enough stock."
    ),
    "order_assigned_to_other": lambda: QCoreApplication.translate(
        "Messages", "Order {order} is assigned to {badge}: you took it by scanning it."
    ),
    "order_shipped": lambda: QCoreApplication.translate(
        "Messages", "Order {order} has already shipped."
    ),
    "order_elsewhere": lambda: QCoreApplication.translate(
        "Messages", "Order {order} is handled by another station."
    ),
    "command_not_here": lambda: QCoreApplication.translate(
        "Messages", "That command does nothing here."
    ),
    "no_work": lambda: QCoreApplication.translate("Messages", "No open order to pick."),
    "wrong_bin": lambda: QCoreApplication.translate(
        "Messages", "Wrong bin: you scanned {scanned}, go to {bin}."
    ),
    "unknown_item": lambda: QCoreApplication.translate(
        "Messages", "Barcode {scanned} is not known for this owner's goods."
    ),
    "wrong_item": lambda: QCoreApplication.translate(
        "Messages", "Wrong item: you scanned {scanned}, pick {sku} here."
    ),
    "picked": lambda: QCoreApplication.translate("Messages", "Picked {qty} × {sku}."),
    "short_recorded": lambda: QCoreApplication.translate(
        "Messages", "Short pick of {qty} × {sku} recorded."
    ),
    "skipped": lambda: QCoreApplication.translate(
        "Messages", "Skipped: you will come back to this bin at the end."
    ),
    "order_picked": lambda: QCoreApplication.translate(
        "Messages", "Order {order} is picked. Take it to packing."
    ),
    "order_cancelled_notice": lambda: QCoreApplication.translate(
        "Messages", "STOP: order {order} was cancelled by the OMS. Put the picked goods back."
    ),
    "order_taken_elsewhere": lambda: QCoreApplication.translate(
        "Messages", "Order {order} is now handled by another station. Stop picking."
    ),
    "order_claimed_elsewhere": lambda: QCoreApplication.translate(
        "Messages",
        "Order {order} is taken by station {station}. Pick another order; a supervisor can "
        "re-assign it in the console (Claims).",
    ),
    "order_claim_closed": lambda: QCoreApplication.translate(
        "Messages",
        "Order {order} is already packed, shipped or cancelled at the OMS: pick another order.",
    ),
    "order_unclaimed_offline": lambda: QCoreApplication.translate(
        "Messages",
        "Order {order} cannot be started offline: another station may be working it. Work "
        "an order this station holds. A supervisor can hand this station a block of orders "
        "before an outage, or allow offline starts (offline_unclaimed_start).",
    ),
    "order_left": lambda: QCoreApplication.translate(
        "Messages",
        "You left order {order}; another station can take it. The tote goes with the order.",
    ),
    "order_left_offline": lambda: QCoreApplication.translate(
        "Messages",
        "You left order {order}; the OMS is told at the next sync. The tote goes with the order.",
    ),
    "nothing_to_leave": lambda: QCoreApplication.translate("Messages", "No open order to leave."),
    "order_lost_notice": lambda: QCoreApplication.translate(
        "Messages", "STOP: order {order} went to another station. Put the picked goods back."
    ),
    "put_back_finished": lambda: QCoreApplication.translate(
        "Messages", "Nothing left to put back for order {order}. Scan NEXT TASK."
    ),
    "unpicked": lambda: QCoreApplication.translate(
        "Messages", "Put back {qty} × {sku} to bin {bin}."
    ),
    "unpick_on": lambda: QCoreApplication.translate(
        "Messages",
        "Take back: scan each unit to return to its bin. Scan UNPICK again to stop.",
    ),
    "unpick_off": lambda: QCoreApplication.translate("Messages", "Back to picking."),
    "nothing_to_undo_pick": lambda: QCoreApplication.translate(
        "Messages", "Nothing to undo. To take back a picked unit, scan UNPICK, then the unit."
    ),
    "put_back_done": lambda: QCoreApplication.translate(
        "Messages", "Put back {qty} × {sku} in {bin}."
    ),
    "type_after_scan": lambda: QCoreApplication.translate(
        "Messages", "Scan the item first, then type the quantity."
    ),
    "serial_one_by_one": lambda: QCoreApplication.translate(
        "Messages", "Serial-numbered goods: scan each unit's serial, no typed quantities."
    ),
    "bad_number": lambda: QCoreApplication.translate("Messages", "{text} is not a whole number."),
    "number_too_large": lambda: QCoreApplication.translate(
        "Messages", "{text} is too large: type at most {max}."
    ),
    "bad_short_reason": lambda: QCoreApplication.translate(
        "Messages", "Type 1 (not found) or 2 (damaged)."
    ),
    "undone": lambda: QCoreApplication.translate("Messages", "Last scan undone."),
    "type_number_now": lambda: QCoreApplication.translate(
        "Messages", "Type the number and press Enter."
    ),
    "finish_first": lambda: QCoreApplication.translate(
        "Messages", "Finish this order first, or scan CANCEL to leave it."
    ),
    "nothing_to_confirm": lambda: QCoreApplication.translate(
        "Messages", "Nothing to confirm: scan what the screen asks."
    ),
    "not_packable": lambda: QCoreApplication.translate(
        "Messages", "Order {order} is not ready for packing ({status})."
    ),
    "not_in_order": lambda: QCoreApplication.translate(
        "Messages", "{sku} is not in this order. Take it out of the box."
    ),
    "too_many": lambda: QCoreApplication.translate(
        "Messages", "All {count} × {sku} are already in the box. Take this one out."
    ),
    "unit_packed": lambda: QCoreApplication.translate(
        "Messages", "{sku}: {done} of {total} in the box."
    ),
    "packed": lambda: QCoreApplication.translate(
        "Messages", "Order {order} packed. Weigh the parcel."
    ),
    "shipped": lambda: QCoreApplication.translate(
        "Messages", "Order {order} shipped with tracking {tracking}."
    ),
    "bad_weight": lambda: QCoreApplication.translate(
        "Messages", "{text} is not a weight in kg (e.g. 1.25)."
    ),
    "scale_not_stable": lambda: QCoreApplication.translate(
        "Messages", "No steady weight yet: wait until the scale stands still, then scan CONFIRM."
    ),
    "weigh_on_scale": lambda: QCoreApplication.translate(
        "Messages", "This station weighs on the scale: put the parcel on it and scan CONFIRM."
    ),
    "scale_fault": lambda: QCoreApplication.translate(
        "Messages",
        "Scale fault: {fault}. Nothing is shipped on this weight. Type the weight in kg "
        "(your supervisor is told).",
    ),
    "weighed": lambda: QCoreApplication.translate("Messages", "Weight {weight} kg taken."),
    "weight_off_expected": lambda: QCoreApplication.translate(
        "Messages",
        "Weight {measured} kg is off the expected {expected} kg by more than {tolerance} kg. "
        "Check the box contents and weigh again.",
    ),
    "bad_count": lambda: QCoreApplication.translate(
        "Messages", "{text} is not a package count (1 to 999)."
    ),
    "nothing_to_undo_pack": lambda: QCoreApplication.translate("Messages", "Nothing to undo."),
    "unknown_bin": lambda: QCoreApplication.translate(
        "Messages", "Bin {bin} does not exist. Scan a bin label."
    ),
    "counted": lambda: QCoreApplication.translate("Messages", "{sku}: {qty} counted."),
    "count_booked": lambda: QCoreApplication.translate("Messages", "Count of bin {bin} booked."),
    "count_needs_supervisor": lambda: QCoreApplication.translate(
        "Messages", "Difference above {threshold} units: a supervisor must approve (badge + PIN)."
    ),
    "count_approved": lambda: QCoreApplication.translate(
        "Messages", "Count approved by the supervisor and booked."
    ),
    "count_left_pending": lambda: QCoreApplication.translate(
        "Messages", "Count saved; the difference waits for a supervisor."
    ),
    "unknown_inbound": lambda: QCoreApplication.translate(
        "Messages", "No inbound order {inbound} on this station."
    ),
    "already_received": lambda: QCoreApplication.translate(
        "Messages", "Inbound {inbound} was already received."
    ),
    "not_on_inbound": lambda: QCoreApplication.translate(
        "Messages", "{sku} is not on this delivery. Set it aside."
    ),
    "received_unit": lambda: QCoreApplication.translate(
        "Messages", "{sku}: {qty} of {expected} received."
    ),
    "receipt_booked": lambda: QCoreApplication.translate(
        "Messages", "Receipt booked. Now put the goods away."
    ),
    "no_dock": lambda: QCoreApplication.translate(
        "Messages", "No receiving dock bin is set up on this station."
    ),
    "put_away": lambda: QCoreApplication.translate("Messages", "{qty} × {sku} put away in {bin}."),
    "all_put_away": lambda: QCoreApplication.translate("Messages", "Everything is put away."),
    "qc_needed": lambda: QCoreApplication.translate(
        "Messages", "Returned unit: type its QC result first (1 restock, 2 damaged, 3 quarantine)."
    ),
    "bad_disposition": lambda: QCoreApplication.translate(
        "Messages", "{text} is not a QC result: type a number from 1 to {max}."
    ),
    "partial_receipt_booked": lambda: QCoreApplication.translate(
        "Messages",
        "Part receipt booked: {received} of {expected} received. Inbound {inbound} stays open "
        "for the rest. Now put the goods away.",
    ),
    "inbound_closed_short": lambda: QCoreApplication.translate(
        "Messages", "Inbound {inbound} closed: {received} of {expected} received."
    ),
    "nothing_new_to_book": lambda: QCoreApplication.translate(
        "Messages",
        "Nothing new scanned. Scan the items that arrived, or scan SHORT to close inbound "
        "{inbound} with {received} of {expected}.",
    ),
    "all_put_away_still_open": lambda: QCoreApplication.translate(
        "Messages",
        "Everything is put away. Inbound {inbound} stays open: {received} of {expected} received.",
    ),
    "over_receipt_needs_supervisor": lambda: QCoreApplication.translate(
        "Messages",
        "{sku}: {received} received, {expected} expected (tolerance {tolerance} %). "
        "A supervisor must approve: scan the supervisor badge, or CANCEL.",
    ),
    "over_receipt_not_approved": lambda: QCoreApplication.translate(
        "Messages", "Not booked: the scans are kept. Remove the extra units."
    ),
    "scan_batch_not_item": lambda: QCoreApplication.translate(
        "Messages", "You scanned an item barcode ({scanned}). Scan the batch label."
    ),
    "work_resumed": lambda: QCoreApplication.translate(
        "Messages", "Resumed {work}: {count} scan(s) not yet confirmed were kept."
    ),
    "bad_expiry": lambda: QCoreApplication.translate(
        "Messages", "{text} is not a date. Type the expiry as YYYY-MM-DD or YYMMDD."
    ),
    "expired_on_receipt": lambda: QCoreApplication.translate(
        "Messages",
        "{sku}: this batch expired on {expiry}. Do not receive it: set it aside and tell "
        "your supervisor.",
    ),
    "bad_batch": lambda: QCoreApplication.translate(
        "Messages", "{text} is not a batch number. Scan the batch label or type the batch."
    ),
    "batch_is_item": lambda: QCoreApplication.translate(
        "Messages",
        "{scanned} is the barcode of item {scanned_sku}, not a batch number. Scan the batch "
        "label of {sku}.",
    ),
    "batch_is_bin": lambda: QCoreApplication.translate(
        "Messages", "{scanned} is a bin label, not a batch number. Scan the batch label of {sku}."
    ),
    "batch_is_order": lambda: QCoreApplication.translate(
        "Messages",
        "{scanned} is an order number, not a batch number. Scan the batch label of {sku}.",
    ),
    "batch_is_badge": lambda: QCoreApplication.translate(
        "Messages", "{scanned} is a badge, not a batch number. Scan the batch label of {sku}."
    ),
    "batch_is_command": lambda: QCoreApplication.translate(
        "Messages",
        "{scanned} is a command barcode this station does not know, not a batch number. Scan "
        "the batch label of {sku}.",
    ),
    "not_in_bin": lambda: QCoreApplication.translate(
        "Messages", "Bin {bin} holds no {sku}. Scan an item that is in this bin."
    ),
    "batch_not_in_bin": lambda: QCoreApplication.translate(
        "Messages", "Batch {batch} of {sku} is not in bin {bin}. Scan the batch label on the goods."
    ),
    "too_few_here": lambda: QCoreApplication.translate(
        "Messages",
        "Only {qty} of the {on_hand} × {sku} in bin {bin} can be used (the rest is reserved, "
        "frozen or damaged). Type at most {qty}.",
    ),
    "serial_not_in_bin": lambda: QCoreApplication.translate(
        "Messages", "Serial {serial} is not a {sku} in bin {bin}. Scan a unit from this bin."
    ),
    "serial_twice": lambda: QCoreApplication.translate(
        "Messages", "Serial {serial} is already scanned. Scan the next unit."
    ),
    "serials_first": lambda: QCoreApplication.translate(
        "Messages", "Scan the serial of at least one unit first."
    ),
    "stock_action_cancelled": lambda: QCoreApplication.translate(
        "Messages", "Cancelled: nothing was booked. Scan a bin."
    ),
    "same_bin": lambda: QCoreApplication.translate(
        "Messages", "The goods are already in bin {bin}. Scan another destination bin."
    ),
    "target_frozen": lambda: QCoreApplication.translate(
        "Messages", "Bin {bin} is blocked. Scan another destination bin."
    ),
    "stock_moved": lambda: QCoreApplication.translate(
        "Messages", "Moved {qty} × {sku} from {bin} to {to}."
    ),
    "order_exception_raised": lambda: QCoreApplication.translate(
        "Messages",
        "Order {order} stopped ({reason}), exception #{exception}: it is on hold for the "
        "supervisor and the OMS is told. Scan CANCEL to leave it.",
    ),
    "bad_exception_reason": lambda: QCoreApplication.translate(
        "Messages", "{text} is not a reason: type a number from 1 to {max}, or scan CANCEL."
    ),
    "bad_stock_reason": lambda: QCoreApplication.translate(
        "Messages", "{text} is not a reason: type a number from 1 to {max}."
    ),
    "stock_action_needs_supervisor": lambda: QCoreApplication.translate(
        "Messages", "More than {threshold} units: a supervisor must approve."
    ),
    "stock_frozen": lambda: QCoreApplication.translate(
        "Messages", "Frozen {qty} × {sku} in bin {bin} ({reason})."
    ),
    "stock_unfrozen": lambda: QCoreApplication.translate(
        "Messages", "Released {qty} × {sku} in bin {bin} ({reason})."
    ),
    "stock_damaged": lambda: QCoreApplication.translate(
        "Messages", "Marked {qty} × {sku} in bin {bin} damaged ({reason})."
    ),
    "stock_written_off": lambda: QCoreApplication.translate(
        "Messages", "Wrote off {qty} × {sku} from bin {bin} ({reason})."
    ),
    "stock_found": lambda: QCoreApplication.translate(
        "Messages", "Booked {qty} × {sku} found in bin {bin} ({reason})."
    ),
    "batch_expiry_unknown": lambda: QCoreApplication.translate(
        "Messages",
        "Batch {batch} of {sku} has no known expiry here: scan its GS1 label (batch and expiry).",
    ),
    "count_label_first": lambda: QCoreApplication.translate(
        "Messages",
        "Nothing counted yet: scan the batch label of {sku}, or scan UNDO to leave this unit out.",
    ),
    "tracking_is_item": lambda: QCoreApplication.translate(
        "Messages",
        "{scanned} is the barcode of item {sku}, not a tracking number. Scan the carrier's "
        "label on the parcel.",
    ),
    "tracking_is_bin": lambda: QCoreApplication.translate(
        "Messages",
        "{scanned} is a bin label, not a tracking number. Scan the carrier's label on the parcel.",
    ),
    "tracking_is_order": lambda: QCoreApplication.translate(
        "Messages",
        "{scanned} is an order number, not a tracking number. Scan the carrier's label on the "
        "parcel.",
    ),
    "tracking_is_badge": lambda: QCoreApplication.translate(
        "Messages",
        "{scanned} is a badge, not a tracking number. Scan the carrier's label on the parcel.",
    ),
    "tracking_is_command": lambda: QCoreApplication.translate(
        "Messages",
        "{scanned} is a command barcode this station does not know, not a tracking number.",
    ),
    "tracking_is_gs1": lambda: QCoreApplication.translate(
        "Messages",
        "{scanned} is a GS1 logistics label, not a tracking number. Scan the carrier's label.",
    ),
    "tracking_used": lambda: QCoreApplication.translate(
        "Messages",
        "Tracking number {scanned} is already on order {order}. Scan this parcel's own label.",
    ),
    "tracking_wrong_format": lambda: QCoreApplication.translate(
        "Messages",
        "{scanned} is not a {carrier} tracking number. Scan the {carrier} label on the parcel, "
        "or scan NEW TRACKING NUMBER.",
    ),
    "tracking_not_plausible": lambda: QCoreApplication.translate(
        "Messages",
        "{scanned} does not look like a tracking number (6 to 40 letters and digits). Scan "
        "the carrier's label on the parcel.",
    ),
    "labels_printed": lambda: QCoreApplication.translate(
        "Messages", "{count} labels printed. Stick them on, then scan the tracking label."
    ),
    "labels_not_printed": lambda: QCoreApplication.translate(
        "Messages", "Labels not printed: {fault}. The order is not shipped."
    ),
    "labels_reprinted": lambda: QCoreApplication.translate(
        "Messages", "Labels of order {order} printed again."
    ),
    "labels_not_reprinted": lambda: QCoreApplication.translate(
        "Messages",
        "Labels of order {order} not printed: {fault}. Scan REPRINT LABELS to try again.",
    ),
    "labels_printing": lambda: QCoreApplication.translate(
        "Messages", "The labels are printing: wait for them, then go on."
    ),
    "reprint_which_order": lambda: QCoreApplication.translate(
        "Messages", "Reprint: scan the shipped order's number. A supervisor signs it off."
    ),
    "reprint_not_shipped_yet": lambda: QCoreApplication.translate(
        "Messages", "Order {order} is not shipped: scan it to pack it; its labels print there."
    ),
}

# Refusals from the floor services (app.errors codes): the headline of the code, then the
# refusal text of the error's reason (ui/refusal_texts.py) with the specifics.
_ERROR_HEADLINES: dict[str, Callable[[], str]] = {
    "NOT_FOUND": lambda: QCoreApplication.translate("Errors", "Not found"),
    "UNKNOWN_ORDER": lambda: QCoreApplication.translate("Errors", "Unknown order"),
    "UNKNOWN_INBOUND": lambda: QCoreApplication.translate("Errors", "Unknown inbound order"),
    "UNKNOWN_SKU": lambda: QCoreApplication.translate("Errors", "Unknown item"),
    "UNKNOWN_BARCODE": lambda: QCoreApplication.translate("Errors", "Unknown barcode"),
    "UNKNOWN_LOCATION": lambda: QCoreApplication.translate("Errors", "Unknown bin"),
    "UNKNOWN_TASK": lambda: QCoreApplication.translate("Errors", "Unknown task"),
    "UNKNOWN_COUNT": lambda: QCoreApplication.translate("Errors", "Unknown count"),
    "UNKNOWN_ADJUSTMENT": lambda: QCoreApplication.translate("Errors", "Unknown adjustment"),
    "UNKNOWN_OUTBOX_EVENT": lambda: QCoreApplication.translate("Errors", "Unknown event"),
    "NO_STOCK_HERE": lambda: QCoreApplication.translate("Errors", "No stock in this bin"),
    "WRONG_LOCATION": lambda: QCoreApplication.translate("Errors", "Wrong bin"),
    "WRONG_SKU": lambda: QCoreApplication.translate("Errors", "Wrong item"),
    "WRONG_BATCH": lambda: QCoreApplication.translate("Errors", "Wrong batch"),
    "BATCH_REQUIRED": lambda: QCoreApplication.translate("Errors", "Batch needed"),
    "EXPIRY_REQUIRED": lambda: QCoreApplication.translate("Errors", "Expiry date needed"),
    "EXPIRED_BATCH": lambda: QCoreApplication.translate("Errors", "Expired stock"),
    "SERIALS_REQUIRED": lambda: QCoreApplication.translate("Errors", "Serial numbers needed"),
    "SERIAL_ALREADY_USED": lambda: QCoreApplication.translate("Errors", "Serial already used"),
    "INVALID_QUANTITY": lambda: QCoreApplication.translate("Errors", "Invalid quantity"),
    "OVER_PICK": lambda: QCoreApplication.translate("Errors", "Too many"),
    "NOTHING_TO_UNPICK": lambda: QCoreApplication.translate("Errors", "Nothing to take back"),
    "STOCK_SHORTAGE": lambda: QCoreApplication.translate("Errors", "Not enough stock"),
    "PACK_MISMATCH": lambda: QCoreApplication.translate("Errors", "Packed goods do not match"),
    "ORDER_CANCELLED": lambda: QCoreApplication.translate("Errors", "Order cancelled"),
    "ORDER_SHIPPED": lambda: QCoreApplication.translate("Errors", "Order already shipped"),
    "WRONG_ORDER_STATE": lambda: QCoreApplication.translate("Errors", "Not possible now"),
    "ORDER_ON_HOLD": lambda: QCoreApplication.translate("Errors", "Order on hold"),
    "TASK_CLOSED": lambda: QCoreApplication.translate("Errors", "Already done"),
    "LOCATION_FROZEN": lambda: QCoreApplication.translate("Errors", "Bin frozen"),
    "ALREADY_RECEIVED": lambda: QCoreApplication.translate("Errors", "Already received"),
    "QC_RESULT_REQUIRED": lambda: QCoreApplication.translate("Errors", "QC result needed"),
    "RETURN_OVER_SHIPPED": lambda: QCoreApplication.translate(
        "Errors", "More than the order shipped"
    ),
    "OVER_RECEIPT": lambda: QCoreApplication.translate("Errors", "More than expected"),
    "INVALID_INPUT": lambda: QCoreApplication.translate("Errors", "Invalid input"),
    "NOT_ALLOWED": lambda: QCoreApplication.translate("Errors", "Not allowed"),
}


def prompt_text(prompt: Prompt) -> str:
    template = _PROMPTS.get(prompt.key)
    text = template() if template else prompt.key.value
    return _fill(text, prompt.args)


# The messages that carry a device's fault kind, and whose words it takes.
_DEVICE_FAULT_WORDS: dict[str, Callable[[str], str]] = {
    "scale_fault": fault_text,
    "labels_not_printed": printer_fault_text,
    "labels_not_reprinted": printer_fault_text,
}


def message_text(message: Message) -> str:
    if message.reason is not None:
        return _refusal(message.code, message.reason, message.args)
    template = _MESSAGES.get(message.code)
    if template is not None:
        args = dict(message.args)
        if "reason" in args:  # a stock action's or an order exception's reason, in words
            names = {**stock_reason_names(), **_raise_reason_names()}
            args["reason"] = names.get(args["reason"], args["reason"])
        fault_words = _DEVICE_FAULT_WORDS.get(message.code)
        if fault_words is not None and "fault" in args:
            args["fault"] = fault_words(args["fault"])
        return _fill(template(), args)
    headline = _ERROR_HEADLINES.get(message.code)
    # A code without a text is a bug the texts test catches; show the code rather than nothing.
    return headline() if headline is not None else message.code


def refusal_text(error: FloorError) -> str:
    """A service refusal in the operator's words (dialogs that call services directly)."""
    return _refusal(error.code, error.reason, {k: str(v) for k, v in error.params.items()})


def _refusal(code: str, reason: str, args: Mapping[str, str]) -> str:
    headline = _ERROR_HEADLINES.get(code)
    detail_template = REFUSALS.get(reason)
    if "hold" in args:
        args = {**args, "hold": hold_reason_text(args["hold"])}
    detail = _fill(detail_template(), args) if detail_template is not None else reason
    if headline is None:
        return detail
    joined = QCoreApplication.translate("Errors", "{headline}: {detail}")
    return _fill(joined, {"headline": headline(), "detail": detail})


def due_inbound_text(due: DueInbound) -> str:
    """One line of the receive screen's list of inbound orders due."""
    if due.inbound_type == "RETURN":
        template = QCoreApplication.translate(
            "Receive", "{inbound} · return · {owner} · {received} of {expected} units"
        )
    else:
        template = QCoreApplication.translate(
            "Receive", "{inbound} · {owner} · {received} of {expected} units"
        )
    text = _fill(
        template,
        {
            "inbound": due.inbound_no,
            "owner": due.owner_id,
            "received": str(due.received_units),
            "expected": str(due.expected_units),
        },
    )
    if due.expected_at:
        due_text = QCoreApplication.translate("Receive", "due {date}")
        text += " · " + _fill(due_text, {"date": due.expected_at})
    return text


def due_inbounds_heading() -> str:
    return QCoreApplication.translate("Receive", "Inbound orders due:")


def stock_reason_names() -> dict[str, str]:
    """The reason codes of the stock actions (app/services/stock_actions.py), in words."""
    return {
        "QC_HOLD": QCoreApplication.translate("Details", "QC hold"),
        "SUSPECTED_DAMAGE": QCoreApplication.translate("Details", "Suspected damage"),
        "RECALL": QCoreApplication.translate("Details", "Recall"),
        "QC_PASSED": QCoreApplication.translate("Details", "QC passed"),
        "HOLD_LIFTED": QCoreApplication.translate("Details", "Hold lifted"),
        "HANDLING": QCoreApplication.translate("Details", "Handling"),
        "WATER": QCoreApplication.translate("Details", "Water"),
        "PACKAGING": QCoreApplication.translate("Details", "Packaging"),
        "DAMAGE_WRITE_OFF": QCoreApplication.translate("Details", "Damaged goods"),
        "EXPIRED_WRITE_OFF": QCoreApplication.translate("Details", "Expired"),
        "LOST": QCoreApplication.translate("Details", "Lost"),
        "FOUND": QCoreApplication.translate("Details", "Found in the bin"),
        "CORRECTION": QCoreApplication.translate("Details", "Correction"),
    }


def _raise_reason_names() -> dict[str, str]:
    """An order exception's reasons (CMD:EXCEPTION's numbered list), in words."""
    return {code: text() for code, text in RAISE_REASONS.items()}


def detail_text(label: str, value: str) -> str:
    """One ``label: value`` pair of a step's details, with known words translated."""
    labels = {
        "batch": QCoreApplication.translate("Details", "Batch"),
        "expiry": QCoreApplication.translate("Details", "Expiry"),
        "weight_kg": QCoreApplication.translate("Details", "Weight (kg)"),
        "scale_kg": QCoreApplication.translate("Details", "Scale (kg)"),
        "packages": QCoreApplication.translate("Details", "Packages"),
        "tracking": QCoreApplication.translate("Details", "Tracking"),
        "label_tracking": QCoreApplication.translate("Details", "Tracking on the labels"),
        "damaged": QCoreApplication.translate("Details", "Damaged"),
        "quarantine": QCoreApplication.translate("Details", "Quarantine (QC hold)"),
        "serials": QCoreApplication.translate("Details", "Serials"),
        "to": QCoreApplication.translate("Details", "To bin"),
        "quantity": QCoreApplication.translate("Details", "Quantity"),
        "reason": QCoreApplication.translate("Details", "Reason"),
    }
    values = {
        "NOT_FOUND": QCoreApplication.translate("Details", "Not found"),
        "DAMAGED": QCoreApplication.translate("Details", "Damaged"),
        "yes": QCoreApplication.translate("Details", "yes"),
        **stock_reason_names(),
        **_raise_reason_names(),
    }
    # The joiner is translated too: Chinese takes a full-width colon ("重量（千克）：0.7").
    joined = QCoreApplication.translate("Details", "{label}: {value}")
    return _fill(joined, {"label": labels.get(label, label), "value": values.get(value, value)})


def split_hint(text: str) -> tuple[str, str]:
    """A prompt ending in a parenthesised hint, as (instruction, hint): the big line stays
    short, and the hint is shown smaller under it instead of wrapping a lone "量）" onto a
    line of its own. Text without such an ending comes back as (text, "")."""
    stripped = text.rstrip()
    for opening, closing in (("（", "）"), (" (", ")")):
        if stripped.endswith(closing) and opening in stripped:
            start = stripped.rindex(opening)
            return stripped[:start].rstrip(), stripped[start + len(opening) : -len(closing)]
    return text, ""


def _fill(template: str, args: Mapping[str, str]) -> str:
    try:
        return template.format(**args)
    except (KeyError, IndexError, ValueError):
        # A translation with a broken placeholder must not crash the floor: show it unfilled.
        return template
