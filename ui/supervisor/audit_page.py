"""The console's audit trail: who did what, when, to which order/SKU/bin/batch/serial,
before → after and why; filtered, a page at a time, and exported as CSV for Excel.

Every read and the export run on the store thread (the gateway); the folder is chosen with
``choose_folder`` (a QFileDialog unless a test gives its own).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QDate, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QFileDialog,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.queries.audit_csv import ExportOutcome, change_text, export_audit_csv, subject_bin
from app.queries.audit_trail import (
    PAGE_SIZE,
    AuditChoices,
    AuditFilter,
    AuditPage,
    AuditRow,
    read_audit_choices,
    read_audit_page,
)
from ui.dialogs.review_table import fill_row
from ui.store_gateway import Failure, StoreGateway
from ui.store_problems import failure_text
from ui.style import MIN_TOUCH_PX
from ui.supervisor.audit_texts import action_text, known_action_codes
from ui.supervisor.wide_table import wide_table

CHANGES_COLUMN = 8

ChooseFolder = Callable[[QWidget], str]


def ask_folder(parent: QWidget) -> str:
    """The folder the supervisor picks for the export ("" when they cancel)."""
    return QFileDialog.getExistingDirectory(
        parent, QCoreApplication.translate("AuditTrailPage", "Choose the folder for the CSV file")
    )


class _Range:
    ANY, TODAY, WEEK, MONTH, DATES = range(5)


def _local_midnight(day: QDate) -> dt.datetime:
    local = dt.datetime(day.year(), day.month(), day.day()).astimezone()
    return local.astimezone(dt.UTC)


class AuditTrailPage(QWidget):
    shown = Signal()
    """A page of rows reached the table (or a failure the message line)."""
    exported = Signal(object)
    """The export finished: its :class:`ExportOutcome`, or None when it failed."""

    def __init__(
        self,
        gateway: StoreGateway,
        supervisor_badge: str,
        parent: QWidget | None = None,
        *,
        choose_folder: ChooseFolder = ask_folder,
        now: Callable[[], dt.datetime] = lambda: dt.datetime.now(dt.UTC),
    ) -> None:
        super().__init__(parent)
        self._gateway = gateway
        self._supervisor = supervisor_badge
        self._choose_folder = choose_folder
        self._now = now
        self._rows: list[AuditRow] = []
        self._next_before: int | None = None
        self._shown_filter = AuditFilter()
        self.page_size = PAGE_SIZE
        self.operator_box = QComboBox(self)
        self.operator_box.setEditable(True)
        self.action_box = QComboBox(self)
        self.range_box = QComboBox(self)
        self.range_box.addItems(
            [
                self.tr("Any time"),
                self.tr("Today"),
                self.tr("Last 7 days"),
                self.tr("Last 30 days"),
                self.tr("Between the dates"),
            ]
        )
        today = QDate.currentDate()
        self.from_date = QDateEdit(today.addDays(-7), self)
        self.to_date = QDateEdit(today, self)
        # Typed or stepped, no calendar popup: its timer outlived the page and crashed Qt
        # (6.12, seen offscreen when pages were closed one after the other).
        for edit in (self.from_date, self.to_date):
            edit.setDisplayFormat("yyyy-MM-dd")
        self.order_edit = self._field(self.tr("Order number"))
        self.sku_edit = self._field(self.tr("SKU"))
        self.bin_edit = self._field(self.tr("Bin"))
        self.table = wide_table(self.column_titles(), CHANGES_COLUMN, self)
        self.message = QLabel(self)
        self.message.setObjectName("pageStatus")
        self.message.setWordWrap(True)
        self.search_button = self._button(self.tr("Search"), self.search)
        self.more_button = self._button(self.tr("Show older"), self.more)
        self.export_button = self._button(self.tr("Export CSV…"), self.export)
        self.more_button.setEnabled(False)
        self._lay_out()

    # --- building -------------------------------------------------------------------------

    def _field(self, placeholder: str) -> QLineEdit:
        edit = QLineEdit(self)
        edit.setPlaceholderText(placeholder)
        edit.returnPressed.connect(self.search)  # a scan ends with Enter
        return edit

    def _button(self, text: str, slot: Callable[[], None]) -> QPushButton:
        button = QPushButton(text, self)
        button.setMinimumHeight(MIN_TOUCH_PX)
        button.clicked.connect(slot)
        return button

    def _lay_out(self) -> None:
        filters = QGridLayout()
        labelled = [
            (self.tr("Operator"), self.operator_box),
            (self.tr("Action"), self.action_box),
            (self.tr("When"), self.range_box),
            (self.tr("From"), self.from_date),
            (self.tr("To"), self.to_date),
            (self.tr("Order"), self.order_edit),
            (self.tr("SKU"), self.sku_edit),
            (self.tr("Bin"), self.bin_edit),
        ]
        for index, (label, widget) in enumerate(labelled):
            row, column = divmod(index, 4)
            filters.addWidget(QLabel(label, self), row, column * 2)
            filters.addWidget(widget, row, column * 2 + 1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.search_button)
        buttons.addWidget(self.more_button)
        buttons.addStretch(1)
        buttons.addWidget(self.export_button)
        layout = QVBoxLayout(self)
        layout.addLayout(filters)
        layout.addLayout(buttons)
        layout.addWidget(self.message)
        layout.addWidget(self.table, 1)

    def column_titles(self) -> list[str]:
        return [
            self.tr("When"),
            self.tr("Operator"),
            self.tr("Action"),
            self.tr("Order"),
            self.tr("SKU"),
            self.tr("Bin"),
            self.tr("Batch"),
            self.tr("Serials"),
            self.tr("Before → after"),
            self.tr("Reason"),
            self.tr("Record"),
        ]

    # --- the console page -----------------------------------------------------------------

    def title(self) -> str:
        return self.tr("Audit trail")

    def reload(self) -> None:
        badge = self._supervisor
        self._gateway.query(
            lambda store: read_audit_choices(store, badge), self._show_choices, self._failed
        )
        self.search()

    def _show_choices(self, choices: AuditChoices) -> None:
        operator = self.operator_box.currentText()
        action = self.action_box.currentData()
        self.operator_box.clear()
        self.operator_box.addItem(self.tr("All operators"), "")
        for badge in choices.operators:
            self.operator_box.addItem(badge, badge)
        self.operator_box.setCurrentText(operator or self.operator_box.itemText(0))
        codes = list(dict.fromkeys(known_action_codes() + choices.actions))
        self.action_box.clear()
        self.action_box.addItem(self.tr("All actions"), "")
        for code in sorted(codes, key=action_text):
            self.action_box.addItem(action_text(code), code)
        found = self.action_box.findData(action or "")
        self.action_box.setCurrentIndex(max(found, 0))

    # --- filtering and paging -------------------------------------------------------------

    def current_filter(self) -> AuditFilter:
        operator = self.operator_box.currentText().strip()
        if operator == self.operator_box.itemText(0) and self.operator_box.count():
            operator = ""
        action = self.action_box.currentData() or ""
        since, until = self._time_range()
        return AuditFilter(
            operator=operator,
            actions=(action,) if action else (),
            since=since,
            until=until,
            order_no=self.order_edit.text().strip(),
            sku_id=self.sku_edit.text().strip(),
            bin=self.bin_edit.text().strip(),
        )

    def _time_range(self) -> tuple[dt.datetime | None, dt.datetime | None]:
        choice = self.range_box.currentIndex()
        now = self._now()
        if choice == _Range.TODAY:
            return _local_midnight(QDate.currentDate()), None
        if choice == _Range.WEEK:
            return now - dt.timedelta(days=7), None
        if choice == _Range.MONTH:
            return now - dt.timedelta(days=30), None
        if choice == _Range.DATES:
            since = _local_midnight(self.from_date.date())
            return since, _local_midnight(self.to_date.date().addDays(1))
        return None, None

    def search(self) -> None:
        audit_filter = self.current_filter()
        badge, size = self._supervisor, self.page_size
        self._gateway.query(
            lambda store: read_audit_page(store, badge, audit_filter, None, size),
            lambda page: self._show_page(audit_filter, page, append=False),
            self._failed,
        )

    def more(self) -> None:
        before, audit_filter, badge = self._next_before, self._shown_filter, self._supervisor
        size = self.page_size
        if before is None:
            return
        self._gateway.query(
            lambda store: read_audit_page(store, badge, audit_filter, before, size),
            lambda page: self._show_page(audit_filter, page, append=True),
            self._failed,
        )

    def _show_page(self, audit_filter: AuditFilter, page: AuditPage, *, append: bool) -> None:
        self._shown_filter = audit_filter
        self._rows = (self._rows if append else []) + page.rows
        self._next_before = page.next_before_id
        self.more_button.setEnabled(page.next_before_id is not None)
        self.table.setRowCount(len(self._rows))
        for index, row in enumerate(self._rows):
            fill_row(self.table, index, self.cells(row))
        if not self._rows:
            self.message.setText(self.tr("No audit rows match these filters."))
        else:
            self.message.setText(self.tr("%n row(s) shown.", "", len(self._rows)))
        self.shown.emit()

    def cells(self, row: AuditRow) -> list[str]:
        return [
            row.occurred_at.astimezone().strftime("%Y-%m-%d %H:%M:%S"),
            row.operator,
            action_text(row.action),
            row.order_no,
            row.sku_id,
            subject_bin(row),
            row.batch_no,
            " ".join(row.serials),
            change_text(row),
            row.reason,
            f"{row.entity} {row.entity_key}",
        ]

    def _failed(self, failure: Failure) -> None:
        self.message.setText(failure_text(failure))
        self.shown.emit()

    # --- export ---------------------------------------------------------------------------

    def export(self) -> None:
        chosen = self._choose_folder(self)
        if not chosen:
            return
        folder = Path(chosen)
        audit_filter, badge = self._shown_filter, self._supervisor
        headers = self.column_titles()
        # Words made here, on the UI thread; the store thread only looks them up.
        codes = set(known_action_codes()) | {row.action for row in self._rows}
        words = {code: action_text(code) for code in codes}
        now = self._now()
        self.export_button.setEnabled(False)
        self.message.setText(self.tr("Writing the CSV file…"))
        self._gateway.query(
            lambda store: export_audit_csv(
                store,
                badge,
                audit_filter,
                folder,
                headers=headers,
                word_action=lambda code: words.get(code, code),
                now=now,
            ),
            self._exported,
            self._export_failed,
        )

    def _exported(self, outcome: ExportOutcome) -> None:
        self.export_button.setEnabled(True)
        if outcome.problem is not None:
            self.message.setText(
                self.tr(
                    "The CSV file could not be written to {folder}. Choose a folder you can "
                    "write to (for example your Documents) and export again."
                ).replace("{folder}", str(outcome.path.parent))
            )
        else:
            self.message.setText(
                self.tr("%n row(s) written to {file}.", "", outcome.written).replace(
                    "{file}", str(outcome.path)
                )
            )
        self.exported.emit(outcome)

    def _export_failed(self, failure: Failure) -> None:
        self.export_button.setEnabled(True)
        self.message.setText(failure_text(failure))
        self.exported.emit(None)
