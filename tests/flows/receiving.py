"""Driving the receive flow in tests: a receiver at the test station, scans as the scanner
sends them (command barcodes answered as commands)."""

from __future__ import annotations

from app.flows.base import FlowContext, OperatorInfo
from app.flows.receive_flow import ReceiveFlow
from app.flows.view import FlowView
from app.scanning.gs1 import parse_scan
from local_db.store import Store
from tests.flows.seed import PICKER_BADGE


def receiver(store: Store, start_with: str | None = None, tolerance: int = 0) -> ReceiveFlow:
    context = FlowContext(
        store,
        OperatorInfo(PICKER_BADGE, "Li Wei", "operator"),
        "WH1",
        over_receipt_tolerance_pct=tolerance,
    )
    return ReceiveFlow(context, start_with)


def view_of(result: object) -> FlowView:
    assert isinstance(result, FlowView), result
    return result


def scan(flow: ReceiveFlow, raw: str) -> FlowView:
    parsed = parse_scan(raw)
    if parsed.command is not None:
        return view_of(flow.on_command(parsed.command))
    return view_of(flow.on_scan(parsed))
