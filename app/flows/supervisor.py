"""Supervisor approval inside a flow: scan a supervisor badge, then type the PIN.

Used where a floor action needs a second pair of eyes (count differences above the
threshold, ...). Everything happens by scan and keypad, like the rest of the floor.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from app.flows.operators import supervisor_pin_hash
from app.flows.view import Message, Prompt, PromptKey
from app.pins import verify_pin
from app.scanning.gs1 import ParsedScan
from local_db.store import Store


class ApprovalState(StrEnum):
    WAITING_BADGE = "waiting_badge"
    WAITING_PIN = "waiting_pin"


@dataclass(frozen=True)
class ApprovalOutcome:
    approved_by: str | None = None
    refusal: Message | None = None


NOT_A_SUPERVISOR = Message("not_a_supervisor")
WRONG_PIN = Message("wrong_pin")


class SupervisorApproval:
    def __init__(self, store: Store) -> None:
        self._store = store
        self.state = ApprovalState.WAITING_BADGE
        self._badge: str | None = None
        self._pin_hash: str | None = None

    @property
    def prompt(self) -> Prompt:
        if self.state is ApprovalState.WAITING_BADGE:
            return Prompt(PromptKey.SCAN_SUPERVISOR_BADGE)
        return Prompt(PromptKey.TYPE_SUPERVISOR_PIN, {"badge": self._badge or ""})

    def on_scan(self, scan: ParsedScan) -> ApprovalOutcome:
        pin_hash = supervisor_pin_hash(self._store, scan.code)
        if pin_hash is None:
            self._reset()
            return ApprovalOutcome(refusal=NOT_A_SUPERVISOR)
        self._badge, self._pin_hash = scan.code.strip(), pin_hash
        self.state = ApprovalState.WAITING_PIN
        return ApprovalOutcome()

    def on_number(self, text: str) -> ApprovalOutcome:
        if self.state is not ApprovalState.WAITING_PIN or self._pin_hash is None:
            return ApprovalOutcome(refusal=NOT_A_SUPERVISOR)
        badge, pin_hash = self._badge, self._pin_hash
        self._reset()
        if not verify_pin(text.strip(), pin_hash):
            return ApprovalOutcome(refusal=WRONG_PIN)
        return ApprovalOutcome(approved_by=badge)

    def _reset(self) -> None:
        self.state = ApprovalState.WAITING_BADGE
        self._badge = self._pin_hash = None
