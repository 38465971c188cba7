"""Receiving by scans against an inbound order, then putaway to scanned bins.

Scan the inbound number, then every item (a GS1 label fills batch and expiry in one scan;
a typed number makes the last scan count for that many units). Returns need QC PASS/FAIL per
line. CONFIRM books the receipt at the dock; then each putaway asks for its storage bin.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace
from enum import StrEnum

from app.errors import FloorError
from app.flows.answers import AnsweringFlow
from app.flows.base import FlowContext, FlowResult, SwitchMode
from app.flows.inbound_read import InboundLineInfo, InboundPicture, read_inbound, receiving_dock
from app.flows.messages import (
    BAD_NUMBER,
    NOT_HERE,
    NOTHING_TO_UNDO,
    TYPE_AFTER_SCAN,
    UNDONE,
    UNKNOWN_ITEM,
    from_error,
    run_service,
    with_args,
)
from app.flows.pick_tasks import resolve_item
from app.flows.view import Feedback, FlowView, Message, Mode, Prompt, PromptKey
from app.scanning.commands import Command
from app.scanning.gs1 import ParsedScan
from app.services.moving import putaway
from app.services.receiving import ReceiptLine, receive_inbound
from local_db.store import UnitOfWork
from oms_contract.events import QcResult

UNKNOWN_INBOUND = Message("unknown_inbound")
ALREADY_RECEIVED = Message("already_received")
NOT_ON_INBOUND = Message("not_on_inbound")
RECEIVED_UNIT = Message("received_unit")
RECEIPT_BOOKED = Message("receipt_booked")
NO_DOCK = Message("no_dock")
PUT_AWAY = Message("put_away")
ALL_PUT_AWAY = Message("all_put_away")
QC_NEEDED = Message("qc_needed")


class Stage(StrEnum):
    INBOUND = "inbound"
    ITEMS = "items"
    LABEL = "label"
    SERIAL = "serial"
    QC = "qc"
    PUTAWAY = "putaway"
    DONE = "done"


@dataclass
class LineReceipt:
    quantity: int = 0
    batch_no: str | None = None
    expiry_date: dt.date | None = None
    qc_result: QcResult | None = None
    serials: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class ReceiveScan:
    line_no: int
    quantity: int
    serial: str | None


class ReceiveFlow(AnsweringFlow):
    mode = Mode.RECEIVE

    def __init__(self, context: FlowContext, start_with: str | None = None) -> None:
        super().__init__()
        self._ctx = context
        self._store = context.store
        self._stage = Stage.INBOUND
        self._inbound: InboundPicture | None = None
        self._receipts: dict[int, LineReceipt] = {}
        self._scans: list[ReceiveScan] = []
        self._pending_line: InboundLineInfo | None = None
        if start_with:
            self._open(start_with)

    def _open(self, inbound_no: str) -> Message | None:
        inbound = read_inbound(self._store, inbound_no)
        if inbound is None:
            return with_args(UNKNOWN_INBOUND, inbound=inbound_no)
        self._inbound = inbound
        self._receipts = {line.line_no: LineReceipt() for line in inbound.lines}
        self._scans = []
        if inbound.status != "open":
            self._stage = Stage.PUTAWAY if inbound.putaways else Stage.DONE
            return None if inbound.putaways else with_args(ALREADY_RECEIVED, inbound=inbound_no)
        self._stage = Stage.ITEMS
        return None

    def _line(self, line_no: int) -> InboundLineInfo:
        assert self._inbound is not None
        return next(line for line in self._inbound.lines if line.line_no == line_no)

    # --- the view --------------------------------------------------------------------------

    def refresh(self) -> FlowView:
        self._feedback = Feedback.NONE
        return self.view()

    def view(self) -> FlowView:
        inbound = self._inbound
        if inbound is None:
            return self._make(Prompt(PromptKey.SCAN_INBOUND))
        if self._stage is Stage.PUTAWAY and inbound.putaways:
            task = inbound.putaways[0]
            return self._make(
                Prompt(PromptKey.SCAN_PUTAWAY_BIN),
                order_no=inbound.inbound_no,
                location_code=task.from_location,
                sku_id=task.sku_id,
                quantity_total=task.quantity,
                details=(("damaged", "yes"),) if task.damaged else (),
            )
        prompts = {
            Stage.ITEMS: PromptKey.SCAN_RECEIVE_ITEM,
            Stage.LABEL: PromptKey.SCAN_EXPIRY,
            Stage.SERIAL: PromptKey.SCAN_SERIAL,
            Stage.QC: PromptKey.SCAN_QC,
            Stage.PUTAWAY: PromptKey.FLOW_DONE,
            Stage.DONE: PromptKey.FLOW_DONE,
        }
        last = self._line(self._scans[-1].line_no) if self._scans else None
        details = tuple(
            (line.sku_id, f"{self._receipts[line.line_no].quantity}/{line.expected_qty}")
            for line in inbound.lines
        )
        return self._make(
            Prompt(prompts[self._stage]),
            order_no=inbound.inbound_no,
            sku_id=last.sku_id if last else None,
            sku_name=last.sku_name if last else None,
            quantity_done=self._receipts[last.line_no].quantity if last else 0,
            quantity_total=last.expected_qty if last else 0,
            wants_number=self._stage is Stage.ITEMS,
            details=details,
        )

    # --- scans -----------------------------------------------------------------------------

    def on_scan(self, scan: ParsedScan) -> FlowResult:
        if self._stage is Stage.INBOUND:
            refusal = self._open(scan.code.strip())
            return self._answer(refusal is None, refusal)
        handlers = {
            Stage.ITEMS: self._item_scan,
            Stage.LABEL: self._label_scan,
            Stage.SERIAL: self._serial_scan,
            Stage.PUTAWAY: self._putaway_scan,
        }
        handler = handlers.get(self._stage)
        if handler is None:
            return self._answer(False, QC_NEEDED if self._stage is Stage.QC else NOT_HERE)
        return handler(scan)

    def _item_scan(self, scan: ParsedScan) -> FlowView:
        inbound = self._inbound
        assert inbound is not None
        resolved = resolve_item(self._store, inbound.owner_id, scan.item_codes)
        if resolved is None:
            return self._answer(False, with_args(UNKNOWN_ITEM, scanned=scan.code))
        sku_id = resolved[1]
        candidates = [line for line in inbound.lines if line.sku_id == sku_id]
        if not candidates:
            return self._answer(False, with_args(NOT_ON_INBOUND, sku=sku_id))
        by_batch = [c for c in candidates if scan.batch_no and c.expected_batch_no == scan.batch_no]
        line = (by_batch or candidates)[0]
        receipt = self._receipts[line.line_no]
        receipt.batch_no = scan.batch_no or receipt.batch_no or line.expected_batch_no
        receipt.expiry_date = scan.expiry_date or receipt.expiry_date or line.expected_expiry_date
        missing_label = (line.batch_managed and not receipt.batch_no) or (
            line.expiry_managed and receipt.expiry_date is None
        )
        if missing_label:
            self._pending_line = line
            self._stage = Stage.LABEL
            return self._answer(True)
        if line.serial_managed and not scan.serial_no:
            self._pending_line = line
            self._stage = Stage.SERIAL
            return self._answer(True)
        return self._add_unit(line, scan.serial_no)

    def _label_scan(self, scan: ParsedScan) -> FlowView:
        line = self._pending_line
        assert line is not None
        receipt = self._receipts[line.line_no]
        receipt.batch_no = scan.batch_no or (None if scan.expiry_date else scan.code.strip())
        receipt.expiry_date = scan.expiry_date or receipt.expiry_date
        if line.serial_managed and not scan.serial_no:
            self._stage = Stage.SERIAL
            return self._answer(True)
        return self._add_unit(line, scan.serial_no)

    def _serial_scan(self, scan: ParsedScan) -> FlowView:
        line = self._pending_line
        assert line is not None
        return self._add_unit(line, scan.serial_no or scan.code.strip())

    def _add_unit(self, line: InboundLineInfo, serial: str | None) -> FlowView:
        receipt = self._receipts[line.line_no]
        receipt.quantity += 1
        if serial:
            receipt.serials.append(serial)
        self._scans.append(ReceiveScan(line.line_no, 1, serial))
        self._pending_line = None
        assert self._inbound is not None
        if self._inbound.is_return and receipt.qc_result is None:
            self._stage = Stage.QC
            return self._answer(True)
        self._stage = Stage.ITEMS
        return self._received(line)

    def _received(self, line: InboundLineInfo) -> FlowView:
        quantity = self._receipts[line.line_no].quantity
        message = with_args(
            RECEIVED_UNIT, sku=line.sku_id, qty=str(quantity), expected=str(line.expected_qty)
        )
        return self._answer(True, message)

    def _putaway_scan(self, scan: ParsedScan) -> FlowView:
        assert self._inbound is not None
        task = self._inbound.putaways[0]
        bin_code, operator = scan.code.strip(), self._ctx.operator.badge_code
        try:
            run_service(self._store, lambda uow: putaway(uow, task.task_id, bin_code, operator))
        except FloorError as error:
            return self._answer(False, from_error(error))
        self._inbound = read_inbound(self._store, self._inbound.inbound_no)
        if self._inbound is not None and not self._inbound.putaways:
            self._stage = Stage.DONE
            return self._answer(True, ALL_PUT_AWAY)
        message = with_args(PUT_AWAY, qty=str(task.quantity), sku=task.sku_id, bin=bin_code)
        return self._answer(True, message)

    # --- typed numbers ---------------------------------------------------------------------

    def on_number(self, text: str) -> FlowResult:
        text = text.strip()
        if self._stage is not Stage.ITEMS or not self._scans:
            return self._answer(False, TYPE_AFTER_SCAN)
        last = self._scans[-1]
        line = self._line(last.line_no)
        if not text.isdigit():
            return self._answer(False, with_args(BAD_NUMBER, text=text))
        if line.serial_managed:
            return self._answer(False, TYPE_AFTER_SCAN)
        # The last scan stands for this many units (e.g. a carton of 12).
        receipt = self._receipts[last.line_no]
        receipt.quantity += int(text) - last.quantity
        self._scans[-1] = replace(last, quantity=int(text))
        return self._received(line)

    # --- command barcodes ------------------------------------------------------------------

    def on_command(self, command: Command) -> FlowResult:
        if self._stage is Stage.QC and command in (Command.QC_PASS, Command.QC_FAIL):
            line = self._line(self._scans[-1].line_no)
            passed = command is Command.QC_PASS
            self._receipts[line.line_no].qc_result = QcResult.PASS if passed else QcResult.FAIL
            self._stage = Stage.ITEMS
            return self._received(line)
        if command is Command.CONFIRM and self._stage is Stage.ITEMS:
            return self._book()
        if command is Command.UNDO:
            return self._undo()
        if command is Command.CANCEL or (
            command in (Command.CONFIRM, Command.NEXT_TASK) and self._stage is Stage.DONE
        ):
            return SwitchMode(Mode.TASKS)
        return self._answer(False, NOT_HERE)

    def _undo(self) -> FlowView:
        if self._stage in (Stage.LABEL, Stage.SERIAL):
            self._pending_line, self._stage = None, Stage.ITEMS
            return self._answer(True, UNDONE)
        if self._stage not in (Stage.ITEMS, Stage.QC) or not self._scans:
            return self._answer(False, NOTHING_TO_UNDO)
        last = self._scans.pop()
        receipt = self._receipts[last.line_no]
        receipt.quantity -= last.quantity
        if last.serial and last.serial in receipt.serials:
            receipt.serials.remove(last.serial)
        self._stage = Stage.ITEMS
        return self._answer(True, UNDONE)

    def _book(self) -> FlowView:
        inbound = self._inbound
        assert inbound is not None
        dock = receiving_dock(self._store)
        if dock is None:
            return self._answer(False, NO_DOCK)
        receipts = [
            ReceiptLine(
                line_no=line_no,
                received_qty=r.quantity,
                batch_no=r.batch_no,
                expiry_date=r.expiry_date,
                qc_result=r.qc_result,
                serials=tuple(r.serials),
            )
            for line_no, r in self._receipts.items()
            if r.quantity
        ]
        operator, inbound_no = self._ctx.operator.badge_code, inbound.inbound_no

        def book(uow: UnitOfWork) -> None:
            receive_inbound(uow, inbound_no, receipts, location_code=dock, operator=operator)

        try:
            run_service(self._store, book)
        except FloorError as error:
            return self._answer(False, from_error(error))
        self._inbound = read_inbound(self._store, inbound_no)
        self._stage = Stage.PUTAWAY
        return self._answer(True, RECEIPT_BOOKED)
