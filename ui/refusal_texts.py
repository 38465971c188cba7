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
    "supervisor_only": lambda: QCoreApplication.translate(
        "Refusals", "Only an active supervisor may do this. Call your supervisor."
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
}
