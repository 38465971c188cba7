"""Supervisor sign-off (badge scan + PIN) and the review of events the OMS rejected."""

from __future__ import annotations

import dataclasses

import pytest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from app.supervision.pins import FREE_ATTEMPTS
from local_db.models import Operator, OutboxEvent
from local_db.store import Store
from oms_contract.pins import hash_pin
from sync.status import INITIAL_STATUS
from tests.flows.seed import (
    PICKER_BADGE,
    SUPERVISOR_BADGE,
    SUPERVISOR_PIN,
    add_order,
    add_stock,
)
from tests.ui.conftest import key_burst
from ui.dialogs.rejected_events_dialog import RejectedEventsDialog
from ui.dialogs.supervisor_dialog import SupervisorDialog
from ui.launcher import Station
from ui.store_gateway import StoreGateway


@pytest.fixture
def supervisor_pin(store: Store) -> None:
    with store.unit_of_work() as uow:
        supervisor = uow.session.get(Operator, SUPERVISOR_BADGE)
        assert supervisor is not None
        supervisor.pin_hash = hash_pin(SUPERVISOR_PIN, iterations=1000)
        uow.commit()


@pytest.fixture
def rejected_event(store: Store) -> int:
    add_stock(store, "A-01-02-03", "SKU-TEA", 5)
    add_order(store, "SO-R", [("SKU-TEA", 1)])
    with store.unit_of_work() as uow:
        event = uow.session.query(OutboxEvent).order_by(OutboxEvent.station_seq).first()
        assert event is not None
        event.status = "rejected"
        event.reject_code = "UNKNOWN_SKU"
        event.reject_message = "SKU-TEA unknown at the OMS"
        event_id = event.id
        uow.commit()
    return event_id


def scan_badge(qtbot: QtBot, dialog: SupervisorDialog, badge: str) -> None:
    with qtbot.waitSignal(dialog.answered):
        dialog.take_scan(badge)


def type_pin(qtbot: QtBot, dialog: SupervisorDialog, pin: str) -> None:
    dialog.pin_input.setText(pin)
    with qtbot.waitSignal(dialog.answered):
        dialog.accept()


def test_supervisor_dialog_needs_a_supervisor_badge_and_the_right_pin(
    qtbot: QtBot, store: Store, supervisor_pin: None, gateway: StoreGateway
) -> None:
    dialog = SupervisorDialog(gateway)
    qtbot.addWidget(dialog)
    dialog.accept()
    assert "supervisor" in dialog.error_label.text()  # no badge scanned yet
    # An operator's badge is refused when scanned, before anyone types a PIN.
    scan_badge(qtbot, dialog, PICKER_BADGE)
    assert dialog.error_label.text() == "This badge is not an active supervisor's."
    assert dialog.badge is None
    dialog.pin_input.setText(SUPERVISOR_PIN)
    dialog.accept()
    assert "Scan an active supervisor's badge first." in dialog.error_label.text()
    scan_badge(qtbot, dialog, SUPERVISOR_BADGE)
    assert dialog.badge == SUPERVISOR_BADGE
    assert dialog.prompt_label.text() == "Supervisor: type your PIN and press Enter"
    type_pin(qtbot, dialog, "0000")
    # The domain's rule (SupervisorApproval): a wrong PIN forgets the badge.
    assert dialog.error_label.text() == "Wrong PIN. Scan the supervisor badge again."
    assert dialog.pin_input.text() == ""
    assert dialog.badge is None
    assert dialog.result() != SupervisorDialog.DialogCode.Accepted
    scan_badge(qtbot, dialog, SUPERVISOR_BADGE)
    dialog.pin_input.setText(SUPERVISOR_PIN)
    with qtbot.waitSignal(dialog.accepted):
        dialog.accept()
    assert dialog.result() == SupervisorDialog.DialogCode.Accepted
    assert dialog.badge == SUPERVISOR_BADGE


def test_supervisor_dialog_locks_the_badge_after_wrong_pins(
    qtbot: QtBot, store: Store, supervisor_pin: None, gateway: StoreGateway
) -> None:
    dialog = SupervisorDialog(gateway)
    qtbot.addWidget(dialog)
    for _ in range(FREE_ATTEMPTS - 1):
        scan_badge(qtbot, dialog, SUPERVISOR_BADGE)
        type_pin(qtbot, dialog, "0000")
        assert "Wrong PIN" in dialog.error_label.text()
    scan_badge(qtbot, dialog, SUPERVISOR_BADGE)
    type_pin(qtbot, dialog, "0000")
    assert "locked for 30 s" in dialog.error_label.text()
    # The locked badge is refused when scanned: no PIN is even asked for.
    scan_badge(qtbot, dialog, SUPERVISOR_BADGE)
    assert "is locked for" in dialog.error_label.text()
    assert dialog.badge is None
    dialog.pin_input.setText(SUPERVISOR_PIN)
    dialog.accept()
    assert "Scan an active supervisor's badge first." in dialog.error_label.text()
    assert dialog.result() != SupervisorDialog.DialogCode.Accepted


def test_badge_scan_goes_to_the_open_dialog_not_the_flow(
    qtbot: QtBot, station: Station, store: Store, supervisor_pin: None
) -> None:
    dialog = SupervisorDialog(station.gateway, station.window)
    dialog.open()
    qtbot.waitUntil(lambda: QApplication.activeModalWidget() is dialog)
    with qtbot.waitSignal(dialog.answered):
        key_burst(dialog, SUPERVISOR_BADGE)
    assert dialog.badge == SUPERVISOR_BADGE
    assert station.window.session.operator is None  # the login screen got nothing
    dialog.reject()


def test_rejected_event_retried_by_the_supervisor(
    qtbot: QtBot, store: Store, rejected_event: int, gateway: StoreGateway
) -> None:
    dialog = RejectedEventsDialog(gateway, SUPERVISOR_BADGE)
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: dialog.table.rowCount() == 1)
    assert dialog.table.item(0, 3).text() == "UNKNOWN_SKU"
    with qtbot.waitSignal(dialog.reloaded):
        dialog.resolve_selected("retry")
    assert dialog.resolved == 1
    assert dialog.table.rowCount() == 0
    with store.read_session() as session:
        event = session.get(OutboxEvent, rejected_event)
        assert event is not None
        assert (event.status, event.resolved_by) == ("pending", SUPERVISOR_BADGE)


def test_non_supervisor_cannot_discard(
    qtbot: QtBot, store: Store, rejected_event: int, gateway: StoreGateway
) -> None:
    dialog = RejectedEventsDialog(gateway, PICKER_BADGE)
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: dialog.table.rowCount() == 1)
    dialog.resolve_selected("discard")
    qtbot.waitUntil(lambda: "supervisor" in dialog.error_label.text())
    assert dialog.resolved == 0
    with store.read_session() as session:
        event = session.get(OutboxEvent, rejected_event)
        assert event is not None and event.status == "rejected"


def test_status_bar_offers_the_review_and_syncs_after(
    qtbot: QtBot, station: Station, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = station.window
    with qtbot.waitSignal(station.bridge.status_changed):
        station.bridge.report(dataclasses.replace(INITIAL_STATUS, rejected_count=2))
    button = window.status_bar.rejected_button
    assert button.isVisibleTo(window)
    assert "2" in button.text()
    monkeypatch.setattr(SupervisorDialog, "ask", classmethod(lambda cls, g, p: SUPERVISOR_BADGE))
    opened: list[dict[str, object]] = []

    def review(cls: object, *args: object, **kwargs: object) -> int:
        opened.append(kwargs)
        on_resolved = kwargs["on_resolved"]
        assert callable(on_resolved)
        on_resolved()  # the supervisor discards one event
        return 1

    monkeypatch.setattr(RejectedEventsDialog, "ask", classmethod(review))
    synced: list[bool] = []
    window._sync_now = lambda: synced.append(True)
    button.click()
    assert synced == [True]
    assert opened[0]["refresh_on"] == station.bridge.status_changed
