"""A station SIGKILLed (a real child process) in the middle of a 200-unit receipt scanned
unit by unit: every scan the operator saw answered is still there after the restart, none
doubled, and the receipt goes on from there (#17.8b)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

from sqlalchemy import select

from app.flows.base import FlowContext, OperatorInfo
from app.flows.receive_flow import ReceiveFlow
from app.scanning.commands import Command
from app.scanning.gs1 import parse_scan
from local_db.models import InboundLine
from local_db.store import Store, open_store
from tests.flows.seed import PICKER_BADGE, add_inbound, seed_master_data

KILL_AFTER = 60


def test_receipt_scans_survive_a_sigkill(tmp_path: Path) -> None:
    db_path = tmp_path / "station.sqlite3"
    store = open_store(db_path)
    seed_master_data(store)
    add_inbound(store, "PO-KILL", [("SKU-TEA", 200)])
    store.close()
    with subprocess.Popen(
        [sys.executable, "-m", "tests.flows.receive_child", str(db_path)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": str(Path.cwd())},
    ) as child:
        assert child.stdout is not None and child.stderr is not None
        answered = 0
        for line in child.stdout:
            answered = int(line.split()[1])
            if answered == KILL_AFTER:
                child.send_signal(signal.SIGKILL)
                break
        # Lines the child printed before the kill landed are scans it answered too.
        answered = max([answered] + [int(line.split()[1]) for line in child.stdout])
        child.wait(timeout=30)
        assert child.returncode == -signal.SIGKILL, child.stderr.read()

    store = open_store(db_path)
    try:
        flow = receiver(store)
        view = flow.view()
        restored = view.quantity_done
        # Every answered scan is kept; at most the one in flight when killed came too.
        assert answered <= restored <= answered + 1, (answered, restored)
        assert view.message is not None and view.message.code == "work_resumed"
        for _ in range(200 - restored):
            flow.on_scan(parse_scan("4006381333931"))
        view = flow.on_command(Command.CONFIRM)
        assert getattr(view, "message", None) is not None
        assert view.message.code == "receipt_booked", view.message  # type: ignore[union-attr]
        with store.read_session() as session:
            (line,) = session.scalars(select(InboundLine)).all()
            assert line.received_qty == 200
    finally:
        store.close()


def receiver(store: Store) -> ReceiveFlow:
    context = FlowContext(store, OperatorInfo(PICKER_BADGE, "Li Wei", "operator"), "WH1")
    return ReceiveFlow(context, "PO-KILL")
