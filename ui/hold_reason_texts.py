"""The words of a supervisor's hold reasons (app.supervision.task_control.HOLD_REASONS) and
of the hold an order exception puts on an order."""

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
    # Not a supervisor's choice: raising an order exception holds the order
    # (app/services/order_exception_raising.py EXCEPTION_HOLD).
    "ORDER_EXCEPTION": lambda: QCoreApplication.translate(
        "HoldReasons", "Order exception, see the exception queue"
    ),
}


def hold_reason_text(code: str) -> str:
    """A code this station does not know (a newer station's) shows as it is."""
    text = HOLD_REASON_TEXTS.get(code)
    return text() if text is not None else code
