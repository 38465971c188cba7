"""The words of a supervisor's hold reasons (app.supervision.task_control.HOLD_REASONS)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication

# Literal strings inside translate() calls, so pyside6-lupdate finds every one of them.
HOLD_REASON_TEXTS: dict[str, Callable[[], str]] = {
    "ADDRESS_CHECK": lambda: QCoreApplication.translate("HoldReasons", "Address check"),
    "CUSTOMER_REQUEST": lambda: QCoreApplication.translate("HoldReasons", "Customer request"),
    "PAYMENT_CHECK": lambda: QCoreApplication.translate("HoldReasons", "Payment check"),
    "QUALITY_CHECK": lambda: QCoreApplication.translate("HoldReasons", "Quality check"),
    "STOCK_CHECK": lambda: QCoreApplication.translate("HoldReasons", "Stock check"),
    "OTHER": lambda: QCoreApplication.translate("HoldReasons", "Other reason"),
}


def hold_reason_text(code: str) -> str:
    """A code this station does not know (a newer station's) shows as it is."""
    text = HOLD_REASON_TEXTS.get(code)
    return text() if text is not None else code
