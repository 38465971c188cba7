"""The task list as a flow: scan an order number (or NEXT TASK) to start working on it."""

from __future__ import annotations

from sqlalchemy import select

from app.flows.base import FlowContext, FlowResult, SwitchMode
from app.flows.messages import NOT_HERE, UNKNOWN_ORDER, on_hold
from app.flows.view import Feedback, FlowView, Message, Mode, Prompt, PromptKey
from app.queries.pick_tasks import next_workable_order
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
            # Assigned to someone else: taken all the same (the scan is deliberate); the
            # pick and pack screens say whose it is.
            return SwitchMode(_NEXT_MODE.get(order.status, Mode.PICK), order_no)

    def on_number(self, text: str) -> FlowResult:
        return self._refuse(NOT_HERE, "")

    def on_command(self, command: Command) -> FlowResult:
        if command is not Command.NEXT_TASK:
            return self._refuse(NOT_HERE, "")
        order_no = next_workable_order(
            self._context.store, operator=self._context.operator.badge_code
        )
        if order_no is not None:
            return SwitchMode(Mode.PICK, order_no)
        return FlowView(Mode.TASKS, Prompt(PromptKey.NO_WORK), Feedback.BAD, NO_WORK)

    def _refuse(self, message: Message, order_no: str) -> FlowView:
        return FlowView(
            Mode.TASKS,
            Prompt(PromptKey.SCAN_ORDER_OR_NEXT),
            Feedback.BAD,
            message if message.reason else Message(message.code, {"order": order_no}),
        )
