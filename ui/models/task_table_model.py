"""Open outbound orders for a QTableView, fetched a page at a time (never all rows)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QColor

from app.queries.task_list import TaskFilter, TaskRow, fetch_tasks
from local_db.store import Store

PAGE_SIZE = 50
_Index = QModelIndex | QPersistentModelIndex


def _headers() -> list[str]:
    return [
        QCoreApplication.translate("TaskTableModel", "Order"),
        QCoreApplication.translate("TaskTableModel", "Status"),
        QCoreApplication.translate("TaskTableModel", "Priority"),
        QCoreApplication.translate("TaskTableModel", "Deadline"),
        QCoreApplication.translate("TaskTableModel", "Owner"),
        QCoreApplication.translate("TaskTableModel", "Carrier"),
        QCoreApplication.translate("TaskTableModel", "Units"),
    ]


def _status_text(row: TaskRow) -> str:
    if row.status == "CANCELLED":
        return QCoreApplication.translate("TaskTableModel", "Cancelled")
    if row.held:
        return QCoreApplication.translate("TaskTableModel", "Held: no stock")
    if row.handled_remotely:
        return QCoreApplication.translate("TaskTableModel", "At another station")
    names = {
        "ALLOCATED": QCoreApplication.translate("TaskTableModel", "To pick"),
        "PICKING": QCoreApplication.translate("TaskTableModel", "Picking"),
        "PICKED": QCoreApplication.translate("TaskTableModel", "To pack"),
        "PACKED": QCoreApplication.translate("TaskTableModel", "Packed"),
    }
    return names.get(row.status, row.status)


class TaskTableModel(QAbstractTableModel):
    def __init__(
        self,
        store: Store,
        clock: Callable[[], dt.datetime] = lambda: dt.datetime.now(dt.UTC),
        page_size: int = PAGE_SIZE,
    ) -> None:
        super().__init__()
        self._store = store
        self._clock = clock
        self._page_size = page_size
        self._filter = TaskFilter()
        self._rows: list[TaskRow] = []
        # No count query (it would walk every open order): a short page means the end.
        self._exhausted = False
        self._headers = _headers()
        self.pages_fetched = 0

    def set_filter(self, task_filter: TaskFilter) -> None:
        self._filter = task_filter
        self.reload()

    def reload(self) -> None:
        self.beginResetModel()
        self._rows = []
        self.pages_fetched = 0
        self._exhausted = False
        self.endResetModel()

    def row_at(self, row: int) -> TaskRow:
        return self._rows[row]

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._headers)

    def canFetchMore(self, parent: _Index = QModelIndex()) -> bool:  # noqa: B008
        return not parent.isValid() and not self._exhausted

    def fetchMore(self, parent: _Index = QModelIndex()) -> None:  # noqa: B008
        if parent.isValid():
            return
        with self._store.read_session() as session:
            page = fetch_tasks(
                session, self._filter, self._clock(), len(self._rows), self._page_size
            )
        self._exhausted = len(page) < self._page_size
        if not page:
            return
        start = len(self._rows)
        self.beginInsertRows(QModelIndex(), start, start + len(page) - 1)
        self._rows.extend(page)
        self.pages_fetched += 1
        self.endInsertRows()

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self._headers[section]
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self._rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(row, index.column())
        if role == Qt.ItemDataRole.ForegroundRole and (row.status == "CANCELLED" or row.held):
            return QColor("#ff5252") if row.status == "CANCELLED" else QColor("#ff9100")
        return None

    @staticmethod
    def _display(row: TaskRow, column: int) -> str:
        deadline = row.deadline.astimezone().strftime("%m-%d %H:%M") if row.deadline else "—"
        values = [
            row.order_no,
            _status_text(row),
            str(row.priority),
            deadline,
            row.owner_id,
            row.carrier_code,
            str(row.unit_count),
        ]
        return values[column]
