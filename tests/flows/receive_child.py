"""A station process that receives inbound PO-KILL unit by unit, printing each scan once
the flow has answered it; the test SIGKILLs it mid-receipt (run by test_work_kill.py).

    python -m tests.flows.receive_child DB_PATH
"""

from __future__ import annotations

import sys
from pathlib import Path

from app.flows.base import FlowContext, OperatorInfo
from app.flows.receive_flow import ReceiveFlow
from app.flows.view import Feedback, FlowView
from app.scanning.gs1 import parse_scan
from local_db.store import open_store
from tests.flows.seed import PICKER_BADGE
from tests.support.log_watch import log_like_a_station

TEA = "4006381333931"


def main() -> int:
    log_like_a_station()
    store = open_store(Path(sys.argv[1]))
    context = FlowContext(store, OperatorInfo(PICKER_BADGE, "Li Wei", "operator"), "WH1")
    flow = ReceiveFlow(context, "PO-KILL")
    for number in range(1, 100_000):
        view = flow.on_scan(parse_scan(TEA))
        assert isinstance(view, FlowView) and view.feedback is Feedback.GOOD, view
        # The operator saw this unit counted: from here on it must survive anything.
        print(f"scanned {number}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
