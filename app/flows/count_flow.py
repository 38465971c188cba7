"""Blind cycle count by scans: scan the bin, scan every item in it, confirm.

The counter never sees the book quantity. Differences up to the station's threshold are
booked at once; larger ones need a supervisor (badge + PIN) at the station, or wait for one.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from enum import StrEnum
from typing import Any

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
from app.flows.view import (
    CountDifference,
    Feedback,
    FlowView,
    Message,
    Mode,
    Prompt,
    PromptKey,
)
from app.queries.items import ItemMatch, batch_expiry, find_item
from app.scanning.commands import Command
from app.scanning.gs1 import ParsedScan
from app.scanning.numbers import parse_typed_number
from app.services import work_in_progress as wip
from app.services.counting import (
    CountedItem,
    CountOutcome,
    approve_adjustment,
    count_task_for,
    submit_count,
)
from app.services.lookups import get_location
from app.supervision.approval import SupervisorApproval
from local_db.store import UnitOfWork

UNKNOWN_BIN = Message("unknown_bin")
COUNTED = Message("counted")
COUNT_BOOKED = Message("count_booked")
COUNT_NEEDS_SUPERVISOR = Message("count_needs_supervisor")
COUNT_APPROVED = Message("count_approved")
COUNT_LEFT_PENDING = Message("count_left_pending")
COUNT_LABEL_FIRST = Message("count_label_first")
BATCH_EXPIRY_UNKNOWN = Message("batch_expiry_unknown")


class Stage(StrEnum):
    BIN = "bin"
    ITEMS = "items"
    BATCH = "batch"
    APPROVAL = "approval"
    DONE = "done"


@dataclass(frozen=True)
class CountKey:
    owner_id: str
    sku_id: str
    batch_no: str | None
    expiry_date: dt.date | None


@dataclass(frozen=True)
class CountScan:
    key: CountKey
    quantity: int

    def payload(self) -> dict[str, Any]:
        key = self.key
        expiry = key.expiry_date.isoformat() if key.expiry_date else None
        return {
            "owner": key.owner_id,
            "sku": key.sku_id,
            "batch": key.batch_no,
            "expiry": expiry,
            "qty": self.quantity,
        }

    @classmethod
    def from_payload(cls, payload: dict[str, Any]) -> CountScan | None:
        try:
            expiry = payload.get("expiry")
            key = CountKey(
                str(payload["owner"]),
                str(payload["sku"]),
                payload.get("batch") or None,
                dt.date.fromisoformat(expiry) if expiry else None,
            )
            return cls(key, int(payload["qty"]))
        except (KeyError, TypeError, ValueError):
            return None


class CountFlow(AnsweringFlow):
    mode = Mode.COUNT

    def __init__(self, context: FlowContext, start_with: str | None = None) -> None:
        super().__init__()
        self._ctx = context
        self._store = context.store
        self._stage = Stage.BIN
        self._bin: str | None = None
        self._scans: list[CountScan] = []
        self._pending_item: ItemMatch | None = None
        self._outcome: CountOutcome | None = None
        self._approval: SupervisorApproval | None = None
        self._differences: tuple[CountDifference, ...] = ()
        if start_with:
            refusal = self._open_bin(start_with)
            if refusal is not None:
                self._message = refusal

    # --- the view --------------------------------------------------------------------------

    def refresh(self) -> FlowView:
        self._feedback = Feedback.NONE
        return self.view()

    def _totals(self) -> dict[CountKey, int]:
        totals: dict[CountKey, int] = {}
        for item in self._scans:
            totals[item.key] = totals.get(item.key, 0) + item.quantity
        return totals

    def view(self) -> FlowView:
        if self._stage is Stage.BIN:
            prompt = Prompt(PromptKey.SCAN_COUNT_BIN)
        elif self._stage is Stage.BATCH:
            prompt = Prompt(PromptKey.SCAN_EXPIRY)
        elif self._stage is Stage.APPROVAL and self._approval is not None:
            prompt = self._approval.prompt
        elif self._stage is Stage.DONE:
            prompt = Prompt(PromptKey.FLOW_DONE)
        else:
            prompt = Prompt(PromptKey.SCAN_COUNT_ITEMS, {"bin": self._bin or ""})
        details = tuple(
            (f"{key.sku_id}{' / ' + key.batch_no if key.batch_no else ''}", str(qty))
            for key, qty in self._totals().items()
        )
        last = self._scans[-1].key if self._scans else None
        pin_step = self._approval is not None and self._approval.prompt.key is (
            PromptKey.TYPE_SUPERVISOR_PIN
        )
        return FlowView(
            Mode.COUNT,
            prompt,
            feedback=self._feedback,
            message=self._message,
            location_code=self._bin,
            sku_id=last.sku_id if last else None,
            wants_number=self._stage is Stage.ITEMS or pin_step,
            secret_number=pin_step,
            details=details,
            count_differences=self._differences
            if self._stage in (Stage.APPROVAL, Stage.DONE)
            else (),
        )

    # --- scans -----------------------------------------------------------------------------

    def on_scan(self, scan: ParsedScan) -> FlowResult:
        if self._stage is Stage.BIN:
            return self._bin_scan(scan.code.strip())
        if self._stage is Stage.ITEMS:
            return self._item_scan(scan)
        if self._stage is Stage.BATCH and self._pending_item is not None:
            refusal = batch_refusal(self._store, scan, self._pending_item.sku_id)
            if refusal is not None:
                return self._answer(False, refusal)
            return self._label_scan(self._pending_item, scan)
        if self._stage is Stage.APPROVAL and self._approval is not None:
            outcome = self._approval.on_scan(scan)
            return self._answer(outcome.refusal is None, outcome.refusal)
        return self._answer(False, NOT_HERE)

    def _bin_scan(self, code: str) -> FlowView:
        self._message = None
        refusal = self._open_bin(code)
        return self._answer(refusal is None, refusal or self._message)

    def _open_bin(self, code: str) -> Message | None:
        try:
            with self._store.read_session() as session:
                location = get_location(session, code)
        except FloorError:
            return with_args(UNKNOWN_BIN, bin=code)
        self._bin = location.code
        self._scans = []
        for payload in wip.load_scans(self._store, "count", location.code):
            restored = CountScan.from_payload(payload)
            if restored is not None:
                self._scans.append(restored)
        self._stage = Stage.ITEMS
        self._differences = ()
        if self._scans:
            self._message = with_args(WORK_RESUMED, work=location.code, count=str(len(self._scans)))
        return None

    def _item_scan(self, scan: ParsedScan) -> FlowView:
        item = find_item(self._store, scan.item_codes, self._bin)
        if item is None:
            return self._answer(False, with_args(UNKNOWN_ITEM, scanned=scan.code))
        needs_batch = item.batch_managed and not scan.batch_no
        needs_expiry = item.expiry_managed and scan.expiry_date is None
        if needs_batch or needs_expiry:
            known = self._known_label(item)
            if known is None:
                self._pending_item = item
                self._stage = Stage.BATCH
                return self._answer(True)
            return self._count(item, known.batch_no, known.expiry_date)
        return self._count(item, scan.batch_no, scan.expiry_date)

    def _label_scan(self, item: ItemMatch, scan: ParsedScan) -> FlowView:
        batch, expiry = scan.batch_no or scan.code.strip(), scan.expiry_date
        if item.expiry_managed and expiry is None:
            # A plain batch number: the books know its expiry if it was ever received.
            expiry = batch_expiry(self._store, item.owner_id, item.sku_id, batch)
            if expiry is None:
                return self._answer(
                    False, with_args(BATCH_EXPIRY_UNKNOWN, batch=batch, sku=item.sku_id)
                )
        self._pending_item, self._stage = None, Stage.ITEMS
        return self._count(item, batch, expiry)

    def _known_label(self, item: ItemMatch) -> CountKey | None:
        # The same item counted before in this bin: reuse its batch label.
        for counted in reversed(self._scans):
            if (counted.key.owner_id, counted.key.sku_id) == (item.owner_id, item.sku_id):
                return counted.key
        return None

    def _count(self, item: ItemMatch, batch: str | None, expiry: dt.date | None) -> FlowView:
        key = CountKey(item.owner_id, item.sku_id, batch, expiry)
        counted = CountScan(key, 1)
        assert self._bin is not None
        # In the store before it counts on screen: a crash from here on keeps this unit.
        wip.add_scan(
            self._store, "count", self._bin, self._ctx.operator.badge_code, counted.payload()
        )
        self._scans.append(counted)
        total = self._totals()[key]
        return self._answer(True, with_args(COUNTED, sku=item.sku_id, qty=str(total)))

    # --- typed numbers ---------------------------------------------------------------------

    def on_number(self, text: str) -> FlowResult:
        text = text.strip()
        if self._stage is Stage.APPROVAL and self._approval is not None:
            return self._approve_with_pin(text)
        if self._stage is not Stage.ITEMS or not self._scans:
            return self._answer(False, TYPE_AFTER_SCAN)
        number = parse_typed_number(text)
        if number.value is None:
            return self._answer(False, number_refusal(number))
        # The number says how many units the last scan stands for (e.g. a closed carton).
        changed = replace(self._scans[-1], quantity=number.value)
        assert self._bin is not None
        wip.replace_last(self._store, "count", self._bin, changed.payload())
        self._scans[-1] = changed
        key = self._scans[-1].key
        total = self._totals()[key]
        return self._answer(True, with_args(COUNTED, sku=key.sku_id, qty=str(total)))

    def _approve_with_pin(self, text: str) -> FlowView:
        assert self._approval is not None and self._outcome is not None
        result = self._approval.on_number(text)
        if result.approved_by is None:
            return self._answer(False, result.refusal)
        supervisor = result.approved_by
        pending = list(self._outcome.pending)

        def approve_all(uow: UnitOfWork) -> None:
            for adjustment_no in pending:
                approve_adjustment(uow, adjustment_no, supervisor)

        try:
            run_service(self._store, approve_all)
        except FloorError as error:
            return self._answer(False, from_error(error))
        self._stage = Stage.DONE
        self._approval = None
        return self._answer(True, COUNT_APPROVED)

    # --- command barcodes ------------------------------------------------------------------

    def on_command(self, command: Command) -> FlowResult:
        if command is Command.CONFIRM and self._stage in (Stage.ITEMS, Stage.BATCH):
            return self._confirm()
        if command in (Command.CONFIRM, Command.NEXT_TASK) and self._stage is Stage.DONE:
            self._stage, self._bin, self._scans = Stage.BIN, None, []
            return self._answer(True)
        if command is Command.UNDO:
            return self._undo()
        if command is Command.CANCEL:
            if self._stage is Stage.APPROVAL:
                self._stage, self._approval = Stage.DONE, None
                return self._answer(True, COUNT_LEFT_PENDING)
            return SwitchMode(Mode.TASKS)
        return self._answer(False, NOT_HERE)

    def _undo(self) -> FlowView:
        if self._stage is Stage.BATCH:
            self._pending_item, self._stage = None, Stage.ITEMS
            return self._answer(True, UNDONE)
        if self._stage is not Stage.ITEMS or not self._scans or self._bin is None:
            return self._answer(False, NOTHING_TO_UNDO)
        wip.remove_last(self._store, "count", self._bin)
        self._scans.pop()
        return self._answer(True, UNDONE)

    def _confirm(self) -> FlowView:
        """At the batch step the unit still waiting for its label is left out (it was never
        counted) and the units counted so far are booked; with none, the label is needed."""
        if self._stage is Stage.BATCH:
            assert self._pending_item is not None
            if not self._scans:
                message = with_args(COUNT_LABEL_FIRST, sku=self._pending_item.sku_id)
                return self._answer(False, message)
            self._pending_item, self._stage = None, Stage.ITEMS
        return self._submit()

    def _submit(self) -> FlowView:
        assert self._bin is not None
        location, operator = self._bin, self._ctx.operator.badge_code
        threshold = self._ctx.count_difference_threshold
        counted = [
            CountedItem(key.owner_id, key.sku_id, qty, key.batch_no, key.expiry_date)
            for key, qty in self._totals().items()
        ]

        def book(uow: UnitOfWork) -> CountOutcome:
            # A count task waiting for this bin (e.g. a recount) is the one booked.
            count = count_task_for(uow, location, operator)
            outcome = submit_count(
                uow,
                count.count_no,
                counted,
                operator=operator,
                threshold=threshold,
            )
            # Booked: the count's scans are done with, in the same transaction.
            wip.clear(uow, "count", location)
            return outcome

        try:
            outcome = run_service(self._store, book)
        except FloorError as error:
            return self._answer(False, from_error(error))
        self._outcome = outcome
        self._differences = tuple(
            CountDifference(
                location_code=d.location_code,
                sku_id=d.sku_id,
                batch_no=d.batch_no,
                expected_qty=d.expected_qty,
                counted_qty=d.counted_qty,
                difference=d.difference,
                needs_approval=d.pending,
            )
            for d in outcome.differences
        )
        if outcome.pending:
            self._stage = Stage.APPROVAL
            self._approval = SupervisorApproval(self._store)
            message = with_args(COUNT_NEEDS_SUPERVISOR, threshold=str(threshold))
            return self._answer(True, message)
        self._stage = Stage.DONE
        return self._answer(True, with_args(COUNT_BOOKED, bin=location))
