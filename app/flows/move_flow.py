"""Bin-to-bin move by scans: scan the bin, the item (batch, serials), type how many, scan
the destination bin, scan CONFIRM. Only free units move (not reserved, frozen or damaged)."""

from __future__ import annotations

from app.errors import FloorError
from app.flows.base import FlowContext
from app.flows.messages import run_service, with_args
from app.flows.stock_steps import UNKNOWN_BIN, Stage, StockStepsFlow
from app.flows.view import FlowView, Message, Mode, Prompt, PromptKey
from app.queries.items import ItemMatch
from app.scanning.gs1 import ParsedScan
from app.services.lookups import get_location
from app.services.moving import move_stock
from local_db.store import UnitOfWork

SAME_BIN = Message("same_bin")
TARGET_FROZEN = Message("target_frozen")
STOCK_MOVED = Message("stock_moved")


class MoveFlow(StockStepsFlow):
    mode = Mode.MOVE

    def __init__(self, context: FlowContext, start_with: str | None = None) -> None:
        super().__init__(context)
        self._target: str | None = None

    def _reset(self) -> None:
        super()._reset()
        self._target = None

    def _wants_serials(self, item: ItemMatch) -> bool:
        return item.serial_managed

    def _after_quantity(self) -> Stage:
        return Stage.TARGET

    def _prompt(self) -> Prompt:
        chosen = self._chosen
        args = {
            "qty": str(self._quantity),
            "sku": chosen.item.sku_id if chosen else "",
            "bin": self._bin or "",
        }
        if self._stage is Stage.TARGET:
            return Prompt(PromptKey.SCAN_MOVE_TARGET, args)
        return Prompt(PromptKey.CONFIRM_STOCK_ACTION)

    def _own_details(self) -> list[tuple[str, str]]:
        return [("to", self._target)] if self._target else []

    def _step_back(self) -> Stage:
        if self._stage is Stage.CONFIRM:
            self._target = None
            return Stage.TARGET
        return Stage.QUANTITY

    def _own_scan(self, scan: ParsedScan) -> FlowView:
        if self._stage is not Stage.TARGET:
            return super()._own_scan(scan)
        code = scan.code.strip()
        try:
            with self._store.read_session() as session:
                target = get_location(session, code)
                frozen, target_code = target.frozen, target.code
        except FloorError:
            return self._answer(False, with_args(UNKNOWN_BIN, bin=code))
        if target_code == self._bin:
            return self._answer(False, with_args(SAME_BIN, bin=target_code))
        if frozen:
            return self._answer(False, with_args(TARGET_FROZEN, bin=target_code))
        self._target = target_code
        self._stage = Stage.CONFIRM
        return self._answer(True)

    def _booking(self, approved_by: str | None = None) -> Message:
        chosen, target = self._chosen, self._target
        assert chosen is not None and target is not None
        quantity, serials = self._quantity, tuple(self._serials)
        operator = self._ctx.operator.badge_code

        def move(uow: UnitOfWork) -> None:
            move_stock(
                uow,
                from_location=chosen.location_code,
                to_location=target,
                owner_id=chosen.item.owner_id,
                sku_id=chosen.item.sku_id,
                quantity=quantity,
                operator=operator,
                batch_no=chosen.batch_no,
                serials=serials,
            )

        run_service(self._store, move)
        return with_args(
            STOCK_MOVED,
            qty=str(quantity),
            sku=chosen.item.sku_id,
            bin=chosen.location_code,
            to=target,
        )
