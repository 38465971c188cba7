"""Drive an order through picking with the real service, for the pack and UI tests."""

from __future__ import annotations

from app.flows.base import FlowContext, OperatorInfo
from app.flows.pick_flow import PickFlow
from app.flows.view import FlowView, PromptKey
from app.scanning.gs1 import parse_scan
from local_db.store import Store
from tests.flows.seed import PICKER_BADGE


def picker_context(store: Store) -> FlowContext:
    return FlowContext(store, OperatorInfo(PICKER_BADGE, "Li Wei", "operator"), "WH1")


def pick_everything(store: Store, order_no: str, codes: dict[str, str]) -> None:
    """Scans bin then item for every unit; ``codes`` maps SKU id → a barcode to scan."""
    flow = PickFlow(picker_context(store), order_no)
    for _ in range(200):
        view = flow.view()
        if view.prompt.key is PromptKey.ORDER_DONE:
            return
        assert view.location_code and view.sku_id
        if view.prompt.key is PromptKey.SCAN_BIN:
            result = flow.on_scan(parse_scan(view.location_code))
        else:
            result = flow.on_scan(parse_scan(codes[view.sku_id]))
        assert isinstance(result, FlowView) and result.feedback.value == "good", result
    raise AssertionError("picking did not finish")
