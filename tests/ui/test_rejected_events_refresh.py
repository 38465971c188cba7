"""The open rejected-events dialog follows the sync: the supervisor discards a rejected event,
that releases the order's next held event, the real OMS rejects it too, and it shows up in the
same dialog without reopening it (and signing in again)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from app.outbox import record_event
from local_db.models import Operator, OutboxEvent
from local_db.store import Store
from oms_contract.events import PickedLine, PickedLines
from tests.support.oms_process import RunningOms
from tests.sync.floor_work import PICKER, create_command, order_status
from tests.sync.real_oms import SKU
from ui.dialogs.rejected_events_dialog import RejectedEventsDialog
from ui.dialogs.supervisor_dialog import SupervisorDialog
from ui.launcher import Station

pytestmark = pytest.mark.slow

SYNC_TIMEOUT_MS = 60_000


def over_pick(store: Store, order_no: str, quantity: int) -> int:
    """A picked-lines report the OMS refuses (more than ordered); its station_seq."""
    with store.unit_of_work() as uow:
        event = record_event(
            uow,
            PickedLines(
                order_no=order_no,
                lines=[PickedLine(sku_id=SKU, quantity=quantity, location_code="A-01-01-01")],
            ),
            PICKER,
        )
        uow.commit()
        return event.station_seq


def status_of(store: Store, station_seq: int) -> str | None:
    with store.read_session() as session:
        return session.scalar(
            select(OutboxEvent.status).where(OutboxEvent.station_seq == station_seq)
        )


def has_supervisor(store: Store, badge: str) -> bool:
    with store.read_session() as session:
        return session.get(Operator, badge) is not None


def test_open_dialog_shows_the_next_rejected_event_after_a_discard(
    qtbot: QtBot,
    online_station: Station,
    oms_demo_server: RunningOms,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    station = online_station
    store = station.store
    window = station.window
    assert station.engine is not None
    order_no = create_command(oms_demo_server, SKU, 1)
    station.engine.sync_now()
    qtbot.waitUntil(lambda: order_status(store, order_no) == "ALLOCATED", timeout=SYNC_TIMEOUT_MS)
    qtbot.waitUntil(lambda: has_supervisor(store, "S001"), timeout=SYNC_TIMEOUT_MS)

    first = over_pick(store, order_no, 99)
    second = over_pick(store, order_no, 98)  # held behind the first once that is rejected
    station.engine.sync_now()
    qtbot.waitUntil(lambda: status_of(store, first) == "rejected", timeout=SYNC_TIMEOUT_MS)
    assert status_of(store, second) == "pending"
    bar = window.status_bar
    qtbot.waitUntil(bar.rejected_button.isVisible, timeout=SYNC_TIMEOUT_MS)

    # The supervisor's badge and PIN are checked by SupervisorDialog's own tests.
    monkeypatch.setattr(SupervisorDialog, "ask", classmethod(lambda cls, g, p: "S001"))
    # The dialog as the window opens it, shown without its own event loop so the test can
    # go on while it is open (exec() would block the test until it closes).
    monkeypatch.setattr(RejectedEventsDialog, "exec", lambda self: self.open() or 0)
    qtbot.mouseClick(bar.rejected_button, Qt.MouseButton.LeftButton)
    dialog = window.findChild(RejectedEventsDialog)
    assert isinstance(dialog, RejectedEventsDialog) and dialog.isVisible()
    try:
        qtbot.waitUntil(lambda: dialog.table.rowCount() == 1)
        assert dialog.table.item(0, 0).text() == str(first)  # type: ignore[union-attr]
        qtbot.mouseClick(dialog.discard_button, Qt.MouseButton.LeftButton)

        def shows_second() -> bool:
            item = dialog.table.item(0, 0)
            return dialog.table.rowCount() == 1 and item is not None and item.text() == str(second)

        qtbot.waitUntil(shows_second, timeout=SYNC_TIMEOUT_MS)
        assert status_of(store, first) == "discarded"
        assert status_of(store, second) == "rejected"
        code = dialog.table.item(0, 3)
        assert code is not None and code.text()
    finally:
        dialog.accept()
