"""Receiving by scans against an inbound order, then putaway to scanned bins.

The screen lists the inbound orders due; scan one, then every item. A GS1 label fills batch
and expiry in one scan; for batch- or expiry-managed goods scanned without one, the batch
(scanned or typed) and the expiry date (typed) are asked for, once per line and label. A
typed number makes the last scan count for that many units. A return asks QC's disposition of
every scanned unit (type 1 restock, 2 damaged, 3 quarantine; QC PASS / QC FAIL stand for 1 and
2) and refuses a unit beyond what its order shipped (seed 002 §4.2 流程2).

Every scan is kept in the store at once (``work_in_progress``): a crash loses none, and the
receipt resumes where it stopped. CONFIRM books what was scanned as one receipt; the inbound
order stays open until everything announced has arrived, or SHORT closes it with what came.
More than expected beyond the station's tolerance needs a supervisor (badge + PIN). Each
putaway suggests a bin (where the SKU already is, else an empty one).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from enum import StrEnum
from typing import Any

from app import errors
from app.errors import FloorError
from app.flows.answers import AnsweringFlow
from app.flows.base import FlowContext, FlowResult, SwitchMode
from app.flows.batch_check import batch_refusal
from app.flows.messages import (
    NOT_HERE,
    NOTHING_TO_UNDO,
    TYPE_AFTER_SCAN,
    UNDONE,
    UNKNOWN_ITEM,
    WORK_RESUMED,
    from_error,
    number_refusal,
    run_service,
    with_args,
)
from app.flows.receive_labels import (
    BAD_BATCH,
    BAD_EXPIRY,
    EXPIRED_ON_RECEIPT,
    clean_batch,
    parse_expiry,
)
from app.flows.receive_messages import (
    ALL_PUT_AWAY,
    ALL_PUT_AWAY_STILL_OPEN,
    ALREADY_RECEIVED,
    BAD_DISPOSITION,
    INBOUND_CLOSED_SHORT,
    NO_DOCK,
    NOT_ON_INBOUND,
    NOTHING_NEW,
    OVER_RECEIPT,
    OVER_RECEIPT_WAITS,
    PARTIAL_RECEIPT_BOOKED,
    PUT_AWAY,
    QC_NEEDED,
    RECEIPT_BOOKED,
    RECEIVED_UNIT,
    SCAN_BATCH_NOT_ITEM,
    UNKNOWN_INBOUND,
)
from app.flows.receive_scans import PendingUnit, ReceiveScan
from app.flows.view import DueInbound, Feedback, FlowView, Message, Mode, Prompt, PromptKey
from app.queries.inbound import (
    InboundLineInfo,
    InboundPicture,
    due_inbounds,
    read_inbound,
    receiving_dock,
    suggest_putaway_bin,
)
from app.queries.pick_tasks import resolve_item
from app.scanning.commands import Command
from app.scanning.gs1 import ParsedScan, ScanKind
from app.scanning.numbers import parse_typed_number
from app.services import work_in_progress as wip
from app.services.moving import putaway
from app.services.receiving import ReceiptLine, most_allowed, receive_inbound
from app.supervision.approval import SupervisorApproval
from local_db.store import UnitOfWork
from oms_contract.events import ReturnDisposition

DISPOSITIONS = (
    ReturnDisposition.RESTOCK,
    ReturnDisposition.DAMAGED,
    ReturnDisposition.QUARANTINE,
)
"""The numbers typed for a returned unit's disposition: 1, 2, 3."""


class Stage(StrEnum):
    INBOUND = "inbound"
    ITEMS = "items"
    BATCH = "batch"
    EXPIRY = "expiry"
    SERIAL = "serial"
    QC = "qc"
    APPROVAL = "approval"
    PUTAWAY = "putaway"
    DONE = "done"


class ReceiveFlow(AnsweringFlow):
    mode = Mode.RECEIVE

    def __init__(self, context: FlowContext, start_with: str | None = None) -> None:
        super().__init__()
        self._ctx = context
        self._store = context.store
        self._stage = Stage.INBOUND
        self._inbound: InboundPicture | None = None
        self._scans: list[ReceiveScan] = []
        self._pending: PendingUnit | None = None
        self._approval: SupervisorApproval | None = None
        self._close_requested = False
        self._due: tuple[DueInbound, ...] = ()
        self._suggested: dict[int, str | None] = {}
        if start_with:
            refusal = self._open(start_with)
            if refusal is not None:
                self._message = refusal
        else:
            self._due = due_inbounds(self._store)

    # --- state -----------------------------------------------------------------------------

    def _open(self, inbound_no: str) -> Message | None:
        inbound = read_inbound(self._store, inbound_no)
        if inbound is None:
            return with_args(UNKNOWN_INBOUND, inbound=inbound_no)
        self._inbound = inbound
        self._pending = None
        self._scans = []
        if inbound.status != "open":
            # Closed (e.g. by another station's receipt): scans not booked here are void.
            wip.clear_now(self._store, "receive", inbound.inbound_no)
            self._stage = Stage.PUTAWAY if inbound.putaways else Stage.DONE
            return None if inbound.putaways else with_args(ALREADY_RECEIVED, inbound=inbound_no)
        line_nos = {line.line_no for line in inbound.lines}
        for payload in wip.load_scans(self._store, "receive", inbound.inbound_no):
            restored = ReceiveScan.from_payload(payload)
            if restored is not None and restored.line_no in line_nos:
                self._scans.append(restored)
        self._stage = Stage.PUTAWAY if inbound.putaways and not self._scans else Stage.ITEMS
        if inbound.is_return and self._scans and self._scans[-1].disposition is None:
            self._stage = Stage.QC
        if self._scans:
            self._message = with_args(WORK_RESUMED, work=inbound_no, count=str(len(self._scans)))
        return None

    def _line(self, line_no: int) -> InboundLineInfo:
        assert self._inbound is not None
        return next(line for line in self._inbound.lines if line.line_no == line_no)

    def _now_qty(self, line_no: int) -> int:
        return sum(s.quantity for s in self._scans if s.line_no == line_no)

    def _total_qty(self, line: InboundLineInfo) -> int:
        return line.received_qty + self._now_qty(line.line_no)

    def _totals(self) -> tuple[int, int]:
        assert self._inbound is not None
        lines = self._inbound.lines
        return sum(self._total_qty(line) for line in lines), sum(x.expected_qty for x in lines)

    def _last_label(self, line_no: int) -> tuple[str | None, dt.date | None] | None:
        # The label given for this line earlier in the sitting applies to plain scans after it.
        for done in reversed(self._scans):
            if done.line_no == line_no and (done.batch_no or done.expiry_date):
                return done.batch_no, done.expiry_date
        return None

    def _over_return_room(self, sku_id: str, more: int) -> Message | None:
        """A refusal when ``more`` units of ``sku_id`` would pass the return's limit."""
        inbound = self._inbound
        assert inbound is not None
        if not inbound.is_return:
            return None
        most = max(dict(inbound.return_room).get(sku_id, 0), 0)
        lines = [line for line in inbound.lines if line.sku_id == sku_id]
        total = sum(self._total_qty(line) for line in lines) + more
        if total <= most:
            return None
        error = errors.ReturnOverShipped(
            "return_over_shipped",
            sku=sku_id,
            qty=total,
            most=most,
            order=inbound.related_order_no or "",
        )
        return from_error(error)

    def _key(self) -> str:
        assert self._inbound is not None
        return self._inbound.inbound_no

    # --- the view --------------------------------------------------------------------------

    def refresh(self) -> FlowView:
        self._feedback = Feedback.NONE
        if self._inbound is None:
            self._due = due_inbounds(self._store)
        return self.view()

    def view(self) -> FlowView:
        inbound = self._inbound
        if inbound is None:
            return self._make(Prompt(PromptKey.SCAN_INBOUND), due_inbounds=self._due)
        if self._stage is Stage.PUTAWAY and inbound.putaways:
            return self._putaway_view(inbound)
        if self._stage is Stage.APPROVAL and self._approval is not None:
            prompt = self._approval.prompt
        else:
            prompt = Prompt(self._prompt_key())
        last = self._scans[-1] if self._scans else None
        shown = self._pending.line if self._pending else self._line(last.line_no) if last else None
        details = tuple(
            (line.sku_id, f"{self._total_qty(line)}/{line.expected_qty}") for line in inbound.lines
        )
        label = (self._pending.batch_no, self._pending.expiry_date) if self._pending else None
        if label is None and last is not None:
            label = (last.batch_no, last.expiry_date)
        if label is not None and label[0]:
            details += (("batch", label[0]),)
        if label is not None and label[1]:
            details += (("expiry", label[1].isoformat()),)
        pin_step = prompt.key is PromptKey.TYPE_SUPERVISOR_PIN
        return self._make(
            prompt,
            order_no=inbound.inbound_no,
            sku_id=shown.sku_id if shown else None,
            sku_name=shown.sku_name if shown else None,
            quantity_done=self._total_qty(shown) if shown else 0,
            quantity_total=shown.expected_qty if shown else 0,
            wants_number=self._stage in (Stage.ITEMS, Stage.BATCH, Stage.EXPIRY, Stage.QC)
            or pin_step,
            wants_text=self._stage in (Stage.BATCH, Stage.EXPIRY),
            secret_number=pin_step,
            details=details,
        )

    def _prompt_key(self) -> PromptKey:
        return {
            Stage.ITEMS: PromptKey.SCAN_RECEIVE_ITEM,
            Stage.BATCH: PromptKey.SCAN_RECEIVED_BATCH,
            Stage.EXPIRY: PromptKey.TYPE_EXPIRY,
            Stage.SERIAL: PromptKey.SCAN_SERIAL,
            Stage.QC: PromptKey.SCAN_QC,
            Stage.APPROVAL: PromptKey.SCAN_SUPERVISOR_BADGE,
            Stage.PUTAWAY: PromptKey.FLOW_DONE,
            Stage.DONE: PromptKey.FLOW_DONE,
        }.get(self._stage, PromptKey.SCAN_RECEIVE_ITEM)

    def _putaway_view(self, inbound: InboundPicture) -> FlowView:
        task = inbound.putaways[0]
        if task.task_id not in self._suggested:
            self._suggested[task.task_id] = suggest_putaway_bin(
                self._store, inbound.owner_id, task.sku_id
            )
        suggestion = self._suggested[task.task_id]
        prompt = (
            Prompt(PromptKey.SCAN_PUTAWAY_SUGGESTED, {"bin": suggestion})
            if suggestion
            else Prompt(PromptKey.SCAN_PUTAWAY_BIN)
        )
        return self._make(
            prompt,
            order_no=inbound.inbound_no,
            location_code=task.from_location,
            sku_id=task.sku_id,
            quantity_total=task.quantity,
            details=(("damaged", "yes"),)
            if task.damaged
            else (("quarantine", "yes"),)
            if task.frozen
            else (),
        )

    # --- scans -----------------------------------------------------------------------------

    def on_scan(self, scan: ParsedScan) -> FlowResult:
        if self._stage is Stage.INBOUND:
            self._message = None
            refusal = self._open(scan.code.strip())
            return self._answer(refusal is None, refusal or self._message)
        if self._stage is Stage.APPROVAL and self._approval is not None:
            outcome = self._approval.on_scan(scan)
            return self._answer(outcome.refusal is None, outcome.refusal)
        handlers = {
            Stage.ITEMS: self._item_scan,
            Stage.BATCH: self._batch_scan,
            Stage.EXPIRY: self._expiry_scan,
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
        with_room = [c for c in candidates if self._total_qty(c) < c.expected_qty]
        line = (by_batch or with_room or candidates)[0]
        refusal = self._over_return_room(sku_id, 1)
        if refusal is not None:
            return self._answer(False, refusal)
        batch, expiry = scan.batch_no, scan.expiry_date
        if batch is None and expiry is None:
            batch, expiry = self._last_label(line.line_no) or (None, None)
        if not line.batch_managed:
            batch = None
        if not (line.expiry_managed or line.batch_managed):
            expiry = None
        return self._ask_or_add(PendingUnit(line, batch, expiry, scan.serial_no))

    def _ask_or_add(self, unit: PendingUnit) -> FlowView:
        """Ask for what the unit still lacks (batch, expiry, serial), else count it."""
        line = unit.line
        if unit.expiry_date is not None and self._expired(unit.expiry_date):
            self._pending, self._stage = None, Stage.ITEMS
            message = with_args(
                EXPIRED_ON_RECEIPT, sku=line.sku_id, expiry=unit.expiry_date.isoformat()
            )
            return self._answer(False, message)
        self._pending = unit
        if line.batch_managed and not unit.batch_no:
            self._stage = Stage.BATCH
            return self._answer(True)
        if line.expiry_managed and unit.expiry_date is None:
            self._stage = Stage.EXPIRY
            return self._answer(True)
        if line.serial_managed and not unit.serial:
            self._stage = Stage.SERIAL
            return self._answer(True)
        return self._add_unit(unit)

    def _expired(self, expiry: dt.date) -> bool:
        # Returned goods may be expired: QC decides (a PASS is refused, see _qc_result).
        assert self._inbound is not None
        return not self._inbound.is_return and expiry < self._ctx.clock().date()

    def _batch_scan(self, scan: ParsedScan) -> FlowView:
        assert self._pending is not None
        if scan.kind is ScanKind.GTIN or (scan.kind is ScanKind.GS1 and not scan.batch_no):
            return self._answer(False, with_args(SCAN_BATCH_NOT_ITEM, scanned=scan.code))
        # A badge, bin label, order number or command scanned here is a slip, not a batch.
        refusal = batch_refusal(self._store, scan, self._pending.line.sku_id)
        if refusal is not None:
            return self._answer(False, refusal)
        return self._take_batch(scan.batch_no or scan.code, scan.expiry_date)

    def _take_batch(self, text: str, expiry: dt.date | None) -> FlowView:
        assert self._pending is not None
        batch = clean_batch(text)
        if batch is None:
            return self._answer(False, with_args(BAD_BATCH, text=text.strip()))
        unit = replace(
            self._pending, batch_no=batch, expiry_date=expiry or self._pending.expiry_date
        )
        return self._ask_or_add(unit)

    def _expiry_scan(self, scan: ParsedScan) -> FlowView:
        assert self._pending is not None
        expiry = scan.expiry_date or parse_expiry(scan.code)
        if expiry is None:
            return self._answer(False, with_args(BAD_EXPIRY, text=scan.code.strip()))
        return self._ask_or_add(replace(self._pending, expiry_date=expiry))

    def _serial_scan(self, scan: ParsedScan) -> FlowView:
        assert self._pending is not None
        serial = scan.serial_no or scan.code.strip()
        return self._add_unit(replace(self._pending, serial=serial))

    def _add_unit(self, unit: PendingUnit) -> FlowView:
        line = unit.line
        assert self._inbound is not None
        done = ReceiveScan(line.line_no, 1, unit.batch_no, unit.expiry_date, None, unit.serial)
        # In the store before it counts on screen: a crash from here on keeps this unit.
        wip.add_scan(
            self._store, "receive", self._key(), self._ctx.operator.badge_code, done.payload()
        )
        self._scans.append(done)
        self._pending = None
        if self._inbound.is_return:
            # Every returned unit gets QC's disposition before the next scan.
            self._stage = Stage.QC
            return self._answer(True)
        self._stage = Stage.ITEMS
        return self._received(line)

    def _received(self, line: InboundLineInfo) -> FlowView:
        message = with_args(
            RECEIVED_UNIT,
            sku=line.sku_id,
            qty=str(self._total_qty(line)),
            expected=str(line.expected_qty),
        )
        return self._answer(True, message)

    def _putaway_scan(self, scan: ParsedScan) -> FlowView:
        assert self._inbound is not None
        # More of the delivery arrived before the last part was put away: receive it.
        more_arrived = (
            self._inbound.status == "open"
            and scan.kind is not ScanKind.CODE
            and resolve_item(self._store, self._inbound.owner_id, scan.item_codes) is not None
        )
        if more_arrived:
            self._stage = Stage.ITEMS
            return self._item_scan(scan)
        task = self._inbound.putaways[0]
        bin_code, operator = scan.code.strip(), self._ctx.operator.badge_code
        try:
            run_service(self._store, lambda uow: putaway(uow, task.task_id, bin_code, operator))
        except FloorError as error:
            return self._answer(False, from_error(error))
        inbound = read_inbound(self._store, self._inbound.inbound_no)
        assert inbound is not None
        self._inbound = inbound
        if inbound.putaways:
            message = with_args(PUT_AWAY, qty=str(task.quantity), sku=task.sku_id, bin=bin_code)
            return self._answer(True, message)
        if inbound.status == "open":
            self._stage = Stage.ITEMS
            received, expected = self._totals()
            message = with_args(
                ALL_PUT_AWAY_STILL_OPEN,
                inbound=inbound.inbound_no,
                received=str(received),
                expected=str(expected),
            )
            return self._answer(True, message)
        self._stage = Stage.DONE
        return self._answer(True, ALL_PUT_AWAY)

    # --- typed numbers and text ------------------------------------------------------------

    def on_number(self, text: str) -> FlowResult:
        text = text.strip()
        if self._stage is Stage.APPROVAL and self._approval is not None:
            return self._approve_with_pin(text)
        if self._stage in (Stage.BATCH, Stage.EXPIRY) and self._pending is not None:
            return self._typed_label(text)
        if self._stage is Stage.QC:
            return self._typed_disposition(text)
        if self._stage is not Stage.ITEMS or not self._scans:
            return self._answer(False, TYPE_AFTER_SCAN)
        return self._typed_quantity(text)

    def _typed_label(self, text: str) -> FlowView:
        assert self._pending is not None
        if self._stage is Stage.BATCH:
            return self._take_batch(text, None)
        expiry = parse_expiry(text)
        if expiry is None:
            return self._answer(False, with_args(BAD_EXPIRY, text=text))
        return self._ask_or_add(replace(self._pending, expiry_date=expiry))

    def _typed_quantity(self, text: str) -> FlowView:
        last = self._scans[-1]
        line = self._line(last.line_no)
        number = parse_typed_number(text)
        if number.value is None:
            return self._answer(False, number_refusal(number))
        if line.serial_managed:
            return self._answer(False, TYPE_AFTER_SCAN)
        refusal = self._over_return_room(line.sku_id, number.value - last.quantity)
        if refusal is not None:
            return self._answer(False, refusal)
        # The last scan stands for this many units (e.g. a carton of 12).
        changed = replace(last, quantity=number.value)
        wip.replace_last(self._store, "receive", self._key(), changed.payload())
        self._scans[-1] = changed
        return self._received(line)

    # --- command barcodes ------------------------------------------------------------------

    def on_command(self, command: Command) -> FlowResult:
        if self._stage is Stage.QC and command in (Command.QC_PASS, Command.QC_FAIL):
            passed = command is Command.QC_PASS
            return self._disposition(
                ReturnDisposition.RESTOCK if passed else ReturnDisposition.DAMAGED
            )
        if self._stage is Stage.APPROVAL:
            return self._approval_command(command)
        if self._stage is Stage.ITEMS and command in (Command.CONFIRM, Command.SHORT):
            return self._book(close_short=command is Command.SHORT)
        if command is Command.UNDO:
            return self._undo()
        leaving = command is Command.CANCEL or (
            command is Command.NEXT_TASK and self._stage in (Stage.ITEMS, Stage.DONE)
        )
        if leaving or (command is Command.CONFIRM and self._stage is Stage.DONE):
            # Unconfirmed scans stay in the store: opening the inbound again resumes them.
            return SwitchMode(Mode.TASKS)
        return self._answer(False, NOT_HERE)

    def _approval_command(self, command: Command) -> FlowView:
        if command is Command.CANCEL:
            self._stage, self._approval = Stage.ITEMS, None
            return self._answer(True, OVER_RECEIPT_WAITS)
        return self._answer(False, NOT_HERE)

    def _typed_disposition(self, text: str) -> FlowView:
        number = parse_typed_number(text)
        if number.value is None or not 1 <= number.value <= len(DISPOSITIONS):
            message = with_args(BAD_DISPOSITION, text=number.shown, max=str(len(DISPOSITIONS)))
            return self._answer(False, message)
        return self._disposition(DISPOSITIONS[number.value - 1])

    def _disposition(self, disposition: ReturnDisposition) -> FlowView:
        last = self._scans[-1]
        line = self._line(last.line_no)
        restock = disposition is ReturnDisposition.RESTOCK
        if restock and last.expiry_date is not None and last.expiry_date < self._ctx.clock().date():
            message = with_args(
                EXPIRED_ON_RECEIPT, sku=line.sku_id, expiry=last.expiry_date.isoformat()
            )
            return self._answer(False, message)
        changed = replace(last, disposition=disposition)
        wip.replace_last(self._store, "receive", self._key(), changed.payload())
        self._scans[-1] = changed
        self._stage = Stage.ITEMS
        return self._received(line)

    def _undo(self) -> FlowView:
        if self._stage in (Stage.BATCH, Stage.EXPIRY, Stage.SERIAL):
            self._pending, self._stage = None, Stage.ITEMS
            return self._answer(True, UNDONE)
        if self._stage not in (Stage.ITEMS, Stage.QC) or not self._scans:
            return self._answer(False, NOTHING_TO_UNDO)
        wip.remove_last(self._store, "receive", self._key())
        self._scans.pop()
        self._stage = Stage.ITEMS
        return self._answer(True, UNDONE)

    # --- booking ---------------------------------------------------------------------------

    def _receipts(self) -> list[ReceiptLine]:
        grouped: dict[tuple[Any, ...], tuple[int, list[str]]] = {}
        for done in self._scans:
            key = (done.line_no, done.batch_no, done.expiry_date, done.disposition)
            quantity, serials = grouped.get(key, (0, []))
            grouped[key] = (
                quantity + done.quantity,
                serials + ([done.serial] if done.serial else []),
            )
        return [
            ReceiptLine(
                line_no, quantity, batch, expiry, serials=tuple(serials), disposition=disposition
            )
            for (line_no, batch, expiry, disposition), (quantity, serials) in grouped.items()
            if quantity
        ]

    def _over_tolerance(self) -> InboundLineInfo | None:
        assert self._inbound is not None
        if self._inbound.is_return:
            # A return's limit is what its order shipped (checked at each scan), no tolerance.
            return None
        tolerance = self._ctx.over_receipt_tolerance_pct
        for line in self._inbound.lines:
            if self._total_qty(line) > most_allowed(line.expected_qty, tolerance):
                return line
        return None

    def _book(self, *, close_short: bool) -> FlowView:
        inbound = self._inbound
        assert inbound is not None
        received, expected = self._totals()
        if not self._scans and not close_short and received:
            message = with_args(
                NOTHING_NEW,
                inbound=inbound.inbound_no,
                received=str(received),
                expected=str(expected),
            )
            return self._answer(False, message)
        self._close_requested = close_short
        over = self._over_tolerance()
        if over is not None:
            self._stage = Stage.APPROVAL
            self._approval = SupervisorApproval(self._store)
            message = with_args(
                OVER_RECEIPT,
                sku=over.sku_id,
                received=str(self._total_qty(over)),
                expected=str(over.expected_qty),
                tolerance=str(self._ctx.over_receipt_tolerance_pct),
            )
            return self._answer(True, message)
        return self._commit_receipt(None)

    def _approve_with_pin(self, text: str) -> FlowView:
        assert self._approval is not None
        outcome = self._approval.on_number(text)
        if outcome.approved_by is None:
            return self._answer(False, outcome.refusal)
        self._approval = None
        self._stage = Stage.ITEMS
        return self._commit_receipt(outcome.approved_by)

    def _commit_receipt(self, approved_by: str | None) -> FlowView:
        inbound = self._inbound
        assert inbound is not None
        dock = receiving_dock(self._store)
        if dock is None:
            return self._answer(False, NO_DOCK)
        receipts = self._receipts()
        complete = all(self._total_qty(line) >= line.expected_qty for line in inbound.lines)
        close = complete or self._close_requested
        operator, inbound_no = self._ctx.operator.badge_code, inbound.inbound_no
        tolerance = self._ctx.over_receipt_tolerance_pct

        def book(uow: UnitOfWork) -> None:
            receive_inbound(
                uow,
                inbound_no,
                receipts,
                location_code=dock,
                operator=operator,
                close=close,
                over_receipt_tolerance_pct=tolerance,
                approved_by=approved_by,
            )
            # Booked and no longer in progress: both in one transaction.
            wip.clear(uow, "receive", inbound_no)

        try:
            run_service(self._store, book)
        except FloorError as error:
            return self._answer(False, from_error(error))
        self._scans = []
        fresh = read_inbound(self._store, inbound_no)
        assert fresh is not None
        self._inbound = fresh
        received, expected = self._totals()
        counts = {"inbound": inbound_no, "received": str(received), "expected": str(expected)}
        if fresh.putaways:
            self._stage = Stage.PUTAWAY
            if close:
                return self._answer(True, RECEIPT_BOOKED)
            return self._answer(True, with_args(PARTIAL_RECEIPT_BOOKED, **counts))
        self._stage = Stage.DONE
        return self._answer(True, with_args(INBOUND_CLOSED_SHORT, **counts))
