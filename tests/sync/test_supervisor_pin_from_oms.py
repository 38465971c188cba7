"""A supervisor PIN set at the OMS opens the supervisor step at the station.

The hash is the real reference OMS's (its demo data: supervisor S001, PIN 1234), carried by
the real feed into the station's store; the PIN is typed into the real count flow."""

from __future__ import annotations

from pathlib import Path

from app.flows.base import FlowContext, OperatorInfo
from app.flows.count_flow import CountFlow
from app.flows.view import Feedback, FlowView, PromptKey
from app.scanning.gs1 import parse_scan
from oms_server.demo import SUPERVISOR_PIN
from oms_server.gtin import make_gtin13
from station.sync_wiring import floor_hooks
from sync.engine import SyncEngine, SyncSettings
from tests.support.oms_process import RunningOms
from tests.sync.real_oms import WAREHOUSE, enrolled_station

MUG_BIN = "A-01-01-02"  # 60 mugs in the demo's opening stock
MUG_BARCODE = make_gtin13("690123400002")


def _view(result: object) -> FlowView:
    assert isinstance(result, FlowView), result
    return result


def _scan(flow: CountFlow, raw: str) -> FlowView:
    parsed = parse_scan(raw)
    if parsed.command is not None:
        return _view(flow.on_command(parsed.command))
    return _view(flow.on_scan(parsed))


def test_the_oms_demo_supervisor_pin_approves_a_count_difference(
    oms_demo_server: RunningOms, tmp_path: Path
) -> None:
    store, _ = enrolled_station(oms_demo_server, tmp_path / "station.sqlite3")
    engine = SyncEngine(store, SyncSettings(), hooks=floor_hooks())
    try:
        assert engine.run_once().online
        context = FlowContext(
            store,
            OperatorInfo("P001", "Li Wei", "operator"),
            WAREHOUSE,
            count_difference_threshold=5,
        )
        flow = CountFlow(context)
        _scan(flow, MUG_BIN)
        _scan(flow, MUG_BARCODE)
        _view(flow.on_number("1"))
        view = _scan(flow, "CMD:CONFIRM")
        assert view.prompt.key is PromptKey.SCAN_SUPERVISOR_BADGE
        view = _scan(flow, "S001")
        assert view.prompt.key is PromptKey.TYPE_SUPERVISOR_PIN, view.message
        view = _view(flow.on_number(SUPERVISOR_PIN))
        assert view.feedback is Feedback.GOOD, view.message
        assert view.message is not None and view.message.code == "count_approved"
    finally:
        assert engine.stop()
        engine.close()
        store.close()
