"""Packing by scans: scan the order, every unit into the box, weight, packages, tracking, ship.

Each unit scan is checked at once against what was picked (a wrong or extra unit is refused
on the spot); the pack is booked when the last unit is in, then shipping asks for weight,
package count and a tracking label (scanned, or generated on the station). With a scale
configured the weight is its stable reading, confirmed by CMD:CONFIRM (see pack_weight.py).

With a label printer configured, the labels (a shipping and an SSCC label per package, one
content label) print right after the package count, carrying a station-made tracking
number; the tracking step follows as before (scan the printed label, or a carrier's, or
CMD:TRACKING:NEW to ship with the printed number). The flow never talks to the printer: it
hands the job out (``take_print_request``) and waits in the printing stage, answering scans
at once, until the station's printing worker hands the result back (``on_print_result``).
Labels that did not print stop the order before the tracking step until a retry
(CMD:REPRINT) prints them. Reprinting a shipped order's labels needs a supervisor's badge and
PIN and is audited.
"""

from __future__ import annotations

import secrets
from collections import Counter
from decimal import Decimal
from enum import StrEnum

from sqlalchemy import select

from app.errors import FloorError
from app.flows.answers import AnsweringFlow
from app.flows.base import FlowContext, FlowResult, SwitchMode
from app.flows.claim_step import NOTHING_TO_LEAVE, claim_refusal, leave_order
from app.flows.exception_step import REASON_PROMPT, raise_by_number, reason_details
from app.flows.messages import (
    NOT_HERE,
    NOTHING_TO_UNDO,
    TYPE_NUMBER_NOW,
    UNDONE,
    UNKNOWN_ITEM,
    UNKNOWN_ORDER,
    WORK_RESUMED,
    from_error,
    on_hold,
    run_service,
    with_args,
)
from app.flows.pack_weight import expected_grams, typed_reason, weight_refusal
from app.flows.put_back import cancel_notice, put_back_prompt, put_back_scan
from app.flows.tracking_check import tracking_refusal
from app.flows.view import Feedback, FlowView, Message, Mode, Prompt, PromptKey
from app.queries.pick_tasks import OrderPicture, read_order, resolve_item
from app.scanning.commands import Command
from app.scanning.gs1 import ParsedScan
from app.scanning.numbers import parse_typed_number, parse_typed_weight, shown
from app.services import work_in_progress as wip
from app.services.label_jobs import (
    LabelJob,
    PrintRequest,
    PrintResult,
    close_printer_fault,
    prepare_labels,
    record_printer_fault,
    shipped_label_job,
)
from app.services.order_exceptions import refuse_if_exception_open
from app.services.packing import pack_order
from app.services.scale_faults import record_scale_fault
from app.services.shipping import ship_order
from app.supervision.approval import ApprovalState, SupervisorApproval
from local_db.models.outbound import OutboundLine, OutboundOrder
from local_db.store import UnitOfWork

NOT_PACKABLE = Message("not_packable")
NOT_IN_ORDER = Message("not_in_order")
TOO_MANY = Message("too_many")
UNIT_PACKED = Message("unit_packed")
PACKED = Message("packed")
SHIPPED = Message("shipped")
BAD_WEIGHT = Message("bad_weight")
MAX_PACKAGES = 999  # the contract's package_count bound
BAD_COUNT = Message("bad_count")
SCALE_NOT_STABLE = Message("scale_not_stable")
WEIGH_ON_SCALE = Message("weigh_on_scale")
SCALE_FAULT = Message("scale_fault")
WEIGHED = Message("weighed")
LABELS_PRINTED = Message("labels_printed")
LABELS_NOT_PRINTED = Message("labels_not_printed")
LABELS_REPRINTED = Message("labels_reprinted")
LABELS_NOT_REPRINTED = Message("labels_not_reprinted")
LABELS_PRINTING = Message("labels_printing")  # wait: the printer has the job
REPRINT_WHICH = Message("reprint_which_order")
NOT_SHIPPED = Message("reprint_not_shipped_yet")


class Stage(StrEnum):
    ORDER = "order"
    UNITS = "units"
    WEIGHT = "weight"
    PACKAGES = "packages"
    TRACKING = "tracking"
    PRINTING = "printing"  # the printing worker has the labels; the result comes back
    LABELS = "labels"  # the labels did not print: retry before the tracking step
    DONE = "done"
    REPRINT_APPROVAL = "reprint_approval"  # a shipped order's labels again: supervisor
    EXCEPTION_REASON = "exception_reason"


_LABEL_STAGES = (Stage.TRACKING, Stage.PRINTING, Stage.LABELS)  # the labels' number shows


def generate_tracking_no(carrier_code: str) -> str:
    """A station-made tracking number for carriers that accept shipper references."""
    return f"{carrier_code[:12]}{secrets.token_hex(6).upper()}"


def _picked_counts(lines: list[OutboundLine]) -> Counter[str]:
    counts: Counter[str] = Counter()
    for line in lines:
        counts[line.sku_id] += line.picked_qty
    return +counts


class PackFlow(AnsweringFlow):
    mode = Mode.PACK

    def __init__(self, context: FlowContext, start_with: str | None = None) -> None:
        super().__init__()
        self._ctx = context
        self._store = context.store
        self._stage = Stage.ORDER
        self._stage_before_exception = Stage.ORDER
        self._order: OrderPicture | None = None
        self._carrier = ""
        self._picked: Counter[str] = Counter()
        self._scanned: list[tuple[str, str]] = []  # (code as stored, sku_id) in scan order
        self._weight: Decimal | None = None
        self._weight_typed: str | None = None  # why the weight was typed; None: weighed
        self._fault_recorded: str | None = None  # the scale fault already told the supervisor
        self._packages = 1
        self._tracking: str | None = None
        self._labels: LabelJob | None = None
        self._outgoing: PrintRequest | None = None  # to hand to the printing worker
        self._printing: PrintRequest | None = None  # with the worker: its result is awaited
        self._print_then = Stage.TRACKING  # where a print that worked leads
        self._approval: SupervisorApproval | None = None
        self._fault = ""
        self._reprint_next = False  # CMD:REPRINT on the order step: the next order's labels
        if start_with:
            self._open_order(start_with)

    # --- state -----------------------------------------------------------------------------

    def _open_order(self, order_no: str) -> Message | None:
        with self._store.read_session() as session:
            order = session.scalars(
                select(OutboundOrder).where(OutboundOrder.order_no == order_no)
            ).first()
            if order is None:
                return with_args(UNKNOWN_ORDER, order=order_no)
            status = order.status
            hold_reason = order.hold_reason
        if hold_reason is not None and status in ("PICKED", "PACKED"):
            # Held: the box scans kept so far stay for when a supervisor releases it.
            return on_hold(order_no, hold_reason)
        if status not in ("PICKED", "PACKED"):
            # Unconfirmed box scans of an order that can no longer be packed are void.
            wip.clear_now(self._store, "pack", order_no)
            return with_args(NOT_PACKABLE, order=order_no, status=status)
        if status == "PICKED":
            # #14: a PICKED order's claim passes to the packing station that asks for it.
            refusal = claim_refusal(self._ctx, order_no, handover=True)
            if refusal is not None:
                return refusal
        with self._store.read_session() as session:
            try:
                refuse_if_exception_open(session, order_no)
            except FloorError as error:
                return from_error(error)
            order = session.scalars(
                select(OutboundOrder).where(OutboundOrder.order_no == order_no)
            ).one()
            self._picked = _picked_counts(list(order.lines))
            self._carrier = order.carrier_code
            already_packed = order.status == "PACKED"
        self._order = read_order(self._store, order_no)
        self._scanned = []
        # Packed before (e.g. the station restarted before shipping): weigh and ship it.
        self._stage = Stage.WEIGHT if already_packed else Stage.UNITS
        self.scale_changed()
        if not already_packed:
            self._restore_scans(order_no)
        return None

    def _restore_scans(self, order_no: str) -> None:
        """Units scanned into the box before a crash or log-out count again."""
        left = Counter(self._picked)
        for payload in wip.load_scans(self._store, "pack", order_no):
            code, sku_id = payload.get("code"), payload.get("sku")
            if isinstance(code, str) and isinstance(sku_id, str) and left[sku_id] > 0:
                left[sku_id] -= 1
                self._scanned.append((code, sku_id))
        if self._scanned:
            self._message = with_args(WORK_RESUMED, work=order_no, count=str(len(self._scanned)))

    def _reload(self) -> None:
        if self._order is not None:
            self._order = read_order(self._store, self._order.order_no)

    def _cancelled(self) -> bool:
        return self._order is not None and self._order.status == "CANCELLED"

    # --- the view --------------------------------------------------------------------------

    def refresh(self) -> FlowView:
        self._reload()
        self._feedback = Feedback.NONE
        return self.view()

    def view(self) -> FlowView:
        order = self._order
        if order is None:
            return self._make(Prompt(PromptKey.SCAN_PACK_ORDER))
        if self._cancelled():
            prompt = put_back_prompt(order) or Prompt(PromptKey.FLOW_DONE)
            return self._make(prompt, notice=cancel_notice(order), order_no=order.order_no)
        if self._stage is Stage.EXCEPTION_REASON:
            return self._make(
                REASON_PROMPT, order_no=order.order_no, wants_number=True, details=reason_details()
            )
        if self._stage is Stage.REPRINT_APPROVAL and self._approval is not None:
            pin_step = self._approval.state is ApprovalState.WAITING_PIN
            return self._make(self._approval.prompt, order_no=order.order_no, wants_number=pin_step)
        prompts = {
            Stage.PRINTING: PromptKey.PRINTING_LABELS,
            Stage.LABELS: PromptKey.RETRY_LABELS,
            Stage.UNITS: PromptKey.SCAN_PACK_UNITS,
            Stage.WEIGHT: PromptKey.WEIGH_PACKAGE if self._weighs() else PromptKey.TYPE_WEIGHT,
            Stage.PACKAGES: PromptKey.TYPE_PACKAGE_COUNT,
            Stage.TRACKING: PromptKey.SCAN_TRACKING,
            Stage.DONE: PromptKey.FLOW_DONE,
        }
        scanned = Counter(sku for _, sku in self._scanned)
        details = tuple((sku, f"{scanned[sku]}/{count}") for sku, count in self._picked.items())
        extra: list[tuple[str, str]] = []
        if self._stage is Stage.WEIGHT and self._weighs():
            # The screen shows it large; "-" while the scale moves or is empty.
            usable = self._ctx.scale.latest.usable_weight
            extra.append(("scale_kg", "-" if usable is None else str(usable)))
        if self._weight is not None:
            extra.append(("weight_kg", str(self._weight)))
        if self._stage in (*_LABEL_STAGES, Stage.DONE):
            extra.append(("packages", str(self._packages)))
        if self._tracking:
            extra.append(("tracking", self._tracking))
        last_sku = self._scanned[-1][1] if self._scanned else None
        held = order.hold_reason
        notice = None if held is None else on_hold(order.order_no, held)
        if notice is None and self._stage is Stage.WEIGHT and self._ctx.scale.faulty:
            notice = with_args(SCALE_FAULT, fault=self._ctx.scale.latest.fault or "")
        return self._make(
            Prompt(prompts[self._stage]),
            notice=notice,
            order_no=order.order_no,
            sku_id=last_sku,
            quantity_done=len(self._scanned),
            quantity_total=sum(self._picked.values()),
            wants_number=self._wants_number(),
            details=details + tuple(extra) + self._label_details(),
        )

    # --- scans -----------------------------------------------------------------------------

    def on_scan(self, scan: ParsedScan) -> FlowResult:
        self._reload()
        if self._order is not None and self._cancelled():
            operator = self._ctx.operator.badge_code
            done, message = put_back_scan(self._store, self._order, scan, operator)
            self._reload()
            return self._answer(done, message)
        if self._stage is Stage.ORDER and self._reprint_next:
            return self._open_shipped(scan.code.strip())
        if self._stage is Stage.ORDER:
            self._message = None
            refusal = self._open_order(scan.code.strip())
            return self._answer(refusal is None, refusal or self._message)
        return self._work_scan(scan)

    def _work_scan(self, scan: ParsedScan) -> FlowView:
        label_step = self._label_step_scan(scan)
        if label_step is not None:
            return label_step
        held = self._held()
        if held is not None:
            return self._answer(False, held)
        if self._stage is Stage.UNITS:
            return self._unit_scan(scan)
        if self._stage is Stage.TRACKING:
            patterns = self._ctx.carrier_tracking_patterns
            refusal = tracking_refusal(self._store, scan, self._carrier, patterns)
            if refusal is not None:
                return self._answer(False, refusal)
            return self._ship(scan.code.strip())
        return self._answer(False, TYPE_NUMBER_NOW if self._wants_number() else NOT_HERE)

    def _held(self) -> Message | None:
        order = self._order
        if order is None or order.hold_reason is None:
            return None
        return on_hold(order.order_no, order.hold_reason)

    def _operator(self) -> str:
        return self._ctx.operator.badge_code

    def _wants_number(self) -> bool:
        if self._stage is Stage.WEIGHT:
            return not self._weighs()
        return self._stage is Stage.PACKAGES

    # --- the scale -------------------------------------------------------------------------

    def _weighs(self) -> bool:
        """The weight comes from the scale: one is configured and it is not at fault."""
        scale = self._ctx.scale
        return scale.configured and not scale.faulty

    def scale_changed(self) -> None:
        """A fault while an order waits to be weighed stops the packer's work: the supervisor
        gets one exception record per fault (the packer may type the weight meanwhile)."""
        scale = self._ctx.scale
        if not scale.faulty:
            self._fault_recorded = None
            return
        fault = scale.latest.fault or "unknown"
        if self._stage is not Stage.WEIGHT or self._order is None or self._fault_recorded:
            return
        order_no, operator = self._order.order_no, self._operator()
        run_service(self._store, lambda uow: record_scale_fault(uow, order_no, fault, operator))
        self._fault_recorded = fault

    def _accept_weight(self, weight: Decimal, typed: str | None) -> FlowView:
        """Checked against the SKUs' unit weights when a scale is configured (without one
        the station works as before: the typed weight is taken as it is)."""
        assert self._order is not None
        if self._ctx.scale.configured:
            expected = expected_grams(self._store, self._order.owner_id, self._picked)
            refusal = weight_refusal(
                weight, expected, self._ctx.weight_tolerance_pct, self._ctx.weight_tolerance_g
            )
            if refusal is not None:
                return self._answer(False, refusal)
        self._weight, self._weight_typed = weight, typed
        self._stage = Stage.PACKAGES
        if typed is None:
            return self._answer(True, with_args(WEIGHED, weight=str(weight)))
        return self._answer(True)

    def _typed_weight(self, text: str) -> FlowView:
        if self._weighs():
            return self._answer(False, WEIGH_ON_SCALE)
        weight = parse_typed_weight(text)
        if weight is None or weight <= 0:
            return self._answer(False, with_args(BAD_WEIGHT, text=shown(text)))
        return self._accept_weight(weight, typed_reason(self._ctx.scale))

    def _confirm_scale_weight(self) -> FlowView:
        if not self._ctx.scale.configured:
            return self._answer(False, TYPE_NUMBER_NOW)
        scale = self._ctx.scale
        if scale.faulty:
            return self._answer(False, with_args(SCALE_FAULT, fault=scale.latest.fault or ""))
        weight = scale.latest.usable_weight
        if weight is None:
            # Moving, empty or no answer yet: a dynamic reading is never shipped.
            return self._answer(False, SCALE_NOT_STABLE)
        return self._accept_weight(weight, None)

    def _unit_scan(self, scan: ParsedScan) -> FlowView:
        assert self._order is not None
        resolved = resolve_item(self._store, self._order.owner_id, scan.item_codes)
        if resolved is None:
            return self._answer(False, with_args(UNKNOWN_ITEM, scanned=scan.code))
        code, sku_id = resolved
        expected = self._picked.get(sku_id, 0)
        already = sum(1 for _, sku in self._scanned if sku == sku_id)
        if expected == 0:
            return self._answer(False, with_args(NOT_IN_ORDER, sku=sku_id))
        if already >= expected:
            return self._answer(False, with_args(TOO_MANY, count=str(expected), sku=sku_id))
        # In the store before it counts on screen: a crash from here on keeps this unit.
        payload = {"code": code, "sku": sku_id}
        wip.add_scan(self._store, "pack", self._order.order_no, self._operator(), payload)
        self._scanned.append((code, sku_id))
        if len(self._scanned) < sum(self._picked.values()):
            message = with_args(UNIT_PACKED, sku=sku_id, done=str(already + 1), total=str(expected))
            return self._answer(True, message)
        return self._book_pack()

    def _book_pack(self) -> FlowView:
        assert self._order is not None
        order_no = self._order.order_no
        codes = [code for code, _ in self._scanned]
        operator = self._ctx.operator.badge_code

        def book(uow: UnitOfWork) -> None:
            pack_order(uow, order_no, codes, operator)
            # Packed: the verification scans are done with, in the same transaction.
            wip.clear(uow, "pack", order_no)

        try:
            run_service(self._store, book)
        except FloorError as error:
            wip.remove_last(self._store, "pack", order_no)
            self._scanned.pop()
            return self._answer(False, from_error(error))
        self._stage = Stage.WEIGHT
        self.scale_changed()
        return self._answer(True, with_args(PACKED, order=order_no))

    def _ship(self, tracking_no: str) -> FlowView:
        assert self._order is not None and self._weight is not None
        order_no, weight, packages = self._order.order_no, self._weight, self._packages
        operator, carrier = self._ctx.operator.badge_code, self._carrier
        typed = self._weight_typed
        try:
            run_service(
                self._store,
                lambda uow: ship_order(
                    uow,
                    order_no,
                    tracking_no=tracking_no,
                    carrier_code=carrier,
                    package_count=packages,
                    weight_kg=weight,
                    operator=operator,
                    weight_typed=typed,
                ),
            )
        except FloorError as error:
            return self._answer(False, from_error(error))
        self._tracking = tracking_no
        self._stage = Stage.DONE
        return self._answer(True, with_args(SHIPPED, order=order_no, tracking=tracking_no))

    # --- typed numbers ---------------------------------------------------------------------

    def on_number(self, text: str) -> FlowResult:
        text = text.strip()
        if self._stage is Stage.PRINTING:
            return self._answer(False, LABELS_PRINTING)
        if self._stage is Stage.EXCEPTION_REASON and self._order is not None:
            return self._raise_exception(self._order.order_no, text)
        if self._stage is Stage.REPRINT_APPROVAL and self._approval is not None:
            return self._approved_reprint(text)
        return self._typed_number(text)

    def _typed_number(self, text: str) -> FlowView:
        if self._stage is Stage.WEIGHT:
            return self._typed_weight(text)
        if self._stage is Stage.PACKAGES:
            packages = parse_typed_number(text, maximum=MAX_PACKAGES).value
            if packages is None or packages < 1:
                return self._answer(False, with_args(BAD_COUNT, text=shown(text)))
            self._packages = packages
            if self._ctx.label_printer is None:
                self._stage = Stage.TRACKING
                return self._answer(True)
            return self._print_new_labels()
        return self._answer(False, NOT_HERE)

    # --- command barcodes ------------------------------------------------------------------

    def on_command(self, command: Command) -> FlowResult:
        if self._stage is Stage.PRINTING and command is not Command.CANCEL:
            return self._answer(False, LABELS_PRINTING)
        step = (
            self._exception_command(command)
            or self._weight_command(command)
            or self._label_command(command)
            or self._leave_command(command)
        )
        if step is not None:
            return step
        if command in (Command.CONFIRM, Command.NEXT_TASK) and (
            self._stage is Stage.DONE
            or (self._cancelled() and self._order is not None and not self._order.put_backs)
        ):
            return SwitchMode(Mode.TASKS)
        if command is Command.CANCEL:
            return SwitchMode(Mode.TASKS)
        if command is Command.UNDO:
            return self._undo()
        return self._answer(False, NOT_HERE)

    def _leave_command(self, command: Command) -> FlowView | None:
        """CMD:LEAVE (#14): the order's claim goes back; the box scans so far are kept."""
        if command is not Command.LEAVE:
            return None
        if self._order is None or self._stage is Stage.DONE:
            return self._answer(False, NOTHING_TO_LEAVE)
        message = leave_order(self._ctx, self._order.order_no)
        self._order, self._stage = None, Stage.ORDER
        return self._answer(True, message)

    def _weight_command(self, command: Command) -> FlowView | None:
        """CONFIRM at the weight step takes the scale's stable weight. None: not this step's."""
        if command is Command.CONFIRM and self._stage is Stage.WEIGHT and self._held() is None:
            return self._confirm_scale_weight()
        return None

    def _exception_command(self, command: Command) -> FlowView | None:
        """CMD:EXCEPTION on an opened order asks for the reason's number; CANCEL or UNDO
        leaves that step, other commands wait for the number. None: not this step's."""
        if self._stage is Stage.EXCEPTION_REASON:
            if command in (Command.CANCEL, Command.UNDO):
                self._stage = self._stage_before_exception
                return self._answer(True)
            return self._answer(False, TYPE_NUMBER_NOW)
        if command is not Command.EXCEPTION:
            return None
        if self._order is None or self._cancelled() or self._stage is Stage.DONE:
            return self._answer(False, NOT_HERE)
        self._stage_before_exception, self._stage = self._stage, Stage.EXCEPTION_REASON
        return self._answer(True)

    def _raise_exception(self, order_no: str, text: str) -> FlowView:
        raised, message = raise_by_number(self._store, order_no, self._operator(), text)
        if raised or message.reason is not None:
            # Raised (the order is on hold now: box scans stay for when it is resumed) or
            # refused by the service: back to where the packer was.
            self._stage = self._stage_before_exception
            self._reload()
        return self._answer(raised, message)

    def _undo(self) -> FlowView:
        if self._stage is Stage.UNITS and self._scanned and self._order is not None:
            wip.remove_last(self._store, "pack", self._order.order_no)
            self._scanned.pop()
            return self._answer(True, UNDONE)
        if self._stage is Stage.PACKAGES:
            self._stage, self._weight, self._weight_typed = Stage.WEIGHT, None, None
            return self._answer(True, UNDONE)
        if self._stage in (Stage.TRACKING, Stage.LABELS):
            # The labels already printed stay valid for nothing: the count may change.
            self._stage, self._labels = Stage.PACKAGES, None
            return self._answer(True, UNDONE)
        return self._answer(False, NOTHING_TO_UNDO)

    # --- labels ----------------------------------------------------------------------------

    def _label_step_scan(self, scan: ParsedScan) -> FlowView | None:
        """A scan while the labels did not print, or while a supervisor signs a reprint off;
        None: not this step's (nor the exception reason's, which wants a number)."""
        if self._stage is Stage.EXCEPTION_REASON:
            return self._answer(False, TYPE_NUMBER_NOW)
        if self._stage is Stage.REPRINT_APPROVAL and self._approval is not None:
            refusal = self._approval.on_scan(scan).refusal
            return self._answer(refusal is None, refusal)
        if self._stage is Stage.LABELS:
            return self._answer(False, with_args(LABELS_NOT_PRINTED, fault=self._fault))
        if self._stage is Stage.PRINTING:
            return self._answer(False, LABELS_PRINTING)
        return None

    def _label_command(self, command: Command) -> FlowView | None:
        if command is Command.NEW_TRACKING and self._stage is Stage.TRACKING:
            if self._labels is not None:
                # The number printed on the labels is the one to ship with.
                return self._ship(self._labels.tracking_no)
            return self._ship(generate_tracking_no(self._carrier))
        if command is Command.REPRINT:
            return self._reprint()
        if self._stage is Stage.REPRINT_APPROVAL and command in (Command.CANCEL, Command.UNDO):
            self._stage, self._approval = Stage.DONE, None
            return self._answer(True)
        return None

    def _label_details(self) -> tuple[tuple[str, str], ...]:
        if self._labels is None or self._stage not in _LABEL_STAGES:
            return ()
        return (("label_tracking", self._labels.tracking_no),)

    def _print_new_labels(self) -> FlowView:
        """SSCC serials and the audit row are committed first; then the printer."""
        printer = self._ctx.label_printer
        assert printer is not None and self._order is not None and self._weight is not None
        order_no, packages, weight = self._order.order_no, self._packages, self._weight
        tracking, operator = generate_tracking_no(self._carrier), self._operator()
        try:
            self._labels = run_service(
                self._store,
                lambda uow: prepare_labels(
                    uow,
                    order_no,
                    tracking_no=tracking,
                    package_count=packages,
                    weight_kg=weight,
                    gs1_company_prefix=printer.gs1_company_prefix,
                    sscc_extension=printer.sscc_extension,
                    operator=operator,
                ),
            )
        except FloorError as error:
            return self._answer(False, from_error(error))
        return self._send_labels()

    def _send_labels(self) -> FlowView:
        assert self._labels is not None
        return self._hand_out(self._labels, then=Stage.TRACKING)

    def _hand_out(self, job: LabelJob, then: Stage) -> FlowView:
        """The job goes to the printing worker (what had to be committed is); scans are
        answered at once meanwhile, and the result comes back through on_print_result."""
        self._outgoing = self._printing = PrintRequest.of(job)
        self._stage, self._print_then = Stage.PRINTING, then
        return self._answer(True)

    def take_print_request(self) -> PrintRequest | None:
        """The job to hand to the printing worker, once (the session takes it)."""
        request, self._outgoing = self._outgoing, None
        return request

    def on_print_result(self, result: PrintResult) -> FlowView:
        request = self._printing
        if request is None or result.ticket != request.ticket:
            return self.refresh()  # not this flow's job (left before it printed): no answer
        self._printing, job, then = None, request.job, self._print_then
        self._reload()
        if then is Stage.DONE:  # a shipped order's labels again
            self._stage = Stage.DONE
            if result.fault is not None:
                fault = result.fault
                return self._answer(
                    False, with_args(LABELS_NOT_REPRINTED, order=job.order_no, fault=fault)
                )
            return self._answer(True, with_args(LABELS_REPRINTED, order=job.order_no))
        if result.fault is not None:
            fault = result.fault
            self._stage, self._fault = Stage.LABELS, fault
            order_no, operator = job.order_no, self._operator()
            # One open record per order: retries against the same dead printer add none.
            run_service(
                self._store, lambda uow: record_printer_fault(uow, order_no, fault, operator)
            )
            return self._answer(False, with_args(LABELS_NOT_PRINTED, fault=fault))
        self._stage = Stage.TRACKING
        if self._fault:  # printed after a fault: its record closes by itself
            self._fault, order_no = "", job.order_no
            run_service(self._store, lambda uow: close_printer_fault(uow, order_no))
        return self._answer(True, with_args(LABELS_PRINTED, count=str(job.package_count * 2 + 1)))

    def _reprint(self) -> FlowView:
        if self._ctx.label_printer is None:
            return self._answer(False, NOT_HERE)
        if self._order is None:
            self._reprint_next = True  # a shipped order's number comes next
            return self._answer(True, REPRINT_WHICH)
        if self._stage is Stage.DONE:
            self._approval = SupervisorApproval(self._store, self._ctx.clock)
            self._stage = Stage.REPRINT_APPROVAL
            return self._answer(True)
        if self._stage in (Stage.TRACKING, Stage.LABELS) and self._labels is not None:
            return self._send_labels()  # not shipped yet: the same labels, the same SSCCs
        return self._answer(False, NOT_HERE)

    def _open_shipped(self, order_no: str) -> FlowView:
        """The order step after CMD:REPRINT: a shipped order, for its labels only."""
        self._reprint_next = False
        self._order = read_order(self._store, order_no)
        if self._order is None:
            return self._answer(False, with_args(UNKNOWN_ORDER, order=order_no))
        if self._order.status != "SHIPPED":
            self._order = None
            return self._answer(False, with_args(NOT_SHIPPED, order=order_no))
        self._stage = Stage.DONE
        return self._reprint()

    def _approved_reprint(self, pin: str) -> FlowView:
        assert self._approval is not None and self._order is not None
        outcome = self._approval.on_number(pin)
        if outcome.approved_by is None:
            return self._answer(False, outcome.refusal)
        self._stage, self._approval = Stage.DONE, None
        order_no, supervisor, operator = self._order.order_no, outcome.approved_by, self._operator()
        try:
            job = run_service(
                self._store, lambda uow: shipped_label_job(uow, order_no, supervisor, operator)
            )
        except FloorError as error:
            return self._answer(False, from_error(error))
        return self._hand_out(job, then=Stage.DONE)
