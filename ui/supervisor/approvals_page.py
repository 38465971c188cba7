"""Approvals: adjustments waiting for a supervisor (count differences above the threshold,
write-offs and found goods above it), decided here: approve, reject or recount.

Each row shows what the decision rests on: bin, SKU, batch, what the books held, what was
counted, the difference, who counted and when, and whether that stock moved since (then the
count may be stale and a recount is offered first). Every decision is one audited service
call through the gateway (``app.supervision.pending_adjustments.decide``); a refusal (an
operator's badge, the supervisor's own count) is shown and changed nothing.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from app.supervision.pending_adjustments import Decision, PendingAdjustment, decide
from app.supervision.pending_adjustments import pending_adjustments as load_pending
from ui.dialogs.review_table import fill_row, review_table
from ui.store_gateway import Failure, StoreGateway
from ui.store_problems import failure_text
from ui.style import MIN_TOUCH_PX

COUNTED_BY_COLUMN = 6
DIFFERENCE_COLUMN = 5
STALE_MARK = "⚠ "
_STALE_BACKGROUND = QColor("#fff3cd")


def _quantity(value: int | None) -> str:
    return "–" if value is None else str(value)


def _when(moment: dt.datetime | None) -> str:
    """Local time; the date only when it is not today's (the column must fit 1024 px)."""
    if moment is None:
        return ""
    local = moment.astimezone()
    if local.date() == dt.datetime.now().astimezone().date():
        return local.strftime("%H:%M")
    return local.strftime("%m-%d %H:%M")


class ApprovalsPage(QWidget):
    reloaded = Signal()
    """The list was read again and is shown (tests wait on it)."""
    decision_failed = Signal()

    def __init__(
        self, gateway: StoreGateway, supervisor_badge: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._gateway = gateway
        self._supervisor = supervisor_badge
        self.rows: list[PendingAdjustment] = []
        self.decided = 0
        self.table = review_table(
            [
                self.tr("Bin"),
                self.tr("SKU"),
                self.tr("Batch"),
                self.tr("Expected"),
                self.tr("Counted"),
                self.tr("Difference"),
                self.tr("Counted by"),
                self.tr("When"),
            ],
            COUNTED_BY_COLUMN,
            self,
        )
        self.table.itemSelectionChanged.connect(self._explain_selected)
        self.detail_label = QLabel(self)
        self.detail_label.setWordWrap(True)
        self.stale_label = QLabel(self)
        self.stale_label.setObjectName("staleWarning")
        self.stale_label.setWordWrap(True)
        self.stale_label.hide()
        self.error_label = QLabel(self)
        self.error_label.setObjectName("message")
        self.error_label.setWordWrap(True)
        self.approve_button = self._button(self.tr("Approve (book it)"), "approve")
        self.reject_button = self._button(self.tr("Reject (keep the books)"), "reject")
        self.recount_button = self._button(self.tr("Recount the bin"), "recount")
        buttons = QHBoxLayout()
        for button in (self.approve_button, self.reject_button, self.recount_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.detail_label)
        layout.addWidget(self.stale_label)
        layout.addWidget(self.error_label)
        layout.addLayout(buttons)
        self.reload()

    def title(self) -> str:
        return self.tr("Approvals")

    def _button(self, text: str, decision: Decision) -> QPushButton:
        button = QPushButton(text, self)
        button.setMinimumHeight(MIN_TOUCH_PX)
        button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        button.clicked.connect(lambda: self.decide_selected(decision))
        return button

    def reload(self) -> None:
        self._gateway.query(load_pending, self._show_rows, self._failed)

    def _show_rows(self, rows: list[PendingAdjustment]) -> None:
        selected = self.selected()
        self.rows = rows
        self.table.setRowCount(len(rows))
        for row, item in enumerate(rows):
            counted_by = (
                f"{item.created_by_name} ({item.created_by})"
                if item.created_by_name
                else item.created_by
            )
            # A count the stock has moved on from is marked where the eye goes: the difference.
            mark = STALE_MARK if item.moved_since else ""
            values = [
                item.location_code,
                item.sku_id,
                item.batch_no or "",
                _quantity(item.expected_qty),
                _quantity(item.counted_qty),
                f"{mark}{item.quantity:+d}",
                counted_by,
                _when(item.created_at),
            ]
            fill_row(self.table, row, values)
            if item.moved_since:
                for column in range(len(values)):
                    cell = self.table.item(row, column)
                    if cell is not None:
                        cell.setBackground(_STALE_BACKGROUND)
        keep = next((i for i, r in enumerate(rows) if selected and r.adjustment_no == selected), 0)
        if rows:
            self.table.selectRow(keep)
        self._explain_selected()
        self.reloaded.emit()

    def selected(self) -> str | None:
        row = self.table.currentRow()
        return self.rows[row].adjustment_no if 0 <= row < len(self.rows) else None

    def _explain_selected(self) -> None:
        row = self.table.currentRow()
        item = self.rows[row] if 0 <= row < len(self.rows) else None
        for button in (self.approve_button, self.reject_button, self.recount_button):
            button.setEnabled(item is not None)
        self.detail_label.setText(
            self.tr("{adjustment}: {reason}, waiting since {when}").format(
                adjustment=item.adjustment_no,
                reason=item.reason_code,
                when=_when(item.created_at),
            )
            if item is not None
            else self.tr("Nothing waits for a supervisor's approval.")
        )
        if item is None or not item.moved_since:
            self.stale_label.hide()
            self.stale_label.clear()
            return
        self.stale_label.setText(
            self.tr(
                "Stock of {sku} in bin {bin} moved after this count (the books now hold "
                "{on_hand}): the count may be stale. Recount the bin before approving."
            ).format(sku=item.sku_id, bin=item.location_code, on_hand=_quantity(item.on_hand_now))
        )
        self.stale_label.show()

    def decide_selected(self, decision: Decision) -> None:
        adjustment_no = self.selected()
        if adjustment_no is None:
            return
        supervisor = self._supervisor
        self._gateway.command(
            lambda store: decide(store, adjustment_no, supervisor, decision),
            self._decided,
            self._failed,
        )

    def _decided(self, _result: None) -> None:
        self.error_label.clear()
        self.decided += 1
        self.reload()

    def _failed(self, failure: Failure) -> None:
        self.error_label.setText(failure_text(failure))
        self.decision_failed.emit()
