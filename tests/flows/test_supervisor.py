"""Supervisor approval by badge scan + typed PIN."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from sqlalchemy import select

from app.flows.view import PromptKey
from app.scanning.gs1 import parse_scan
from app.supervision.approval import ApprovalState, SupervisorApproval
from app.supervision.pins import (
    AUDIT_ENTITY,
    FREE_ATTEMPTS,
    LOCKED_ACTION,
    SIGNED_IN_ACTION,
    WRONG_PIN_ACTION,
    SignInOutcome,
    locked_for,
    sign_in_supervisor,
)
from local_db.models import AuditLog
from local_db.store import Store, open_store
from local_db.types import utc_now
from oms_contract.pins import hash_pin
from tests.flows.seed import PICKER_BADGE, SUPERVISOR_BADGE, SUPERVISOR_PIN, seed_master_data


def test_badge_then_pin_approves(tmp_path: Path) -> None:
    store = open_store(tmp_path / "s.sqlite3")
    seed_master_data(store, hash_pin(SUPERVISOR_PIN, iterations=1000))
    try:
        approval = SupervisorApproval(store)
        assert approval.prompt.key is PromptKey.SCAN_SUPERVISOR_BADGE
        assert approval.on_scan(parse_scan(PICKER_BADGE)).refusal is not None
        assert approval.state is ApprovalState.WAITING_BADGE
        assert approval.on_scan(parse_scan(SUPERVISOR_BADGE)).refusal is None
        assert approval.prompt.key is PromptKey.TYPE_SUPERVISOR_PIN
        wrong = approval.on_number("0000")
        assert wrong.refusal is not None and wrong.refusal.code == "wrong_pin"
        assert approval.state is ApprovalState.WAITING_BADGE
        approval.on_scan(parse_scan(SUPERVISOR_BADGE))
        assert approval.on_number(SUPERVISOR_PIN).approved_by == SUPERVISOR_BADGE
    finally:
        store.close()


def _approval_at(store: Store, offset_s: float = 0) -> SupervisorApproval:
    return SupervisorApproval(store, clock=lambda: utc_now() + dt.timedelta(seconds=offset_s))


def _wrong_pin(approval: SupervisorApproval) -> str:
    assert approval.on_scan(parse_scan(SUPERVISOR_BADGE)).refusal is None
    refusal = approval.on_number("0000").refusal
    assert refusal is not None
    return refusal.code


def _audit_actions(store: Store) -> list[str]:
    with store.read_session() as session:
        return list(
            session.scalars(
                select(AuditLog.action)
                .where(AuditLog.entity == AUDIT_ENTITY, AuditLog.entity_key == SUPERVISOR_BADGE)
                .order_by(AuditLog.id)
            )
        )


def test_wrong_pins_lock_the_badge_across_a_restart_then_for_longer(tmp_path: Path) -> None:
    path = tmp_path / "s.sqlite3"
    store = open_store(path)
    seed_master_data(store, hash_pin(SUPERVISOR_PIN, iterations=1000))
    approval = _approval_at(store)
    codes = [_wrong_pin(approval) for _ in range(FREE_ATTEMPTS)]
    assert codes == ["wrong_pin"] * (FREE_ATTEMPTS - 1) + ["supervisor_locked"]
    store.close()

    # A restart does not unlock it: the lock is read back from the audit log.
    store = open_store(path)
    try:
        approval = _approval_at(store)
        locked = approval.on_scan(parse_scan(SUPERVISOR_BADGE)).refusal
        assert locked is not None and locked.code == "supervisor_locked"
        assert locked.args == {"badge": SUPERVISOR_BADGE, "seconds": "30"}
        assert approval.state is ApprovalState.WAITING_BADGE
        # Even the right PIN is not checked while locked.
        assert sign_in_supervisor(store, SUPERVISOR_BADGE, SUPERVISOR_PIN).outcome is (
            SignInOutcome.LOCKED
        )

        # 31 s later the badge is open again; one more wrong PIN locks it for twice as long.
        later = _approval_at(store, 31)
        assert _wrong_pin(later) == "supervisor_locked"
        assert locked_for(store, SUPERVISOR_BADGE, utc_now() + dt.timedelta(seconds=31)) > 55
        much_later = _approval_at(store, 31 + 61)
        assert much_later.on_scan(parse_scan(SUPERVISOR_BADGE)).refusal is None
        assert much_later.on_number(SUPERVISOR_PIN).approved_by == SUPERVISOR_BADGE
        # A good PIN clears the count: the next wrong one is just wrong.
        assert _wrong_pin(_approval_at(store, 31 + 61)) == "wrong_pin"

        # Every attempt is in the audit trail, never the PIN itself.
        actions = _audit_actions(store)
        assert actions == [WRONG_PIN_ACTION] * FREE_ATTEMPTS + [
            LOCKED_ACTION,
            WRONG_PIN_ACTION,
            SIGNED_IN_ACTION,
            WRONG_PIN_ACTION,
        ]
        with store.read_session() as session:
            stored = " ".join(
                f"{row.before_json} {row.after_json}" for row in session.scalars(select(AuditLog))
            )
        assert SUPERVISOR_PIN not in stored and "0000" not in stored
    finally:
        store.close()


def test_a_lock_is_per_badge(tmp_path: Path) -> None:
    store = open_store(tmp_path / "s.sqlite3")
    seed_master_data(store, hash_pin(SUPERVISOR_PIN, iterations=1000))
    try:
        for _ in range(FREE_ATTEMPTS):
            sign_in_supervisor(store, SUPERVISOR_BADGE, "0000")
        assert locked_for(store, SUPERVISOR_BADGE) > 0
        assert locked_for(store, PICKER_BADGE) == 0
    finally:
        store.close()
