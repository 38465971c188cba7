"""The log-in screen: one instruction, scan your badge."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from app.flows.view import FlowView
from ui.texts import message_text, prompt_text


class LoginScreen(QWidget):
    def __init__(self, station_name: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title_label = QLabel(self.tr("Warehouse station {name}").format(name=station_name))
        self.title_label.setObjectName("modeTitle")
        self.prompt_label = QLabel(self)
        self.prompt_label.setObjectName("prompt")
        self.message_label = QLabel(self)
        self.message_label.setObjectName("message")
        self.message_label.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        for label in (self.title_label, self.prompt_label, self.message_label):
            label.setAlignment(Qt.AlignmentFlag.AlignCenter)
            layout.addWidget(label)
        layout.addStretch(2)

    def show_view(self, view: FlowView) -> None:
        self.prompt_label.setText(prompt_text(view.prompt))
        self.message_label.setText(message_text(view.message) if view.message else "")
