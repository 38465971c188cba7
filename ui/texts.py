"""Translated texts for prompts and messages that the Qt-free flows send as keys."""

from __future__ import annotations

from collections.abc import Callable, Mapping

from PySide6.QtCore import QCoreApplication

from app.flows.view import Message, Prompt, PromptKey
from app.scanning.commands import COMMAND_LABELS, Command

# Literal strings inside translate() calls, so pyside6-lupdate finds every one of them.
_PROMPTS: dict[PromptKey, Callable[[], str]] = {
    PromptKey.SCAN_BADGE: lambda: QCoreApplication.translate("Prompts", "Scan your badge"),
    PromptKey.SCAN_SUPERVISOR_BADGE: lambda: QCoreApplication.translate(
        "Prompts", "Supervisor: scan your badge"
    ),
    PromptKey.TYPE_SUPERVISOR_PIN: lambda: QCoreApplication.translate(
        "Prompts", "Supervisor: type your PIN and press Enter"
    ),
    PromptKey.SCAN_ORDER_OR_NEXT: lambda: QCoreApplication.translate(
        "Prompts", "Scan an order number, or scan NEXT TASK"
    ),
    PromptKey.NO_WORK: lambda: QCoreApplication.translate("Prompts", "No open work. Well done!"),
    PromptKey.SCAN_BIN: lambda: QCoreApplication.translate("Prompts", "Scan bin {bin}"),
    PromptKey.SCAN_ITEM: lambda: QCoreApplication.translate(
        "Prompts", "Scan item {sku} (or type a quantity)"
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
    PromptKey.TYPE_PACKAGE_COUNT: lambda: QCoreApplication.translate(
        "Prompts", "Type the number of packages and press Enter"
    ),
    PromptKey.SCAN_TRACKING: lambda: QCoreApplication.translate(
        "Prompts", "Scan the tracking label, or scan NEW TRACKING NUMBER"
    ),
    PromptKey.SCAN_INBOUND: lambda: QCoreApplication.translate(
        "Prompts", "Scan the inbound order number"
    ),
    PromptKey.SCAN_RECEIVE_ITEM: lambda: QCoreApplication.translate(
        "Prompts", "Scan an item of this delivery"
    ),
    PromptKey.TYPE_RECEIVED_QTY: lambda: QCoreApplication.translate(
        "Prompts", "Type the quantity received and press Enter"
    ),
    PromptKey.SCAN_EXPIRY: lambda: QCoreApplication.translate(
        "Prompts", "Scan the batch label (batch and expiry)"
    ),
    PromptKey.SCAN_QC: lambda: QCoreApplication.translate(
        "Prompts", "Returned goods: scan QC PASS or QC FAIL"
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
        "Messages", "Barcode not readable: {problem}"
    ),
    "not_a_supervisor": lambda: QCoreApplication.translate(
        "Messages", "This badge is not an active supervisor's."
    ),
    "wrong_pin": lambda: QCoreApplication.translate(
        "Messages", "Wrong PIN. Scan the supervisor badge again."
    ),
}


def register_messages(extra: Mapping[str, Callable[[], str]]) -> None:
    """Flows' screens add the translations of their own message codes."""
    _MESSAGES.update(extra)


def prompt_text(prompt: Prompt) -> str:
    template = _PROMPTS.get(prompt.key)
    text = template() if template else prompt.key.value
    return _fill(text, prompt.args)


def message_text(message: Message) -> str:
    template = _MESSAGES.get(message.code)
    text = template() if template else message.text
    return _fill(text, message.args)


def command_label(command: Command) -> str:
    labels = {
        Command.NEXT_TASK: QCoreApplication.translate("Commands", "Next task"),
        Command.CONFIRM: QCoreApplication.translate("Commands", "Confirm"),
        Command.SHORT: QCoreApplication.translate("Commands", "Short (not enough in bin)"),
        Command.SKIP: QCoreApplication.translate("Commands", "Skip this step"),
        Command.CANCEL: QCoreApplication.translate("Commands", "Cancel"),
        Command.UNDO: QCoreApplication.translate("Commands", "Undo last scan"),
        Command.MODE_PICK: QCoreApplication.translate("Commands", "Switch to pick"),
        Command.MODE_PACK: QCoreApplication.translate("Commands", "Switch to pack"),
        Command.MODE_RECEIVE: QCoreApplication.translate("Commands", "Switch to receive"),
        Command.MODE_COUNT: QCoreApplication.translate("Commands", "Switch to count"),
        Command.MODE_TASKS: QCoreApplication.translate("Commands", "Show task list"),
        Command.QC_PASS: QCoreApplication.translate("Commands", "QC pass"),
        Command.QC_FAIL: QCoreApplication.translate("Commands", "QC fail"),
        Command.NEW_TRACKING: QCoreApplication.translate("Commands", "Generate tracking number"),
        Command.LOGOUT: QCoreApplication.translate("Commands", "Log out"),
    }
    return labels.get(command, COMMAND_LABELS[command])


def _fill(template: str, args: Mapping[str, str]) -> str:
    try:
        return template.format(**args)
    except (KeyError, IndexError, ValueError):
        # A translation with a broken placeholder must not crash the floor: show it unfilled.
        return template
