"""Supervisor mode: badge + PIN open the supervisor's console.

A supervisor logged in types only the PIN (their badge is offered for them). On an
operator's session a supervisor scans their badge and types the PIN, and the console then
runs as that supervisor (the view says so). The check and the lock-out after wrong PINs are
:class:`app.supervision.approval.SupervisorApproval`'s, as everywhere a PIN is asked. Leaving
is the session's: a mode command, a log-out or the idle time-out.
"""

from __future__ import annotations

from app.flows.base import FlowContext, FlowResult, OperatorInfo, SwitchMode
from app.flows.messages import NOT_HERE
from app.flows.view import ConsoleSignIn, Feedback, FlowView, Message, Mode, Prompt, PromptKey
from app.queries.operators import find_operator
from app.scanning.commands import Command
from app.scanning.gs1 import ParsedScan, parse_scan
from app.supervision.approval import WRONG_PIN, ApprovalState, SupervisorApproval

WRONG_PIN_AGAIN = Message("wrong_pin_again")
"""A logged-in supervisor mistyped: their badge is offered again, they type again."""


class SupervisorConsoleFlow:
    mode = Mode.SUPERVISOR

    def __init__(self, context: FlowContext, start_with: str | None = None) -> None:
        self._ctx = context
        self._approval = SupervisorApproval(context.store, context.clock)
        self._console: ConsoleSignIn | None = None
        self._feedback = Feedback.NONE
        self._message: Message | None = None
        self._offer_own_badge()

    def _offer_own_badge(self) -> Message | None:
        """A supervisor's own session: the badge is known, only the PIN is asked."""
        operator = self._ctx.operator
        if not operator.is_supervisor:
            return None
        return self._approval.on_scan(parse_scan(operator.badge_code)).refusal

    def view(self) -> FlowView:
        pin_step = self._console is None and self._approval.state is ApprovalState.WAITING_PIN
        if self._console is not None:
            prompt = Prompt(PromptKey.CONSOLE_OPEN, {"name": self._console.name})
        else:
            prompt = self._approval.prompt
        return FlowView(
            Mode.SUPERVISOR,
            prompt,
            feedback=self._feedback,
            message=self._message,
            wants_number=pin_step,
            secret_number=pin_step,
            console=self._console,
        )

    def refresh(self) -> FlowView:
        self._feedback = Feedback.NONE
        return self.view()

    def on_scan(self, scan: ParsedScan) -> FlowResult:
        if self._console is not None:
            return self._answer(False, NOT_HERE)
        outcome = self._approval.on_scan(scan)
        return self._answer(outcome.refusal is None, outcome.refusal)

    def on_number(self, text: str) -> FlowResult:
        if self._console is not None or self._approval.state is not ApprovalState.WAITING_PIN:
            return self._answer(False, NOT_HERE)
        outcome = self._approval.on_number(text)
        if outcome.approved_by is None:
            refusal = outcome.refusal
            if refusal == WRONG_PIN and self._ctx.operator.is_supervisor:
                refusal = self._offer_own_badge() or WRONG_PIN_AGAIN
            return self._answer(False, refusal)
        supervisor = find_operator(self._ctx.store, outcome.approved_by)
        assert supervisor is not None  # the approval has just checked badge and role
        self._console = _sign_in(supervisor, self._ctx.operator)
        return self._answer(True, Message("console_opened", {"name": supervisor.name}))

    def on_command(self, command: Command) -> FlowResult:
        if command is Command.CANCEL:
            return SwitchMode(Mode.TASKS)
        return self._answer(False, NOT_HERE)

    def _answer(self, good: bool, message: Message | None = None) -> FlowView:
        self._feedback = Feedback.GOOD if good else Feedback.BAD
        self._message = message
        return self.view()


def _sign_in(supervisor: OperatorInfo, operator: OperatorInfo) -> ConsoleSignIn:
    on_behalf = operator.badge_code != supervisor.badge_code
    return ConsoleSignIn(
        supervisor.badge_code, supervisor.name, operator.name if on_behalf else None
    )
