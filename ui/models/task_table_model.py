"""Open outbound orders for a QTableView, fetched a page at a time (never all rows).

Pages are read on the store thread (through the store gateway): the view asks for more, the
rows arrive a moment later. A page asked for before a reload (a new filter) is dropped.
"""

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
    Signal,
)
from PySide6.QtGui import QColor

from app.queries.task_list import TaskFilter, TaskRow, fetch_tasks
from local_db.types import utc_now
from ui.hold_reason_texts import hold_reason_text
from ui.store_gateway import Failure, StoreGateway
from ui.store_problems import failure_text

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
        QCoreApplication.translate("TaskTableModel", "Assigned to"),
    ]


def _status_text(row: TaskRow) -> str:
    if row.status == "CANCELLED":
        return QCoreApplication.translate("TaskTableModel", "Cancelled")
    if row.hold_reason is not None:
        template = QCoreApplication.translate("TaskTableModel", "On hold: {reason}")
        return template.format(reason=hold_reason_text(row.hold_reason))
    if row.held:
        return QCoreApplication.translate("TaskTableModel", "Held: no stock")
    if row.handled_remotely:
        return QCoreApplication.translate("TaskTableModel", "At another station")
    if row.taken_by is not None:
        template = QCoreApplication.translate("TaskTableModel", "Taken by {station}")
        return template.format(station=row.taken_by)
    names = {
        "ALLOCATED": QCoreApplication.translate("TaskTableModel", "To pick"),
        "PICKING": QCoreApplication.translate("TaskTableModel", "Picking"),
        "PICKED": QCoreApplication.translate("TaskTableModel", "To pack"),
        "PACKED": QCoreApplication.translate("TaskTableModel", "Packed"),
    }
    return names.get(row.status, row.status)


class TaskTableModel(QAbstractTableModel):
    page_loaded = Signal()
    """A page arrived from the store thread (its rows are in)."""
    load_failed = Signal(str)
    """A page could not be read: the operator's text (the store was unavailable)."""

    def __init__(
        self,
        gateway: StoreGateway,
        clock: Callable[[], dt.datetime] = utc_now,
        page_size: int = PAGE_SIZE,
    ) -> None:
        super().__init__()
        self._gateway = gateway
        self._clock = clock
        self._page_size = page_size
        self._filter = TaskFilter()
        self._operator: str | None = None
        self._rows: list[TaskRow] = []
        # No count query (it would walk every open order): a short page means the end.
        self._exhausted = False
        # The page under way, if any (one at a time); a reload makes it stale.
        self._loading = False
        self._generation = 0
        self._headers = _headers()
        self.pages_fetched = 0

    def set_filter(self, task_filter: TaskFilter) -> None:
        self._filter = task_filter
        self.reload()

    def set_operator(self, badge_code: str | None) -> None:
        """Whose list it is (their assigned orders first), from the next reload on."""
        self._operator = badge_code

    def reload(self) -> None:
        self.beginResetModel()
        self._rows = []
        self.pages_fetched = 0
        self._exhausted = False
        self._loading = False
        self._generation += 1
        self.endResetModel()
        # The first page is asked for here, not left to the view: a view asks after a reset
        # only when it lays itself out, and a reload while a page was on its way (the page
        # then dropped as stale) could leave the list empty until the next reload.
        self.fetchMore()

    def row_at(self, row: int) -> TaskRow:
        return self._rows[row]

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._headers)

    def canFetchMore(self, parent: _Index = QModelIndex()) -> bool:  # noqa: B008
        return not parent.isValid() and not self._exhausted and not self._loading

    def fetchMore(self, parent: _Index = QModelIndex()) -> None:  # noqa: B008
        if parent.isValid() or self._loading or self._exhausted:
            return
        self._loading = True
        generation = self._generation
        task_filter, now, offset, limit, operator = (
            self._filter,
            self._clock(),
            len(self._rows),
            self._page_size,
            self._operator,
        )

        def read(store: Any) -> list[TaskRow]:
            with store.read_session() as session:
                return fetch_tasks(session, task_filter, now, offset, limit, operator=operator)

        self._gateway.query(
            read,
            lambda page: self._add_page(generation, page),
            lambda failure: self._page_failed(generation, failure),
        )

    def _add_page(self, generation: int, page: list[TaskRow]) -> None:
        if generation != self._generation:
            return  # asked for before a reload: the rows are of another filter
        self._loading = False
        self._exhausted = len(page) < self._page_size
        if page:
            start = len(self._rows)
            self.beginInsertRows(QModelIndex(), start, start + len(page) - 1)
            self._rows.extend(page)
            self.pages_fetched += 1
            self.endInsertRows()
        self.page_loaded.emit()

    def _page_failed(self, generation: int, failure: Failure) -> None:
        if generation != self._generation:
            return
        # No more pages until the next reload (a new filter, the list shown again, a pull):
        # a view asking again at once would only fail again.
        self._loading = False
        self._exhausted = True
        self.load_failed.emit(failure_text(failure))

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
        if role == Qt.ItemDataRole.ToolTipRole:
            # A cell cut short on a narrow screen (a long station's name) is read in full here.
            return self._display(row, index.column())
        stopped = row.held or row.hold_reason is not None
        if role == Qt.ItemDataRole.ForegroundRole and (row.status == "CANCELLED" or stopped):
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
            row.assigned_to or "",
        ]
        return values[column]
