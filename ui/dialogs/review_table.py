"""What the supervisor's review dialogs share: a touch-sized table that fits its dialog."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QTableWidget,
    QTableWidgetItem,
    QWidget,
)

from ui.style import MIN_TOUCH_PX

DEFAULT_WIDTH = 980
DEFAULT_HEIGHT = 520


def review_table(headers: list[str], wide_column: int, parent: QWidget) -> QTableWidget:
    """Columns sized to their content; ``wide_column`` takes the room left and wraps, so no
    column hides behind a horizontal scroll bar."""
    table = QTableWidget(0, len(headers), parent)
    table.setHorizontalHeaderLabels(headers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    table.setWordWrap(True)
    rows = table.verticalHeader()
    rows.setMinimumSectionSize(MIN_TOUCH_PX)
    # Rows grow with wrapped text, and shrink back when the dialog is widened.
    rows.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    rows.hide()
    header = table.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header.setSectionResizeMode(wide_column, QHeaderView.ResizeMode.Stretch)
    header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
    return table


def fill_row(
    table: QTableWidget, row: int, values: list[str], tooltips: dict[int, str] | None = None
) -> None:
    for column, value in enumerate(values):
        item = QTableWidgetItem(value)
        item.setTextAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        tip = (tooltips or {}).get(column)
        if tip:
            item.setToolTip(tip)
        table.setItem(row, column, item)


def default_size(dialog: QWidget, parent: QWidget | None) -> None:
    """As wide as the station window allows (at least the table's content fits a 1024 px
    screen), so every column shows without scrolling."""
    width, height = DEFAULT_WIDTH, DEFAULT_HEIGHT
    if parent is not None and parent.width() > 0:
        width = min(width, parent.width() - 24) if parent.width() > 600 else width
        height = min(height, max(parent.height() - 40, 320))
    dialog.resize(width, height)
