"""Task control: who has what in progress since when (release it to the next operator), and
the supervisor's decisions on an order: hold / release with a reason, priority up / down,
assign to an operator, raise an order exception with a reason (seed 000 §5.1: the OMS is
told EXCEPTION). Reads and decisions run through the store gateway."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any, cast

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from app.queries.work_in_hand import TaskControlPicture, WorkInHand, task_control_picture
from app.services.order_exception_raising import REASON_CODES, raise_order_exception
from app.supervision import task_control
from app.supervision.task_control import HOLD_REASONS, HandedOver, WorkKind
from ui.dialogs.review_table import fill_row, review_table
from ui.exception_texts import raise_reason_text
from ui.hold_reason_texts import hold_reason_text
from ui.store_gateway import Failure, StoreGateway
from ui.store_problems import failure_text
from ui.style import MIN_TOUCH_PX
from ui.supervisor.page import touch_button

CONTROLS_WIDTH = 310
Decision = Callable[[Any], Any]
"""A task-control service given the unit of work (run by ``task_control.decide``)."""


def _when(value: Any) -> str:
    """Local time; the date only when it is not today (stuck since yesterday stands out)."""
    if value is None:
        return "—"
    local = value.astimezone()
    today = dt.datetime.now(local.tzinfo).date()
    return str(local.strftime("%H:%M" if local.date() == today else "%m-%d %H:%M"))


class TasksPage(QWidget):
    decided = Signal()
    """A decision was committed and the page re-read (tests wait on it)."""
    loaded = Signal()
    """The page's rows arrived from the store thread."""

    def __init__(
        self, gateway: StoreGateway, supervisor_badge: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._gateway = gateway
        self._supervisor = supervisor_badge
        self._work: list[WorkInHand] = []
        self.work_table = review_table(
            [
                self.tr("Work"),
                self.tr("Order / inbound / bin"),
                self.tr("Operator"),
                self.tr("Since"),
                self.tr("Last scan"),
                self.tr("Done"),
            ],
            1,
            self,
        )
        self.orders_table = review_table(
            [
                self.tr("Order"),
                self.tr("Status"),
                self.tr("Priority"),
                self.tr("On hold"),
                self.tr("Assigned to"),
            ],
            3,
            self,
        )
        self.work_table.itemSelectionChanged.connect(self._work_selected)
        self.orders_table.itemSelectionChanged.connect(self._order_selected)
        self.order_edit = QLineEdit(self)
        self.order_edit.setPlaceholderText(self.tr("Order number"))
        self.order_edit.setMinimumHeight(MIN_TOUCH_PX)
        self.reason_box = QComboBox(self)
        for code in HOLD_REASONS:
            self.reason_box.addItem(hold_reason_text(code), code)
        self.operator_box = QComboBox(self)
        self.exception_reason_box = QComboBox(self)
        for code in REASON_CODES:
            self.exception_reason_box.addItem(raise_reason_text(code), code)
        self.exception_note_edit = QLineEdit(self)
        self.exception_note_edit.setPlaceholderText(self.tr("Note (optional)"))
        self.exception_note_edit.setMinimumHeight(MIN_TOUCH_PX)
        self.hold_button = touch_button(self, self.tr("Hold"), self.hold)
        self.release_hold_button = touch_button(self, self.tr("Release"), self.release_hold)
        self.raise_button = touch_button(
            self, self.tr("Priority +"), lambda: self.change_priority(1)
        )
        self.lower_button = touch_button(
            self, self.tr("Priority −"), lambda: self.change_priority(-1)
        )
        self.assign_button = touch_button(self, self.tr("Assign"), self.assign)
        self.unassign_button = touch_button(self, self.tr("Unassign"), self.unassign)
        self.release_work_button = touch_button(self, self.tr("Hand over work"), self.release_work)
        self.raise_exception_button = touch_button(
            self, self.tr("Raise exception"), self.raise_exception
        )
        self.message_label = QLabel(self)
        self.message_label.setObjectName("message")
        self.message_label.setWordWrap(True)

        self._lay_out()
        self.reload()

    def _lay_out(self) -> None:
        # Tables on the left, the decisions in one column on the right: both tables keep
        # their height on a 1024 x 600 screen.
        controls = QGridLayout()
        controls.addWidget(QLabel(self.tr("Order:"), self), 0, 0, 1, 2)
        controls.addWidget(self.order_edit, 1, 0, 1, 2)
        controls.addWidget(self.raise_button, 2, 0)
        controls.addWidget(self.lower_button, 2, 1)
        controls.addWidget(QLabel(self.tr("Hold reason:"), self), 3, 0, 1, 2)
        controls.addWidget(self.reason_box, 4, 0, 1, 2)
        controls.addWidget(self.hold_button, 5, 0)
        controls.addWidget(self.release_hold_button, 5, 1)
        controls.addWidget(QLabel(self.tr("Operator:"), self), 6, 0, 1, 2)
        controls.addWidget(self.operator_box, 7, 0, 1, 2)
        controls.addWidget(self.assign_button, 8, 0)
        controls.addWidget(self.unassign_button, 8, 1)
        controls.addWidget(self.release_work_button, 9, 0, 1, 2)
        controls.addWidget(QLabel(self.tr("Order exception:"), self), 10, 0, 1, 2)
        controls.addWidget(self.exception_reason_box, 11, 0, 1, 2)
        controls.addWidget(self.exception_note_edit, 12, 0, 1, 2)
        controls.addWidget(self.raise_exception_button, 13, 0, 1, 2)
        controls.setRowStretch(14, 1)
        tables = QVBoxLayout()
        tables.addWidget(QLabel(self.tr("In progress (who has what, since when)"), self))
        tables.addWidget(self.work_table, 1)
        tables.addWidget(QLabel(self.tr("Orders on hold or assigned"), self))
        tables.addWidget(self.orders_table, 1)
        tables.addWidget(self.message_label)
        panel = QWidget(self)
        panel.setLayout(controls)
        panel.setMaximumWidth(CONTROLS_WIDTH)
        layout = QHBoxLayout(self)
        layout.addLayout(tables, 1)
        layout.addWidget(panel)

    def title(self) -> str:
        return self.tr("Tasks")

    # --- reading ---------------------------------------------------------------------------

    def reload(self) -> None:
        self._gateway.query(task_control_picture, self._show, self._failed)

    def _show(self, picture: TaskControlPicture) -> None:
        self._work = picture.work
        kinds = {
            "pick": self.tr("Pick"),
            "receive": self.tr("Receive"),
            "pack": self.tr("Pack"),
            "count": self.tr("Count"),
        }
        self.work_table.setRowCount(len(picture.work))
        for row, work in enumerate(picture.work):
            fill_row(
                self.work_table,
                row,
                [
                    kinds.get(work.kind, work.kind),
                    work.key,
                    work.operator or self.tr("(anyone)"),
                    _when(work.since),
                    _when(work.last_activity),
                    str(work.done),
                ],
            )
        self.orders_table.setRowCount(len(picture.orders))
        for row, order in enumerate(picture.orders):
            fill_row(
                self.orders_table,
                row,
                [
                    order.order_no,
                    order.status,
                    str(order.priority),
                    hold_reason_text(order.hold_reason) if order.hold_reason else "",
                    order.assigned_to or "",
                ],
                {3: order.held_by or ""},
            )
        chosen = self.operator_box.currentData()
        self.operator_box.clear()
        for badge, name in picture.operators:
            self.operator_box.addItem(f"{badge} · {name}", badge)
        if chosen is not None and (index := self.operator_box.findData(chosen)) >= 0:
            self.operator_box.setCurrentIndex(index)
        self.loaded.emit()

    def _work_selected(self) -> None:
        row = self.work_table.currentRow()
        if 0 <= row < len(self._work) and self._work[row].kind in ("pick", "pack"):
            self.order_edit.setText(self._work[row].key)

    def _order_selected(self) -> None:
        item = self.orders_table.item(self.orders_table.currentRow(), 0)
        if item is not None:
            self.order_edit.setText(item.text())

    # --- deciding --------------------------------------------------------------------------

    def _order_no(self) -> str | None:
        order_no = self.order_edit.text().strip()
        if not order_no:
            self.message_label.setText(self.tr("Type or choose an order number first."))
            return None
        return order_no

    def _decide(self, decision: Decision, done: str) -> None:
        def run(store: Any) -> Any:
            return task_control.decide(store, decision)

        self._gateway.command(run, lambda _result: self._decided(done), self._failed)

    def hold(self) -> None:
        order_no, reason = self._order_no(), self.reason_box.currentData()
        if order_no is None:
            return
        badge = self._supervisor
        self._decide(
            lambda uow: task_control.hold_order(uow, badge, order_no, reason),
            self.tr("Order {order} is on hold.").format(order=order_no),
        )

    def release_hold(self) -> None:
        order_no = self._order_no()
        if order_no is None:
            return
        badge = self._supervisor
        self._decide(
            lambda uow: task_control.release_hold(uow, badge, order_no),
            self.tr("Order {order} is released: it can be worked again.").format(order=order_no),
        )

    def raise_exception(self) -> None:
        """Stop the order for manual handling: held here, EXCEPTION with the reason at the
        OMS, a record in the exception queue (where "resume work" lets it go on)."""
        order_no, reason = self._order_no(), self.exception_reason_box.currentData()
        if order_no is None:
            return
        badge, note = self._supervisor, self.exception_note_edit.text()
        self._decide(
            lambda uow: raise_order_exception(uow, order_no, badge, reason, note),
            self.tr("Order {order} is stopped ({reason}): the OMS is told.").format(
                order=order_no, reason=raise_reason_text(reason)
            ),
        )

    def change_priority(self, steps: int) -> None:
        order_no = self._order_no()
        if order_no is None:
            return
        badge = self._supervisor
        self._decide(
            lambda uow: task_control.change_priority(uow, badge, order_no, steps),
            self.tr("Priority of order {order} changed.").format(order=order_no),
        )

    def assign(self) -> None:
        order_no, operator = self._order_no(), self.operator_box.currentData()
        if order_no is None or operator is None:
            return
        badge = self._supervisor
        self._decide(
            lambda uow: task_control.assign_order(uow, badge, order_no, operator),
            self.tr("Order {order} is assigned to {badge}.").format(order=order_no, badge=operator),
        )

    def unassign(self) -> None:
        order_no = self._order_no()
        if order_no is None:
            return
        badge = self._supervisor
        self._decide(
            lambda uow: task_control.assign_order(uow, badge, order_no, None),
            self.tr("Order {order} is no longer assigned.").format(order=order_no),
        )

    def release_work(self) -> None:
        row = self.work_table.currentRow()
        if not 0 <= row < len(self._work):
            self.message_label.setText(self.tr("Choose the work in progress to release first."))
            return
        work = self._work[row]
        kind = cast(WorkKind, work.kind)
        key, badge, operator = work.key, self._supervisor, self.operator_box.currentData()

        def release(uow: Any) -> HandedOver:
            return task_control.release_work(uow, badge, kind, key, operator)

        self._decide(
            release,
            self.tr("{key} is released to {badge}.").format(key=key, badge=operator or "—"),
        )

    def _decided(self, text: str) -> None:
        self.message_label.setText(text)
        self._gateway.query(task_control_picture, self._after_decision, self._failed)

    def _after_decision(self, picture: TaskControlPicture) -> None:
        self._show(picture)
        self.decided.emit()

    def _failed(self, failure: Failure) -> None:
        self.message_label.setText(failure_text(failure))
