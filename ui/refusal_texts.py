"""The words of every service refusal, by reason (``app.errors.FloorError.reason``).

The UI shows the headline of the error's code, then this text filled with the error's values.
Literal strings inside translate() calls, so pyside6-lupdate finds every one of them;
tests/ui/test_refusal_texts.py checks that every reason raised under app/ is here, with the
same placeholders, and translated.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication

REFUSALS: dict[str, Callable[[], str]] = {
    "order_not_here": lambda: QCoreApplication.translate(
        "Refusals", "Order {order} is not known at this station."
    ),
    "inbound_not_here": lambda: QCoreApplication.translate(
        "Refusals", "Inbound order {inbound} is not known at this station."
    ),
    "sku_not_known": lambda: QCoreApplication.translate(
        "Refusals", "SKU {sku} of owner {owner} is not known."
    ),
    "barcode_not_known": lambda: QCoreApplication.translate(
        "Refusals", "Barcode {scanned} is not known for this owner's goods."
    ),
    "bin_not_known": lambda: QCoreApplication.translate("Refusals", "Bin {bin} does not exist."),
    "choose_stock_reason": lambda: QCoreApplication.translate(
        "Refusals", "Choose one of the reasons {choices}."
    ),
    "operator_not_active": lambda: QCoreApplication.translate(
        "Refusals", "Badge {badge} is not an active operator's. Log in again."
    ),
    "own_approval": lambda: QCoreApplication.translate(
        "Refusals", "You cannot approve your own stock action. Ask another supervisor."
    ),
    "needs_supervisor_approval": lambda: QCoreApplication.translate(
        "Refusals", "More than {threshold} units need a supervisor's approval."
    ),
    "serial_not_in_bin": lambda: QCoreApplication.translate(
        "Refusals", "Serial {serial} is not a {sku} in bin {bin}."
    ),
    "claim_block_empty": lambda: QCoreApplication.translate(
        "Refusals", "Select the orders to hand this station first."
    ),
    "claim_block_hours": lambda: QCoreApplication.translate(
        "Refusals", "A block of claims lasts 1 to {max} hours."
    ),
    "claims_need_the_oms": lambda: QCoreApplication.translate(
        "Refusals",
        "The OMS cannot be reached: claims are handed out and re-assigned by the OMS. Try "
        "again when the station is online.",
    ),
    "supervisor_only": lambda: QCoreApplication.translate(
        "Refusals", "Only an active supervisor may do this. Call your supervisor."
    ),
    "own_adjustment": lambda: QCoreApplication.translate(
        "Refusals",
        "You counted or asked for {adjustment} yourself: another supervisor must decide on it.",
    ),
    "station_without_warehouse": lambda: QCoreApplication.translate(
        "Refusals", "This station is not set up for a warehouse yet."
    ),
    "short_quantity_below_one": lambda: QCoreApplication.translate(
        "Refusals", "The short quantity must be at least 1."
    ),
    "quantity_below_one": lambda: QCoreApplication.translate(
        "Refusals", "The quantity must be at least 1."
    ),
    "quantity_too_large": lambda: QCoreApplication.translate(
        "Refusals", "The quantity is too large."
    ),
    "order_cancelled_stop": lambda: QCoreApplication.translate(
        "Refusals", "Order {order} was cancelled. Stop and put any picked goods back."
    ),
    "order_on_hold_ask_supervisor": lambda: QCoreApplication.translate(
        "Refusals", "Order {order} is on hold ({hold}). Ask a supervisor to release it."
    ),
    "hold_reason_unknown": lambda: QCoreApplication.translate(
        "Refusals", "There is no hold reason {reason}. Choose one from the list."
    ),
    "order_finished_no_control": lambda: QCoreApplication.translate(
        "Refusals",
        "Order {order} is {status}: it can no longer be held, moved up or down, or assigned.",
    ),
    "order_already_on_hold": lambda: QCoreApplication.translate(
        "Refusals", "Order {order} is already on hold ({hold})."
    ),
    "order_not_on_hold": lambda: QCoreApplication.translate(
        "Refusals", "Order {order} is not on hold: there is nothing to release."
    ),
    "priority_at_limit": lambda: QCoreApplication.translate(
        "Refusals", "Order {order} already has priority {priority}, the limit in that direction."
    ),
    "operator_not_known": lambda: QCoreApplication.translate(
        "Refusals", "No active operator has badge {badge}. Choose one from the list."
    ),
    "order_already_assigned": lambda: QCoreApplication.translate(
        "Refusals", "Order {order} is already assigned to {badge}."
    ),
    "work_not_in_progress": lambda: QCoreApplication.translate(
        "Refusals", "Nothing is in progress on {key} any more: refresh the list."
    ),
    "order_already_shipped": lambda: QCoreApplication.translate(
        "Refusals", "Order {order} has already been shipped."
    ),
    "order_in_wrong_state": lambda: QCoreApplication.translate(
        "Refusals", "Order {order} is {status}; this step needs it to be {needed}."
    ),
    "serial_count": lambda: QCoreApplication.translate(
        "Refusals", "{sku} is serial-managed: scan {quantity} serial number(s), {scanned} scanned."
    ),
    "serial_scanned_twice": lambda: QCoreApplication.translate(
        "Refusals", "The same serial number was scanned twice."
    ),
    "serial_too_long": lambda: QCoreApplication.translate(
        "Refusals", "A serial number is too long (64 characters at most)."
    ),
    "serial_already_picked": lambda: QCoreApplication.translate(
        "Refusals", "Serial {serial} was already picked or shipped."
    ),
    "serial_already_in_stock": lambda: QCoreApplication.translate(
        "Refusals", "Serial {serial} is already in stock."
    ),
    "pick_task_not_known": lambda: QCoreApplication.translate(
        "Refusals", "Pick task {task} does not exist."
    ),
    "order_at_other_station": lambda: QCoreApplication.translate(
        "Refusals", "Order {order} is being handled at another station."
    ),
    "pick_finished": lambda: QCoreApplication.translate(
        "Refusals", "This pick at {bin} is already finished."
    ),
    "pick_elsewhere": lambda: QCoreApplication.translate(
        "Refusals", "You scanned {scanned}, this pick is at {bin}."
    ),
    "pick_other_sku": lambda: QCoreApplication.translate(
        "Refusals", "You scanned {scanned}, pick {sku} here."
    ),
    "scan_batch_of": lambda: QCoreApplication.translate(
        "Refusals", "Scan the batch number of {sku}."
    ),
    "pick_other_batch": lambda: QCoreApplication.translate(
        "Refusals", "You scanned {scanned}, pick batch {batch}."
    ),
    "expired_do_not_pick": lambda: QCoreApplication.translate(
        "Refusals", "This stock expired on {expiry}: do not pick it, call your supervisor."
    ),
    "over_pick": lambda: QCoreApplication.translate(
        "Refusals", "only {qty} more of {sku} are needed from {bin}."
    ),
    "sku_not_picked_here": lambda: QCoreApplication.translate(
        "Refusals", "No unit of {sku} is picked for order {order}: nothing to put back."
    ),
    "serial_not_picked_here": lambda: QCoreApplication.translate(
        "Refusals", "Serial {serial} of {sku} is not picked for order {order}."
    ),
    "nothing_picked_yet": lambda: QCoreApplication.translate(
        "Refusals", "Nothing of order {order} is picked yet: nothing to put back."
    ),
    "unpick_other_batch": lambda: QCoreApplication.translate(
        "Refusals", "You scanned batch {scanned}; the picked units are batch {batch}."
    ),
    "unpick_scan_serial": lambda: QCoreApplication.translate(
        "Refusals", "{sku} is serial-numbered: scan the serial of the unit to put back."
    ),
    "serials_one_at_a_time": lambda: QCoreApplication.translate(
        "Refusals", "Serial-numbered goods go back one unit at a time."
    ),
    "unpick_above_picked": lambda: QCoreApplication.translate(
        "Refusals", "Only {qty} of {sku} are picked from {bin}."
    ),
    "choose_short_reason": lambda: QCoreApplication.translate(
        "Refusals", "Choose a short-pick reason: {choices}."
    ),
    "short_above_remaining": lambda: QCoreApplication.translate(
        "Refusals", "Only {qty} of {sku} are still to pick at {bin}."
    ),
    "carrier_code_length": lambda: QCoreApplication.translate(
        "Refusals", "Enter the carrier code (1 to 64 characters)."
    ),
    "reprint_not_shipped": lambda: QCoreApplication.translate(
        "Refusals", "Order {order} has no shipment here: there are no shipped labels to reprint."
    ),
    "tracking_no_length": lambda: QCoreApplication.translate(
        "Refusals", "Enter the tracking number (1 to 64 characters)."
    ),
    "weight_not_a_number": lambda: QCoreApplication.translate(
        "Refusals", "Enter the weight in kg, e.g. 1.250."
    ),
    "weight_out_of_range": lambda: QCoreApplication.translate(
        "Refusals", "The weight must be more than 0 kg and at most 100 t."
    ),
    "weight_too_precise": lambda: QCoreApplication.translate(
        "Refusals", "Weigh to the gram at most (3 decimals in kg)."
    ),
    "package_count_out_of_range": lambda: QCoreApplication.translate(
        "Refusals", "The package count must be 1 to {most}."
    ),
    "nothing_picked": lambda: QCoreApplication.translate(
        "Refusals", "Nothing was picked for order {order}: a supervisor must deal with it."
    ),
    "parcel_differs": lambda: QCoreApplication.translate(
        "Refusals", "The parcel does not match the pick (SKU scanned/picked): {counts}. Recount it."
    ),
    "line_quantity": lambda: QCoreApplication.translate(
        "Refusals", "Line {line}: enter 0 or more units."
    ),
    "line_batch": lambda: QCoreApplication.translate(
        "Refusals", "Line {line}: scan the batch number of {sku}."
    ),
    "line_expiry": lambda: QCoreApplication.translate(
        "Refusals", "Line {line}: enter the expiry date of {sku}."
    ),
    "line_qc": lambda: QCoreApplication.translate(
        "Refusals",
        "Line {line}: returned goods need a QC result (restock, damaged or quarantine).",
    ),
    "return_over_shipped": lambda: QCoreApplication.translate(
        "Refusals",
        "{sku}: {qty} would come back on this return, but at most {most} may (order {order} "
        "shipped no more). Set the extra units aside.",
    ),
    "line_expired": lambda: QCoreApplication.translate(
        "Refusals",
        "Line {line}: this batch expired on {expiry}; do not receive it as sellable stock.",
    ),
    "inbound_already_received": lambda: QCoreApplication.translate(
        "Refusals", "Inbound order {inbound} was already received."
    ),
    "receive_elsewhere": lambda: QCoreApplication.translate(
        "Refusals", "Bin {bin} is frozen: receive elsewhere."
    ),
    "line_not_on_inbound": lambda: QCoreApplication.translate(
        "Refusals", "Line {line} is not on this inbound order."
    ),
    "nothing_received": lambda: QCoreApplication.translate(
        "Refusals", "Nothing was received: count at least one unit."
    ),
    "over_receipt": lambda: QCoreApplication.translate(
        "Refusals",
        "{sku}: {received} received, {expected} expected (tolerance {tolerance} %). "
        "A supervisor must approve.",
    ),
    "order_already_cancelled": lambda: QCoreApplication.translate(
        "Refusals", "Order {order} is already cancelled."
    ),
    "put_back_task_not_known": lambda: QCoreApplication.translate(
        "Refusals", "Put-back task {task} does not exist."
    ),
    "already_put_back": lambda: QCoreApplication.translate(
        "Refusals", "These goods were already put back."
    ),
    "choose_another_bin": lambda: QCoreApplication.translate(
        "Refusals", "Bin {bin} is frozen: choose another bin."
    ),
    "count_already_open": lambda: QCoreApplication.translate(
        "Refusals", "Bin {bin} already has an open count."
    ),
    "count_not_known": lambda: QCoreApplication.translate(
        "Refusals", "Count {count} does not exist."
    ),
    "count_already_submitted": lambda: QCoreApplication.translate(
        "Refusals", "Count {count} was already submitted."
    ),
    "adjustment_not_known": lambda: QCoreApplication.translate(
        "Refusals", "Adjustment {adjustment} does not exist."
    ),
    "adjustment_decided": lambda: QCoreApplication.translate(
        "Refusals", "Adjustment {adjustment} is already {status}."
    ),
    "count_quantity": lambda: QCoreApplication.translate(
        "Refusals", "Enter 0 or more units of {sku}."
    ),
    "enter_expiry_of": lambda: QCoreApplication.translate(
        "Refusals", "Enter the expiry date of {sku}."
    ),
    "counted_twice": lambda: QCoreApplication.translate(
        "Refusals", "{sku} was entered twice: enter one total."
    ),
    "choose_adjust_reason": lambda: QCoreApplication.translate(
        "Refusals", "Choose a reason: {choices}."
    ),
    "reason_only_adds": lambda: QCoreApplication.translate(
        "Refusals", "{reason} can only add units."
    ),
    "reason_only_removes": lambda: QCoreApplication.translate(
        "Refusals", "{reason} can only remove units."
    ),
    "damaged_only": lambda: QCoreApplication.translate(
        "Refusals", "Only {qty} damaged unit(s) of {sku} are in {bin}."
    ),
    "free_to_write_off": lambda: QCoreApplication.translate(
        "Refusals",
        "Only {qty} of {sku} in {bin} are free (reserved, frozen and damaged units cannot be written off this way).",  # noqa: E501
    ),
    "free_to_mark_damaged": lambda: QCoreApplication.translate(
        "Refusals", "Only {qty} of {sku} in {bin} can be marked."
    ),
    "several_batches": lambda: QCoreApplication.translate(
        "Refusals", "Several batches of {sku} are in {bin}: scan one."
    ),
    "sku_not_in_bin": lambda: QCoreApplication.translate(
        "Refusals", "There is no {sku} in bin {bin}."
    ),
    "already_in_bin": lambda: QCoreApplication.translate(
        "Refusals", "The goods are already in {bin}."
    ),
    "putaway_task_not_known": lambda: QCoreApplication.translate(
        "Refusals", "Putaway task {task} does not exist."
    ),
    "already_put_away": lambda: QCoreApplication.translate(
        "Refusals", "These goods were already put away."
    ),
    "movable_now": lambda: QCoreApplication.translate(
        "Refusals", "Only {qty} of {sku} can be moved from {bin} now."
    ),
    "free_to_move": lambda: QCoreApplication.translate(
        "Refusals", "Only {qty} of {sku} in {bin} are free to move."
    ),
    "free_to_freeze": lambda: QCoreApplication.translate(
        "Refusals",
        "Only {qty} of {sku} in {bin} can be frozen (the rest is reserved, frozen or damaged).",
    ),
    "frozen_only": lambda: QCoreApplication.translate(
        "Refusals", "Only {qty} of {sku} in {bin} are frozen."
    ),
    "exception_not_known": lambda: QCoreApplication.translate(
        "Refusals", "Exception {exception} does not exist."
    ),
    "exception_resolved": lambda: QCoreApplication.translate(
        "Refusals", "This exception is already resolved."
    ),
    "close_by_event_decision": lambda: QCoreApplication.translate(
        "Refusals", "Close this one by its decision: retry or discard the rejected event."
    ),
    "close_by_adjustment_decision": lambda: QCoreApplication.translate(
        "Refusals", "Close this one by its decision: approve or reject the adjustment."
    ),
    "resolution_not_for_type": lambda: QCoreApplication.translate(
        "Refusals", "{resolution} is not a decision for a {type} exception."
    ),
    "reason_not_for_resolution": lambda: QCoreApplication.translate(
        "Refusals", "Reason {reason} does not fit this decision. Choose one from the list."
    ),
    "still_short": lambda: QCoreApplication.translate(
        "Refusals", "Order {order} is still short of stock. Wait for stock, or count the bins."
    ),
    "picking_not_finished": lambda: QCoreApplication.translate(
        "Refusals", "Order {order} still has open picks. Finish picking before shipping part."
    ),
    "assignee_not_active": lambda: QCoreApplication.translate(
        "Refusals", "Badge {badge} is not an active operator of this station."
    ),
    "nothing_short_to_reallocate": lambda: QCoreApplication.translate(
        "Refusals", "Order {order} has no short-picked units left to re-allocate."
    ),
    "no_other_bin": lambda: QCoreApplication.translate(
        "Refusals", "No other bin has {qty} free of {sku}. Wait for stock or ship part."
    ),
    "open_exception_stops_packing": lambda: QCoreApplication.translate(
        "Refusals",
        "Order {order} has open exception #{exception} ({type}). Ask a supervisor to decide it.",
    ),
    "owner_not_known": lambda: QCoreApplication.translate(
        "Refusals", "Owner {owner} is not known at this station."
    ),
    "choose_retry_or_discard": lambda: QCoreApplication.translate(
        "Refusals", "Choose retry or discard."
    ),
    "event_not_known": lambda: QCoreApplication.translate(
        "Refusals", "Event {event} does not exist."
    ),
    "event_not_rejected": lambda: QCoreApplication.translate(
        "Refusals", "Event #{event} is {status}, not rejected: nothing to resolve."
    ),
    "feed_entry_refused": lambda: QCoreApplication.translate(
        "Refusals", "Feed entry #{seq} cannot be applied: {refusal}"
    ),
    "document_for_other_warehouse": lambda: QCoreApplication.translate(
        "Refusals",
        "{document} is for warehouse {warehouse}, this station is in {station_warehouse}.",
    ),
    "document_for_unknown_owner": lambda: QCoreApplication.translate(
        "Refusals", "{document} is for owner {owner}, unknown here."
    ),
    "feed_entry_kind_unknown": lambda: QCoreApplication.translate(
        "Refusals", "Feed entry #{seq} is of an unknown kind."
    ),
    "cancel_of_unknown_order": lambda: QCoreApplication.translate(
        "Refusals", "Cancel of order {order}, which is not known at this station."
    ),
    "inbound_sku_unknown": lambda: QCoreApplication.translate(
        "Refusals", "Inbound {inbound} names SKU {sku}, unknown here."
    ),
    "sku_owner_unknown": lambda: QCoreApplication.translate(
        "Refusals", "SKU {sku} names unknown owner {owner}."
    ),
    "sku_barcode_twice": lambda: QCoreApplication.translate(
        "Refusals", "SKU {sku} lists a barcode twice."
    ),
    "barcode_taken": lambda: QCoreApplication.translate(
        "Refusals", "Barcode {barcode} is already used by SKU {sku} of this owner."
    ),
    "movement_bin_unknown": lambda: QCoreApplication.translate(
        "Refusals", "Movement names unknown bin {bin}."
    ),
    "movement_sku_unknown": lambda: QCoreApplication.translate(
        "Refusals", "Movement names unknown SKU {sku}."
    ),
    "event_for_other_warehouse": lambda: QCoreApplication.translate(
        "Refusals", "Event of warehouse {warehouse} reached station of {station_warehouse}."
    ),
    "exception_reason_unknown": lambda: QCoreApplication.translate(
        "Refusals", "{reason} is not a reason for an order exception. Choose one from the list."
    ),
    "order_exception_already_open": lambda: QCoreApplication.translate(
        "Refusals", "Order {order} is already stopped by exception #{exception}."
    ),
    "note_too_long": lambda: QCoreApplication.translate(
        "Refusals", "The note is too long: at most {most} characters."
    ),
    "note_holds_personal_data": lambda: QCoreApplication.translate(
        "Refusals",
        "The note repeats the consignee's name, phone or address of order {order}. "
        "Leave them out: the OMS has them.",
    ),
    "order_exception_open_resolve_first": lambda: QCoreApplication.translate(
        "Refusals",
        "Order {order} is stopped by exception #{exception}. Resume it in the exception queue.",
    ),
}
