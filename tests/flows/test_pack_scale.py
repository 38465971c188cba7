"""The pack flow's weight from the station's scale (#16) against the real services.

Seed 002 §Step 7: "打包完成，称重" — packed, then weighed; the weight travels with the
SHIPPED status (seed 000: ``private BigDecimal weight; // 重量``).
"""

from __future__ import annotations

import json
from dataclasses import replace
from decimal import Decimal

from app.flows.pack_flow import PackFlow
from app.flows.scale_input import ScaleInput, ScaleReading, ScaleState
from app.flows.view import Feedback, FlowView, PromptKey
from app.scanning.commands import Command
from app.scanning.gs1 import parse_scan
from local_db.models import AuditLog, ExceptionRecord, Shipment
from local_db.models.master_data import Sku
from local_db.store import Store
from tests.flows.picking_helpers import pick_everything, picker_context
from tests.flows.seed import OWNER, add_order, add_stock

CODES = {"SKU-TEA": "4006381333931"}
STABLE = ScaleReading(ScaleState.STABLE, weight_kg=Decimal("0.705"))
MOVING = ScaleReading(ScaleState.MOVING, weight_kg=Decimal("0.702"))
OVERLOAD = ScaleReading(ScaleState.FAULT, fault="overload")


def view_of(result: object) -> FlowView:
    assert isinstance(result, FlowView), result
    return result


def packed_flow(store: Store, scale: ScaleInput) -> PackFlow:
    add_stock(store, "A-01-02-03", "SKU-TEA", 10)
    order_no = add_order(store, "SO-SC", [("SKU-TEA", 2)])
    pick_everything(store, order_no, CODES)
    flow = PackFlow(replace(picker_context(store), scale=scale), order_no)
    flow.on_scan(parse_scan("4006381333931"))
    view = view_of(flow.on_scan(parse_scan("4006381333931")))
    assert view.message is not None and view.message.code == "packed"
    return flow


def ship(flow: PackFlow) -> None:
    view_of(flow.on_number("1"))
    view = view_of(flow.on_scan(parse_scan("SF1234567890")))
    assert view.prompt.key is PromptKey.FLOW_DONE, view


def ship_audit(store: Store) -> dict[str, object]:
    with store.read_session() as session:
        row = session.query(AuditLog).filter_by(action="ship_order").one()
        assert row.after_json is not None
        after: dict[str, object] = json.loads(row.after_json)
        return after


def test_stable_weight_is_confirmed_and_a_dynamic_one_refused(store: Store) -> None:
    scale = ScaleInput(configured=True)
    flow = packed_flow(store, scale)
    scale.update(MOVING)
    view = flow.view()
    assert view.prompt.key is PromptKey.WEIGH_PACKAGE
    assert not view.wants_number
    assert ("scale_kg", "-") in view.details  # moving: nothing to confirm
    view = view_of(flow.on_command(Command.CONFIRM))
    assert view.feedback is Feedback.BAD
    assert view.message is not None and view.message.code == "scale_not_stable"
    # Typing is not the way while the scale works.
    view = view_of(flow.on_number("0.7"))
    assert view.message is not None and view.message.code == "weigh_on_scale"
    scale.update(STABLE)
    assert ("scale_kg", "0.705") in flow.view().details
    view = view_of(flow.on_command(Command.CONFIRM))
    assert view.feedback is Feedback.GOOD
    assert view.prompt.key is PromptKey.TYPE_PACKAGE_COUNT
    ship(flow)
    with store.read_session() as session:
        assert session.query(Shipment).one().weight_grams == 705
    audit = ship_audit(store)
    assert (audit["weight_source"], audit["weight_typed_reason"]) == ("scale", None)


def test_faulty_scale_falls_back_to_typing_audited_and_tells_the_supervisor(
    store: Store,
) -> None:
    scale = ScaleInput(configured=True)
    flow = packed_flow(store, scale)
    scale.update(OVERLOAD)
    flow.scale_changed()
    flow.scale_changed()  # one record per fault, however often it is reported
    view = flow.view()
    assert view.prompt.key is PromptKey.TYPE_WEIGHT and view.wants_number
    assert view.notice is not None and view.notice.code == "scale_fault"
    assert view.notice.args == {"fault": "overload"}
    view = view_of(flow.on_command(Command.CONFIRM))  # nothing shipped on a bad weight
    assert view.feedback is Feedback.BAD
    view_of(flow.on_number("0.71"))
    ship(flow)
    audit = ship_audit(store)
    assert audit["weight_source"] == "typed"
    assert audit["weight_typed_reason"] == "scale_fault:overload"
    assert audit["weight_grams"] == 710
    with store.read_session() as session:
        record = session.query(ExceptionRecord).filter_by(exception_type="SCALE_FAULT").one()
        assert record.order_no == "SO-SC"
        assert json.loads(record.detail_args_json or "{}") == {
            "fault": "overload",
            "order": "SO-SC",
        }


def test_without_a_scale_the_weight_is_typed_as_before(store: Store) -> None:
    flow = packed_flow(store, ScaleInput(configured=False))
    view = flow.view()
    assert view.prompt.key is PromptKey.TYPE_WEIGHT and view.wants_number
    assert view.notice is None
    view_of(flow.on_number("0.7"))
    ship(flow)
    audit = ship_audit(store)
    assert (audit["weight_source"], audit["weight_typed_reason"]) == ("typed", "no_scale")


def test_weight_off_the_unit_weights_is_refused_with_both_figures(store: Store) -> None:
    with store.unit_of_work() as uow:
        uow.session.get_one(Sku, (OWNER, "SKU-TEA")).weight_grams = 300
        uow.commit()
    scale = ScaleInput(configured=True)
    flow = packed_flow(store, scale)
    scale.update(STABLE)  # 0.705 kg against 2 × 300 g = 0.6 kg, tolerance 10 % / 50 g = 60 g
    view = view_of(flow.on_command(Command.CONFIRM))
    assert view.feedback is Feedback.BAD
    assert view.message is not None and view.message.code == "weight_off_expected"
    assert view.message.args == {"expected": "0.6", "measured": "0.705", "tolerance": "0.06"}
    scale.update(ScaleReading(ScaleState.STABLE, weight_kg=Decimal("0.655")))
    view = view_of(flow.on_command(Command.CONFIRM))
    assert view.feedback is Feedback.GOOD
