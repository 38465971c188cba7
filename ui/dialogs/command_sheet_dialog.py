"""Asks where to save the printable sheet of command barcodes."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, QStandardPaths
from PySide6.QtWidgets import QFileDialog, QWidget


class CommandSheetDialog:
    @classmethod
    def ask(cls, parent: QWidget | None) -> Path | None:
        """The PDF path chosen, or None if cancelled (tests replace this classmethod)."""
        folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
        path, _ = QFileDialog.getSaveFileName(
            parent,
            QCoreApplication.translate("CommandSheetDialog", "Save command barcodes"),
            str(Path(folder) / "command-barcodes.pdf"),
            QCoreApplication.translate("CommandSheetDialog", "PDF files (*.pdf)"),
        )
        return Path(path) if path else None
