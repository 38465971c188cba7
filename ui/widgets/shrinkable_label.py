"""A status-bar label that gives way on a small screen instead of widening the window.

A QLabel asks for its whole text as its minimum width, so a long device fault ("Printer
fault: the label printer refused the connection ...") would make the window wider than a
1024-pixel tablet. This label asks for its text's width when there is room, shrinks to a
short minimum when there is not, and keeps the whole text in its tooltip."""

from __future__ import annotations

from PySide6.QtCore import QSize
from PySide6.QtWidgets import QLabel

MIN_WIDTH_PX = 90


class ShrinkableLabel(QLabel):
    def setText(self, text: str) -> None:
        super().setText(text)
        self.setToolTip(text)

    def minimumSizeHint(self) -> QSize:
        hint = super().minimumSizeHint()
        return QSize(min(hint.width(), MIN_WIDTH_PX), hint.height())
