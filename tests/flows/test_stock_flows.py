"""Move, freeze / unfreeze, damage, write-off and found goods by scans over a real store:
each step, each refusal changing nothing, and the supervisor's badge + PIN above the
station's threshold."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select, update

from app.flows.base import FlowContext, OperatorInfo, SwitchMode
from app.flows.count_flow import CountFlow
from app.flows.move_flow import MoveFlow
from app.flows.stock_action_flow import (
    DamageFlow,
    FoundFlow,
    FreezeFlow,
    StockActionFlow,
    UnfreezeFlow,
    WriteOffFlow,
)
from app.flows.stock_steps import StockStepsFlow
from app.flows.view import Feedback, FlowView, Mode, PromptKey
from app.scanning.commands import Command
from app.scanning.gs1 import parse_scan
from app.services.counting import count_task_for
from local_db.models import AuditLog, CycleCount, SerialNumber, Stock
from local_db.store import Store, open_store
from oms_contract.pins import hash_pin
from tests.flows.seed import (
    OWNER,
    PICKER_BADGE,
    SUPERVISOR_BADGE,
    SUPERVISOR_PIN,
    add_stock,
    outbox_types,
    seed_master_data,
)
from tests.store.support import db_state

GS = "\x1d"
TEA = "4006381333931"
MILK = "04012345678901"
PHONE = "96385074"
BIN = "A-01-01-01"
OTHER_BIN = "B-02-01-01"
PICKER = OperatorInfo(PICKER_BADGE, "Li Wei", "operator")
SUPERVISOR = OperatorInfo(SUPERVISOR_BADGE, "Zhang Min", "supervisor")


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    opened = open_store(tmp_path / "station.sqlite3")
    seed_master_data(opened, hash_pin(SUPERVISOR_PIN, iterations=1000))
    yield opened
    opened.close()


def flow_for(
    kind: type[StockStepsFlow], store: Store, who: OperatorInfo = PICKER, threshold: int = 10
) -> StockStepsFlow:
    context = FlowContext(store, who, "WH1", stock_action_threshold=threshold)
    return kind(context)  # type: ignore[call-arg]


def view_of(result: object) -> FlowView:
    assert isinstance(result, FlowView), result
    return result


def scan(flow: StockStepsFlow, raw: str) -> FlowView:
    parsed = parse_scan(raw)
    if parsed.command is not None:
        return view_of(flow.on_command(parsed.command))
    return view_of(flow.on_scan(parsed))


def typed(flow: StockStepsFlow, text: str) -> FlowView:
    return view_of(flow.on_number(text))


def row(store: Store, location: str, sku_id: str, batch_no: str | None = None) -> Stock | None:
    with store.read_session() as session:
        return session.scalar(
            select(Stock).where(
                Stock.location_code == location,
                Stock.sku_id == sku_id,
                Stock.batch_no.is_(None) if batch_no is None else Stock.batch_no == batch_no,
            )
        )


def lock(store: Store, location: str, sku_id: str, locked: int) -> None:
    with store.unit_of_work() as uow:
        uow.session.execute(
            update(Stock)
            .where(Stock.location_code == location, Stock.sku_id == sku_id)
            .values(locked=locked)
        )
        uow.commit()


def audit(store: Store, action: str) -> list[tuple[str, dict[str, object]]]:
    with store.read_session() as session:
        rows = session.scalars(select(AuditLog).where(AuditLog.action == action))
        return [(r.operator, json.loads(r.after_json or "{}")) for r in rows]


def bad(view: FlowView, code: str) -> None:
    assert view.feedback is Feedback.BAD, view
    assert view.message is not None and view.message.code == code, view.message


# --- move --------------------------------------------------------------------------------


def test_move_scans_bin_item_quantity_destination_and_confirms(store: Store) -> None:
    add_stock(store, BIN, "SKU-TEA", 10)
    flow = flow_for(MoveFlow, store)
    assert flow.view().prompt.key is PromptKey.SCAN_STOCK_BIN
    view = scan(flow, BIN)
    assert view.prompt == view.prompt.__class__(PromptKey.SCAN_STOCK_ITEM, {"bin": BIN})
    view = scan(flow, TEA)
    assert view.prompt.key is PromptKey.TYPE_STOCK_QUANTITY and view.wants_number
    view = typed(flow, "4")
    assert view.prompt.key is PromptKey.SCAN_MOVE_TARGET
    assert view.prompt.args == {"qty": "4", "sku": "SKU-TEA", "bin": BIN}
    before = db_state(store)
    view = scan(flow, OTHER_BIN)
    assert view.prompt.key is PromptKey.CONFIRM_STOCK_ACTION
    assert ("to", OTHER_BIN) in view.details
    assert db_state(store) == before  # nothing is booked before CONFIRM
    view = scan(flow, Command.CONFIRM.value)
    assert view.feedback is Feedback.GOOD, view.message
    assert view.message is not None and view.message.code == "stock_moved"
    assert view.message.args == {"qty": "4", "sku": "SKU-TEA", "bin": BIN, "to": OTHER_BIN}
    source, target = row(store, BIN, "SKU-TEA"), row(store, OTHER_BIN, "SKU-TEA")
    assert source is not None and target is not None
    assert (source.on_hand, target.on_hand) == (6, 4)
    assert outbox_types(store)[-1] == "stock_changed"
    assert audit(store, "move_stock")[0][0] == PICKER_BADGE
    assert view.prompt.key is PromptKey.SCAN_STOCK_BIN  # ready for the next move


def test_move_refusals_say_what_was_wrong_and_change_nothing(store: Store) -> None:
    add_stock(store, BIN, "SKU-TEA", 10)
    lock(store, BIN, "SKU-TEA", 3)  # reserved for an order
    flow = flow_for(MoveFlow, store)
    before = db_state(store)
    bad(scan(flow, "Z-99"), "unknown_bin")
    scan(flow, OTHER_BIN)
    bad(scan(flow, TEA), "not_in_bin")  # the tea is not in that bin
    bad(scan(flow, "9999999999999"), "unknown_item")
    scan(flow, Command.UNDO.value)
    scan(flow, BIN)
    scan(flow, TEA)
    view = typed(flow, "8")
    bad(view, "too_few_here")
    assert view.message is not None
    assert view.message.args == {
        "typed": "8",
        "qty": "7",
        "on_hand": "10",
        "sku": "SKU-TEA",
        "bin": BIN,
    }
    bad(typed(flow, "0"), "bad_number")
    typed(flow, "7")
    bad(scan(flow, BIN), "same_bin")
    bad(scan(flow, "NOWHERE"), "unknown_bin")
    assert db_state(store) == before
    scan(flow, OTHER_BIN)
    # Meanwhile another order reserves more: the booking itself refuses, nothing changes.
    lock(store, BIN, "SKU-TEA", 5)
    before = db_state(store)
    view = scan(flow, Command.CONFIRM.value)
    assert view.feedback is Feedback.BAD
    assert view.message is not None and view.message.reason == "free_to_move"
    assert db_state(store) == before


def test_move_of_a_batch_managed_item_asks_for_the_batch_in_the_bin(store: Store) -> None:
    add_stock(store, BIN, "SKU-MILK", 5, batch_no="L9", expiry=dt.date(2030, 12, 31))
    add_stock(store, BIN, "SKU-MILK", 5, batch_no="L10", expiry=dt.date(2031, 1, 31))
    flow = flow_for(MoveFlow, store)
    scan(flow, BIN)
    view = scan(flow, MILK)
    assert view.prompt.key is PromptKey.SCAN_EXPIRY
    before = db_state(store)
    bad(scan(flow, f"]C110L77{GS}17301231"), "batch_not_in_bin")
    bad(scan(flow, BIN), "batch_is_bin")
    assert db_state(store) == before
    view = scan(flow, f"]C110L10{GS}17310131")
    assert view.prompt.key is PromptKey.TYPE_STOCK_QUANTITY
    assert ("batch", "L10") in view.details
    typed(flow, "5")
    scan(flow, OTHER_BIN)
    scan(flow, Command.CONFIRM.value)
    moved = row(store, OTHER_BIN, "SKU-MILK", "L10")
    assert moved is not None and moved.on_hand == 5
    assert row(store, BIN, "SKU-MILK", "L9").on_hand == 5  # type: ignore[union-attr]


def test_move_of_serial_numbered_goods_moves_the_scanned_serials(store: Store) -> None:
    add_stock(store, BIN, "SKU-PHONE", 3)
    with store.unit_of_work() as uow:
        for serial in ("SN1", "SN2", "SN3"):
            uow.session.add(
                SerialNumber(
                    owner_id=OWNER,
                    sku_id="SKU-PHONE",
                    serial_no=serial,
                    status="in_stock",
                    location_code=BIN,
                )
            )
        uow.commit()
    flow = flow_for(MoveFlow, store)
    scan(flow, BIN)
    view = scan(flow, PHONE)
    assert view.prompt.key is PromptKey.SCAN_MOVE_SERIALS
    bad(scan(flow, Command.CONFIRM.value), "serials_first")
    bad(typed(flow, "2"), "serial_one_by_one")
    bad(scan(flow, "SN-OTHER"), "serial_not_in_bin")
    scan(flow, "SN3")
    bad(scan(flow, "SN3"), "serial_twice")
    scan(flow, "SN1")
    view = scan(flow, Command.CONFIRM.value)
    assert view.prompt.key is PromptKey.SCAN_MOVE_TARGET and view.prompt.args["qty"] == "2"
    scan(flow, OTHER_BIN)
    view = scan(flow, Command.CONFIRM.value)
    assert view.feedback is Feedback.GOOD, view.message
    with store.read_session() as session:
        where = {s.serial_no: s.location_code for s in session.scalars(select(SerialNumber))}
    assert where == {"SN1": OTHER_BIN, "SN2": BIN, "SN3": OTHER_BIN}


def test_undo_steps_back_and_cancel_starts_over_with_nothing_booked(store: Store) -> None:
    add_stock(store, BIN, "SKU-TEA", 10)
    flow = flow_for(MoveFlow, store)
    before = db_state(store)
    scan(flow, BIN)
    scan(flow, TEA)
    typed(flow, "2")
    scan(flow, OTHER_BIN)
    assert scan(flow, Command.UNDO.value).prompt.key is PromptKey.SCAN_MOVE_TARGET
    assert scan(flow, Command.UNDO.value).prompt.key is PromptKey.TYPE_STOCK_QUANTITY
    assert scan(flow, Command.UNDO.value).prompt.key is PromptKey.SCAN_STOCK_ITEM
    scan(flow, TEA)
    view = scan(flow, Command.CANCEL.value)
    assert view.message is not None and view.message.code == "stock_action_cancelled"
    assert view.prompt.key is PromptKey.SCAN_STOCK_BIN
    assert db_state(store) == before
    assert flow.on_command(Command.CANCEL) == SwitchMode(Mode.TASKS)


# --- freeze, unfreeze, damage, write-off, found ------------------------------------------


def to_reason(flow: StockStepsFlow, bin_code: str, item: str, quantity: str) -> FlowView:
    scan(flow, bin_code)
    scan(flow, item)
    return typed(flow, quantity)


def test_operator_freezes_a_few_units_with_a_reason(store: Store) -> None:
    add_stock(store, BIN, "SKU-TEA", 10)
    flow = flow_for(FreezeFlow, store)
    view = to_reason(flow, BIN, TEA, "3")
    assert view.prompt.key is PromptKey.TYPE_FREEZE_REASON and view.wants_number
    before = db_state(store)
    bad(typed(flow, "4"), "bad_stock_reason")
    bad(typed(flow, "x"), "bad_stock_reason")
    assert db_state(store) == before
    view = typed(flow, "1")
    assert view.prompt.key is PromptKey.CONFIRM_STOCK_ACTION
    assert ("reason", "QC_HOLD") in view.details
    view = scan(flow, Command.CONFIRM.value)
    assert view.message is not None and view.message.code == "stock_frozen"
    assert view.message.args["reason"] == "QC_HOLD"
    frozen = row(store, BIN, "SKU-TEA")
    assert frozen is not None and (frozen.on_hand, frozen.frozen) == (10, 3)
    assert outbox_types(store)[-1] == "stock_changed"
    assert audit(store, "freeze")[0][1]["reason"] == "QC_HOLD"


def test_above_the_threshold_an_operator_needs_the_supervisor_badge_and_pin(
    store: Store,
) -> None:
    add_stock(store, BIN, "SKU-TEA", 20)
    flow = flow_for(DamageFlow, store, threshold=5)
    to_reason(flow, BIN, TEA, "6")
    view = typed(flow, "2")
    assert view.prompt.key is PromptKey.SCAN_SUPERVISOR_BADGE
    assert view.message is not None and view.message.code == "stock_action_needs_supervisor"
    before = db_state(store)
    bad(scan(flow, PICKER_BADGE), "not_a_supervisor")
    view = scan(flow, SUPERVISOR_BADGE)
    assert view.prompt.key is PromptKey.TYPE_SUPERVISOR_PIN and view.secret_number
    bad(typed(flow, "0000"), "wrong_pin")
    after_wrong_pin = db_state(store)
    # Only the wrong PIN is on record (counted and audited): no stock change, no event.
    sign_in = {"operator", "audit_log"}
    assert {t: r for t, r in after_wrong_pin.items() if t not in sign_in} == {
        t: r for t, r in before.items() if t not in sign_in
    }
    assert [operator for operator, _ in audit(store, "supervisor_pin_wrong")] == [SUPERVISOR_BADGE]
    assert scan(flow, Command.CONFIRM.value).feedback is Feedback.BAD  # nothing to confirm yet
    scan(flow, SUPERVISOR_BADGE)
    view = typed(flow, SUPERVISOR_PIN)
    assert view.feedback is Feedback.GOOD, view.message
    assert view.message is not None and view.message.code == "stock_damaged"
    damaged = row(store, BIN, "SKU-TEA")
    assert damaged is not None and damaged.damaged == 6
    assert audit(store, "mark_damaged")[0][1]["reason"] == "WATER"
    approvals = audit(store, "approve_stock_action")
    assert approvals == [
        (
            SUPERVISOR_BADGE,
            {"action": "DAMAGE", "by": PICKER_BADGE, "quantity": 6, "reason": "WATER"},
        )
    ]


def test_at_the_threshold_an_operator_books_alone(store: Store) -> None:
    add_stock(store, BIN, "SKU-TEA", 20)
    flow = flow_for(DamageFlow, store, threshold=5)
    to_reason(flow, BIN, TEA, "5")
    assert typed(flow, "1").prompt.key is PromptKey.CONFIRM_STOCK_ACTION


def test_a_supervisor_books_any_quantity_without_a_second_sign_off(store: Store) -> None:
    add_stock(store, BIN, "SKU-TEA", 50)
    flow = flow_for(FreezeFlow, store, who=SUPERVISOR, threshold=5)
    to_reason(flow, BIN, TEA, "40")
    assert typed(flow, "3").prompt.key is PromptKey.CONFIRM_STOCK_ACTION
    scan(flow, Command.CONFIRM.value)
    frozen = row(store, BIN, "SKU-TEA")
    assert frozen is not None and frozen.frozen == 40
    assert audit(store, "freeze")[0][0] == SUPERVISOR_BADGE


def test_unfreeze_takes_only_frozen_units(store: Store) -> None:
    add_stock(store, BIN, "SKU-TEA", 10)
    with store.unit_of_work() as uow:
        uow.session.execute(update(Stock).values(frozen=2))
        uow.commit()
    flow = flow_for(UnfreezeFlow, store)
    before = db_state(store)
    bad(to_reason(flow, BIN, TEA, "3"), "too_few_here")
    assert db_state(store) == before
    assert typed(flow, "2").prompt.key is PromptKey.TYPE_UNFREEZE_REASON
    typed(flow, "1")
    view = scan(flow, Command.CONFIRM.value)
    assert view.message is not None and view.message.code == "stock_unfrozen"
    assert row(store, BIN, "SKU-TEA").frozen == 0  # type: ignore[union-attr]


def test_write_off_books_an_adjustment_and_refuses_damaged_goods_that_are_not(
    store: Store,
) -> None:
    add_stock(store, BIN, "SKU-TEA", 10)
    flow = flow_for(WriteOffFlow, store)
    to_reason(flow, BIN, TEA, "2")
    typed(flow, "1")  # damaged goods: but none is marked damaged
    before = db_state(store)
    view = scan(flow, Command.CONFIRM.value)
    assert view.feedback is Feedback.BAD and view.message is not None
    assert view.message.reason == "damaged_only"
    assert db_state(store) == before
    scan(flow, Command.UNDO.value)
    typed(flow, "3")  # lost
    view = scan(flow, Command.CONFIRM.value)
    assert view.message is not None and view.message.code == "stock_written_off"
    assert row(store, BIN, "SKU-TEA").on_hand == 8  # type: ignore[union-attr]
    assert "inventory_adjusted" in outbox_types(store)


def test_found_goods_need_not_be_in_the_bin_and_take_the_batch_label(store: Store) -> None:
    flow = flow_for(FoundFlow, store)
    scan(flow, OTHER_BIN)
    view = scan(flow, MILK)
    assert view.prompt.key is PromptKey.SCAN_EXPIRY  # the batch label comes next
    bad(scan(flow, "]C110L5"), "batch_expiry_unknown")  # no expiry known for a new batch
    view = scan(flow, f"]C110L5{GS}17301231")
    assert view.prompt.key is PromptKey.TYPE_STOCK_QUANTITY
    typed(flow, "4")
    typed(flow, "1")
    view = scan(flow, Command.CONFIRM.value)
    assert view.message is not None and view.message.code == "stock_found", view.message
    found = row(store, OTHER_BIN, "SKU-MILK", "L5")
    assert found is not None and (found.on_hand, found.expiry_date) == (4, dt.date(2030, 12, 31))


@pytest.mark.parametrize(
    ("kind", "prompt"),
    [
        (FreezeFlow, PromptKey.TYPE_FREEZE_REASON),
        (UnfreezeFlow, PromptKey.TYPE_UNFREEZE_REASON),
        (DamageFlow, PromptKey.TYPE_DAMAGE_REASON),
        (WriteOffFlow, PromptKey.TYPE_WRITE_OFF_REASON),
        (FoundFlow, PromptKey.TYPE_FOUND_REASON),
    ],
)
def test_each_action_asks_its_own_reasons(
    store: Store, kind: type[StockActionFlow], prompt: PromptKey
) -> None:
    add_stock(store, BIN, "SKU-TEA", 10)
    with store.unit_of_work() as uow:
        uow.session.execute(update(Stock).values(frozen=1))
        uow.commit()
    assert to_reason(flow_for(kind, store), BIN, TEA, "1").prompt.key is prompt


def test_the_count_screen_books_the_count_task_a_short_pick_left(store: Store) -> None:
    add_stock(store, BIN, "SKU-TEA", 10)
    with store.unit_of_work() as uow:
        count_task_for(uow, BIN, PICKER_BADGE, why="short pick SKU-TEA")
        uow.commit()
    flow = CountFlow(FlowContext(store, PICKER, "WH1"))
    flow.on_scan(parse_scan(BIN))
    flow.on_scan(parse_scan(TEA))
    flow.on_number("10")
    view = view_of(flow.on_command(Command.CONFIRM))
    assert view.message is not None and view.message.code == "count_booked", view.message
    with store.read_session() as session:
        counts = [(c.location_code, c.status) for c in session.scalars(select(CycleCount))]
    assert counts == [(BIN, "completed")]
