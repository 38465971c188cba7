"""What the pick screen says for its answers, in the words the operator reads."""

from __future__ import annotations

from app.flows.base import FlowContext, OperatorInfo
from app.flows.pick_flow import PickFlow
from app.flows.view import FlowView
from app.scanning.gs1 import parse_scan
from local_db.store import Store
from tests.flows.seed import PICKER_BADGE, add_order, add_stock
from ui.texts import message_text, prompt_text


def _flow(store: Store) -> PickFlow:
    add_stock(store, "A-01-02-03", "SKU-TEA", 10)
    add_order(store, "SO-1", [("SKU-TEA", 3)])
    context = FlowContext(store, OperatorInfo(PICKER_BADGE, "Li Wei", "operator"), "WH1")
    flow = PickFlow(context, "SO-1")
    for raw in ("A-01-02-03", "4006381333931"):
        flow.on_scan(parse_scan(raw))
    return flow


def test_over_pick_has_one_prefix(store: Store) -> None:
    view = _flow(store).on_number("9")
    assert isinstance(view, FlowView) and view.message is not None
    assert message_text(view.message) == (
        "Too many: only 2 more of SKU-TEA are needed from A-01-02-03."
    )


def test_undo_says_what_went_back_and_done_names_the_order(store: Store) -> None:
    flow = _flow(store)
    view = flow.on_command(parse_scan("CMD:UNDO").command)  # type: ignore[arg-type]
    assert isinstance(view, FlowView) and view.message is not None
    assert message_text(view.message) == "Put back 1 × SKU-TEA to bin A-01-02-03."
    flow.on_scan(parse_scan("4006381333931"))
    done = flow.on_number("3")
    assert isinstance(done, FlowView)
    assert prompt_text(done.prompt) == "Order SO-1 done. Scan NEXT TASK"
