"""Blind cycle counts by scans: small differences booked, large ones need a supervisor."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from app.flows.base import FlowContext, OperatorInfo, SwitchMode
from app.flows.count_flow import CountFlow
from app.flows.view import Feedback, FlowView, Mode, PromptKey
from app.scanning.commands import Command
from app.scanning.gs1 import parse_scan
from local_db.models import Stock, StockAdjustment
from local_db.store import Store, open_store
from oms_contract.pins import hash_pin
from tests.flows.seed import (
    PICKER_BADGE,
    SUPERVISOR_BADGE,
    SUPERVISOR_PIN,
    add_order,
    add_stock,
    outbox_types,
    seed_master_data,
)
from tests.store.support import db_state
from ui.texts import message_text

GS = "\x1d"


def counter(store: Store, threshold: int = 5) -> CountFlow:
    context = FlowContext(
        store,
        OperatorInfo(PICKER_BADGE, "Li Wei", "operator"),
        "WH1",
        count_difference_threshold=threshold,
    )
    return CountFlow(context)


def view_of(result: object) -> FlowView:
    assert isinstance(result, FlowView), result
    return result


def scan(flow: CountFlow, raw: str) -> FlowView:
    parsed = parse_scan(raw)
    if parsed.command is not None:
        return view_of(flow.on_command(parsed.command))
    return view_of(flow.on_scan(parsed))


def on_hand(store: Store, sku_id: str) -> int:
    with store.read_session() as session:
        return sum(row.on_hand for row in session.query(Stock).filter_by(sku_id=sku_id))


def test_small_difference_is_booked_and_count_stays_blind(store: Store) -> None:
    add_stock(store, "A-01-02-03", "SKU-TEA", 10)
    flow = counter(store)
    assert scan(flow, "NO-SUCH-BIN").feedback is Feedback.BAD
    view = scan(flow, "A-01-02-03")
    assert view.prompt.key is PromptKey.SCAN_COUNT_ITEMS
    scan(flow, "4006381333931")
    view = view_of(flow.on_number("8"))
    assert dict(view.details) == {"SKU-TEA": "8"}
    assert "10" not in str(view)  # blind: the book quantity never shows
    view = scan(flow, Command.CONFIRM.value)
    assert view.message is not None and view.message.code == "count_booked"
    assert on_hand(store, "SKU-TEA") == 8
    assert outbox_types(store)[-1] in {"inventory_adjusted", "stock_changed"}


def test_batch_item_needs_its_label_once(store: Store) -> None:
    flow = counter(store)
    scan(flow, "A-01-01-01")
    view = scan(flow, "04012345678901")
    assert view.prompt.key is PromptKey.SCAN_EXPIRY
    view = scan(flow, f"]C10104012345678901{GS}10L9{GS}17301231")
    assert dict(view.details) == {"SKU-MILK / L9": "1"}
    view = scan(flow, "04012345678901")  # same item again: label remembered
    assert dict(view.details) == {"SKU-MILK / L9": "2"}
    scan(flow, Command.UNDO.value)
    view = scan(flow, Command.CONFIRM.value)
    assert view.feedback is Feedback.GOOD, view.message
    assert on_hand(store, "SKU-MILK") == 1


def test_large_difference_needs_supervisor_badge_and_pin(tmp_path: Path) -> None:
    store = open_store(tmp_path / "s.sqlite3")
    seed_master_data(store, hash_pin(SUPERVISOR_PIN, iterations=1000))
    try:
        add_stock(store, "A-01-02-03", "SKU-TEA", 20)
        flow = counter(store, threshold=5)
        scan(flow, "A-01-02-03")
        scan(flow, "4006381333931")
        flow.on_number("2")
        view = scan(flow, Command.CONFIRM.value)
        assert view.prompt.key is PromptKey.SCAN_SUPERVISOR_BADGE
        assert on_hand(store, "SKU-TEA") == 20  # waits for approval
        assert scan(flow, PICKER_BADGE).feedback is Feedback.BAD
        view = scan(flow, SUPERVISOR_BADGE)
        assert view.prompt.key is PromptKey.TYPE_SUPERVISOR_PIN
        assert view.secret_number
        assert view_of(flow.on_number("9999")).feedback is Feedback.BAD
        scan(flow, SUPERVISOR_BADGE)
        view = view_of(flow.on_number(SUPERVISOR_PIN))
        assert view.message is not None and view.message.code == "count_approved"
        assert on_hand(store, "SKU-TEA") == 2
        with store.read_session() as session:
            adjustment = session.query(StockAdjustment).one()
            assert (adjustment.status, adjustment.approved_by) == ("applied", SUPERVISOR_BADGE)
    finally:
        store.close()


def test_cancel_leaves_the_difference_pending(store: Store) -> None:
    add_stock(store, "A-01-02-03", "SKU-TEA", 20)
    flow = counter(store, threshold=0)
    scan(flow, "A-01-02-03")
    scan(flow, "4006381333931")
    scan(flow, Command.CONFIRM.value)
    view = scan(flow, Command.CANCEL.value)
    assert view.message is not None and view.message.code == "count_left_pending"
    assert on_hand(store, "SKU-TEA") == 20
    assert flow.on_command(Command.CANCEL) == SwitchMode(Mode.TASKS)


@pytest.mark.parametrize(
    ("code", "refusal", "extra"),
    [
        (SUPERVISOR_BADGE, "batch_is_badge", {}),
        (PICKER_BADGE, "batch_is_badge", {}),
        ("A-01-02-03", "batch_is_bin", {}),
        ("4006381333931", "batch_is_item", {"scanned_sku": "SKU-TEA"}),
        ("04012345678901", "batch_is_item", {"scanned_sku": "SKU-MILK"}),
        ("SO-COUNT-1", "batch_is_order", {}),
        ("CMD:NO-SUCH-COMMAND", "batch_is_command", {}),
        ("S 001!", "bad_batch", {}),
    ],
)
def test_batch_step_refuses_codes_that_are_something_else(
    store: Store, code: str, refusal: str, extra: dict[str, str]
) -> None:
    """#17 count defect: a badge scanned at the batch step became batch "S001" and the PIN
    typed next was booked as the counted quantity. Known codes are refused there, the step
    stays, and a typed number counts nothing."""
    add_stock(store, "A-01-01-01", "SKU-MILK", 5, batch_no="L9", expiry=dt.date(2030, 12, 31))
    add_stock(store, "A-01-02-03", "SKU-TEA", 10)
    add_order(store, "SO-COUNT-1", [("SKU-TEA", 1)])
    flow = counter(store)
    scan(flow, "A-01-01-01")
    assert scan(flow, "04012345678901").prompt.key is PromptKey.SCAN_EXPIRY
    before = db_state(store)
    view = scan(flow, code)
    assert view.feedback is Feedback.BAD
    assert view.message is not None and view.message.code == refusal
    scanned = {"text": code} if refusal == "bad_batch" else {"scanned": code, "sku": "SKU-MILK"}
    assert view.message.args == {**scanned, **extra}
    text = message_text(view.message)  # what the operator reads: what was scanned, what next
    assert code.strip() in text and "{" not in text
    if refusal != "bad_batch":
        assert "SKU-MILK" in text
    assert view.prompt.key is PromptKey.SCAN_EXPIRY  # still waiting for the label
    view = view_of(flow.on_number(SUPERVISOR_PIN))
    assert view.feedback is Feedback.BAD and view.details == ()
    assert db_state(store) == before
    # The real label still counts the unit afterwards.
    view = scan(flow, f"]C10104012345678901{GS}10L9{GS}17301231")
    assert dict(view.details) == {"SKU-MILK / L9": "1"}


def test_a_plain_batch_number_the_books_know_is_taken_with_its_expiry(store: Store) -> None:
    add_stock(store, "A-01-01-01", "SKU-MILK", 1, batch_no="L2030-07", expiry=dt.date(2030, 7, 31))
    flow = counter(store)
    scan(flow, "A-01-01-01")
    scan(flow, "04012345678901")
    view = scan(flow, "L2030-07")
    assert view.feedback is Feedback.GOOD
    assert dict(view.details) == {"SKU-MILK / L2030-07": "1"}
    view = scan(flow, Command.CONFIRM.value)
    assert view.message is not None and view.message.code == "count_booked", view.message
    assert on_hand(store, "SKU-MILK") == 1  # the same batch and expiry: no difference


def test_an_expiry_managed_batch_without_a_known_expiry_needs_its_label(store: Store) -> None:
    flow = counter(store)
    scan(flow, "A-01-01-01")
    scan(flow, "04012345678901")
    before = db_state(store)
    view = scan(flow, "L2031-01")
    assert view.feedback is Feedback.BAD
    assert view.message is not None and view.message.code == "batch_expiry_unknown"
    assert view.message.args == {"batch": "L2031-01", "sku": "SKU-MILK"}
    assert view.prompt.key is PromptKey.SCAN_EXPIRY  # still waiting for the label
    assert db_state(store) == before
    view = scan(flow, f"]C110L2031-01{GS}17310131")
    assert view.feedback is Feedback.GOOD, view.message
    assert dict(view.details) == {"SKU-MILK / L2031-01": "1"}


def test_confirm_at_the_batch_step_books_what_was_counted(store: Store) -> None:
    add_stock(store, "A-01-01-01", "SKU-TEA", 3)
    flow = counter(store, threshold=100)
    scan(flow, "A-01-01-01")
    scan(flow, "4006381333931")
    flow.on_number("3")
    assert scan(flow, "04012345678901").prompt.key is PromptKey.SCAN_EXPIRY
    view = scan(flow, Command.CONFIRM.value)
    assert view.feedback is Feedback.GOOD, view.message
    assert view.message is not None and view.message.code == "count_booked"
    assert view.prompt.key is PromptKey.FLOW_DONE
    assert on_hand(store, "SKU-TEA") == 3
    assert on_hand(store, "SKU-MILK") == 0  # the unit without its label was never counted


def test_confirm_at_the_batch_step_with_nothing_counted_is_refused(store: Store) -> None:
    add_stock(store, "A-01-01-01", "SKU-MILK", 5, batch_no="L9", expiry=dt.date(2030, 12, 31))
    flow = counter(store)
    scan(flow, "A-01-01-01")
    scan(flow, "04012345678901")
    before = db_state(store)
    view = scan(flow, Command.CONFIRM.value)
    assert view.feedback is Feedback.BAD
    assert view.message is not None and view.message.code == "count_label_first"
    assert view.message.args == {"sku": "SKU-MILK"}
    assert view.prompt.key is PromptKey.SCAN_EXPIRY
    assert db_state(store) == before
