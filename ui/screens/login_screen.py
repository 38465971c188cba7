"""The log-in screen: scan your badge, or type it into the badge field and press Enter."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QLabel, QLineEdit, QVBoxLayout, QWidget

from app.flows.view import FlowView
from ui.style import MIN_TOUCH_PX
from ui.texts import message_text, prompt_text
from ui.widgets.answer_label import AnswerLabel

_BADGE_FIELD_PX = 420


class LoginScreen(QWidget):
    badge_entered = Signal(str)
    """A badge typed on the keyboard and Enter pressed: the same as scanning it."""

    def __init__(self, station_name: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title_label = QLabel(self.tr("Warehouse station {name}").format(name=station_name))
        self.title_label.setObjectName("modeTitle")
        self.prompt_label = QLabel(self)
        self.prompt_label.setObjectName("prompt")
        self.prompt_label.setWordWrap(True)
        # Keys typed at a person's pace reach the focused widget (the wedge filter takes only
        # scanner bursts): without a field of its own, a typed badge went nowhere.
        self.badge_input = QLineEdit(self)
        self.badge_input.setObjectName("badgeInput")
        self.badge_input.setPlaceholderText(self.tr("or type the badge, then Enter"))
        self.badge_input.setMinimumHeight(MIN_TOUCH_PX)
        self.badge_input.setFixedWidth(_BADGE_FIELD_PX)
        self.badge_input.setMaxLength(64)
        self.badge_input.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.badge_input.returnPressed.connect(self._submit_badge)
        self.message_label = AnswerLabel(self)
        self.station_notice = QLabel(self)
        self.station_notice.setObjectName("notice")
        self.station_notice.setWordWrap(True)
        self.station_notice.hide()
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        for label in (self.title_label, self.prompt_label):
            label.setAlignment(Qt.AlignmentFlag.AlignCenter)
            layout.addWidget(label)
        layout.addWidget(self.badge_input, 0, Qt.AlignmentFlag.AlignHCenter)
        for label in (self.message_label, self.station_notice):
            label.setAlignment(Qt.AlignmentFlag.AlignCenter)
            layout.addWidget(label)
        layout.addStretch(2)

    def show_view(self, view: FlowView) -> None:
        self.prompt_label.setText(prompt_text(view.prompt))
        self.message_label.show_answer(
            message_text(view.message) if view.message else "", view.feedback
        )
        self.badge_input.setFocus()

    def show_station_notice(self, text: str) -> None:
        """Why badges cannot work here (e.g. the station is not enrolled); "" hides it."""
        if self.station_notice.text() != text:
            self.station_notice.setText(text)
        self.station_notice.setVisible(bool(text))

    def _submit_badge(self) -> None:
        badge = self.badge_input.text().strip()
        self.badge_input.clear()
        if badge:
            self.badge_entered.emit(badge)
