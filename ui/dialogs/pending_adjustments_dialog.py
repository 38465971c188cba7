"""The supervisor approves or rejects count differences that were above the threshold.

Each row shows what the supervisor decides on: bin, SKU, batch, what the books held, what was
counted, the difference and who counted.
"""

from __future__ import annotations

from typing import Literal

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.supervision.pending_adjustments import PendingAdjustment, decide, pending_adjustments
from ui.dialogs.review_table import default_size, fill_row, review_table
from ui.store_gateway import Failure, StoreGateway
from ui.store_problems import failure_text
from ui.style import MIN_TOUCH_PX

COUNTED_BY_COLUMN = 6


def _quantity(value: int | None) -> str:
    return "–" if value is None else str(value)


class PendingAdjustmentsDialog(QDialog):
    def __init__(
        self,
        gateway: StoreGateway,
        supervisor_badge: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._gateway = gateway
        self._supervisor = supervisor_badge
        self._rows: list[PendingAdjustment] = []
        self.decided = 0
        self.setWindowTitle(self.tr("Count differences waiting for approval"))
        self.table = review_table(
            [
                self.tr("Bin"),
                self.tr("SKU"),
                self.tr("Batch"),
                self.tr("Expected"),
                self.tr("Counted"),
                self.tr("Difference"),
                self.tr("Counted by"),
            ],
            COUNTED_BY_COLUMN,
            self,
        )
        self.error_label = QLabel(self)
        self.error_label.setObjectName("message")
        self.error_label.setWordWrap(True)
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
        default_size(self, parent)
        self.reload()

    def _button(self, text: str, decision: str) -> QPushButton:
        button = QPushButton(text, self)
        button.setMinimumHeight(MIN_TOUCH_PX)
        button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        button.clicked.connect(lambda: self.decide_selected(decision))
        return button

    def reload(self) -> None:
        self._gateway.query(pending_adjustments, self._show_rows, self._failed)

    def _show_rows(self, rows: list[PendingAdjustment]) -> None:
        self._rows = rows
        self.table.setRowCount(len(rows))
        for row, item in enumerate(rows):
            values = [
                item.location_code,
                item.sku_id,
                item.batch_no or "",
                _quantity(item.expected_qty),
                _quantity(item.counted_qty),
                f"{item.quantity:+d}",
                item.created_by,
            ]
            fill_row(self.table, row, values)
        if rows:
            self.table.selectRow(0)

    def decide_selected(self, decision: str) -> None:
        row = self.table.currentRow()
        if not 0 <= row < len(self._rows) or decision not in ("approve", "reject"):
            return
        adjustment_no = self._rows[row].adjustment_no
        supervisor = self._supervisor
        choice: Literal["approve", "reject"] = "approve" if decision == "approve" else "reject"
        self._gateway.command(
            lambda store: decide(store, adjustment_no, supervisor, choice),
            self._decided,
            self._failed,
        )

    def _decided(self, _result: None) -> None:
        self.error_label.clear()
        self.decided += 1
        self.reload()

    def _failed(self, failure: Failure) -> None:
        self.error_label.setText(failure_text(failure))

    @classmethod
    def ask(
        cls,
        gateway: StoreGateway,
        supervisor_badge: str,
        parent: QWidget | None = None,
    ) -> int:
        """Shows the list until closed; returns how many differences were decided."""
        dialog = cls(gateway, supervisor_badge, parent)
        dialog.exec()
        return dialog.decided
