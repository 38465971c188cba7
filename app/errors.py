"""Typed refusals of floor actions. Each one means "nothing was changed".

``code`` is stable (the UI picks a headline and a sound by it); ``reason`` names the exact
wording in the UI's refusal table (ui/texts.py, translated), and ``params`` fill its
placeholders. No operator prose lives here or at the raise sites: services say what is wrong
in codes and values, the UI says it in the operator's language. ``params`` never carry
personal data.
"""

from __future__ import annotations

from typing import ClassVar

Param = str | int


class FloorError(Exception):
    code: ClassVar[str] = "FLOOR_ERROR"

    def __init__(self, reason: str, /, **params: Param) -> None:
        super().__init__(reason)
        self.reason = reason
        # Not ``args``: Exception.args is taken (and always a tuple).
        self.params: dict[str, Param] = params

    def __str__(self) -> str:
        """``CODE reason key=value ...``: for logs and the station's own records."""
        values = " ".join(f"{key}={value}" for key, value in self.params.items())
        return f"{self.code} {self.reason} {values}".rstrip()


# --- Things that do not exist ----------------------------------------------------------


class NotFound(FloorError):
    code = "NOT_FOUND"


class UnknownOrder(NotFound):
    code = "UNKNOWN_ORDER"


class UnknownInbound(NotFound):
    code = "UNKNOWN_INBOUND"


class UnknownSku(NotFound):
    code = "UNKNOWN_SKU"


class UnknownBarcode(NotFound):
    code = "UNKNOWN_BARCODE"


class UnknownLocation(NotFound):
    code = "UNKNOWN_LOCATION"


class UnknownTask(NotFound):
    code = "UNKNOWN_TASK"


class UnknownCount(NotFound):
    code = "UNKNOWN_COUNT"


class UnknownAdjustment(NotFound):
    code = "UNKNOWN_ADJUSTMENT"


class UnknownOutboxEvent(NotFound):
    code = "UNKNOWN_OUTBOX_EVENT"


class NoStockHere(NotFound):
    code = "NO_STOCK_HERE"


# --- Wrong scans -----------------------------------------------------------------------


class WrongLocation(FloorError):
    code = "WRONG_LOCATION"


class WrongSku(FloorError):
    code = "WRONG_SKU"


class WrongBatch(FloorError):
    code = "WRONG_BATCH"


class BatchRequired(FloorError):
    code = "BATCH_REQUIRED"


class ExpiryRequired(FloorError):
    code = "EXPIRY_REQUIRED"


class ExpiredBatch(FloorError):
    code = "EXPIRED_BATCH"


class SerialsRequired(FloorError):
    code = "SERIALS_REQUIRED"


class SerialAlreadyUsed(FloorError):
    code = "SERIAL_ALREADY_USED"


# --- Quantities ------------------------------------------------------------------------


class InvalidQuantity(FloorError):
    code = "INVALID_QUANTITY"


class OverPick(FloorError):
    code = "OVER_PICK"


class NothingToUnpick(FloorError):
    """An unpick names units the order does not hold as picked (never, or already back)."""

    code = "NOTHING_TO_UNPICK"


class StockShortage(FloorError):
    """库存不足: not enough free stock for an order or an action."""

    code = "STOCK_SHORTAGE"


class PackMismatch(FloorError):
    code = "PACK_MISMATCH"


class OverReceipt(FloorError):
    """More received than the inbound order announces, beyond the station's tolerance."""

    code = "OVER_RECEIPT"


# --- Order and task states -------------------------------------------------------------


class OrderCancelled(FloorError):
    code = "ORDER_CANCELLED"


class OrderShipped(FloorError):
    code = "ORDER_SHIPPED"


class WrongOrderState(FloorError):
    code = "WRONG_ORDER_STATE"


class OrderOnHold(FloorError):
    """A supervisor put the order on hold (app.supervision.task_control): nobody works it."""

    code = "ORDER_ON_HOLD"


class TaskClosed(FloorError):
    code = "TASK_CLOSED"


class LocationFrozen(FloorError):
    code = "LOCATION_FROZEN"


class AlreadyReceived(FloorError):
    code = "ALREADY_RECEIVED"


class QcResultRequired(FloorError):
    code = "QC_RESULT_REQUIRED"


class ReturnOverShipped(FloorError):
    """A return holds more of a SKU than its original order shipped (less earlier returns)."""

    code = "RETURN_OVER_SHIPPED"


class InvalidInput(FloorError):
    """A required field is missing or malformed (tracking number, carrier, weight, ...)."""

    code = "INVALID_INPUT"


# --- Permissions and sync --------------------------------------------------------------


class NotAllowed(FloorError):
    """The badge lacks the role (supervisor-only action) or the action is not possible."""

    code = "NOT_ALLOWED"


class MalformedFeedEntry(FloorError):
    """An OMS feed entry this station cannot apply; nothing of it was applied."""

    code = "MALFORMED_FEED_ENTRY"
