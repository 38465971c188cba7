"""Words for the codes the audit trail and the stock card show: actions, movement kinds and
stock parts. An unknown code (a page added later) shows as itself, never as a blank."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication

# Literal strings inside translate() calls, so pyside6-lupdate finds every one of them.
_ACTIONS: dict[str, Callable[[], str]] = {
    "inbound_order_created": lambda: QCoreApplication.translate(
        "AuditTexts", "Inbound order arrived"
    ),
    "receive_inbound": lambda: QCoreApplication.translate("AuditTexts", "Goods received"),
    "putaway": lambda: QCoreApplication.translate("AuditTexts", "Put away"),
    "move_stock": lambda: QCoreApplication.translate("AuditTexts", "Stock moved"),
    "allocate_outbound": lambda: QCoreApplication.translate("AuditTexts", "Order allocated"),
    "confirm_pick": lambda: QCoreApplication.translate("AuditTexts", "Picked"),
    "short_pick": lambda: QCoreApplication.translate("AuditTexts", "Short pick"),
    "unpick": lambda: QCoreApplication.translate("AuditTexts", "Pick undone"),
    "pack_order": lambda: QCoreApplication.translate("AuditTexts", "Packed"),
    "ship_order": lambda: QCoreApplication.translate("AuditTexts", "Shipped"),
    "scale_fault": lambda: QCoreApplication.translate("AuditTexts", "Scale fault while weighing"),
    "refuse_outbound_command": lambda: QCoreApplication.translate(
        "AuditTexts", "Outbound command refused"
    ),
    "cancel_outbound": lambda: QCoreApplication.translate("AuditTexts", "Order cancelled"),
    "cancel_refused": lambda: QCoreApplication.translate("AuditTexts", "Cancel refused"),
    "put_back": lambda: QCoreApplication.translate("AuditTexts", "Put back"),
    "start_cycle_count": lambda: QCoreApplication.translate("AuditTexts", "Count started"),
    "request_cycle_count": lambda: QCoreApplication.translate("AuditTexts", "Count requested"),
    "request_recount": lambda: QCoreApplication.translate("AuditTexts", "Recount requested"),
    "submit_count": lambda: QCoreApplication.translate("AuditTexts", "Count submitted"),
    "approve_adjustment": lambda: QCoreApplication.translate("AuditTexts", "Adjustment approved"),
    "reject_adjustment": lambda: QCoreApplication.translate("AuditTexts", "Adjustment rejected"),
    "adjust_stock": lambda: QCoreApplication.translate("AuditTexts", "Stock adjusted"),
    "mark_damaged": lambda: QCoreApplication.translate("AuditTexts", "Marked damaged"),
    "freeze": lambda: QCoreApplication.translate("AuditTexts", "Frozen (QC hold)"),
    "unfreeze": lambda: QCoreApplication.translate("AuditTexts", "Unfrozen"),
    "approve_stock_action": lambda: QCoreApplication.translate(
        "AuditTexts", "Stock action approved"
    ),
    "hold_order": lambda: QCoreApplication.translate("AuditTexts", "Order held"),
    "release_hold": lambda: QCoreApplication.translate("AuditTexts", "Order released"),
    "change_priority": lambda: QCoreApplication.translate("AuditTexts", "Priority changed"),
    "assign_order": lambda: QCoreApplication.translate("AuditTexts", "Order assigned"),
    "release_work": lambda: QCoreApplication.translate("AuditTexts", "Work released"),
    "resolve_exception": lambda: QCoreApplication.translate("AuditTexts", "Exception resolved"),
    "raise_order_exception": lambda: QCoreApplication.translate(
        "AuditTexts", "Order exception raised"
    ),
    "assign_exception": lambda: QCoreApplication.translate("AuditTexts", "Exception assigned"),
    "retry_rejected_event": lambda: QCoreApplication.translate(
        "AuditTexts", "Rejected event sent again"
    ),
    "discard_rejected_event": lambda: QCoreApplication.translate(
        "AuditTexts", "Rejected event discarded"
    ),
    "order_lost": lambda: QCoreApplication.translate("AuditTexts", "Order lost to the OMS"),
    "claim_offline_start": lambda: QCoreApplication.translate(
        "AuditTexts", "Order started offline without its claim"
    ),
    "claim_left": lambda: QCoreApplication.translate("AuditTexts", "Order left (claim given back)"),
    "claim_block": lambda: QCoreApplication.translate(
        "AuditTexts", "Block of orders claimed for this station"
    ),
    "claim_take": lambda: QCoreApplication.translate(
        "AuditTexts", "Order's claim taken for this station"
    ),
    "claim_free": lambda: QCoreApplication.translate("AuditTexts", "Order's claim freed"),
    "reallocate_held_orders": lambda: QCoreApplication.translate(
        "AuditTexts", "Held orders allocated again"
    ),
    "apply_remote_event": lambda: QCoreApplication.translate(
        "AuditTexts", "Another station's change applied"
    ),
    "supervisor_signed_in": lambda: QCoreApplication.translate(
        "AuditTexts", "Supervisor signed in"
    ),
    "supervisor_pin_wrong": lambda: QCoreApplication.translate(
        "AuditTexts", "Wrong supervisor PIN"
    ),
    "supervisor_pin_refused_locked": lambda: QCoreApplication.translate(
        "AuditTexts", "Supervisor PIN locked"
    ),
}

_MOVEMENT_KINDS: dict[str, Callable[[], str]] = {
    "inbound_received": lambda: QCoreApplication.translate("AuditTexts", "Receipt"),
    "RECEIPT": lambda: QCoreApplication.translate("AuditTexts", "Receipt"),
    "MOVE": lambda: QCoreApplication.translate("AuditTexts", "Move / put away"),
    "picked_lines": lambda: QCoreApplication.translate("AuditTexts", "Pick"),
    "inventory_adjusted": lambda: QCoreApplication.translate("AuditTexts", "Adjustment"),
    "COUNT": lambda: QCoreApplication.translate("AuditTexts", "Count"),
    "FREEZE": lambda: QCoreApplication.translate("AuditTexts", "Freeze"),
    "UNFREEZE": lambda: QCoreApplication.translate("AuditTexts", "Unfreeze"),
    "DAMAGE": lambda: QCoreApplication.translate("AuditTexts", "Damage"),
    "outbound_status": lambda: QCoreApplication.translate("AuditTexts", "Order status"),
    "outbound_cancelled": lambda: QCoreApplication.translate("AuditTexts", "Order cancelled"),
}

_BUCKETS: dict[str, Callable[[], str]] = {
    "on_hand": lambda: QCoreApplication.translate("AuditTexts", "On hand"),
    "frozen": lambda: QCoreApplication.translate("AuditTexts", "Frozen"),
    "damaged": lambda: QCoreApplication.translate("AuditTexts", "Damaged"),
}

_SERIAL_STATES: dict[str, Callable[[], str]] = {
    "in_stock": lambda: QCoreApplication.translate("AuditTexts", "in stock"),
    "picked": lambda: QCoreApplication.translate("AuditTexts", "picked"),
    "shipped": lambda: QCoreApplication.translate("AuditTexts", "shipped"),
}


def _word(table: dict[str, Callable[[], str]], code: str) -> str:
    wording = table.get(code)
    return wording() if wording is not None else code


def action_text(code: str) -> str:
    return _word(_ACTIONS, code)


def known_action_codes() -> list[str]:
    return list(_ACTIONS)


def movement_kind_text(code: str) -> str:
    return _word(_MOVEMENT_KINDS, code)


def bucket_text(code: str) -> str:
    return _word(_BUCKETS, code)


def serial_state_text(code: str) -> str:
    return _word(_SERIAL_STATES, code)
