"""Supervisor approval inside a flow: scan a supervisor badge, then type the PIN.

Used where a floor action needs a second pair of eyes (count differences above the
threshold, ...). Everything happens by scan and keypad, like the rest of the floor. The PIN
check and its lock-out after wrong PINs are :mod:`app.supervision.pins`'.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum

from app.flows.view import Message, Prompt, PromptKey
from app.scanning.gs1 import ParsedScan
from app.supervision.pins import (
    SignIn,
    SignInOutcome,
    locked_for,
    sign_in_supervisor,
    supervisor_pin_hash,
)
from local_db.store import Store
from local_db.types import utc_now


class ApprovalState(StrEnum):
    WAITING_BADGE = "waiting_badge"
    WAITING_PIN = "waiting_pin"


@dataclass(frozen=True)
class ApprovalOutcome:
    approved_by: str | None = None
    refusal: Message | None = None


NOT_A_SUPERVISOR = Message("not_a_supervisor")
WRONG_PIN = Message("wrong_pin")


def supervisor_locked(badge: str, seconds: int) -> Message:
    return Message("supervisor_locked", {"badge": badge, "seconds": str(seconds)})


def refusal_of(sign_in: SignIn) -> Message | None:
    """The operator's message for a sign-in that did not approve (None if it did)."""
    if sign_in.outcome is SignInOutcome.APPROVED:
        return None
    if sign_in.outcome is SignInOutcome.LOCKED:
        return supervisor_locked(sign_in.badge, sign_in.locked_for_s)
    if sign_in.outcome is SignInOutcome.NOT_A_SUPERVISOR:
        return NOT_A_SUPERVISOR
    return WRONG_PIN


class SupervisorApproval:
    def __init__(self, store: Store, clock: Callable[[], dt.datetime] = utc_now) -> None:
        self._store = store
        self._clock = clock
        self.state = ApprovalState.WAITING_BADGE
        self._badge: str | None = None

    @property
    def prompt(self) -> Prompt:
        if self.state is ApprovalState.WAITING_BADGE:
            return Prompt(PromptKey.SCAN_SUPERVISOR_BADGE)
        return Prompt(PromptKey.TYPE_SUPERVISOR_PIN, {"badge": self._badge or ""})

    def on_scan(self, scan: ParsedScan) -> ApprovalOutcome:
        badge = scan.code.strip()
        if supervisor_pin_hash(self._store, badge) is None:
            self._reset()
            return ApprovalOutcome(refusal=NOT_A_SUPERVISOR)
        # Said at the badge already, so nobody types a PIN that will not be checked.
        seconds = locked_for(self._store, badge, self._clock())
        if seconds:
            self._reset()
            return ApprovalOutcome(refusal=supervisor_locked(badge, seconds))
        self._badge = badge
        self.state = ApprovalState.WAITING_PIN
        return ApprovalOutcome()

    def on_number(self, text: str) -> ApprovalOutcome:
        if self.state is not ApprovalState.WAITING_PIN or self._badge is None:
            return ApprovalOutcome(refusal=NOT_A_SUPERVISOR)
        badge = self._badge
        self._reset()
        result = sign_in_supervisor(self._store, badge, text, self._clock())
        refusal = refusal_of(result)
        if refusal is not None:
            return ApprovalOutcome(refusal=refusal)
        return ApprovalOutcome(approved_by=badge)

    def _reset(self) -> None:
        self.state = ApprovalState.WAITING_BADGE
        self._badge = None
