"""The label printer's state on the status bar: ready, not configured, or its fault.

The printer is driven on its own thread (station/print_worker.py); it reports through
:meth:`report`, whose signal reaches the label on the UI thread (a queued connection across
threads)."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QWidget

from ui.printer_texts import printer_state_text
from ui.widgets.shrinkable_label import ShrinkableLabel


class PrinterStatusLabel(ShrinkableLabel):
    _reported = Signal(object)

    def __init__(self, configured: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("printerStatusLabel")
        self._configured = configured
        self._reported.connect(self._show)
        self._show(None)

    def report(self, fault: str | None) -> None:
        """Any thread: None after labels printed, else the fault kind."""
        self._reported.emit(fault)

    def _show(self, fault: object) -> None:
        kind = fault if isinstance(fault, str) else None
        self.setText(printer_state_text(kind, self._configured))
        state = "offline" if kind is not None else "online" if self._configured else ""
        self.setProperty("state", state)
        self.style().unpolish(self)
        self.style().polish(self)
