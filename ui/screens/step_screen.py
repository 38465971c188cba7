"""Renders one FlowView: the big prompt, bin, item, quantity left, last message, number entry.

Pick, pack, receive and count all show a step like this; their screens only add buttons.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtGui import QIntValidator, QRegularExpressionValidator
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.flows.view import FlowView
from app.scanning.commands import Command
from ui.command_texts import button_label
from ui.style import MIN_TOUCH_PX
from ui.texts import (
    detail_text,
    due_inbound_text,
    due_inbounds_heading,
    message_text,
    prompt_text,
    split_hint,
)
from ui.widgets.answer_label import AnswerLabel

_IMAGE_PX = 180
_COMPACT_IMAGE_PX = 120


class StepScreen(QWidget):
    number_entered = Signal(str)
    command_chosen = Signal(object)

    commands: tuple[Command, ...] = (
        Command.CONFIRM,
        Command.SHORT,
        Command.SKIP,
        Command.UNDO,
        Command.CANCEL,
        Command.MODE_TASKS,
    )

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.notice_label = self._label("notice", wrap=True)
        self.prompt_label = self._label("prompt", wrap=True)
        self.prompt_hint_label = self._label("promptHint", wrap=True)
        self.location_label = self._label("location")
        self.sku_label = self._label("skuName", wrap=True)
        self.quantity_label = self._label("quantity")
        self.step_label = self._label("step")
        self.details_label = self._label("details", wrap=True)
        # The pack step's live scale weight, large enough to read from the packing table.
        self.scale_label = self._label("scaleWeight")
        self.scale_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.due_label = self._label("dueList", wrap=True)
        self.message_label = AnswerLabel(self)
        self.image_placeholder = self._label("imagePlaceholder")
        self.image_placeholder.setFixedSize(_IMAGE_PX, _IMAGE_PX)
        self.image_placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.image_placeholder.setText(QCoreApplication.translate("StepScreen", "No image"))
        self.number_input = QLineEdit(self)
        self.number_input.setObjectName("numberInput")
        self.number_input.setMinimumHeight(MIN_TOUCH_PX)
        self.number_input.returnPressed.connect(self._submit_number)
        # Made once: a validator set per view would pile up as children of the screen.
        self._pin_validator = QIntValidator(0, 99_999_999, self)
        self._number_validator = QRegularExpressionValidator(r"\d{0,7}([.,]\d{0,3})?", self)
        self._text_validator = QRegularExpressionValidator(r"\S{0,40}", self)
        self.buttons: dict[Command, QPushButton] = {}
        self._build_layout()
        # Shown when a view has them: hidden, they take no room (nor make the window's
        # minimum height larger than a 600 px screen before the first view arrives).
        for optional in (
            self.notice_label,
            self.prompt_hint_label,
            self.location_label,
            self.sku_label,
            self.quantity_label,
            self.step_label,
            self.details_label,
            self.scale_label,
            self.due_label,
            self.image_placeholder,
            self.number_input,
        ):
            optional.hide()
        self._number_mode: tuple[bool, bool, bool] | None = None

    def _label(self, name: str, wrap: bool = False) -> QLabel:
        label = QLabel(self)
        label.setObjectName(name)
        label.setWordWrap(wrap)
        return label

    def _build_layout(self) -> None:
        item_box = QGridLayout()
        item_box.addWidget(self.image_placeholder, 0, 0, 4, 1)
        item_box.addWidget(self.location_label, 0, 1)
        item_box.addWidget(self.sku_label, 1, 1)
        item_box.addWidget(self.quantity_label, 2, 1)
        item_box.addWidget(self.step_label, 3, 1)
        item_box.setColumnStretch(1, 1)
        button_row = QHBoxLayout()
        for command in self.commands:
            button = QPushButton(button_label(command), self)
            button.setMinimumHeight(MIN_TOUCH_PX)
            # Buttons are for touch; the keyboard and scanner never land on them.
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            button.clicked.connect(lambda _=False, c=command: self.command_chosen.emit(c))
            self.buttons[command] = button
            button_row.addWidget(button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)  # the window's layout has the margins already
        layout.addWidget(self.notice_label)
        layout.addWidget(self.prompt_label)
        layout.addWidget(self.prompt_hint_label)
        layout.addLayout(item_box)
        layout.addWidget(self.details_label)
        layout.addWidget(self.scale_label)
        layout.addWidget(self.due_label)
        layout.addWidget(self.number_input)
        layout.addWidget(self.message_label)
        layout.addStretch(1)
        layout.addLayout(button_row)

    def set_compact(self, compact: bool) -> None:
        """A small screen: the image frame shrinks with the type (see COMPACT_STYLESHEET)."""
        size = _COMPACT_IMAGE_PX if compact else _IMAGE_PX
        self.image_placeholder.setFixedSize(size, size)

    def show_view(self, view: FlowView) -> None:
        # Only what changed is set: an unchanged text or visibility posts no repaint.
        instruction, hint = split_hint(prompt_text(view.prompt))
        _set_text(self.prompt_label, instruction)
        self._set_optional(self.prompt_hint_label, hint)
        self._set_optional(self.notice_label, message_text(view.notice) if view.notice else "")
        self._set_optional(self.location_label, view.location_code or "")
        sku = " — ".join(part for part in (view.sku_id, view.sku_name) if part)
        self._set_optional(self.sku_label, sku)
        if view.quantity_total:
            _set_text(
                self.quantity_label,
                QCoreApplication.translate("StepScreen", "Left: {left} of {total}").format(
                    left=view.quantity_left, total=view.quantity_total
                ),
            )
            self.quantity_label.show()
        else:
            self.quantity_label.hide()
        step = (
            QCoreApplication.translate("StepScreen", "Step {no} of {count}").format(
                no=view.step_no, count=view.step_count
            )
            if view.step_count
            else ""
        )
        self._set_optional(self.step_label, step)
        scale = dict(view.details).get("scale_kg")
        self._set_optional(
            self.scale_label,
            ""
            if scale is None
            else QCoreApplication.translate("StepScreen", "{kg} kg").format(kg=scale),
        )
        self._set_optional(
            self.details_label,
            "   ".join(
                detail_text(label, value) for label, value in view.details if label != "scale_kg"
            ),
        )
        due = (
            "\n".join([due_inbounds_heading(), *map(due_inbound_text, view.due_inbounds)])
            if view.due_inbounds
            else ""
        )
        self._set_optional(self.due_label, due)
        self.image_placeholder.setVisible(bool(view.sku_id))
        self._show_message(view)
        self._show_number_input(view)

    def _show_message(self, view: FlowView) -> None:
        # The last answer stays readable until the next one replaces it.
        text = message_text(view.message) if view.message else ""
        self.message_label.show_answer(text, view.feedback)

    def _show_number_input(self, view: FlowView) -> None:
        self.number_input.setVisible(view.wants_number)
        mode = (view.wants_number, view.secret_number, view.wants_text)
        if mode == self._number_mode:
            return
        self._number_mode = mode
        self.number_input.clear()
        if view.secret_number:
            self.number_input.setEchoMode(QLineEdit.EchoMode.Password)
            self.number_input.setValidator(self._pin_validator)
        else:
            self.number_input.setEchoMode(QLineEdit.EchoMode.Normal)
            # A batch number or a date is typed as text; quantities and weights as digits.
            self.number_input.setValidator(
                self._text_validator if view.wants_text else self._number_validator
            )
        if view.wants_number:
            self.number_input.setFocus()

    def _submit_number(self) -> None:
        text = self.number_input.text().strip()
        self.number_input.clear()
        if text:
            self.number_entered.emit(text)

    @staticmethod
    def _set_optional(label: QLabel, text: str) -> None:
        _set_text(label, text)
        label.setVisible(bool(text))


def _set_text(label: QLabel, text: str) -> None:
    if label.text() != text:
        label.setText(text)
