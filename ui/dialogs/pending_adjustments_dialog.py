"""The supervisor approves or rejects count differences that were above the threshold."""

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
from app.flows.pending_adjustments import PendingAdjustment, decide, pending_adjustments
from local_db.store import Store
from ui.style import MIN_TOUCH_PX
from ui.texts import refusal_text


class PendingAdjustmentsDialog(QDialog):
    def __init__(self, store: Store, supervisor_badge: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._store = store
        self._supervisor = supervisor_badge
        self._rows: list[PendingAdjustment] = []
        self.decided = 0
        self.setWindowTitle(self.tr("Count differences waiting for approval"))
        self.table = QTableWidget(0, 5, self)
        self.table.setHorizontalHeaderLabels(
            [
                self.tr("Bin"),
                self.tr("Item"),
                self.tr("Batch"),
                self.tr("Difference"),
                self.tr("Counted by"),
            ]
        )
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setDefaultSectionSize(MIN_TOUCH_PX)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.error_label = QLabel(self)
        self.error_label.setObjectName("message")
        approve = self._button(self.tr("Approve (book it)"), "approve")
        reject = self._button(self.tr("Reject (recount)"), "reject")
        close_button = QPushButton(self.tr("Close"), self)
        close_button.setMinimumHeight(MIN_TOUCH_PX)
        close_button.clicked.connect(self.accept)
        buttons = QHBoxLayout()
        buttons.addWidget(approve)
        buttons.addWidget(reject)
        buttons.addStretch(1)
        buttons.addWidget(close_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.error_label)
        layout.addLayout(buttons)
        self.reload()

    def _button(self, text: str, decision: str) -> QPushButton:
        button = QPushButton(text, self)
        button.setMinimumHeight(MIN_TOUCH_PX)
        button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        button.clicked.connect(lambda: self.decide_selected(decision))
        return button

    def reload(self) -> None:
        self._rows = pending_adjustments(self._store)
        self.table.setRowCount(len(self._rows))
        for row, item in enumerate(self._rows):
            values = [
                item.location_code,
                item.sku_id,
                item.batch_no or "",
                f"{item.quantity:+d}",
                item.created_by,
            ]
            for column, value in enumerate(values):
                self.table.setItem(row, column, QTableWidgetItem(value))
        if self._rows:
            self.table.selectRow(0)

    def decide_selected(self, decision: str) -> None:
        row = self.table.currentRow()
        if not 0 <= row < len(self._rows) or decision not in ("approve", "reject"):
            return
        adjustment_no = self._rows[row].adjustment_no
        try:
            decide(
                self._store,
                adjustment_no,
                self._supervisor,
                "approve" if decision == "approve" else "reject",
            )
        except FloorError as error:
            self.error_label.setText(refusal_text(error))
            return
        self.error_label.clear()
        self.decided += 1
        self.reload()

    @classmethod
    def ask(cls, store: Store, supervisor_badge: str, parent: QWidget | None = None) -> int:
        """Shows the list until closed; returns how many differences were decided."""
        dialog = cls(store, supervisor_badge, parent)
        dialog.exec()
        return dialog.decided
