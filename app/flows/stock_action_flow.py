"""QC hold (freeze / unfreeze), damage, write-off and found goods by scans: scan the bin, the
item (batch), type how many, type the reason's number; a supervisor books at once (scan
CONFIRM), an operator above the station's threshold hands the station to a supervisor for
badge + PIN (app/services/stock_actions.py checks it again)."""

from __future__ import annotations

from app.flows.base import FlowContext
from app.flows.messages import run_service, with_args
from app.flows.stock_steps import Stage, StockStepsFlow
from app.flows.view import FlowView, Message, Mode, Prompt, PromptKey
from app.scanning.gs1 import ParsedScan
from app.scanning.numbers import parse_typed_number
from app.services.stock_actions import (
    ACTION_REASONS,
    StockAction,
    StockActionRequest,
    book_stock_action,
    needs_approval,
)
from app.services.stock_ledger import free_qty
from app.supervision.approval import SupervisorApproval
from local_db.models import Stock
from local_db.store import UnitOfWork

BAD_STOCK_REASON = Message("bad_stock_reason")
STOCK_ACTION_NEEDS_SUPERVISOR = Message("stock_action_needs_supervisor")
# What was booked, said in the action's own words.
_BOOKED = {
    StockAction.FREEZE: Message("stock_frozen"),
    StockAction.UNFREEZE: Message("stock_unfrozen"),
    StockAction.DAMAGE: Message("stock_damaged"),
    StockAction.WRITE_OFF: Message("stock_written_off"),
    StockAction.FOUND: Message("stock_found"),
}

_REASON_PROMPTS = {
    StockAction.FREEZE: PromptKey.TYPE_FREEZE_REASON,
    StockAction.UNFREEZE: PromptKey.TYPE_UNFREEZE_REASON,
    StockAction.DAMAGE: PromptKey.TYPE_DAMAGE_REASON,
    StockAction.WRITE_OFF: PromptKey.TYPE_WRITE_OFF_REASON,
    StockAction.FOUND: PromptKey.TYPE_FOUND_REASON,
}


class StockActionFlow(StockStepsFlow):
    action: StockAction

    def __init__(self, context: FlowContext, start_with: str | None = None) -> None:
        super().__init__(context)
        self._reason: str | None = None
        self._approval: SupervisorApproval | None = None

    def _reset(self) -> None:
        super()._reset()
        self._reason, self._approval = None, None

    def _after_quantity(self) -> Stage:
        return Stage.REASON

    def _limit(self, row: Stock) -> int:
        return row.frozen if self.action is StockAction.UNFREEZE else max(free_qty(row), 0)

    def _prompt(self) -> Prompt:
        if self._stage is Stage.REASON:
            return Prompt(_REASON_PROMPTS[self.action])
        if self._stage is Stage.APPROVAL and self._approval is not None:
            return self._approval.prompt
        return Prompt(PromptKey.CONFIRM_STOCK_ACTION)

    def _pin_step(self) -> bool:
        approval = self._approval
        return approval is not None and approval.prompt.key is PromptKey.TYPE_SUPERVISOR_PIN

    def _own_details(self) -> list[tuple[str, str]]:
        return [("reason", self._reason)] if self._reason else []

    def _step_back(self) -> Stage:
        if self._stage in (Stage.CONFIRM, Stage.APPROVAL):
            self._reason, self._approval = None, None
            return Stage.REASON
        return Stage.QUANTITY

    def _own_number(self, text: str) -> FlowView:
        if self._stage is Stage.APPROVAL and self._approval is not None:
            outcome = self._approval.on_number(text)
            if outcome.approved_by is None:
                return self._answer(False, outcome.refusal)
            return self._book(approved_by=outcome.approved_by)
        if self._stage is not Stage.REASON:
            return super()._own_number(text)
        reasons = ACTION_REASONS[self.action]
        number = parse_typed_number(text)
        if number.value is None or not 1 <= number.value <= len(reasons):
            return self._answer(
                False, with_args(BAD_STOCK_REASON, text=number.shown, max=str(len(reasons)))
            )
        self._reason = reasons[number.value - 1]
        operator = self._ctx.operator
        if needs_approval(operator.role, self._quantity, self._ctx.stock_action_threshold):
            self._stage, self._approval = Stage.APPROVAL, SupervisorApproval(self._store)
            message = with_args(
                STOCK_ACTION_NEEDS_SUPERVISOR, threshold=str(self._ctx.stock_action_threshold)
            )
            return self._answer(True, message)
        self._stage = Stage.CONFIRM
        return self._answer(True)

    def _own_scan(self, scan: ParsedScan) -> FlowView:
        if self._stage is Stage.APPROVAL and self._approval is not None:
            outcome = self._approval.on_scan(scan)
            return self._answer(outcome.refusal is None, outcome.refusal)
        return super()._own_scan(scan)

    def _booking(self, approved_by: str | None = None) -> Message:
        chosen, reason = self._chosen, self._reason
        assert chosen is not None and reason is not None
        request = StockActionRequest(
            location_code=chosen.location_code,
            owner_id=chosen.item.owner_id,
            sku_id=chosen.item.sku_id,
            quantity=self._quantity,
            reason=reason,
            batch_no=chosen.batch_no,
            expiry_date=chosen.expiry_date,
        )
        operator, threshold = self._ctx.operator.badge_code, self._ctx.stock_action_threshold

        def book(uow: UnitOfWork) -> None:
            book_stock_action(
                uow,
                self.action,
                request,
                operator=operator,
                approved_by=approved_by,
                threshold=threshold,
            )

        run_service(self._store, book)
        return with_args(
            _BOOKED[self.action],
            qty=str(request.quantity),
            sku=request.sku_id,
            bin=request.location_code,
            reason=reason,
        )


class FreezeFlow(StockActionFlow):
    mode = Mode.FREEZE
    action = StockAction.FREEZE


class UnfreezeFlow(StockActionFlow):
    mode = Mode.UNFREEZE
    action = StockAction.UNFREEZE


class DamageFlow(StockActionFlow):
    mode = Mode.DAMAGE
    action = StockAction.DAMAGE


class WriteOffFlow(StockActionFlow):
    mode = Mode.WRITE_OFF
    action = StockAction.WRITE_OFF


class FoundFlow(StockActionFlow):
    mode = Mode.FOUND
    action = StockAction.FOUND
    adds_stock = True
