"""The status bar's scale state (ready / waiting / not configured / fault), beside sync's."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from app.flows.scale_input import NO_SCALE, ScaleReading, ScaleState
from ui.scale_texts import fault_text, state_text
from ui.widgets.shrinkable_label import ShrinkableLabel


class ScaleStatusLabel(ShrinkableLabel):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("scaleStatus")
        self.show_reading(NO_SCALE)

    def show_reading(self, reading: ScaleReading) -> None:
        self.setText(state_text(reading))
        faulty = reading.state is ScaleState.FAULT
        self.setToolTip(fault_text(reading.fault) if faulty and reading.fault else self.text())
        # The same look as the sync state's label: "offline" is the red one.
        self.setProperty("state", "offline" if faulty else "online")
        self.style().unpolish(self)
        self.style().polish(self)
