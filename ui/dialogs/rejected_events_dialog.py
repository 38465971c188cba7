"""The supervisor reviews events the OMS rejected: retry (after fixing the cause) or discard."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.errors import FloorError
from app.flows.rejected_events import RejectedEvent, rejected_events, resolve
from local_db.store import Store
from ui.style import MIN_TOUCH_PX
from ui.texts import refusal_text


class RejectedEventsDialog(QDialog):
    def __init__(self, store: Store, supervisor_badge: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._store = store
        self._supervisor = supervisor_badge
        self._events: list[RejectedEvent] = []
        self.resolved = 0
        self.setWindowTitle(self.tr("Events the OMS rejected"))
        self.table = QTableWidget(0, 5, self)
        self.table.setHorizontalHeaderLabels(
            [self.tr("No."), self.tr("Event"), self.tr("Order"), self.tr("Code"), self.tr("Reason")]
        )
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        rows = self.table.verticalHeader()
        rows.setMinimumSectionSize(MIN_TOUCH_PX)
        # Rows grow with a wrapped reason, and shrink back when the dialog is widened.
        rows.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        rows.hide()  # the station's event number is the first column
        self.table.setWordWrap(True)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        # The OMS's reason is what the supervisor acts on: it gets the room, wrapped.
        header.setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        self.error_label = QLabel(self)
        self.error_label.setObjectName("message")
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
        layout.addWidget(self.error_label)
        layout.addLayout(buttons)
        self.reload()

    def _button(self, text: str, action: str) -> QPushButton:
        button = QPushButton(text, self)
        button.setMinimumHeight(MIN_TOUCH_PX)
        button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        button.clicked.connect(lambda: self.resolve_selected(action))
        return button

    def reload(self) -> None:
        self._events = rejected_events(self._store)
        self.table.setRowCount(len(self._events))
        for row, event in enumerate(self._events):
            values = [
                str(event.station_seq),
                event.event_type,
                event.order_no or "",
                event.reject_code or "",
                event.reject_message or "",
            ]
            for column, value in enumerate(values):
                self.table.setItem(row, column, QTableWidgetItem(value))
        if self._events:
            self.table.selectRow(0)

    def resolve_selected(self, action: str) -> None:
        row = self.table.currentRow()
        if not 0 <= row < len(self._events) or action not in ("retry", "discard"):
            return
        event = self._events[row]
        try:
            resolve(
                self._store,
                event.outbox_event_id,
                self._supervisor,
                "retry" if action == "retry" else "discard",
            )
        except FloorError as error:
            self.error_label.setText(refusal_text(error))
            return
        self.error_label.clear()
        self.resolved += 1
        self.reload()

    @classmethod
    def ask(cls, store: Store, supervisor_badge: str, parent: QWidget | None = None) -> int:
        """Shows the list until closed; returns how many events were resolved."""
        dialog = cls(store, supervisor_badge, parent)
        dialog.exec()
        return dialog.resolved
