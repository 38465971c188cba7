"""The station window: header, one screen per mode, status bar, flash and sounds.

It holds no floor logic. Scans, typed numbers and command buttons go to the StationSession on
the store thread; each answer (a StationView) comes back and is rendered as is.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QSize, QTimer, QUrl, Signal
from PySide6.QtGui import QCloseEvent, QDesktopServices, QResizeEvent
from PySide6.QtWidgets import (
    QApplication,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.exc import OperationalError

from app.flows.session import StationSession, StationView
from app.flows.view import Feedback, FlowView, Mode
from app.queries.operators import has_active_operators
from app.scanning.command_sheet import write_command_sheet
from app.scanning.commands import Command
from local_db.errors import StoreUnavailable
from local_db.store import Store
from sync.status import SyncStatus
from ui.command_texts import command_sheet_texts
from ui.dialogs.command_sheet_dialog import CommandSheetDialog
from ui.dialogs.pending_adjustments_dialog import PendingAdjustmentsDialog
from ui.dialogs.rejected_events_dialog import RejectedEventsDialog
from ui.dialogs.supervisor_dialog import SupervisorDialog
from ui.models.task_table_model import TaskTableModel
from ui.operation import StoreThread
from ui.screens.flow_screens import MODE_SCREENS, mode_title
from ui.screens.login_screen import LoginScreen
from ui.screens.step_screen import StepScreen
from ui.screens.task_list_screen import TaskListScreen
from ui.sounds import ScanSounds
from ui.style import COMPACT_HEIGHT_PX, COMPACT_STYLESHEET
from ui.sync_bridge import SyncStatusBridge
from ui.sync_problems import sync_problem, unenrolled_login_text
from ui.widgets.crash_notice import CrashNotice
from ui.widgets.flash import FlashOverlay
from ui.widgets.status_bar import StationStatusBar, SyncBanner

log = logging.getLogger("wms.ui")

DEFAULT_SIZE = QSize(1280, 800)
IDLE_CHECK_MS = 15_000
REFRESH_MS = 5_000


class MainWindow(QMainWindow):
    view_shown = Signal(object)
    """A StationView was rendered (tests wait on it)."""
    answer_shown = Signal(object)
    """The answer to a scan, typed number or command was rendered (after view_shown)."""
    command_sheet_written = Signal(object)

    open_documents = True
    """Open the written PDF in the desktop's viewer (for printing); off in tests."""

    def __init__(
        self,
        session: StationSession,
        store: Store,
        task_model: TaskTableModel,
        sync_bridge: SyncStatusBridge,
        *,
        station_name: str = "",
        sounds: ScanSounds | None = None,
        sync_now: Callable[[], None] | None = None,
        outbox_changed: Callable[[], None] | None = None,
    ) -> None:
        super().__init__()
        self.session = session
        self.store = store
        self.store_thread = StoreThread(self)
        self.store_thread.failed.connect(self._on_operation_failed)
        self.sounds = sounds or ScanSounds()
        self.sounds.setParent(self)
        self.sync_bridge = sync_bridge
        self._sync_now = sync_now
        self._outbox_changed = outbox_changed
        self.last_view: StationView | None = None
        self._closed = False
        self._last_pull_at: dt.datetime | None = None
        self._sync_problem: str | None = None
        self.setWindowTitle(self.tr("Warehouse station"))

        self.operator_label = QLabel(self)
        self.operator_label.setObjectName("operator")
        self.mode_label = QLabel(self)
        self.mode_label.setObjectName("modeTitle")
        self.banner = SyncBanner(self)
        self.crash_notice = CrashNotice(self)
        self.login_screen = LoginScreen(station_name, self)
        self.login_screen.badge_entered.connect(self.submit_scan)
        self.task_screen = TaskListScreen(task_model, self)
        self.task_screen.command_sheet_requested.connect(self.print_command_sheet)
        self.task_screen.order_chosen.connect(self.submit_scan)
        self.task_screen.count_review_requested.connect(self.review_count_differences)
        self.flow_screens: dict[Mode, StepScreen] = {
            mode: entry.screen(self) for mode, entry in MODE_SCREENS.items() if entry.screen
        }
        self.stack = QStackedWidget(self)
        self.stack.addWidget(self.login_screen)
        self.stack.addWidget(self.task_screen)
        for screen in self.flow_screens.values():
            self.stack.addWidget(screen)
            screen.number_entered.connect(self.submit_number)
            screen.command_chosen.connect(self.submit_command)
        self._build_layout()
        # A child of the window itself, so the flash covers the status bar too.
        self.flash = FlashOverlay(self)

        self.status_bar = StationStatusBar(self)
        self.setStatusBar(self.status_bar)
        self.status_bar.sync_now_requested.connect(self.request_sync)
        self.status_bar.rejected_review_requested.connect(self.review_rejected_events)
        sync_bridge.status_changed.connect(self._on_sync_status)
        self.compact: bool | None = None
        self._fit_screen()

        self._idle_timer = QTimer(self)
        self._idle_timer.timeout.connect(self._check_idle)
        self._idle_timer.start(IDLE_CHECK_MS)
        self._refresh_timer = QTimer(self)
        self._refresh_timer.timeout.connect(self.refresh)
        self._refresh_timer.start(REFRESH_MS)
        self._run(session.view, answer=False)

    def _build_layout(self) -> None:
        header = QHBoxLayout()
        header.addWidget(self.mode_label)
        header.addStretch(1)
        header.addWidget(self.operator_label)
        central = QWidget(self)
        layout = QVBoxLayout(central)
        layout.addWidget(self.banner)
        layout.addWidget(self.crash_notice)
        layout.addLayout(header)
        layout.addWidget(self.stack, 1)
        self.setCentralWidget(central)

    def _fit_screen(self) -> None:
        """Without a window manager a maximised window keeps its own size: start at most
        as large as the screen (a 1024x600 tablet), at most 1280x800 on a desk screen."""
        screen = self.screen()
        size = DEFAULT_SIZE
        if screen is not None:
            size = size.boundedTo(screen.availableGeometry().size())
        self.resize(size)
        self._set_compact(size.height() < COMPACT_HEIGHT_PX)

    def _set_compact(self, compact: bool) -> None:
        if compact == self.compact:
            return
        self.compact = compact
        # The window's own sheet overrides the application's: smaller type, same layout.
        self.setStyleSheet(COMPACT_STYLESHEET if compact else "")
        for screen in self.flow_screens.values():
            screen.set_compact(compact)

    def resizeEvent(self, event: QResizeEvent) -> None:
        self._set_compact(event.size().height() < COMPACT_HEIGHT_PX)
        super().resizeEvent(event)

    # --- input: everything goes to the session on the store thread -------------------------

    def submit_scan(self, code: str) -> None:
        dialog = QApplication.activeModalWidget()
        take_scan = getattr(dialog, "take_scan", None)
        if callable(take_scan):
            # A dialog asking for a badge gets the scan, not the flow underneath.
            take_scan(code)
            return
        self._run(lambda: self.session.handle_scan(code), answer=True)

    def submit_number(self, text: str) -> None:
        self._run(lambda: self.session.handle_number(text), answer=True)

    def submit_command(self, command: object) -> None:
        if isinstance(command, Command):
            self.submit_scan(command.value)

    def refresh(self) -> None:
        if self.store_thread.pending == 0:
            self._run(self.session.refresh, answer=False)

    def request_sync(self) -> None:
        if self._sync_now is not None:
            self._sync_now()

    def review_rejected_events(self) -> None:
        supervisor = SupervisorDialog.ask(self.store, self, self.store_thread)
        if supervisor is None:
            return
        # Each retry or discard is pushed at once (a discard releases the order's held events);
        # the open list follows every sync status change, so a newly rejected event shows up.
        RejectedEventsDialog.ask(
            self.store,
            supervisor,
            self,
            self.store_thread,
            refresh_on=self.sync_bridge.status_changed,
            on_resolved=self.request_sync,
        )

    def review_count_differences(self) -> None:
        supervisor = SupervisorDialog.ask(self.store, self, self.store_thread)
        if supervisor is None:
            return
        decided = PendingAdjustmentsDialog.ask(self.store, supervisor, self, self.store_thread)
        if decided and self._outbox_changed:
            self._outbox_changed()

    def print_command_sheet(self) -> None:
        target = CommandSheetDialog.ask(self)
        if target is None:
            return

        def opened(path: Path) -> None:
            self.status_bar.showMessage(
                self.tr("Command barcodes saved to {path}").format(path=path), 15_000
            )
            self.command_sheet_written.emit(path)
            if self.open_documents:
                QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))

        texts = command_sheet_texts()
        self.store_thread.run(lambda: write_command_sheet(target, texts), opened)

    def _check_idle(self) -> None:
        def check() -> StationView | None:
            return self.session.check_idle()

        self.store_thread.run(check, self._show_optional)

    def _run(self, call: Callable[[], StationView], *, answer: bool) -> None:
        self.store_thread.run(call, lambda view: self.show_view(view, answer=answer))

    def _show_optional(self, view: StationView | None) -> None:
        if view is not None:
            self.show_view(view, answer=True)

    # --- output ----------------------------------------------------------------------------

    def show_view(self, view: StationView, *, answer: bool) -> None:
        shown = self.last_view
        self.last_view = view
        if not answer and shown is not None and _same_screen(shown, view):
            # A refresh that found nothing new: the screen already shows it, paint nothing.
            self.view_shown.emit(view)
            return
        flow = view.flow
        _set_text(self.mode_label, mode_title(flow.mode))
        _set_text(
            self.operator_label,
            self.tr("Operator: {name}").format(name=view.operator.name) if view.operator else "",
        )
        if flow.mode is Mode.LOGIN:
            self.login_screen.show_view(flow)
            self._explain_refused_badge(flow)
            self.stack.setCurrentWidget(self.login_screen)
        elif flow.mode is Mode.TASKS:
            if self.stack.currentWidget() is not self.task_screen:
                self.task_screen.reload()
            self.task_screen.show_view(flow)
            self.stack.setCurrentWidget(self.task_screen)
        else:
            screen = self.flow_screens[flow.mode]
            screen.show_view(flow)
            self.stack.setCurrentWidget(screen)
        if answer and flow.feedback is not Feedback.NONE:
            good = flow.feedback is Feedback.GOOD
            self.flash.flash(good)
            self.sounds.play(good)
            if good and self._outbox_changed is not None:
                # A confirmed step may have written outbox events: let sync push them soon.
                self._outbox_changed()
        self.view_shown.emit(view)
        if answer:
            # One line per answered scan: what support (and the end-to-end test) reads back.
            # Codes only (message, prompt, order number): no scanned text, no personal data.
            log.info(
                "answer %s %s; mode %s order %s; next %s",
                flow.feedback.value,
                flow.message.code if flow.message else "-",
                flow.mode.value,
                flow.order_no or "-",
                flow.prompt.key.value,
            )
            self.answer_shown.emit(view)

    def _explain_refused_badge(self, flow: FlowView) -> None:
        """A badge refused on a station never enrolled: it knows no badges, say why."""
        refused = flow.message is not None and flow.message.code == "unknown_badge"
        if not refused or self._sync_problem != "not_enrolled":
            self.login_screen.show_station_notice("")
            return
        store = self.store

        def explain(has_operators: bool) -> None:
            self.login_screen.show_station_notice("" if has_operators else unenrolled_login_text())

        self.store_thread.run(lambda: has_active_operators(store), explain)

    def _on_sync_status(self, status: SyncStatus) -> None:
        self._sync_problem = sync_problem(status)
        if self._sync_problem != "not_enrolled":
            self.login_screen.show_station_notice("")  # enrolled meanwhile: badges work now
        self.status_bar.show_status(status)
        self.banner.show_status(status)
        if status.last_pull_at != self._last_pull_at:
            self._last_pull_at = status.last_pull_at
            # New orders (or cancels) came in with the feed: show them on the list.
            if self.stack.currentWidget() is self.task_screen:
                self.task_screen.reload()
        # The feed may have changed the work in hand (e.g. the OMS cancelled this order).
        self.refresh()

    def _on_operation_failed(self, error: BaseException) -> None:
        self.flash.flash(good=False)
        self.sounds.play(good=False)
        if isinstance(error, StoreUnavailable | OperationalError):
            # The environment's fault (disk full, file locked, read-only): nothing was saved.
            text = self.tr(
                "The station's database cannot be written right now (disk full or busy). "
                "Nothing was saved: scan again; call IT if this stays."
            )
        else:
            text = self.tr("Something went wrong; it was logged. Scan again or call a supervisor.")
        self.status_bar.showMessage(text, 30_000)

    def closeEvent(self, event: QCloseEvent) -> None:
        self._idle_timer.stop()
        self._refresh_timer.stop()
        if not self._closed:
            self._closed = True
            self.sync_bridge.status_changed.disconnect(self._on_sync_status)
        self.store_thread.shutdown()
        super().closeEvent(event)


def _same_screen(shown: StationView, view: StationView) -> bool:
    return shown.operator == view.operator and shown.flow == view.flow


def _set_text(label: QLabel, text: str) -> None:
    if label.text() != text:
        label.setText(text)
