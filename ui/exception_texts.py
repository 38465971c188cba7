"""The words of exception records: their types, detail codes, resolutions and reasons.

The domain (``app/exception_details.py``) and sync (``sync/exception_details.py``) write
codes with arguments; this is the only place they become text. Literal strings inside
translate() calls, so pyside6-lupdate finds every one of them; tests/ui/test_exception_texts.py
checks every code any writer can write is here and translated.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping

from PySide6.QtCore import QCoreApplication

from app import exception_details as app_details
from app.services import label_jobs
from app.supervision import overdue_orders
from sync import exception_details as sync_details
from sync.reconcile import SELF_RESOLVED
from ui.printer_texts import printer_fault_text

DETAILS: dict[str, Callable[[], str]] = {
    app_details.CANCELLED_MID_PICK: lambda: QCoreApplication.translate(
        "ExceptionDetails", "Cancelled while {status_before}: {put_backs} put-back task(s)."
    ),
    app_details.COUNT_DIFFERENCE_PENDING: lambda: QCoreApplication.translate(
        "ExceptionDetails", "{adjustment}: counted {counted}, books say {expected}."
    ),
    app_details.ADJUSTMENT_PENDING: lambda: QCoreApplication.translate(
        "ExceptionDetails", "{adjustment}: {reason} of {qty} awaits approval."
    ),
    app_details.RESERVED_UNITS_MISSING: lambda: QCoreApplication.translate(
        "ExceptionDetails", "{adjustment}: {missing} reserved unit(s) are missing from the bin."
    ),
    app_details.RECEIPT_DIFFERENCE: lambda: QCoreApplication.translate(
        "ExceptionDetails", "Received/expected: {differences}"
    ),
    app_details.STOCK_SHORTAGE: lambda: QCoreApplication.translate(
        "ExceptionDetails",
        "Not enough free stock for {order} (short: {short}). Retry allocation when stock "
        "arrives, or have the OMS re-route the order.",
    ),
    app_details.STOCK_SHORTAGE_OF_BATCH: lambda: QCoreApplication.translate(
        "ExceptionDetails",
        "Not enough free stock of the batch the OMS named for {order} (short: {short}; the "
        "batch in brackets). Retry allocation when that batch arrives, or have the OMS "
        "re-route the order.",
    ),
    app_details.WAREHOUSE_MISMATCH: lambda: QCoreApplication.translate(
        "ExceptionDetails",
        "Order {order} names warehouse {warehouse}, not this station's {station_warehouse}: "
        "refused, nothing to pick. The OMS was told WAREHOUSE_MISMATCH and re-routes it.",
    ),
    app_details.OWNER_NOT_FOUND: lambda: QCoreApplication.translate(
        "ExceptionDetails",
        "Order {order} is for owner {owner}, who is not in this station's master data: "
        "refused, nothing to pick. The OMS was told OWNER_NOT_FOUND; have its master data "
        "checked.",
    ),
    app_details.SKU_NOT_FOUND: lambda: QCoreApplication.translate(
        "ExceptionDetails",
        "Order {order} wants {skus} of {owner}, not in this station's master data: "
        "refused, nothing to pick. The OMS was told SKU_NOT_FOUND; have its master data "
        "checked.",
    ),
    app_details.BATCH_NOT_MANAGED: lambda: QCoreApplication.translate(
        "ExceptionDetails",
        "Order {order} names a batch of {skus} of {owner}, which this station keeps without "
        "batches: refused, nothing to pick. The OMS was told BATCH_NOT_MANAGED; have the "
        "SKU's master data checked.",
    ),
    app_details.PRINTER_FAULT: lambda: QCoreApplication.translate(
        "ExceptionDetails",
        "Labels of {order} did not print: {fault}. Packer {operator} waits; once the printer "
        "works, they scan REPRINT LABELS.",
    ),
    app_details.SHORT_PICK: lambda: QCoreApplication.translate(
        "ExceptionDetails", "Short pick of {qty} × {sku} at {bin} ({reason})."
    ),
    app_details.ORDER_LOST_TO_OTHER_STATION: lambda: QCoreApplication.translate(
        "ExceptionDetails",
        "The OMS refused {event_type} #{seq} ({reject_code}): another station worked the "
        "order first. {given_up} event(s) given up, {put_backs} put-back task(s).",
    ),
    app_details.ORDER_LOST_TO_CLAIM_HOLDER: lambda: QCoreApplication.translate(
        "ExceptionDetails",
        "The OMS refused {event_type} #{seq}: another station held the order's claim while "
        "this station worked it offline. {given_up} event(s) given up, {put_backs} put-back "
        "task(s): the goods go back to their bins.",
    ),
    app_details.CLAIM_CONFLICT_AT_HOLDER: lambda: QCoreApplication.translate(
        "ExceptionDetails",
        "Station {station} worked order {order} offline while this station held its claim. "
        "The OMS kept this station's work; that station puts its goods back. Check the order "
        "with its supervisor.",
    ),
    app_details.REMOTE_MOVE_UNBOOKABLE: lambda: QCoreApplication.translate(
        "ExceptionDetails",
        "Event #{seq} of station {station} moved {missing} unit(s) more than {bin} holds here. "
        "Count the bin.",
    ),
    app_details.ORDER_WORKED_TWICE: lambda: QCoreApplication.translate(
        "ExceptionDetails", "Station {station} reports {remote_status}; here it is {local_status}."
    ),
    app_details.ORDER_EXCEPTION_RAISED: lambda: QCoreApplication.translate(
        "ExceptionDetails",
        "{by} stopped the order ({status}) for manual handling: {reason}. {note}",
    ),
    app_details.ORDER_NOT_STARTED_IN_TIME: lambda: QCoreApplication.translate(
        "ExceptionDetails",
        "Order {order} arrived {received} and is still {status} after {hours} h: not "
        "processed in time. Start it, or have the OMS re-route it.",
    ),
    app_details.ORDER_PAST_DEADLINE: lambda: QCoreApplication.translate(
        "ExceptionDetails",
        "Order {order} ({status}) has not shipped by its deadline {deadline}. Ship it first, "
        "or tell the OMS.",
    ),
    app_details.SCALE_FAULT: lambda: QCoreApplication.translate(
        "ExceptionDetails",
        "The scale failed ({fault}) while order {order} waited to be weighed; the packer may "
        "type the weight. Have the scale, its cable and its settings checked.",
    ),
    sync_details.FEED_ENTRY_SKIPPED: lambda: QCoreApplication.translate(
        "ExceptionDetails",
        "OMS feed entry #{seq} ({kind} {about}) was skipped [{code}]: {reason}. "
        "Have the OMS send it again.",
    ),
    sync_details.EVENT_REFUSED_BY_OMS: lambda: QCoreApplication.translate(
        "ExceptionDetails",
        "{event_type} #{seq} was refused: {code}: {message}. Retry or discard it.",
    ),
    sync_details.FEED_MORE_WITHOUT_ENTRIES: lambda: QCoreApplication.translate(
        "ExceptionDetails", "The OMS feed says there is more after {cursor} but sends nothing."
    ),
    sync_details.FEED_CURSOR_JUMPED: lambda: QCoreApplication.translate(
        "ExceptionDetails", "The OMS feed moves from {cursor} to {next} without entries."
    ),
    sync_details.FEED_CURSOR_PAST_LAST: lambda: QCoreApplication.translate(
        "ExceptionDetails", "The OMS feed moves from {cursor} to {next}, past its last {last}."
    ),
    sync_details.STOCK_SURPLUS_AT_STATION: lambda: QCoreApplication.translate(
        "ExceptionDetails",
        "{sku_id} ({owner_id}): the bins hold {station_qty}, the OMS expects {oms_qty} "
        "({difference}). Look for goods received or put away without a booking, count the "
        "SKU, then adjust.",
    ),
    sync_details.STOCK_MISSING_AT_STATION: lambda: QCoreApplication.translate(
        "ExceptionDetails",
        "{sku_id} ({owner_id}): the bins hold {station_qty}, the OMS expects {oms_qty} "
        "({difference}). Units picked for orders not yet shipped are already allowed for. "
        "Look for goods shipped, moved or written off without a booking, count the SKU, "
        "then adjust.",
    ),
}

TYPES: dict[str, Callable[[], str]] = {
    "STOCK_SHORTAGE": lambda: QCoreApplication.translate("ExceptionTypes", "Stock shortage"),
    "SHORT_PICK": lambda: QCoreApplication.translate("ExceptionTypes", "Short pick"),
    "PRINTER_FAULT": lambda: QCoreApplication.translate("ExceptionTypes", "Label printer fault"),
    "COMMAND_REFUSED": lambda: QCoreApplication.translate(
        "ExceptionTypes", "Outbound command refused"
    ),
    "ORDER_CANCELLED_MID_PICK": lambda: QCoreApplication.translate(
        "ExceptionTypes", "Cancelled mid-pick"
    ),
    "ORDER_WORKED_TWICE": lambda: QCoreApplication.translate(
        "ExceptionTypes", "Worked at two stations"
    ),
    "ORDER_LOST": lambda: QCoreApplication.translate("ExceptionTypes", "Order lost"),
    "CLAIM_CONFLICT": lambda: QCoreApplication.translate(
        "ExceptionTypes", "Order worked by two stations"
    ),
    "OMS_REJECTED": lambda: QCoreApplication.translate("ExceptionTypes", "Refused by the OMS"),
    "COUNT_DIFFERENCE": lambda: QCoreApplication.translate("ExceptionTypes", "Count difference"),
    "ADJUSTMENT_APPROVAL": lambda: QCoreApplication.translate(
        "ExceptionTypes", "Adjustment to approve"
    ),
    "STOCK_DIFFERENCE": lambda: QCoreApplication.translate("ExceptionTypes", "Stock difference"),
    "RECEIPT_DIFFERENCE": lambda: QCoreApplication.translate(
        "ExceptionTypes", "Receipt difference"
    ),
    "FEED_REFUSED": lambda: QCoreApplication.translate("ExceptionTypes", "Feed entry refused"),
    "FEED_CURSOR_REFUSED": lambda: QCoreApplication.translate(
        "ExceptionTypes", "Feed out of order"
    ),
    "ORDER_EXCEPTION_RAISED": lambda: QCoreApplication.translate(
        "ExceptionTypes", "Order exception"
    ),
    overdue_orders.EXCEPTION_TYPE: lambda: QCoreApplication.translate(
        "ExceptionTypes", "Not processed in time"
    ),
    "SCALE_FAULT": lambda: QCoreApplication.translate("ExceptionTypes", "Scale fault"),
}

RESOLUTIONS: dict[str, Callable[[], str]] = {
    "REALLOCATE": lambda: QCoreApplication.translate("Resolutions", "Re-allocate"),
    "SHIP_PARTIAL": lambda: QCoreApplication.translate("Resolutions", "Ship partial"),
    "WAIT_FOR_STOCK": lambda: QCoreApplication.translate("Resolutions", "Wait for stock"),
    "RETRY_ALLOCATION": lambda: QCoreApplication.translate("Resolutions", "Retry allocation"),
    "APPROVE": lambda: QCoreApplication.translate("Resolutions", "Approve"),
    "REJECT": lambda: QCoreApplication.translate("Resolutions", "Reject"),
    "RETRY_EVENT": lambda: QCoreApplication.translate("Resolutions", "Send again"),
    "DISCARD_EVENT": lambda: QCoreApplication.translate("Resolutions", "Discard"),
    "ACKNOWLEDGED": lambda: QCoreApplication.translate("Resolutions", "Acknowledge"),
    "RESUME_WORK": lambda: QCoreApplication.translate("Resolutions", "Resume work"),
    label_jobs.PRINTED_AFTER_FAULT: lambda: QCoreApplication.translate(
        "Resolutions", "Closed by itself (the labels printed on a retry)"
    ),
    overdue_orders.CLOSED_SHIPPED: lambda: QCoreApplication.translate(
        "Resolutions", "Closed by itself (the order shipped)"
    ),
    overdue_orders.CLOSED_CANCELLED: lambda: QCoreApplication.translate(
        "Resolutions", "Closed by itself (the order was cancelled)"
    ),
    SELF_RESOLVED: lambda: QCoreApplication.translate(
        "Resolutions", "Resolved by itself (the next reconciliation agreed)"
    ),
}

REASONS: dict[str, Callable[[], str]] = {
    "STOCK_IN_OTHER_BIN": lambda: QCoreApplication.translate("Reasons", "Stock in another bin"),
    "CUSTOMER_ACCEPTS_PARTIAL": lambda: QCoreApplication.translate(
        "Reasons", "Customer accepts part"
    ),
    "DEADLINE_FIRST": lambda: QCoreApplication.translate("Reasons", "Deadline comes first"),
    "RESTOCK_EXPECTED": lambda: QCoreApplication.translate("Reasons", "Stock is on its way"),
    "STOCK_ARRIVED": lambda: QCoreApplication.translate("Reasons", "Stock has arrived"),
    "COUNT_CONFIRMED": lambda: QCoreApplication.translate("Reasons", "Count confirmed"),
    "RECOUNT_NEEDED": lambda: QCoreApplication.translate("Reasons", "Needs a recount"),
    "FIXED_AT_OMS": lambda: QCoreApplication.translate("Reasons", "Fixed at the OMS"),
    "NOT_RECOVERABLE": lambda: QCoreApplication.translate("Reasons", "Cannot be recovered"),
    "CHECKED_ON_FLOOR": lambda: QCoreApplication.translate("Reasons", "Checked on the floor"),
    "HANDLED_AT_OMS": lambda: QCoreApplication.translate("Reasons", "Handled at the OMS"),
    "NO_ACTION_NEEDED": lambda: QCoreApplication.translate("Reasons", "No action needed"),
    "PROBLEM_SOLVED": lambda: QCoreApplication.translate("Reasons", "Problem solved"),
    "CUSTOMER_CONFIRMED": lambda: QCoreApplication.translate(
        "Reasons", "Customer confirmed the order"
    ),
}

# Why an operator or supervisor stopped an order (app/services/order_exception_raising.py
# REASON_CODES, seed 000 §5.1), in the order they are typed.
RAISE_REASONS: dict[str, Callable[[], str]] = {
    "ADDRESS_PROBLEM": lambda: QCoreApplication.translate(
        "OrderExceptionReasons", "Address problem"
    ),
    "GOODS_DAMAGED": lambda: QCoreApplication.translate("OrderExceptionReasons", "Goods damaged"),
    "CUSTOMER_REQUEST": lambda: QCoreApplication.translate(
        "OrderExceptionReasons", "Customer request"
    ),
    "OTHER": lambda: QCoreApplication.translate("OrderExceptionReasons", "Other"),
}


# The same words as the pick screen's details (context "Details", translated there).
_VALUE_WORDS: dict[str, Callable[[], str]] = {
    "NOT_FOUND": lambda: QCoreApplication.translate("Details", "Not found"),
    "DAMAGED": lambda: QCoreApplication.translate("Details", "Damaged"),
}


def raise_reason_text(code: str) -> str:
    return _label(RAISE_REASONS, code)


def _label(table: Mapping[str, Callable[[], str]], code: str) -> str:
    text = table.get(code)
    return text() if text is not None else code


def type_text(exception_type: str) -> str:
    return _label(TYPES, exception_type)


def resolution_text(code: str) -> str:
    return _label(RESOLUTIONS, code)


def reason_text(code: str) -> str:
    return _label(REASONS, code)


def _args(args_json: str) -> dict[str, str]:
    try:
        loaded = json.loads(args_json or "{}")
    except ValueError:
        return {}
    if not isinstance(loaded, dict):
        return {}
    return {str(key): str(value) for key, value in loaded.items()}


def detail_text(detail_code: str | None, args_json: str, legacy_detail: str = "") -> str:
    """What the record says, in the operator's language. A record from before detail codes
    shows its text as written; a code without words here (e.g. one a newer module writes)
    shows the code and its arguments plainly, so nothing is hidden."""
    if not detail_code:
        return legacy_detail
    args = _args(args_json)
    words = _VALUE_WORDS.get(args.get("reason", ""))
    if detail_code == app_details.ORDER_EXCEPTION_RAISED:
        words = RAISE_REASONS.get(args.get("reason", ""))
    if words is not None:
        args["reason"] = words()  # the reason as the operator chose it
    if detail_code == app_details.PRINTER_FAULT and "fault" in args:
        args["fault"] = printer_fault_text(args["fault"])
    template = DETAILS.get(detail_code)
    if template is not None:
        try:
            return template().format(**args).strip()
        except (KeyError, IndexError, ValueError):
            pass  # a translation with a broken placeholder: fall through to the plain form
    shown = ", ".join(f"{key}={value}" for key, value in sorted(args.items()))
    return f"{detail_code} ({shown})" if shown else detail_code
