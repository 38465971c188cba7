"""The supervisor reviews events the OMS rejected: retry (after fixing the cause) or discard.

While it is open, every sync status change reloads the list: a discard releases the order's
next held event, and if the OMS rejects that one too it shows up here without reopening.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Literal

from PySide6.QtCore import Qt, Signal, SignalInstance
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.supervision.rejected_events import RejectedEvent, rejected_events, resolve
from ui.dialogs.review_table import default_size, fill_row, review_table
from ui.store_gateway import Failure, StoreGateway
from ui.store_problems import failure_text
from ui.style import MIN_TOUCH_PX

REASON_COLUMN = 4


class RejectedEventsDialog(QDialog):
    event_resolved = Signal()
    """A retry or discard was saved: the caller lets sync push at once."""
    reloaded = Signal()

    def __init__(
        self,
        gateway: StoreGateway,
        supervisor_badge: str,
        parent: QWidget | None = None,
        refresh_on: SignalInstance | None = None,
    ) -> None:
        super().__init__(parent)
        self._gateway = gateway
        self._supervisor = supervisor_badge
        self._events: list[RejectedEvent] = []
        self._loading = False
        self._reload_again = False
        self._refresh_on = refresh_on
        self.resolved = 0
        self.setWindowTitle(self.tr("Events the OMS rejected"))
        self.table = review_table(
            [
                self.tr("No."),
                self.tr("Event"),
                self.tr("Order"),
                self.tr("Code"),
                self.tr("Reason"),
            ],
            REASON_COLUMN,
            self,
        )
        self.empty_label = QLabel(self.tr("No rejected events left."), self)
        self.empty_label.hide()
        self.error_label = QLabel(self)
        self.error_label.setObjectName("message")
        self.error_label.setWordWrap(True)
        self.retry_button = self._button(self.tr("Retry (send again)"), "retry")
        self.discard_button = self._button(self.tr("Discard"), "discard")
        close_button = QPushButton(self.tr("Close"), self)
        close_button.setMinimumHeight(MIN_TOUCH_PX)
        close_button.clicked.connect(self.accept)
        buttons = QHBoxLayout()
        buttons.addWidget(self.retry_button)
        buttons.addWidget(self.discard_button)
        buttons.addStretch(1)
        buttons.addWidget(close_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.empty_label)
        layout.addWidget(self.error_label)
        layout.addLayout(buttons)
        default_size(self, parent)
        if refresh_on is not None:
            refresh_on.connect(self._status_changed)
        self.reload()

    def _button(self, text: str, action: str) -> QPushButton:
        button = QPushButton(text, self)
        button.setMinimumHeight(MIN_TOUCH_PX)
        button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        button.clicked.connect(lambda: self.resolve_selected(action))
        return button

    def _status_changed(self, _status: object) -> None:
        self.reload()

    def reload(self) -> None:
        """Reads the list on the store thread; a reload asked for meanwhile runs after."""
        if self._loading:
            self._reload_again = True
            return
        self._loading = True
        self._gateway.query(rejected_events, self._show_events, self._load_failed)

    def _show_events(self, events: list[RejectedEvent]) -> None:
        self._loading = False
        if self._reload_again:
            self._reload_again = False
            self.reload()
            return
        selected = self._selected_event_id()
        self._events = events
        self.table.setRowCount(len(events))
        for row, event in enumerate(events):
            reason = event.reject_message or ""
            values = [
                str(event.station_seq),
                event.event_type,
                event.order_no or "",
                event.reject_code or "",
                reason,
            ]
            fill_row(self.table, row, values, {REASON_COLUMN: reason})
        ids = [event.outbox_event_id for event in events]
        if events:
            self.table.selectRow(ids.index(selected) if selected in ids else 0)
        self.empty_label.setVisible(not events)
        self.reloaded.emit()

    def _load_failed(self, failure: Failure) -> None:
        self._loading = False
        self.error_label.setText(failure_text(failure))

    def _selected_event_id(self) -> int | None:
        row = self.table.currentRow()
        return self._events[row].outbox_event_id if 0 <= row < len(self._events) else None

    def resolve_selected(self, action: str) -> None:
        row = self.table.currentRow()
        if not 0 <= row < len(self._events) or action not in ("retry", "discard"):
            return
        event_id = self._events[row].outbox_event_id
        supervisor = self._supervisor
        decision: Literal["retry", "discard"] = "retry" if action == "retry" else "discard"
        self._gateway.command(
            lambda store: resolve(store, event_id, supervisor, decision),
            self._resolved,
            self._resolve_failed,
        )

    def _resolved(self, _result: None) -> None:
        self.error_label.clear()
        self.resolved += 1
        self.event_resolved.emit()
        self.reload()

    def _resolve_failed(self, failure: Failure) -> None:
        self.error_label.setText(failure_text(failure))

    def done(self, result: int) -> None:
        if self._refresh_on is not None:
            self._refresh_on.disconnect(self._status_changed)
            self._refresh_on = None
        super().done(result)

    @classmethod
    def ask(
        cls,
        gateway: StoreGateway,
        supervisor_badge: str,
        parent: QWidget | None = None,
        *,
        refresh_on: SignalInstance | None = None,
        on_resolved: Callable[[], None] | None = None,
    ) -> int:
        """Shows the list until closed; returns how many events were resolved."""
        dialog = cls(gateway, supervisor_badge, parent, refresh_on)
        if on_resolved is not None:
            dialog.event_resolved.connect(on_resolved)
        dialog.exec()
        return dialog.resolved
