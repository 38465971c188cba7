"""The task list as a flow: scan an order number (or NEXT TASK) to start working on it.

Starting an order asks for its claim first (#14), so a picker learns that another station
works it before walking to its first bin; "next task" passes over orders it finds taken."""

from __future__ import annotations

from sqlalchemy import select

from app.flows.base import FlowContext, FlowResult, SwitchMode
from app.flows.claim_step import CLAIMED_ELSEWHERE, UNCLAIMED_OFFLINE, claim_refusal
from app.flows.messages import NOT_HERE, UNKNOWN_ORDER, on_hold
from app.flows.view import Feedback, FlowView, Message, Mode, Prompt, PromptKey
from app.queries.pick_tasks import next_claimed_order, next_workable_order
from app.scanning.commands import Command
from app.scanning.gs1 import ParsedScan
from local_db.models.outbound import OutboundOrder

ORDER_CANCELLED = Message("order_cancelled")
ORDER_HELD = Message("order_held")
ORDER_SHIPPED = Message("order_shipped")
ORDER_ELSEWHERE = Message("order_elsewhere")
NO_WORK = Message("no_work")

_NEXT_MODE = {
    "ALLOCATED": Mode.PICK,
    "PICKING": Mode.PICK,
    "PICKED": Mode.PACK,
    "PACKED": Mode.PACK,
}
_REFUSALS = {"CANCELLED": ORDER_CANCELLED, "SHORTAGE": ORDER_HELD, "SHIPPED": ORDER_SHIPPED}
_HANDED_OVER = ("PICKED", "PACKED")
"""A packing station takes these orders' claims from the picker's station (handover)."""
MAX_TAKEN_IN_A_ROW = 10
"""How many orders "next task" passes over because other stations hold them before it
says there is no work here (the rest are marked taken on the list by then)."""


class TaskListFlow:
    mode = Mode.TASKS

    def __init__(self, context: FlowContext, start_with: str | None = None) -> None:
        self._context = context

    def view(self) -> FlowView:
        return FlowView(Mode.TASKS, Prompt(PromptKey.SCAN_ORDER_OR_NEXT))

    def refresh(self) -> FlowView:
        return self.view()

    def on_scan(self, scan: ParsedScan) -> FlowResult:
        order_no = scan.code.strip()
        with self._context.store.read_session() as session:
            order = session.scalars(
                select(OutboundOrder).where(OutboundOrder.order_no == order_no)
            ).first()
            if order is None:
                return self._refuse(UNKNOWN_ORDER, order_no)
            if order.handled_remotely:
                return self._refuse(ORDER_ELSEWHERE, order_no)
            refusal = _REFUSALS.get(order.status)
            if refusal is not None:
                return self._refuse(refusal, order_no)
            if order.hold_reason is not None:
                return self._refuse(on_hold(order_no, order.hold_reason), order_no)
            status = order.status
        # Assigned to someone else: taken all the same (the scan is deliberate); the pick and
        # pack screens say whose it is. The claim is asked outside the read transaction.
        refusal = claim_refusal(self._context, order_no, handover=status in _HANDED_OVER)
        if refusal is not None:
            return self._refuse(refusal, order_no)
        return SwitchMode(_NEXT_MODE.get(status, Mode.PICK), order_no)

    def on_number(self, text: str) -> FlowResult:
        return self._refuse(NOT_HERE, "")

    def on_command(self, command: Command) -> FlowResult:
        if command is not Command.NEXT_TASK:
            return self._refuse(NOT_HERE, "")
        taken: Message | None = None
        for _ in range(MAX_TAKEN_IN_A_ROW):
            order_no = next_workable_order(
                self._context.store, operator=self._context.operator.badge_code
            )
            if order_no is None:
                break
            refusal = claim_refusal(self._context, order_no)
            if refusal is None:
                return SwitchMode(Mode.PICK, order_no)
            if refusal.code == UNCLAIMED_OFFLINE.code:
                return self._offline_next(refusal)
            if refusal.code != CLAIMED_ELSEWHERE.code:
                return self._refuse(refusal, order_no)
            taken = refusal  # recorded as taken: the next query passes over it
        if taken is not None:
            return self._refuse(taken, "")
        return FlowView(Mode.TASKS, Prompt(PromptKey.NO_WORK), Feedback.BAD, NO_WORK)

    def _offline_next(self, refusal: Message) -> FlowResult:
        """Offline, with unclaimed starts not allowed: the orders this station holds (a
        supervisor's block) are the work there is."""
        order_no = next_claimed_order(self._context.store)
        if order_no is not None:
            return SwitchMode(Mode.PICK, order_no)
        return self._refuse(refusal, "")

    def _refuse(self, message: Message, order_no: str) -> FlowView:
        return FlowView(
            Mode.TASKS,
            Prompt(PromptKey.SCAN_ORDER_OR_NEXT),
            Feedback.BAD,
            message
            if message.reason or message.args
            else Message(message.code, {"order": order_no}),
        )
