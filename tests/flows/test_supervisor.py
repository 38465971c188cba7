"""Supervisor approval by badge scan + typed PIN."""

from __future__ import annotations

from pathlib import Path

from app.flows.supervisor import ApprovalState, SupervisorApproval
from app.flows.view import PromptKey
from app.pins import hash_pin
from app.scanning.gs1 import parse_scan
from local_db.store import open_store
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
