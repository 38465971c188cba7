"""The steps every stock action on the floor starts with: scan the bin, the item (its batch
where the SKU is batch-managed), then type how many.

:class:`StockStepsFlow` keeps what was scanned; the move flow (app/flows/move_flow.py) and
the supervisor's stock actions (app/flows/stock_action_flow.py) add their own last steps.
Nothing is booked before the last step: a refusal on the way changes nothing in the store.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum

from sqlalchemy import select

from app.errors import FloorError
from app.flows.answers import AnsweringFlow
from app.flows.base import FlowContext, FlowResult, SwitchMode
from app.flows.batch_check import batch_refusal
from app.flows.messages import (
    BAD_NUMBER,
    NOT_HERE,
    NOTHING_TO_UNDO,
    TYPE_AFTER_SCAN,
    UNDONE,
    UNKNOWN_ITEM,
    from_error,
    number_refusal,
    with_args,
)
from app.flows.view import FlowView, Message, Mode, Prompt, PromptKey
from app.queries.items import ItemMatch, batch_expiry, find_item
from app.scanning.commands import Command
from app.scanning.gs1 import ParsedScan
from app.scanning.numbers import parse_typed_number
from app.services.lookups import get_location
from app.services.stock_ledger import free_qty
from local_db.models import SerialNumber, Stock

UNKNOWN_BIN = Message("unknown_bin")
NOT_IN_BIN = Message("not_in_bin")
BATCH_NOT_IN_BIN = Message("batch_not_in_bin")
TOO_FEW_HERE = Message("too_few_here")
BATCH_EXPIRY_UNKNOWN = Message("batch_expiry_unknown")
SERIAL_NOT_IN_BIN = Message("serial_not_in_bin")
SERIAL_ONE_BY_ONE = Message("serial_one_by_one")
SERIAL_TWICE = Message("serial_twice")
SERIALS_FIRST = Message("serials_first")
STOCK_ACTION_CANCELLED = Message("stock_action_cancelled")


class Stage(StrEnum):
    BIN = "bin"
    ITEM = "item"
    BATCH = "batch"
    SERIALS = "serials"
    QUANTITY = "quantity"
    TARGET = "target"
    """Move: the destination bin."""
    REASON = "reason"
    APPROVAL = "approval"
    CONFIRM = "confirm"


_BACK = {
    Stage.ITEM: Stage.BIN,
    Stage.BATCH: Stage.ITEM,
    Stage.SERIALS: Stage.ITEM,
    Stage.QUANTITY: Stage.ITEM,
}


@dataclass(frozen=True)
class ChosenStock:
    """What the operator scanned: the bin, the SKU and (batch-managed) its batch."""

    location_code: str
    item: ItemMatch
    batch_no: str | None = None
    expiry_date: dt.date | None = None


class StockStepsFlow(AnsweringFlow):
    """Bin, item, batch and typed quantity, with a refusal for each wrong scan."""

    adds_stock = False
    """Found goods: the SKU need not be in the bin yet, and no quantity limit applies."""

    def __init__(self, context: FlowContext) -> None:
        super().__init__()
        self._ctx = context
        self._store = context.store
        self._bin: str | None = None
        self._item: ItemMatch | None = None
        self._chosen: ChosenStock | None = None
        self._quantity = 0
        self._serials: list[str] = []
        self._stage = Stage.BIN

    def _reset(self) -> None:
        self._bin, self._item, self._chosen, self._quantity = None, None, None, 0
        self._serials = []
        self._stage = Stage.BIN

    # --- what a subclass adds --------------------------------------------------------------

    def _after_quantity(self) -> Stage:
        raise NotImplementedError

    def _prompt(self) -> Prompt:
        """The prompt of the subclass's own stages."""
        raise NotImplementedError

    def _own_scan(self, scan: ParsedScan) -> FlowView:
        return self._answer(False, NOT_HERE)

    def _own_number(self, text: str) -> FlowView:
        return self._answer(False, TYPE_AFTER_SCAN)

    def _booking(self, approved_by: str | None = None) -> Message:
        """Book the action in one unit of work (raises FloorError: nothing changed); the
        message says what was booked."""
        raise NotImplementedError

    def _pin_step(self) -> bool:
        """The entry field takes a supervisor's PIN (shown as dots)."""
        return False

    def _step_back(self) -> Stage:
        """Where UNDO goes from the subclass's own stages."""
        return Stage.QUANTITY

    # --- the view ----------------------------------------------------------------------------

    def refresh(self) -> FlowView:
        self._feedback = self._feedback.NONE
        return self.view()

    def view(self) -> FlowView:
        bin_code = self._bin or ""
        sku = self._chosen.item if self._chosen else self._item
        prompts = {
            Stage.BIN: Prompt(PromptKey.SCAN_STOCK_BIN),
            Stage.ITEM: Prompt(PromptKey.SCAN_STOCK_ITEM, {"bin": bin_code}),
            Stage.BATCH: Prompt(PromptKey.SCAN_EXPIRY),
            Stage.SERIALS: Prompt(PromptKey.SCAN_MOVE_SERIALS, {"bin": bin_code}),
            Stage.QUANTITY: Prompt(
                PromptKey.TYPE_STOCK_QUANTITY,
                {"sku": sku.sku_id if sku else "", "bin": bin_code},
            ),
        }
        prompt = prompts.get(self._stage) or self._prompt()
        fields = self._stock_view_fields()
        pin_step = self._pin_step()
        return self._make(
            prompt,
            wants_number=pin_step or self._stage in (Stage.QUANTITY, Stage.REASON),
            secret_number=pin_step,
            **fields,
        )

    # --- scans, numbers, commands ------------------------------------------------------------

    def on_scan(self, scan: ParsedScan) -> FlowResult:
        if self._stage is Stage.BIN:
            return self._step(self._scan_bin(scan), Stage.ITEM)
        if self._stage in (Stage.ITEM, Stage.BATCH):
            read = self._scan_item if self._stage is Stage.ITEM else self._scan_batch
            refusal = read(scan)
            return self._after_item() if refusal is None else self._answer(False, refusal)
        if self._stage is Stage.SERIALS:
            return self._scan_serial(scan)
        return self._own_scan(scan)

    def _step(self, refusal: Message | None, stage: Stage) -> FlowView:
        if refusal is not None:
            return self._answer(False, refusal)
        self._stage = stage
        return self._answer(True)

    def _after_item(self) -> FlowView:
        if self._chosen is None:
            return self._step(None, Stage.BATCH)
        if self._wants_serials(self._chosen.item):
            return self._step(None, Stage.SERIALS)
        return self._step(None, Stage.QUANTITY)

    def _wants_serials(self, item: ItemMatch) -> bool:
        return False

    def on_number(self, text: str) -> FlowResult:
        if self._stage is Stage.QUANTITY:
            return self._step(self._type_quantity(text), self._after_quantity())
        if self._stage is Stage.SERIALS:
            return self._answer(False, SERIAL_ONE_BY_ONE)
        if self._stage in (Stage.BIN, Stage.ITEM, Stage.BATCH, Stage.CONFIRM):
            return self._answer(False, TYPE_AFTER_SCAN)
        return self._own_number(text)

    def on_command(self, command: Command) -> FlowResult:
        if command is Command.CONFIRM and self._stage is Stage.CONFIRM:
            return self._book()
        if command is Command.CONFIRM and self._stage is Stage.SERIALS:
            return self._end_serials()
        if command is Command.UNDO:
            return self._undo()
        if command is Command.CANCEL:
            return self._cancel()
        return self._answer(False, NOT_HERE)

    def _end_serials(self) -> FlowView:
        if not self._serials:
            return self._answer(False, SERIALS_FIRST)
        self._quantity = len(self._serials)
        return self._step(None, self._after_quantity())

    def _cancel(self) -> FlowResult:
        """Back to the task list from the first step; else start over, nothing booked."""
        if self._stage is Stage.BIN:
            return SwitchMode(Mode.TASKS)
        self._reset()
        return self._answer(True, STOCK_ACTION_CANCELLED)

    def _undo(self) -> FlowView:
        if self._stage is Stage.BIN:
            return self._answer(False, NOTHING_TO_UNDO)
        if self._stage is Stage.SERIALS and self._serials:
            self._serials.pop()
            return self._answer(True, UNDONE)
        back = _BACK.get(self._stage) or self._step_back()
        if back is Stage.BIN:
            self._reset()
        elif back is Stage.ITEM:
            self._item, self._chosen, self._quantity, self._serials = None, None, 0, []
        elif back is Stage.QUANTITY and self._serials:
            back = Stage.SERIALS
        self._stage = back
        return self._answer(True, UNDONE)

    def _book(self, approved_by: str | None = None) -> FlowView:
        try:
            done = self._booking(approved_by)
        except FloorError as error:
            return self._answer(False, from_error(error))
        self._reset()
        return self._answer(True, done)

    # --- the bin -----------------------------------------------------------------------------

    def _scan_bin(self, scan: ParsedScan) -> Message | None:
        code = scan.code.strip()
        try:
            with self._store.read_session() as session:
                self._bin = get_location(session, code).code
        except FloorError:
            return with_args(UNKNOWN_BIN, bin=code)
        return None

    # --- the item and its batch --------------------------------------------------------------

    def _rows(self, item: ItemMatch, batch_no: str | None = None) -> list[Stock]:
        with self._store.read_session() as session:
            query = select(Stock).where(
                Stock.location_code == self._bin,
                Stock.owner_id == item.owner_id,
                Stock.sku_id == item.sku_id,
                Stock.on_hand > 0,
            )
            if batch_no is not None:
                query = query.where(Stock.batch_no == batch_no)
            rows = list(session.scalars(query.order_by(Stock.expiry_date, Stock.id)))
            session.expunge_all()
            return rows

    def _scan_item(self, scan: ParsedScan) -> Message | None:
        """None when the item is chosen (``_chosen``) or its batch is wanted (``_item``)."""
        item = find_item(self._store, scan.item_codes, self._bin)
        if item is None:
            return with_args(UNKNOWN_ITEM, scanned=scan.code)
        assert self._bin is not None
        rows = self._rows(item)
        if not rows and not self.adds_stock:
            return with_args(NOT_IN_BIN, sku=item.sku_id, bin=self._bin)
        if scan.batch_no:
            return self._take_batch(item, scan.batch_no, scan.expiry_date)
        batches = {row.batch_no for row in rows}
        if item.batch_managed and (self.adds_stock or len(batches) != 1):
            self._item = item  # the batch label comes next
            return None
        if self.adds_stock and item.expiry_managed and scan.expiry_date is None:
            self._item = item
            return None
        batch = rows[0].batch_no if item.batch_managed else None
        self._chosen = ChosenStock(self._bin, item, batch, scan.expiry_date)
        return None

    def _scan_batch(self, scan: ParsedScan) -> Message | None:
        assert self._item is not None
        refusal = batch_refusal(self._store, scan, self._item.sku_id)
        if refusal is not None:
            return refusal
        return self._take_batch(self._item, scan.batch_no or scan.code.strip(), scan.expiry_date)

    def _take_batch(self, item: ItemMatch, batch: str, expiry: dt.date | None) -> Message | None:
        assert self._bin is not None
        if not self.adds_stock:
            if not self._rows(item, batch):
                return with_args(BATCH_NOT_IN_BIN, batch=batch, sku=item.sku_id, bin=self._bin)
        elif item.expiry_managed and expiry is None:
            # A plain batch number: the books know its expiry if it was ever received.
            expiry = batch_expiry(self._store, item.owner_id, item.sku_id, batch)
            if expiry is None:
                return with_args(BATCH_EXPIRY_UNKNOWN, batch=batch, sku=item.sku_id)
        self._item = None
        self._chosen = ChosenStock(self._bin, item, batch, expiry)
        return None

    # --- the quantity ------------------------------------------------------------------------

    def _usable(self, chosen: ChosenStock) -> tuple[int, int]:
        """(usable by this action, on hand) of the chosen stock in its bin."""
        rows = self._rows(chosen.item, chosen.batch_no)
        return sum(self._limit(row) for row in rows), sum(row.on_hand for row in rows)

    def _limit(self, row: Stock) -> int:
        """Units of a row this action may take: the free ones (not reserved, frozen or
        damaged); the unfreeze flow takes the frozen ones."""
        return max(free_qty(row), 0)

    def _type_quantity(self, text: str) -> Message | None:
        assert self._chosen is not None
        number = parse_typed_number(text.strip())
        if number.value is None:
            return number_refusal(number)
        if number.value < 1:
            return with_args(BAD_NUMBER, text=number.shown)
        if not self.adds_stock:
            usable, on_hand = self._usable(self._chosen)
            if number.value > usable:
                return with_args(
                    TOO_FEW_HERE,
                    typed=str(number.value),
                    qty=str(usable),
                    on_hand=str(on_hand),
                    sku=self._chosen.item.sku_id,
                    bin=self._chosen.location_code,
                )
        self._quantity = number.value
        return None

    def _scan_serial(self, scan: ParsedScan) -> FlowView:
        assert self._chosen is not None
        serial = scan.code.strip()
        chosen = self._chosen
        if serial in self._serials:
            return self._answer(False, with_args(SERIAL_TWICE, serial=serial))
        with self._store.read_session() as session:
            record = session.get(SerialNumber, (chosen.item.owner_id, chosen.item.sku_id, serial))
            here = (
                record is not None
                and record.status == "in_stock"
                and record.location_code == chosen.location_code
            )
        if not here:
            message = with_args(
                SERIAL_NOT_IN_BIN, serial=serial, sku=chosen.item.sku_id, bin=chosen.location_code
            )
            return self._answer(False, message)
        self._serials.append(serial)
        return self._answer(True)

    def _stock_view_fields(self) -> dict[str, object]:
        chosen = self._chosen
        item = chosen.item if chosen is not None else self._item
        details: list[tuple[str, str]] = []
        # Shown as a detail, not as "left of": nothing here is worked down unit by unit.
        quantity = self._quantity or len(self._serials)
        if quantity:
            details.append(("quantity", str(quantity)))
        if chosen is not None and chosen.batch_no:
            details.append(("batch", chosen.batch_no))
        if chosen is not None and chosen.expiry_date is not None:
            details.append(("expiry", chosen.expiry_date.isoformat()))
        if self._serials:
            details.append(("serials", ", ".join(self._serials)))
        details += self._own_details()
        return {
            "location_code": self._bin,
            "sku_id": item.sku_id if item is not None else None,
            "sku_name": item.name if item is not None else None,
            "details": tuple(details),
        }

    def _own_details(self) -> list[tuple[str, str]]:
        return []
