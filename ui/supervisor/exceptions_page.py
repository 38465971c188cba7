"""The exception queue page of the supervisor's console (#13.1): every exception, filtered,
oldest first, with its age and assignee; take or assign one, decide it with a reason code.

Reads and decisions run on the store thread through the gateway; the words of types,
details, resolutions and reasons come from ``ui/exception_texts.py``.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from app.queries.exception_queue import QueueFilter, QueuePage, QueueRow, load_queue
from app.supervision.exceptions import (
    REASONS,
    Reason,
    Resolution,
    allowed_resolutions,
    assign,
    decide_exception,
)
from local_db.types import utc_now
from ui.dialogs.review_table import fill_row, review_table
from ui.exception_texts import (
    TYPES,
    detail_text,
    reason_text,
    resolution_text,
    type_text,
)
from ui.store_gateway import Failure, StoreGateway
from ui.store_problems import failure_text
from ui.style import MIN_TOUCH_PX
from ui.supervisor.page import touch_button

DETAIL_COLUMN = 7
AGES = (None, dt.timedelta(hours=1), dt.timedelta(hours=4), dt.timedelta(days=1))


class ExceptionsPage(QWidget):
    reloaded = Signal()
    decided = Signal()

    def __init__(
        self, gateway: StoreGateway, supervisor_badge: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._gateway = gateway
        self._supervisor = supervisor_badge
        self._rows: list[QueueRow] = []
        self._next_after: int | None = None
        self._loading = False
        self._reload_again = False

        filters = self._build_filters()

        self.counts_label = QLabel(self)
        self.counts_label.setWordWrap(True)
        self.table = review_table(
            [
                self.tr("No."),
                self.tr("Type"),
                self.tr("Order"),
                self.tr("SKU"),
                self.tr("Bin"),
                self.tr("Age"),
                self.tr("Assignee"),
                self.tr("Detail"),
            ],
            DETAIL_COLUMN,
            self,
        )
        self.table.itemSelectionChanged.connect(self._selection_changed)
        self.more_button = touch_button(self, self.tr("More"), self._load_more)
        self.empty_label = QLabel(self.tr("No exceptions."), self)
        self.empty_label.hide()
        self.error_label = QLabel(self)
        self.error_label.setObjectName("message")
        self.error_label.setWordWrap(True)
        self.error_label.hide()

        actions = self._build_actions()

        layout = QVBoxLayout(self)
        layout.addLayout(filters)
        layout.addWidget(self.counts_label)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.more_button)
        layout.addWidget(self.empty_label)
        layout.addWidget(self.error_label)
        layout.addLayout(actions)
        self._selection_changed()
        self.reload()

    def _build_filters(self) -> QVBoxLayout:
        self.type_filter = QComboBox(self)
        self.type_filter.addItem(self.tr("All types"), None)
        for code in TYPES:
            self.type_filter.addItem(type_text(code), code)
        self.status_filter = QComboBox(self)
        self.status_filter.addItem(self.tr("Open"), "open")
        self.status_filter.addItem(self.tr("Resolved"), "resolved")
        self.status_filter.addItem(self.tr("All"), None)
        self.severity_filter = QComboBox(self)
        self.severity_filter.addItem(self.tr("Any severity"), None)
        for code, text in (
            ("high", self.tr("High")),
            ("medium", self.tr("Medium")),
            ("low", self.tr("Low")),
        ):
            self.severity_filter.addItem(text, code)
        self.age_filter = QComboBox(self)
        for age, text in zip(
            AGES,
            (self.tr("Any age"), self.tr("Over 1 h"), self.tr("Over 4 h"), self.tr("Over 1 day")),
            strict=True,
        ):
            self.age_filter.addItem(text, age)
        self.order_filter = self._edit(self.tr("Order"))
        self.sku_filter = self._edit(self.tr("SKU"))
        self.bin_filter = self._edit(self.tr("Bin"))
        self.owner_filter = self._edit(self.tr("Assignee"))
        for combo in (self.type_filter, self.status_filter, self.severity_filter, self.age_filter):
            combo.setMinimumHeight(MIN_TOUCH_PX)
            combo.currentIndexChanged.connect(self.reload)
        filters = QVBoxLayout()
        for group in (
            (self.type_filter, self.status_filter, self.severity_filter, self.age_filter),
            (self.order_filter, self.sku_filter, self.bin_filter, self.owner_filter),
        ):
            row = QHBoxLayout()
            for widget in group:
                row.addWidget(widget, 1)
            filters.addLayout(row)
        return filters

    def _build_actions(self) -> QVBoxLayout:
        self.take_button = touch_button(self, self.tr("Take"), self.take_selected)
        self.assignee_edit = self._edit(self.tr("Badge"))
        self.assign_button = touch_button(self, self.tr("Assign"), self.assign_selected)
        self.resolution_choice = QComboBox(self)
        self.resolution_choice.setMinimumHeight(MIN_TOUCH_PX)
        self.resolution_choice.currentIndexChanged.connect(self._fill_reasons)
        self.reason_choice = QComboBox(self)
        self.reason_choice.setMinimumHeight(MIN_TOUCH_PX)
        self.note_edit = self._edit(self.tr("Note (optional)"))
        self.decide_button = touch_button(self, self.tr("Decide"), self.decide_selected)
        # Who handles it on one row, what is decided on the next: each fits a 1024 px screen.
        actions = QVBoxLayout()
        for group, stretches in (
            ((self.take_button, self.assignee_edit, self.assign_button), (0, 1, 0)),
            (
                (self.resolution_choice, self.reason_choice, self.note_edit, self.decide_button),
                (1, 1, 1, 0),
            ),
        ):
            row = QHBoxLayout()
            for widget, stretch in zip(group, stretches, strict=True):
                row.addWidget(widget, stretch)
            actions.addLayout(row)
        return actions

    def title(self) -> str:
        return self.tr("Exceptions")

    def _edit(self, placeholder: str) -> QLineEdit:
        edit = QLineEdit(self)
        edit.setObjectName("filter")  # the small entry style: these are typed, not scanned
        edit.setPlaceholderText(placeholder)
        edit.setMinimumHeight(MIN_TOUCH_PX)
        edit.returnPressed.connect(self.reload)
        return edit

    # --- reading ---------------------------------------------------------------------------

    def queue_filter(self) -> QueueFilter:
        return QueueFilter(
            exception_type=self.type_filter.currentData(),
            status=self.status_filter.currentData(),
            severity=self.severity_filter.currentData(),
            older_than=self.age_filter.currentData(),
            order_no=self.order_filter.text().strip() or None,
            sku_id=self.sku_filter.text().strip() or None,
            location_code=self.bin_filter.text().strip() or None,
            assigned_to=self.owner_filter.text().strip() or None,
        )

    def reload(self) -> None:
        """Re-reads the first page; a reload asked for meanwhile runs after."""
        if self._loading:
            self._reload_again = True
            return
        self._loading = True
        queue_filter = self.queue_filter()
        self._gateway.query(
            lambda store: load_queue(store, queue_filter),
            lambda result: self._show(result, append=False),
            self._failed,
        )

    def _load_more(self) -> None:
        if self._loading or self._next_after is None:
            return
        self._loading = True
        queue_filter, after = self.queue_filter(), self._next_after
        self._gateway.query(
            lambda store: load_queue(store, queue_filter, after),
            lambda result: self._show(result, append=True),
            self._failed,
        )

    def _show(self, result: tuple[QueuePage, dict[str, int]], *, append: bool) -> None:
        self._loading = False
        if self._reload_again:
            self._reload_again = False
            self.reload()
            return
        page, counts = result
        selected = self.selected_id()
        self._rows = (self._rows if append else []) + page.rows
        self._next_after = page.next_after_id
        now = utc_now()
        self.table.setRowCount(len(self._rows))
        for row, record in enumerate(self._rows):
            detail = detail_text(record.detail_code, record.detail_args_json, record.detail)
            if record.resolution_code:
                detail += " · " + resolution_text(record.resolution_code)
            values = [
                str(record.id),
                type_text(record.exception_type),
                record.order_no or "",
                record.sku_id or "",
                record.location_code or "",
                self.age_text(record.age(now)),
                record.assigned_to or "",
                detail,
            ]
            fill_row(self.table, row, values, {DETAIL_COLUMN: detail})
        ids = [record.id for record in self._rows]
        if self._rows:
            self.table.selectRow(ids.index(selected) if selected in ids else 0)
        self.empty_label.setVisible(not self._rows)
        self.more_button.setVisible(self._next_after is not None)
        shown = [f"{type_text(kind)} {count}" for kind, count in counts.items()]
        self.counts_label.setText(self.tr("Open: {counts}").format(counts=" · ".join(shown) or "0"))
        self._selection_changed()
        self.reloaded.emit()

    def age_text(self, age: dt.timedelta) -> str:
        minutes = max(int(age.total_seconds() // 60), 0)
        hours, minutes = divmod(minutes, 60)
        days, hours = divmod(hours, 24)
        if days:
            return self.tr("{days} d {hours} h").format(days=days, hours=hours)
        if hours:
            return self.tr("{hours} h {minutes} min").format(hours=hours, minutes=minutes)
        return self.tr("{minutes} min").format(minutes=minutes)

    def _failed(self, failure: Failure) -> None:
        self._loading = False
        self.error_label.setText(failure_text(failure))
        self.error_label.show()

    # --- deciding --------------------------------------------------------------------------

    def selected(self) -> QueueRow | None:
        row = self.table.currentRow()
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def selected_id(self) -> int | None:
        record = self.selected()
        return record.id if record is not None else None

    def _selection_changed(self) -> None:
        record = self.selected()
        is_open = record is not None and record.status == "open"
        self.resolution_choice.blockSignals(True)
        self.resolution_choice.clear()
        if record is not None and is_open:
            for resolution in allowed_resolutions(record.exception_type):
                self.resolution_choice.addItem(resolution_text(resolution), resolution)
        self.resolution_choice.blockSignals(False)
        self._fill_reasons()
        for widget in (self.take_button, self.assign_button, self.decide_button):
            widget.setEnabled(is_open)

    def _fill_reasons(self) -> None:
        self.reason_choice.clear()
        resolution = self.resolution_choice.currentData()
        for reason in REASONS.get(Resolution(resolution), ()) if resolution else ():
            self.reason_choice.addItem(reason_text(reason), reason)

    def choose(self, resolution: Resolution, reason: Reason) -> None:
        """Select a resolution and reason as a supervisor would (tests use it too)."""
        self.resolution_choice.setCurrentIndex(self.resolution_choice.findData(resolution))
        self.reason_choice.setCurrentIndex(self.reason_choice.findData(reason))

    def decide_selected(self) -> None:
        record = self.selected()
        resolution, reason = self.resolution_choice.currentData(), self.reason_choice.currentData()
        if record is None or not resolution or not reason:
            return
        exception_id, supervisor = record.id, self._supervisor
        chosen, why, note = Resolution(resolution), Reason(reason), self.note_edit.text()
        self._gateway.command(
            lambda store: decide_exception(
                store, exception_id, supervisor, chosen, reason=why, note=note
            ),
            self._done,
            self._failed,
        )

    def take_selected(self) -> None:
        self._assign(None)

    def assign_selected(self) -> None:
        badge = self.assignee_edit.text().strip()
        if badge:
            self._assign(badge)

    def _assign(self, assignee: str | None) -> None:
        exception_id, supervisor = self.selected_id(), self._supervisor
        if exception_id is None:
            return
        self._gateway.command(
            lambda store: assign(store, exception_id, supervisor, assignee),
            self._done,
            self._failed,
        )

    def _done(self, _result: object) -> None:
        self.error_label.clear()
        self.error_label.hide()
        self.note_edit.clear()
        self.decided.emit()
        self.reload()
