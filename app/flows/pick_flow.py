"""Picking by scans: walk the order's pick tasks in bin sequence; bin, item, batch, serial.

Each item scan books one unit at once; typing a number right after an item scan makes that
scan count for that many units. A wrong bin, wrong item or over-pick is refused with the
reason and changes nothing. When the OMS cancels the order mid-pick the picker is stopped
and guided to put the picked goods back.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from enum import StrEnum

from app.errors import FloorError
from app.flows.answers import AnsweringFlow
from app.flows.base import FlowContext, FlowResult, SwitchMode
from app.flows.claim_step import NOTHING_TO_LEAVE, claim_refusal, leave_order
from app.flows.exception_step import REASON_PROMPT, raise_by_number, reason_details
from app.flows.messages import (
    NOT_HERE,
    TYPE_AFTER_SCAN,
    TYPE_NUMBER_NOW,
    UNDONE,
    UNKNOWN_ITEM,
    from_error,
    number_refusal,
    on_hold,
    run_service,
    with_args,
)
from app.flows.put_back import (
    CANCEL_NOTICE,
    LOST_NOTICE,
    PUT_BACK_FINISHED,
    put_back_prompt,
    put_back_scan,
)
from app.flows.task_flow import ORDER_CANCELLED
from app.flows.unpick_step import UNPICK_OFF, UNPICK_ON, Booked, run_unpick
from app.flows.view import Feedback, FlowView, Message, Mode, Prompt, PromptKey
from app.queries.pick_tasks import (
    OrderPicture,
    PickStep,
    next_workable_order,
    order_stamp,
    picked_serial_sku,
    read_order,
    resolve_item,
)
from app.scanning.commands import Command
from app.scanning.gs1 import ParsedScan
from app.scanning.numbers import parse_typed_number
from app.services import claims
from app.services.picking import PickOutcome, confirm_pick, short_pick

log = logging.getLogger("wms.flows.pick")

SHORT_REASONS = {"1": "NOT_FOUND", "2": "DAMAGED"}

WRONG_BIN = Message("wrong_bin")
WRONG_ITEM = Message("wrong_item")
PICKED = Message("picked")
SHORTED = Message("short_recorded")
SKIPPED = Message("skipped")
PICK_DONE = Message("order_picked")
TAKEN_ELSEWHERE = Message("order_taken_elsewhere")
ASSIGNED_TO_OTHER = Message("order_assigned_to_other")
SERIAL_ONE_BY_ONE = Message("serial_one_by_one")
BAD_REASON = Message("bad_short_reason")
NOTHING_TO_UNDO = Message("nothing_to_undo_pick")
FINISH_FIRST = Message("finish_first")
NOTHING_TO_CONFIRM = Message("nothing_to_confirm")


def _order_done(order: OrderPicture) -> Prompt:
    return Prompt(PromptKey.ORDER_DONE, {"order": order.order_no})


def _on_hold(order: OrderPicture) -> Message:
    assert order.hold_reason is not None
    return on_hold(order.order_no, order.hold_reason)


def _why_stopped(order: OrderPicture) -> Message | None:
    """The standing notice of a stopped order with nothing (left) to put back: none once its
    put-backs are done, else why the picker cannot go on."""
    if order.put_backs_done:
        return None
    if order.handled_remotely:
        return with_args(TAKEN_ELSEWHERE, order=order.order_no)
    return with_args(ORDER_CANCELLED, order=order.order_no)


class Stage(StrEnum):
    BIN = "bin"
    ITEM = "item"
    BATCH = "batch"
    SERIAL = "serial"
    SHORT_REASON = "short_reason"
    UNPICK = "unpick"
    EXCEPTION_REASON = "exception_reason"


@dataclass(frozen=True)
class PendingItem:
    code: str
    batch_no: str | None


class PickFlow(AnsweringFlow):
    mode = Mode.PICK

    def __init__(self, context: FlowContext, start_with: str | None = None) -> None:
        super().__init__()
        self._ctx = context
        self._store = context.store
        order_no = start_with or next_workable_order(
            self._store, operator=context.operator.badge_code
        )
        self._order: OrderPicture | None = read_order(self._store, order_no) if order_no else None
        self._skipped: list[int] = []
        self._stage = Stage.BIN
        self._stage_before_short = Stage.BIN
        self._stage_before_exception = Stage.BIN
        self._batches: dict[int, str] = {}
        self._pending: PendingItem | None = None
        self._last_booked: tuple[int, str, str | None] | None = None
        # What the last answer booked: CMD:UNDO right after it takes exactly that back.
        self._undoable: Booked | None = None
        # Scanned codes already resolved for this picture of the order: a picker scans the
        # same item again and again; the service checks every booked code anyway.
        self._resolved: dict[tuple[str, ...], tuple[str, str]] = {}
        # The order whose claim this flow has made sure of (#14): asked once per order.
        self._claimed: str | None = None

    # --- reading ---------------------------------------------------------------------------

    def _reload(self) -> None:
        self._resolved.clear()
        if self._order is not None:
            self._order = read_order(self._store, self._order.order_no)

    def _catch_up(self) -> None:
        """Before acting: the picture in memory stays unless someone else changed the order
        (the OMS cancelled it, another station took it). Reading its status row is cheap;
        reading the whole order (tasks, lines, SKUs) at every scan is not."""
        order = self._order
        if order is None:
            return
        if self._stopped() or order_stamp(self._store, order.order_no) != order.stamp:
            # Stopped orders are re-read every time: their put-backs may be done elsewhere.
            self._reload()

    def _resolve(self, owner_id: str, codes: tuple[str, ...]) -> tuple[str, str] | None:
        resolved = self._resolved.get(codes)
        if resolved is None:
            resolved = resolve_item(self._store, owner_id, codes)
            if resolved is not None:
                self._resolved[codes] = resolved
        return resolved

    def _current(self) -> PickStep | None:
        if self._order is None:
            return None
        open_steps = [s for s in self._order.steps if s.open]
        open_steps.sort(key=lambda s: s.task_id in self._skipped)
        return open_steps[0] if open_steps else None

    def _stopped(self) -> bool:
        order = self._order
        return order is not None and (order.status == "CANCELLED" or order.handled_remotely)

    # --- the view --------------------------------------------------------------------------

    def refresh(self) -> FlowView:
        self._reload()
        self._feedback = Feedback.NONE
        return self.view()

    def view(self) -> FlowView:
        order = self._order
        if order is None:
            return self._make(Prompt(PromptKey.NO_WORK))
        if self._stopped():
            return self._stopped_view(order)
        if self._stage is Stage.UNPICK:
            return self._make(Prompt(PromptKey.SCAN_UNPICK_ITEM), order_no=order.order_no)
        if self._stage is Stage.EXCEPTION_REASON:
            return self._make(
                REASON_PROMPT,
                order_no=order.order_no,
                wants_number=True,
                details=reason_details(),
            )
        step = self._current()
        if step is None:
            return self._make(_order_done(order), order_no=order.order_no)
        prompt = {
            Stage.BIN: Prompt(PromptKey.SCAN_BIN, {"bin": step.location_code}),
            Stage.ITEM: Prompt(PromptKey.SCAN_ITEM, {"sku": step.sku_id}),
            Stage.BATCH: Prompt(PromptKey.SCAN_BATCH, {"batch": step.batch_no or ""}),
            Stage.SERIAL: Prompt(PromptKey.SCAN_SERIAL),
            Stage.SHORT_REASON: Prompt(PromptKey.TYPE_SHORT_REASON),
        }[self._stage]
        details: list[tuple[str, str]] = []
        if step.batch_no:
            details.append(("batch", step.batch_no))
        if step.expiry_date:
            details.append(("expiry", step.expiry_date.isoformat()))
        if self._stage is Stage.SHORT_REASON:
            details += [("1", "NOT_FOUND"), ("2", "DAMAGED")]
        return self._make(
            prompt,
            notice=self._standing_notice(order),
            order_no=order.order_no,
            location_code=step.location_code,
            sku_id=step.sku_id,
            sku_name=step.sku_name,
            quantity_done=step.picked_qty + step.short_qty,
            quantity_total=step.quantity,
            step_no=order.steps.index(step) + 1,
            step_count=len(order.steps),
            wants_number=self._stage in (Stage.ITEM, Stage.SHORT_REASON),
            details=tuple(details),
        )

    def _standing_notice(self, order: OrderPicture) -> Message | None:
        """Held by a supervisor, or assigned to another operator (taken by a scan)."""
        if order.hold_reason is not None:
            return _on_hold(order)
        if order.assigned_to not in (None, self._ctx.operator.badge_code):
            return with_args(ASSIGNED_TO_OTHER, order=order.order_no, badge=order.assigned_to or "")
        return None

    def _stopped_view(self, order: OrderPicture) -> FlowView:
        prompt = put_back_prompt(order)
        if prompt is not None:
            template = LOST_NOTICE if order.handled_remotely else CANCEL_NOTICE
            notice = with_args(template, order=order.order_no)
            put = order.put_backs[0]
            return self._make(
                prompt,
                notice=notice,
                order_no=order.order_no,
                location_code=put.suggested_location,
                sku_id=put.sku_id,
                quantity_total=put.quantity,
            )
        # Nothing left to put back: the STOP banner goes once the goods are back.
        return self._make(_order_done(order), notice=_why_stopped(order), order_no=order.order_no)

    # --- scans -----------------------------------------------------------------------------

    def on_scan(self, scan: ParsedScan) -> FlowResult:
        self._catch_up()
        self._undoable = None
        order = self._order
        if order is None:
            return self._answer(False, NOT_HERE)
        if self._stopped():
            return self._put_back_scan(order, scan)
        # The unpick step takes units back; the exception step waits for a typed number.
        steps = {Stage.UNPICK: self._unpick_scan, Stage.EXCEPTION_REASON: self._number_first}
        if self._stage in steps:
            return steps[self._stage](order, scan)
        if order.hold_reason is not None:
            return self._answer(False, _on_hold(order))
        step = self._current()
        refusal = NOTHING_TO_CONFIRM if step is None else self._claim_refusal(order)
        if refusal is not None or step is None:
            return self._answer(False, refusal)
        handlers = {
            Stage.BIN: self._bin_scan,
            Stage.ITEM: self._item_scan,
            Stage.BATCH: self._batch_scan,
            Stage.SERIAL: self._serial_scan,
            Stage.SHORT_REASON: self._refuse_scan_for_number,
        }
        return handlers[self._stage](order, step, scan)

    def _claim_refusal(self, order: OrderPicture) -> Message | None:
        """The order's claim before its first scan here (#14): None to go on."""
        if self._ctx.claims is None:
            return None  # the sole station: nothing to claim, nothing to read per scan
        if self._claimed == order.order_no and not self._claim_taken(order.order_no):
            return None
        refusal = claim_refusal(self._ctx, order.order_no)
        if refusal is None:
            self._claimed = order.order_no
        return refusal

    def _claim_taken(self, order_no: str) -> bool:
        """Since this flow claimed the order, the feed said another station holds it now (a
        supervisor re-assigned it): ask again rather than book a pick the OMS would refuse."""
        with self._store.read_session() as session:
            return claims.held_elsewhere(session, order_no)

    def _leave(self) -> FlowView:
        """CMD:LEAVE: the order's claim goes back; what is picked stays with the order."""
        order = self._order
        if order is None or self._stopped():
            return self._answer(False, NOTHING_TO_LEAVE)
        message = leave_order(self._ctx, order.order_no)
        self._order, self._claimed, self._stage, self._pending = None, None, Stage.BIN, None
        return self._answer(True, message)

    def _bin_scan(self, order: OrderPicture, step: PickStep, scan: ParsedScan) -> FlowView:
        if scan.code.strip().upper() != step.location_code.upper():
            return self._answer(
                False, with_args(WRONG_BIN, scanned=scan.code, bin=step.location_code)
            )
        self._stage = Stage.ITEM
        return self._answer(True)

    def _item_scan(self, order: OrderPicture, step: PickStep, scan: ParsedScan) -> FlowView:
        if scan.code.strip().upper() == step.location_code.upper():
            return self._answer(True)  # the bin again: harmless
        resolved = self._resolve(order.owner_id, scan.item_codes)
        if resolved is None:
            return self._answer(False, with_args(UNKNOWN_ITEM, scanned=scan.code))
        code, sku_id = resolved
        if sku_id != step.sku_id and code != (step.line_barcode or ""):
            return self._answer(False, with_args(WRONG_ITEM, scanned=sku_id, sku=step.sku_id))
        batch = scan.batch_no or self._batches.get(step.task_id)
        if step.batch_managed and batch is None:
            self._pending = PendingItem(code, None)
            self._stage = Stage.BATCH
            return self._answer(True)
        if step.serial_managed and scan.serial_no is None:
            self._pending = PendingItem(code, batch)
            self._stage = Stage.SERIAL
            return self._answer(True)
        serials = [scan.serial_no] if scan.serial_no else []
        return self._book(step, code, 1, batch, serials)

    def _batch_scan(self, order: OrderPicture, step: PickStep, scan: ParsedScan) -> FlowView:
        assert self._pending is not None
        batch = scan.batch_no or scan.code.strip()
        if step.serial_managed and scan.serial_no is None:
            self._pending = PendingItem(self._pending.code, batch)
            self._stage = Stage.SERIAL
            return self._answer(True)
        serials = [scan.serial_no] if scan.serial_no else []
        return self._book(step, self._pending.code, 1, batch, serials)

    def _serial_scan(self, order: OrderPicture, step: PickStep, scan: ParsedScan) -> FlowView:
        assert self._pending is not None
        serial = scan.serial_no or scan.code.strip()
        return self._book(step, self._pending.code, 1, self._pending.batch_no, [serial])

    def _refuse_scan_for_number(
        self, order: OrderPicture, step: PickStep, scan: ParsedScan
    ) -> FlowView:
        return self._answer(False, TYPE_NUMBER_NOW)

    def _book(
        self, step: PickStep, code: str, quantity: int, batch: str | None, serials: list[str]
    ) -> FlowView:
        operator = self._ctx.operator.badge_code
        try:
            outcome = run_service(
                self._store,
                lambda uow: confirm_pick(
                    uow,
                    step.task_id,
                    location_code=step.location_code,
                    barcode=code,
                    quantity=quantity,
                    operator=operator,
                    batch_no=batch,
                    serials=serials,
                ),
            )
        except FloorError as error:
            self._pending = None
            self._stage = Stage.ITEM
            # Refused: the order may have changed under us (e.g. cancelled): read it again.
            self._reload()
            return self._answer(False, from_error(error))
        if batch:
            self._batches[step.task_id] = batch
        self._pending = None
        self._last_booked = (step.task_id, code, batch)
        serial = serials[0] if serials else None
        self._undoable = Booked(step.task_id, code, quantity, batch, serial)
        self._after_booking(step, outcome, picked=quantity)
        if self._current() is None and self._order is not None:
            return self._answer(True, with_args(PICK_DONE, order=self._order.order_no))
        return self._answer(True, with_args(PICKED, qty=str(quantity), sku=step.sku_id))

    def _after_booking(
        self, step: PickStep, outcome: PickOutcome, *, picked: int = 0, short: int = 0
    ) -> None:
        if self._order is not None:
            # The service's answer is the new state of the step and the order: it committed
            # under the writer lock after checking the order was still ours to pick.
            self._order = self._order.after_step(
                step.task_id,
                picked=picked,
                short=short,
                task_open=outcome.task_remaining > 0,
                status=outcome.order_status,
            )
        following = self._current()
        if following is None or following.task_id == step.task_id:
            self._stage = Stage.ITEM
            return
        # Next task in the same bin: no need to scan the bin again.
        same_bin = following.location_code == step.location_code
        self._stage = Stage.ITEM if same_bin else Stage.BIN
        self._last_booked = None

    def _put_back_scan(self, order: OrderPicture, scan: ParsedScan) -> FlowView:
        operator = self._ctx.operator.badge_code
        if not order.put_backs:
            told = _why_stopped(order) or with_args(PUT_BACK_FINISHED, order=order.order_no)
            return self._answer(False, told)
        done, message = put_back_scan(self._store, order, scan, operator)
        self._reload()
        return self._answer(done, message)

    def _number_first(self, order: OrderPicture, scan: ParsedScan) -> FlowView:
        return self._answer(False, TYPE_NUMBER_NOW)

    def _unpick_scan(self, order: OrderPicture, scan: ParsedScan) -> FlowView:
        """In the unpick step each scanned unit goes back to where it was picked from."""
        codes = scan.item_codes
        resolved = self._resolve(order.owner_id, codes)
        serial = scan.serial_no
        if resolved is None:
            # A serial-numbered unit is taken back by its serial alone.
            sku_id = picked_serial_sku(self._store, order.order_no, scan.code)
            if sku_id is None:
                return self._answer(False, with_args(UNKNOWN_ITEM, scanned=scan.code))
            code, serial = sku_id, scan.code.strip()
        else:
            code = resolved[0]
        done, message = run_unpick(
            self._store,
            order.order_no,
            self._ctx.operator.badge_code,
            code=code,
            batch_no=scan.batch_no,
            serial_no=serial,
        )
        self._reload()
        return self._answer(done, message)

    # --- typed numbers ---------------------------------------------------------------------

    def on_number(self, text: str) -> FlowResult:
        self._catch_up()
        undoable, self._undoable = self._undoable, None
        if self._stage is Stage.EXCEPTION_REASON and self._order is not None:
            return self._raise_exception(self._order, text)
        step = self._current()
        if step is None or self._stopped() or self._stage is Stage.UNPICK:
            return self._answer(False, NOT_HERE)
        if self._stage is Stage.SHORT_REASON:
            return self._short(step, text.strip())
        return self._typed_quantity(step, text.strip(), undoable)

    def _typed_quantity(self, step: PickStep, text: str, undoable: Booked | None) -> FlowView:
        number = parse_typed_number(text)
        if number.value is None or number.value < 1:
            return self._answer(False, number_refusal(number))
        quantity = number.value
        last = self._last_booked
        if self._stage is not Stage.ITEM or last is None or last[0] != step.task_id:
            return self._answer(False, TYPE_AFTER_SCAN)
        if step.serial_managed:
            return self._answer(False, SERIAL_ONE_BY_ONE)
        extra = quantity - 1  # the scan itself already booked one unit
        view = self._book(step, last[1], extra, last[2], []) if extra else self.view()
        if extra and view.feedback is Feedback.BAD:
            return view
        if undoable is not None and undoable.task_id == step.task_id:
            # The answer says "Picked N": UNDO now takes all N back.
            self._undoable = Booked(step.task_id, last[1], quantity, last[2], None)
        if extra and self._current() is None:
            return view
        return self._answer(True, with_args(PICKED, qty=str(quantity), sku=step.sku_id))

    def _short(self, step: PickStep, text: str) -> FlowView:
        reason = SHORT_REASONS.get(text)
        if reason is None:
            return self._answer(False, BAD_REASON)
        operator = self._ctx.operator.badge_code
        quantity = step.remaining
        try:
            outcome = run_service(
                self._store,
                lambda uow: short_pick(
                    uow, step.task_id, quantity=quantity, reason=reason, operator=operator
                ),
            )
        except FloorError as error:
            self._stage = self._stage_before_short
            self._reload()
            return self._answer(False, from_error(error))
        self._after_booking(step, outcome, short=quantity)
        if self._stage is Stage.SHORT_REASON:
            self._stage = Stage.BIN
        return self._answer(True, with_args(SHORTED, qty=str(quantity), sku=step.sku_id))

    # --- command barcodes ------------------------------------------------------------------

    def on_command(self, command: Command) -> FlowResult:
        self._catch_up()
        undoable, self._undoable = self._undoable, None
        special = self._taking_back(command, undoable)
        if special is None:
            special = self._exception_command(command)
        if special is None and command is Command.LEAVE:
            special = self._leave()
        if special is not None:
            return special
        finished = self._order is None or self._stopped() or self._current() is None
        if command in (Command.CONFIRM, Command.NEXT_TASK):
            return self._move_on() if finished else self._answer(False, FINISH_FIRST)
        if command is Command.CANCEL:
            if self._stage is Stage.SHORT_REASON:
                self._stage = self._stage_before_short
                return self._answer(True)
            return SwitchMode(Mode.TASKS)
        step = self._current()
        if finished or step is None:
            return self._answer(False, NOT_HERE)
        return self._step_command(step, command)

    def _taking_back(self, command: Command, undoable: Booked | None) -> FlowView | None:
        """UNDO right after a booking, and the unpick step's commands; None for the rest."""
        if self._order is None or self._stopped():
            return None
        if command is Command.UNDO and undoable is not None:
            return self._undo_booking(undoable)
        leaving = self._stage is Stage.UNPICK and command in (Command.CANCEL, Command.CONFIRM)
        if command is Command.UNPICK or leaving:
            return self._toggle_unpick()
        return None

    def _exception_command(self, command: Command) -> FlowView | None:
        """CMD:EXCEPTION asks for the reason's number; CANCEL or UNDO leaves that step, other
        commands wait for the number. None: not the exception step's."""
        if self._stage is Stage.EXCEPTION_REASON:
            if command in (Command.CANCEL, Command.UNDO):
                self._stage = self._stage_before_exception
                return self._answer(True)
            return self._answer(False, TYPE_NUMBER_NOW)
        if command is not Command.EXCEPTION:
            return None
        if self._order is None or self._stopped():
            return self._answer(False, NOT_HERE)
        self._stage_before_exception = self._stage
        self._stage = Stage.EXCEPTION_REASON
        self._pending = None
        return self._answer(True)

    def _raise_exception(self, order: OrderPicture, text: str) -> FlowView:
        raised, message = raise_by_number(
            self._store, order.order_no, self._ctx.operator.badge_code, text
        )
        if raised or message.reason is not None:
            # Raised (the order is on hold now) or refused by the service: back to the walk.
            self._stage = Stage.BIN if raised else self._stage_before_exception
            self._reload()
        return self._answer(raised, message)

    def _move_on(self) -> FlowResult:
        order = self._order
        if order is not None and order.put_backs:
            template = LOST_NOTICE if order.handled_remotely else CANCEL_NOTICE
            return self._answer(False, with_args(template, order=order.order_no))
        current = self._order.order_no if self._order else None
        following = next_workable_order(
            self._store, exclude=current, operator=self._ctx.operator.badge_code
        )
        return SwitchMode(Mode.PICK, following) if following else SwitchMode(Mode.TASKS)

    def _step_command(self, step: PickStep, command: Command) -> FlowView:
        if command is Command.SHORT:
            if self._stage is not Stage.SHORT_REASON:
                self._stage_before_short = self._stage
            self._stage = Stage.SHORT_REASON
            return self._answer(True)
        if command is Command.SKIP:
            self._skipped.append(step.task_id)
            self._stage = Stage.BIN
            self._pending = None
            return self._answer(True, SKIPPED)
        if command is Command.UNDO:
            return self._undo()
        return self._answer(False, NOT_HERE)

    def _undo_booking(self, booked: Booked) -> FlowView:
        """CMD:UNDO right after "Picked N × …": those N units go back to their bin."""
        assert self._order is not None
        done, message = run_unpick(
            self._store,
            self._order.order_no,
            self._ctx.operator.badge_code,
            code=booked.code,
            quantity=booked.quantity,
            batch_no=booked.batch_no,
            serial_no=booked.serial_no,
            task_id=booked.task_id,
        )
        if not done:
            return self._answer(False, message)
        self._reload()
        self._last_booked = None
        self._pending = None
        step = self._current()
        undone_here = step is not None and step.task_id == booked.task_id
        self._stage = Stage.ITEM if undone_here else Stage.BIN
        return self._answer(True, message)

    def _toggle_unpick(self) -> FlowView:
        if self._stage is Stage.UNPICK:
            self._stage = Stage.BIN  # the picker walked: scan the bin of the next pick
            return self._answer(True, UNPICK_OFF)
        self._stage = Stage.UNPICK
        self._pending = None
        self._last_booked = None
        return self._answer(True, UNPICK_ON)

    def _undo(self) -> FlowView:
        previous = {
            Stage.SERIAL: Stage.ITEM,
            Stage.BATCH: Stage.ITEM,
            Stage.ITEM: Stage.BIN,
            Stage.SHORT_REASON: self._stage_before_short,
        }
        if self._stage is Stage.BIN:
            return self._answer(False, NOTHING_TO_UNDO)
        self._stage = previous[self._stage]
        self._pending = None
        self._last_booked = None
        return self._answer(True, UNDONE)
