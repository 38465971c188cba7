"""The station window: header, one screen per mode, status bar, flash and sounds.

It holds no floor logic. Scans, typed numbers and command buttons go to the StationSession on
the store thread (through the store gateway); each answer (a StationView) comes back and is
rendered as is. A store the environment keeps from working (disk full, busy, ...) is told in
the status bar; a bug goes to the crash reporter (see ui.store_gateway).
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

from app.flows.scale_input import ScaleReading
from app.flows.session import StationSession, StationView
from app.flows.view import ConsoleSignIn, Feedback, FlowView, Mode
from app.queries.exception_queue import open_exception_counts
from app.queries.operators import has_active_operators
from app.scanning.command_sheet import write_command_sheet
from app.scanning.commands import Command
from app.services.label_jobs import PrintResult
from local_db.errors import StoreUnavailable
from sync.status import SyncProblem, SyncStatus
from ui.command_texts import command_sheet_texts
from ui.dialogs.command_sheet_dialog import CommandSheetDialog
from ui.dialogs.rejected_events_dialog import RejectedEventsDialog
from ui.dialogs.supervisor_dialog import SupervisorDialog
from ui.models.task_table_model import TaskTableModel
from ui.screens.flow_screens import MODE_SCREENS, mode_title
from ui.screens.login_screen import LoginScreen
from ui.screens.step_screen import StepScreen
from ui.screens.task_list_screen import TaskListScreen
from ui.sounds import ScanSounds
from ui.store_gateway import StoreGateway
from ui.store_problems import store_failure_text
from ui.style import COMPACT_HEIGHT_PX, COMPACT_STYLESHEET
from ui.supervisor.approvals_page import ApprovalsPage
from ui.supervisor.console import SupervisorConsole
from ui.sync_bridge import SyncStatusBridge
from ui.sync_problems import unenrolled_login_text
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
    print_requested = Signal(object)
    """A PrintRequest an answer carried: for the printing worker (never this thread's)."""

    open_documents = True
    """Open the written PDF in the desktop's viewer (for printing); off in tests."""

    def __init__(
        self,
        session: StationSession,
        gateway: StoreGateway,
        task_model: TaskTableModel,
        sync_bridge: SyncStatusBridge,
        *,
        station_name: str = "",
        sounds: ScanSounds | None = None,
        sync_now: Callable[[], None] | None = None,
        outbox_changed: Callable[[], None] | None = None,
        refresh_timer: QTimer | None = None,
        idle_timer: QTimer | None = None,
    ) -> None:
        """``refresh_timer`` and ``idle_timer``: when given, the window only listens to them
        (whoever gave them starts them, or ticks them by hand in a test); by default the
        window runs its own, every REFRESH_MS and IDLE_CHECK_MS."""
        super().__init__()
        self.session = session
        self.gateway = gateway
        gateway.unavailable.connect(self._on_store_unavailable)
        # A supervisor's decision may have written outbox events: let sync push them soon.
        gateway.changed.connect(self._nudge_outbox)
        task_model.load_failed.connect(self._tell_store_problem)
        self.sounds = sounds or ScanSounds()
        self.sounds.setParent(self)
        self.sync_bridge = sync_bridge
        self._sync_now = sync_now
        self._outbox_changed = outbox_changed
        self.last_view: StationView | None = None
        self._closed = False
        self._last_pull_at: dt.datetime | None = None
        self._sync_problem: SyncProblem | None = None
        self.console: SupervisorConsole | None = None
        """The supervisor's console while supervisor mode is signed in (else None)."""
        self._console_page: type[QWidget] | None = None
        self.setWindowTitle(self._title(station_name))

        self.operator_label = QLabel(self)
        self.operator_label.setObjectName("operator")
        self.mode_label = QLabel(self)
        self.mode_label.setObjectName("modeTitle")
        self.banner = SyncBanner(self)
        self.crash_notice = CrashNotice(self)
        self.login_screen = LoginScreen(station_name, self)
        self.login_screen.badge_entered.connect(self.submit_scan)
        self.task_screen = self._task_list(task_model)
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

        self._idle_timer = idle_timer or _started_timer(self, IDLE_CHECK_MS)
        self._idle_timer.timeout.connect(self._check_idle)
        self._refresh_timer = refresh_timer or _started_timer(self, REFRESH_MS)
        self._refresh_timer.timeout.connect(self.refresh)
        self._run(session.view, answer=False)

    def _task_list(self, task_model: TaskTableModel) -> TaskListScreen:
        screen = TaskListScreen(task_model, self)
        screen.command_sheet_requested.connect(self.print_command_sheet)
        screen.order_chosen.connect(self.submit_scan)
        screen.count_review_requested.connect(self.review_count_differences)
        screen.console_requested.connect(self.open_console)
        return screen

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

    def _title(self, station_name: str) -> str:
        """The station's name in the title tells windows (and taskbar entries) of several
        stations on one PC or remote desktop apart."""
        title = self.tr("Warehouse station")
        return f"{title} — {station_name}" if station_name else title

    def submit_scale(self, reading: object) -> None:
        """A new reading of the station's scale (an app ScaleReading from the adapter)."""
        if isinstance(reading, ScaleReading):
            self._run(lambda: self.session.handle_scale(reading), answer=False)

    def submit_print_result(self, result: object) -> None:
        """The printing worker's result for labels a flow handed out: an answer (beep)."""
        if isinstance(result, PrintResult):
            self._run(lambda: self.session.handle_print_result(result), answer=True)

    def submit_number(self, text: str) -> None:
        self._run(lambda: self.session.handle_number(text), answer=True)

    def submit_command(self, command: object) -> None:
        if isinstance(command, Command):
            self.submit_scan(command.value)

    def refresh(self) -> None:
        if self.gateway.pending == 0:
            self._run(self.session.refresh, answer=False)

    def request_sync(self) -> None:
        if self._sync_now is not None:
            self._sync_now()

    def review_rejected_events(self) -> None:
        supervisor = SupervisorDialog.ask(self.gateway, self)
        if supervisor is None:
            return
        # Each retry or discard is pushed at once (a discard releases the order's held events);
        # the open list follows every sync status change, so a newly rejected event shows up.
        RejectedEventsDialog.ask(
            self.gateway,
            supervisor,
            self,
            refresh_on=self.sync_bridge.status_changed,
            on_resolved=self.request_sync,
        )

    def open_console(self, page: type[QWidget] | None = None) -> None:
        """Supervisor mode, as if CMD:MODE:SUPER was scanned; once signed in, the console
        shows ``page`` first."""
        self._console_page = page
        self.submit_command(Command.MODE_SUPERVISOR)

    def review_count_differences(self) -> None:
        # The approvals page of the console; each decision is a command (the gateway's
        # ``changed`` nudges sync).
        self.open_console(ApprovalsPage)

    def print_command_sheet(self) -> None:
        target = CommandSheetDialog.ask(self)
        if target is None:
            return

        texts = command_sheet_texts()  # the catalogue is read here, on the UI thread

        def write() -> Path | OSError:
            try:
                return write_command_sheet(target, texts)
            except OSError as error:  # a folder the operator may not write to: not a bug
                return error

        def opened(path: Path | OSError) -> None:
            if isinstance(path, OSError):
                log.warning("command sheet not written to %s: %s", target, path)
                self.status_bar.showMessage(
                    self.tr("The command barcodes could not be saved to {path}: {reason}").format(
                        path=target, reason=path.strerror or path
                    ),
                    30_000,
                )
                return
            self.status_bar.showMessage(
                self.tr("Command barcodes saved to {path}").format(path=path), 15_000
            )
            self.command_sheet_written.emit(path)
            if self.open_documents:
                QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))

        self.gateway.run(write, opened)

    def _check_idle(self) -> None:
        def check() -> StationView | None:
            return self.session.check_idle()

        self.gateway.run(check, self._show_optional)

    def _run(self, call: Callable[[], StationView], *, answer: bool) -> None:
        self.gateway.run(call, lambda view: self.show_view(view, answer=answer))

    def _show_optional(self, view: StationView | None) -> None:
        if view is not None:
            self.show_view(view, answer=True)

    # --- output ----------------------------------------------------------------------------

    def show_view(self, view: StationView, *, answer: bool) -> None:
        if view.print_request is not None:
            self.print_requested.emit(view.print_request)
        shown = self.last_view
        self.last_view = view
        if not answer and shown is not None and _same_screen(shown, view):
            # A refresh that found nothing new: the screen already shows it, paint nothing.
            self.view_shown.emit(view)
            return
        flow = view.flow
        self._follow_console(flow.console if flow.mode is Mode.SUPERVISOR else None)
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
                # The operator's own (assigned) orders come first on their list.
                self.task_screen.model.set_operator(
                    view.operator.badge_code if view.operator else None
                )
                self.task_screen.reload()
            self.task_screen.show_view(flow)
            self.task_screen.set_supervisor(
                view.operator is not None and view.operator.is_supervisor
            )
            self._show_exception_counts(view)
            self.stack.setCurrentWidget(self.task_screen)
        elif self.console is not None:
            self.stack.setCurrentWidget(self.console)
        else:
            screen = self.flow_screens[flow.mode]
            screen.show_view(flow)
            self.stack.setCurrentWidget(screen)
        if answer and flow.feedback is not Feedback.NONE:
            good = flow.feedback is Feedback.GOOD
            self.flash.flash(good)
            self.sounds.play(good)
            if good:
                # A confirmed step may have written outbox events: let sync push them soon.
                self._nudge_outbox()
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

    def _follow_console(self, sign_in: ConsoleSignIn | None) -> None:
        """The console lives while supervisor mode is signed in, for that supervisor only."""
        if self.console is not None and self.console.sign_in != sign_in:
            self.stack.removeWidget(self.console)
            self.console.close_console()
            self.console = None
        if sign_in is None or self.console is not None:
            return
        self.console = SupervisorConsole(self.gateway, sign_in, self)
        self.console.command_chosen.connect(self.submit_command)
        self.console.activity.connect(self._console_used)
        self.stack.addWidget(self.console)
        if self._console_page is not None:
            self.console.show_page(self._console_page)
        self._console_page = None

    def _console_used(self) -> None:
        session = self.session
        self.gateway.run(session.touch, lambda _: None)

    def _show_exception_counts(self, view: StationView) -> None:
        if view.operator is None or not view.operator.is_supervisor:
            self.task_screen.show_open_exceptions(None)
            return
        self.gateway.query(open_exception_counts, self.task_screen.show_open_exceptions)

    def _explain_refused_badge(self, flow: FlowView) -> None:
        """A badge refused on a station never enrolled: it knows no badges, say why."""
        refused = flow.message is not None and flow.message.code == "unknown_badge"
        if not refused or self._sync_problem is not SyncProblem.NOT_ENROLLED:
            self.login_screen.show_station_notice("")
            return

        def explain(has_operators: bool) -> None:
            self.login_screen.show_station_notice("" if has_operators else unenrolled_login_text())

        self.gateway.query(has_active_operators, explain)

    def _on_sync_status(self, status: SyncStatus) -> None:
        self._sync_problem = status.problem
        if self._sync_problem is not SyncProblem.NOT_ENROLLED:
            self.login_screen.show_station_notice("")  # enrolled meanwhile: badges work now
        self.status_bar.show_status(status)
        self.banner.show_status(status)
        if status.last_pull_at != self._last_pull_at:
            self._last_pull_at = status.last_pull_at
            # New orders (or cancels) came in with the feed: show them on the list.
            if self.stack.currentWidget() is self.task_screen:
                self.task_screen.reload()
        if self.console is not None:
            self.console.reload_current()
        # The feed may have changed the work in hand (e.g. the OMS cancelled this order).
        self.refresh()

    def _nudge_outbox(self) -> None:
        if self._outbox_changed is not None:
            self._outbox_changed()

    def _on_store_unavailable(self, problem: StoreUnavailable) -> None:
        # The environment's fault (disk full, busy, read-only, damaged, I/O): nothing was
        # saved, and the operator is told which (bugs go to the crash reporter instead).
        self._tell_store_problem(store_failure_text(problem))

    def _tell_store_problem(self, text: str) -> None:
        self.flash.flash(good=False)
        self.sounds.play(good=False)
        self.status_bar.showMessage(text, 30_000)

    def closeEvent(self, event: QCloseEvent) -> None:
        self._idle_timer.stop()
        self._refresh_timer.stop()
        if not self._closed:
            self._closed = True
            self.sync_bridge.status_changed.disconnect(self._on_sync_status)
        self.gateway.shutdown()
        super().closeEvent(event)


def _started_timer(window: QMainWindow, interval_ms: int) -> QTimer:
    timer = QTimer(window)
    timer.start(interval_ms)
    return timer


def _same_screen(shown: StationView, view: StationView) -> bool:
    return shown.operator == view.operator and shown.flow == view.flow


def _set_text(label: QLabel, text: str) -> None:
    if label.text() != text:
        label.setText(text)
