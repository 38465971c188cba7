"""A review table for pages with many columns: every column sized to its content, scrolling
sideways when the window is narrower than the columns (none hides at the right edge)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHeaderView, QTableWidget, QWidget

from ui.dialogs.review_table import review_table

WIDE_COLUMN_MAX_PX = 420


def wide_table(headers: list[str], wide_column: int, parent: QWidget) -> QTableWidget:
    table = review_table(headers, wide_column, parent)
    table.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
    header = table.horizontalHeader()
    header.setSectionResizeMode(wide_column, QHeaderView.ResizeMode.Interactive)
    header.resizeSection(wide_column, WIDE_COLUMN_MAX_PX)
    header.setStretchLastSection(True)
    return table
