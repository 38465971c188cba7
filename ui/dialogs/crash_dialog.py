"""Tells the operator that something crashed, where the report is, and that work goes on."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QLabel, QPushButton, QVBoxLayout, QWidget

from ui.style import MIN_TOUCH_PX


class CrashDialog(QDialog):
    def __init__(self, report: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Something went wrong"))
        self.message_label = QLabel(self)
        self.message_label.setObjectName("message")
        self.message_label.setWordWrap(True)
        self.message_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        close_button = QPushButton(self.tr("OK, keep working"), self)
        close_button.setMinimumHeight(MIN_TOUCH_PX)
        close_button.clicked.connect(self.accept)
        layout = QVBoxLayout(self)
        layout.addWidget(self.message_label, 1)
        layout.addWidget(close_button)
        self.report = report
        self.set_report(report)
        self.resize(900, 360)

    def set_report(self, report: Path) -> None:
        """A later crash while the dialog is open: point at the newest report."""
        self.report = report
        self.message_label.setText(
            self.tr(
                "Something went wrong on this station. A crash report was written to {path}. "
                "Tell IT. Your scans so far are saved: scan again to go on."
            ).format(path=report)
        )

    @classmethod
    def show_for(cls, report: Path, parent: QWidget | None = None) -> CrashDialog:
        """Opens the dialog without blocking (it may be shown from inside a crashed slot) and
        returns it, so a caller or a test can find and close it."""
        dialog = cls(report, parent)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog
