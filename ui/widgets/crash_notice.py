"""A strip at the top of the window: the station crashed last time, here is the report."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QWidget

from ui.style import MIN_TOUCH_PX


class CrashNotice(QWidget):
    """Non-blocking: work goes on underneath; a tap on OK hides it."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("crashNotice")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground)
        self.label = QLabel(self)
        self.label.setWordWrap(True)
        self.label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.ok_button = QPushButton(self.tr("OK"), self)
        self.ok_button.setMinimumHeight(MIN_TOUCH_PX)
        # Touch only: a scan's Enter must never dismiss it unread.
        self.ok_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.ok_button.clicked.connect(self.hide)
        layout = QHBoxLayout(self)
        layout.addWidget(self.label, 1)
        layout.addWidget(self.ok_button)
        self.hide()

    def show_reports(self, reports: list[Path]) -> None:
        newest = reports[0]
        text = self.tr(
            "The station stopped unexpectedly last time. The report is in {path}. Tell IT."
        ).format(path=newest)
        if len(reports) > 1:
            text += " " + self.tr("(%n reports in that folder.)", "", len(reports))
        self.label.setText(text)
        self.show()
