"""Typed numbers the operator cannot mean (``²``, ``4²``, 5,000 digits, Arabic-Indic digits)
are refused plainly by every flow that takes a number, and change nothing (#10.15)."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from app.flows.count_flow import CountFlow
from app.flows.pack_flow import PackFlow
from app.flows.pick_flow import PickFlow
from app.flows.receive_flow import ReceiveFlow
from app.flows.view import Feedback, FlowView
from app.scanning.gs1 import parse_scan
from app.scanning.numbers import MAX_TYPED_NUMBER, NumberProblem, parse_typed_number
from local_db.store import Store
from tests.flows.picking_helpers import pick_everything, picker_context
from tests.flows.seed import add_inbound, add_order, add_stock
from tests.store.support import db_state

# (typed text, the message code it must get)
UNUSABLE = [
    ("²", "bad_number"),
    ("4²", "bad_number"),
    ("٣", "bad_number"),  # ARABIC-INDIC DIGIT THREE: int() would take it
    ("３", "bad_number"),  # full-width 3
    ("-2", "bad_number"),
    ("1 000", "bad_number"),
    ("9" * 5000, "number_too_large"),
    ("0" * 4999 + "1" + "0" * 8, "number_too_large"),
    (str(MAX_TYPED_NUMBER + 1), "number_too_large"),
]


def view_of(result: object) -> FlowView:
    assert isinstance(result, FlowView), result
    return result


def scanned(flow: PickFlow | ReceiveFlow | CountFlow | PackFlow, raw: str) -> FlowView:
    parsed = parse_scan(raw)
    if parsed.command is not None:
        return view_of(flow.on_command(parsed.command))
    return view_of(flow.on_scan(parsed))


def assert_refused_plainly(
    store: Store, type_number: Callable[[str], object], text: str, code: str
) -> None:
    before = db_state(store)
    view = view_of(type_number(text))
    assert view.feedback is Feedback.BAD
    assert view.message is not None and view.message.code == code, view.message
    # The refusal repeats the start of the entry only: 5,000 digits do not fill the screen.
    assert len(view.message.args["text"]) <= 13
    assert db_state(store) == before


def test_parser_takes_ascii_digits_only_and_bounds_them() -> None:
    assert parse_typed_number(" 007 ").value == 7
    assert parse_typed_number(str(MAX_TYPED_NUMBER)).value == MAX_TYPED_NUMBER
    for text, code in UNUSABLE:
        number = parse_typed_number(text)
        assert number.value is None
        assert number.problem == NumberProblem(
            "too_large" if code == "number_too_large" else "not_a_number"
        )


@pytest.mark.parametrize(("text", "code"), UNUSABLE)
def test_pick_refuses_unusable_quantities(store: Store, text: str, code: str) -> None:
    add_stock(store, "A-01-02-03", "SKU-TEA", 10)
    flow = PickFlow(picker_context(store), add_order(store, "SO-1", [("SKU-TEA", 3)]))
    scanned(flow, "A-01-02-03")
    assert scanned(flow, "4006381333931").quantity_left == 2
    assert_refused_plainly(store, flow.on_number, text, code)
    view = view_of(flow.on_number("2"))  # the flow still takes a real number
    assert view.feedback is Feedback.GOOD, view.message


@pytest.mark.parametrize(("text", "code"), UNUSABLE)
def test_receive_refuses_unusable_quantities(store: Store, text: str, code: str) -> None:
    add_inbound(store, "PO-1", [("SKU-TEA", 12)])
    flow = ReceiveFlow(picker_context(store), None)
    scanned(flow, "PO-1")
    scanned(flow, "4006381333931")
    assert_refused_plainly(store, flow.on_number, text, code)
    view = view_of(flow.on_number("12"))
    assert (view.quantity_done, view.quantity_total) == (12, 12)


@pytest.mark.parametrize(("text", "code"), UNUSABLE)
def test_count_refuses_unusable_quantities(store: Store, text: str, code: str) -> None:
    add_stock(store, "A-01-02-03", "SKU-TEA", 10)
    flow = CountFlow(picker_context(store))
    scanned(flow, "A-01-02-03")
    scanned(flow, "4006381333931")
    assert_refused_plainly(store, flow.on_number, text, code)
    assert dict(view_of(flow.on_number("8")).details) == {"SKU-TEA": "8"}


@pytest.mark.parametrize("text", ["²", "٣", "1e9", "1" * 5000, "1.2345", "NaN"])
def test_pack_refuses_unusable_weights_and_package_counts(store: Store, text: str) -> None:
    add_stock(store, "A-01-02-03", "SKU-TEA", 10)
    order_no = add_order(store, "SO-1", [("SKU-TEA", 1)])
    pick_everything(store, order_no, {"SKU-TEA": "4006381333931"})
    flow = PackFlow(picker_context(store))
    scanned(flow, order_no)
    scanned(flow, "4006381333931")
    assert_refused_plainly(store, flow.on_number, text, "bad_weight")
    assert view_of(flow.on_number("1,25")).feedback is Feedback.GOOD
    assert_refused_plainly(store, flow.on_number, text, "bad_count")
    assert view_of(flow.on_number("2")).feedback is Feedback.GOOD
