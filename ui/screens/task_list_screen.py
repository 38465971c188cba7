"""The task list: open orders by priority then deadline, filterable by owner and carrier."""

from __future__ import annotations

from collections.abc import Mapping

from PySide6.QtCore import Qt, Signal, SignalInstance
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.flows.view import FlowView
from app.queries.task_list import TaskFilter
from ui.exception_texts import type_text
from ui.models.task_table_model import TaskTableModel
from ui.style import MIN_TOUCH_PX
from ui.texts import message_text, prompt_text
from ui.widgets.answer_label import AnswerLabel


class TaskListScreen(QWidget):
    command_sheet_requested = Signal()
    count_review_requested = Signal()
    console_requested = Signal()
    order_chosen = Signal(str)
    """A row tapped on the touch screen: the same as scanning its order number."""

    def __init__(self, model: TaskTableModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = model
        self.prompt_label = QLabel(self)
        self.prompt_label.setObjectName("prompt")
        self.prompt_label.setWordWrap(True)
        self.message_label = AnswerLabel(self)
        self.owner_filter = self._filter_input(self.tr("Owner"))
        self.carrier_filter = self._filter_input(self.tr("Carrier"))
        self.table = QTableView(self)
        self.table.setModel(model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.table.verticalHeader().setDefaultSectionSize(MIN_TOUCH_PX)
        self.table.verticalHeader().hide()
        self.table.clicked.connect(
            lambda index: self.order_chosen.emit(model.row_at(index.row()).order_no)
        )
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        # The order number is what the picker reads off the list: never cut it short.
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        # Nor the status: "Taken by <station>" names who works the order (#14).
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        filters = QHBoxLayout()
        filters.addWidget(QLabel(self.tr("Filter:")))
        filters.addWidget(self.owner_filter)
        filters.addWidget(self.carrier_filter)
        actions = QHBoxLayout()
        self.command_sheet_button = self._action(
            self.tr("Print command barcodes"), self.command_sheet_requested, actions
        )
        self.count_review_button = self._action(
            self.tr("Count differences (supervisor)"), self.count_review_requested, actions
        )
        self.console_button = self._action(
            self.tr("Supervisor console"), self.console_requested, actions
        )
        self.console_button.hide()  # shown to supervisors only
        actions.addStretch(1)
        # Supervisors only: the open exceptions by type (#13.1), so nothing waits unseen.
        self.exceptions_label = QLabel(self)
        self.exceptions_label.setObjectName("exceptions")
        self.exceptions_label.hide()
        actions.addWidget(self.exceptions_label)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)  # the window's layout has the margins already
        layout.addWidget(self.prompt_label)
        layout.addWidget(self.message_label)
        layout.addLayout(filters)
        layout.addWidget(self.table, 1)
        layout.addLayout(actions)

    def _action(self, text: str, signal: SignalInstance, row: QHBoxLayout) -> QPushButton:
        button = QPushButton(text, self)
        button.setMinimumHeight(MIN_TOUCH_PX)
        button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        button.clicked.connect(signal)
        row.addWidget(button)
        return button

    def _filter_input(self, placeholder: str) -> QLineEdit:
        line = QLineEdit(self)
        line.setObjectName("filter")
        line.setPlaceholderText(placeholder)
        line.setMinimumHeight(MIN_TOUCH_PX)
        line.setClearButtonEnabled(True)
        line.editingFinished.connect(self.apply_filter)
        return line

    def apply_filter(self) -> None:
        task_filter = TaskFilter(
            owner_id=self.owner_filter.text().strip() or None,
            carrier_code=self.carrier_filter.text().strip() or None,
        )
        self.model.set_filter(task_filter)

    def show_view(self, view: FlowView) -> None:
        self.prompt_label.setText(prompt_text(view.prompt))
        self.message_label.show_answer(
            message_text(view.message) if view.message else "", view.feedback
        )

    def set_supervisor(self, supervisor: bool) -> None:
        """A supervisor's session offers the console (others reach it by its barcode)."""
        self.console_button.setVisible(supervisor)

    def reload(self) -> None:
        self.model.reload()

    def show_open_exceptions(self, counts: Mapping[str, int] | None) -> None:
        """The open exceptions by type for a supervisor; None (an operator) hides it."""
        if counts is None:
            self.exceptions_label.hide()
            return
        shown = " · ".join(f"{type_text(kind)} {count}" for kind, count in counts.items())
        self.exceptions_label.setText(
            self.tr("Open exceptions: {counts}").format(counts=shown or "0")
        )
        self.exceptions_label.show()
