"""The immutable picture of a flow the screens render: prompt, item, quantities, feedback.

Texts travel as keys plus arguments (``Prompt``, ``Message``); the Qt layer holds every word
(ui/texts.py) and its translations.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


class Mode(StrEnum):
    LOGIN = "login"
    TASKS = "tasks"
    PICK = "pick"
    PACK = "pack"
    RECEIVE = "receive"
    COUNT = "count"
    SUPERVISOR = "supervisor"
    MOVE = "move"
    FREEZE = "freeze"
    UNFREEZE = "unfreeze"
    DAMAGE = "damage"
    WRITE_OFF = "write_off"
    FOUND = "found"


class Feedback(StrEnum):
    NONE = "none"
    GOOD = "good"
    BAD = "bad"


class PromptKey(StrEnum):
    SCAN_BADGE = "scan_badge"
    SCAN_SUPERVISOR_BADGE = "scan_supervisor_badge"
    TYPE_SUPERVISOR_PIN = "type_supervisor_pin"
    SCAN_ORDER_OR_NEXT = "scan_order_or_next"
    NO_WORK = "no_work"
    SCAN_BIN = "scan_bin"
    SCAN_ITEM = "scan_item"
    SCAN_BATCH = "scan_batch"
    SCAN_SERIAL = "scan_serial"
    TYPE_SHORT_REASON = "type_short_reason"
    PUT_BACK = "put_back"
    SCAN_PACK_ORDER = "scan_pack_order"
    SCAN_PACK_UNITS = "scan_pack_units"
    TYPE_WEIGHT = "type_weight"
    WEIGH_PACKAGE = "weigh_package"
    TYPE_PACKAGE_COUNT = "type_package_count"
    SCAN_TRACKING = "scan_tracking"
    PRINTING_LABELS = "printing_labels"
    RETRY_LABELS = "retry_labels"
    SCAN_INBOUND = "scan_inbound"
    SCAN_RECEIVE_ITEM = "scan_receive_item"
    SCAN_EXPIRY = "scan_expiry"
    SCAN_RECEIVED_BATCH = "scan_received_batch"
    TYPE_EXPIRY = "type_expiry"
    SCAN_PUTAWAY_SUGGESTED = "scan_putaway_suggested"
    SCAN_QC = "scan_qc"
    SCAN_PUTAWAY_BIN = "scan_putaway_bin"
    SCAN_COUNT_BIN = "scan_count_bin"
    SCAN_COUNT_ITEMS = "scan_count_items"
    FLOW_DONE = "flow_done"
    ORDER_DONE = "order_done"
    SCAN_UNPICK_ITEM = "scan_unpick_item"
    CONSOLE_OPEN = "console_open"
    SCAN_STOCK_BIN = "scan_stock_bin"
    SCAN_STOCK_ITEM = "scan_stock_item"
    SCAN_MOVE_SERIALS = "scan_move_serials"
    TYPE_STOCK_QUANTITY = "type_stock_quantity"
    SCAN_MOVE_TARGET = "scan_move_target"
    CONFIRM_STOCK_ACTION = "confirm_stock_action"
    TYPE_FREEZE_REASON = "type_freeze_reason"
    TYPE_UNFREEZE_REASON = "type_unfreeze_reason"
    TYPE_DAMAGE_REASON = "type_damage_reason"
    TYPE_WRITE_OFF_REASON = "type_write_off_reason"
    TYPE_FOUND_REASON = "type_found_reason"
    TYPE_EXCEPTION_REASON = "type_exception_reason"


@dataclass(frozen=True)
class Prompt:
    key: PromptKey
    args: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Message:
    """An outcome told to the operator: ``code`` picks the text, ``args`` fill it in.

    A service refusal (``from_error``) also names its ``reason``: the UI shows the headline
    of ``code`` followed by the refusal text of ``reason``.
    """

    code: str
    args: dict[str, str] = field(default_factory=dict)
    reason: str | None = None


@dataclass(frozen=True)
class DueInbound:
    """An open inbound order the receive screen lists, earliest expected first."""

    inbound_no: str
    owner_id: str
    inbound_type: str
    expected_units: int
    received_units: int
    expected_at: str | None
    """ISO date the goods are expected, when the OMS said."""


@dataclass(frozen=True)
class CountDifference:
    """One counted slot whose count differs from the books, as the supervisor must see it."""

    location_code: str
    sku_id: str
    batch_no: str | None
    expected_qty: int
    counted_qty: int
    difference: int
    """counted − expected"""
    needs_approval: bool
    """Above the station's threshold: waits for a supervisor (else booked at once)."""


@dataclass(frozen=True)
class ConsoleSignIn:
    """Who runs the supervisor's console: the supervisor who signed in with badge + PIN,
    on the session of ``operator_name`` when that is someone else."""

    badge: str
    name: str
    operator_name: str | None = None


@dataclass(frozen=True)
class FlowView:
    mode: Mode
    prompt: Prompt
    feedback: Feedback = Feedback.NONE
    message: Message | None = None
    """The last refusal (or confirmation); stays on screen until the next scan."""
    notice: Message | None = None
    """A standing alert, e.g. the OMS cancelled the order being picked."""
    order_no: str | None = None
    location_code: str | None = None
    sku_id: str | None = None
    sku_name: str | None = None
    quantity_done: int = 0
    quantity_total: int = 0
    step_no: int = 0
    step_count: int = 0
    wants_number: bool = False
    """The quantity field takes typed digits + Enter for this step."""
    secret_number: bool = False
    """Typed digits are a PIN: show dots."""
    details: tuple[tuple[str, str], ...] = ()
    """Extra (label key, value) pairs: batch, expiry, serials, weight..."""
    wants_text: bool = False
    """The entry field takes free text (a batch number, a date), not only digits."""
    due_inbounds: tuple[DueInbound, ...] = ()
    """Receive mode, before an inbound is scanned: the inbound orders due, to pick from."""
    count_differences: tuple[CountDifference, ...] = ()
    """Count mode, after CONFIRM: every difference (bin, SKU, batch, expected, counted)."""
    console: ConsoleSignIn | None = None
    """Supervisor mode, once badge + PIN are checked: the console is open for this supervisor."""

    @property
    def quantity_left(self) -> int:
        return max(self.quantity_total - self.quantity_done, 0)
