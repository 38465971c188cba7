"""Builds the Qt application and the station window: ``run_station(config, demo)``."""

from __future__ import annotations

import datetime as dt
import logging
import os
import signal
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication, QTimer, QTranslator
from PySide6.QtWidgets import QApplication, QMessageBox

from app.claim_port import ClaimGate
from app.flows.registry import default_flows
from app.flows.scale_input import WAITING, ScaleInput
from app.flows.session import StationSession
from devices.scanner_wedge import WedgeSettings
from local_db.errors import StoreDamaged, StoreUnavailable
from local_db.station_lock import StationAlreadyRunning, StationLock
from local_db.store import Store, open_store
from station.claims_port import OmsClaimPort
from station.config import StationConfig
from station.crash import CrashRelay
from station.exit_codes import ExitCode
from station.housekeeping import backup_folder
from station.label_printing import label_printer
from station.paths import default_log_dir
from station.print_worker import PrintWorker
from station.process_settings import settle_long_lived_objects, tune_interpreter
from station.sync_wiring import floor_hooks, sync_settings
from sync.engine import SyncEngine
from ui.crash_reporting import CrashReporter, offer_crash_reports
from ui.devices.label_printing import LabelPrintRunner
from ui.devices.serial_scale import SerialScale
from ui.devices.serial_scanner import SerialScanner
from ui.devices.wedge_filter import WedgeScannerFilter
from ui.i18n import install_translators, resolve_language
from ui.main_window import MainWindow
from ui.models.task_table_model import TaskTableModel
from ui.overdue_watch import OverdueWatch
from ui.single_instance import RaiseServer, ask_running_station_to_show
from ui.sounds import ScanSounds
from ui.store_gateway import StoreGateway
from ui.style import STATION_STYLESHEET
from ui.sync_bridge import SyncStatusBridge
from ui.widgets.printer_status import PrinterStatusLabel
from ui.widgets.scale_status import ScaleStatusLabel

log = logging.getLogger("wms.ui")


def wedge_settings(config: StationConfig) -> WedgeSettings:
    return WedgeSettings(
        prefix=config.scanner_prefix,
        suffix=config.scanner_suffix,
        max_key_interval_ms=config.scanner_max_key_interval_ms,
    )


@dataclass
class Station:
    """Everything one running station window holds on to (tests build it too)."""

    window: MainWindow
    store: Store
    gateway: StoreGateway
    """The UI's one way to the store (the window, its dialogs and models get only this)."""
    wedge: WedgeScannerFilter
    bridge: SyncStatusBridge
    translators: list[QTranslator]
    engine: SyncEngine | None = None
    serial: SerialScanner | None = None
    scale: SerialScale | None = None
    printing: LabelPrintRunner | None = None

    def close(self) -> None:
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self.wedge)
        if self.serial is not None:
            self.serial.close()
        if self.scale is not None:
            self.scale.close()
        if self.printing is not None:
            self.printing.close()
        if self.engine is not None:
            # No more reports into a window that is going away.
            self.engine.set_listener(None)
        self.window.close()
        self.gateway.shutdown()  # the closed window did already; a never-shown one may not
        if self.engine is not None:
            if not self.engine.stop():
                log.warning("sync engine did not stop in time")
            self.engine.close()
        self.store.close()


def build_station(
    config: StationConfig,
    *,
    store: Store | None = None,
    start_sync: bool = True,
    sounds: bool = True,
    refresh_timer: QTimer | None = None,
    idle_timer: QTimer | None = None,
    overdue_timer: QTimer | None = None,
) -> Station:
    """The station window over ``store`` (opened from ``config`` if not given). The timers
    are the window's (see :class:`MainWindow`); tests pass their own to tick them by hand."""
    app = QApplication.instance()
    assert isinstance(app, QApplication), "create the QApplication first"
    tune_interpreter()
    translators = install_translators(app, resolve_language(config.language))
    store = store or open_store(
        config.db_path, background_checkpoints=True, backup_dir=backup_folder(config)
    )
    # The pack flow hands its labels out; they print on the printer's own thread (see
    # connect_printer), never the UI's nor the store worker's.
    printer_status = PrinterStatusLabel(configured=config.label_printer != "none")
    printer = label_printer(config, listener=printer_status.report)
    # Order claims (#14) only for a station that syncs: one that never talks to an OMS (or
    # is not enrolled: the port answers SOLE_STATION) is the warehouse's sole station.
    claims = (
        ClaimGate(OmsClaimPort(store, sync_settings(config)), config.offline_unclaimed_start)
        if start_sync
        else None
    )
    session = StationSession(
        store,
        config.warehouse_id or "",
        default_flows(),
        idle_logout=dt.timedelta(minutes=config.idle_logout_min),
        count_difference_threshold=config.count_difference_threshold,
        over_receipt_tolerance_pct=config.over_receipt_tolerance_pct,
        carrier_tracking_patterns=config.carrier_tracking_patterns,
        stock_action_threshold=config.stock_action_approval_threshold,
        scale=ScaleInput(configured=config.scale_serial_port is not None),
        weight_tolerance_pct=config.scale_weight_tolerance_pct,
        weight_tolerance_g=config.scale_weight_tolerance_g,
        label_printer=printer,
        claims=claims,
    )
    bridge = SyncStatusBridge()
    engine = None
    if start_sync:
        # The engine reads the OMS URL and device id that `wms-floor enroll` wrote into the
        # store, not config.oms_url (informational); an unenrolled store makes it wait
        # quietly. (`run_station` holds the store's lock, so enrolment happens while the
        # station is closed; a station built without the lock, as in tests, picks it up.)
        engine = SyncEngine(
            store, sync_settings(config), listener=bridge.report, hooks=floor_hooks(config)
        )
    gateway = StoreGateway(store)
    window = MainWindow(
        session,
        gateway,
        TaskTableModel(gateway),
        bridge,
        station_name=config.station_name,
        sounds=ScanSounds(enabled=sounds),
        sync_now=engine.sync_now if engine else None,
        outbox_changed=engine.outbox_changed if engine else None,
        refresh_timer=refresh_timer,
        idle_timer=idle_timer,
    )
    gateway.setParent(window)
    # Seed 000 §5.2: work not processed in time reaches the supervisor's exception queue.
    OverdueWatch(gateway, window, overdue_timer).start()
    window.status_bar.addPermanentWidget(printer_status)  # beside the sync state
    wedge = WedgeScannerFilter(wedge_settings(config), parent=window)
    wedge.scanned.connect(window.submit_scan)
    app.installEventFilter(wedge)
    station = Station(window, store, gateway, wedge, bridge, translators, engine)
    if config.scanner_serial_port:
        serial = SerialScanner(config.scanner_serial_port, window)
        serial.scanned.connect(window.submit_scan)
        if serial.open():
            station.serial = serial
    station.scale = connect_scale(config, window)
    if printer is not None:
        station.printing = connect_printer(PrintWorker(printer), window)
    if engine is not None:
        engine.start()
    settle_long_lived_objects()
    return station


def connect_printer(worker: PrintWorker, window: MainWindow) -> LabelPrintRunner:
    """Labels the session's answers carry go to the printing worker; results come back."""
    runner = LabelPrintRunner(worker.submit, worker.close)
    window.print_requested.connect(runner.submit)
    runner.finished.connect(window.submit_print_result)
    return runner


def connect_scale(config: StationConfig, window: MainWindow) -> SerialScale | None:
    """The scale's state beside sync's on the status bar; its readings to the session."""
    status = ScaleStatusLabel(window.status_bar)
    window.status_bar.addPermanentWidget(status)
    if config.scale_serial_port is None:
        return None
    status.show_reading(WAITING)
    scale = SerialScale(
        config.scale_serial_port,
        baud_rate=config.scale_baud_rate,
        protocol=config.scale_protocol,
        unit=config.scale_unit,
        timeout_ms=int(config.scale_timeout_s * 1000),
        parent=window,
    )
    scale.changed.connect(status.show_reading)
    scale.changed.connect(window.submit_scale)
    scale.open()  # a port that cannot be opened is a fault the packer and supervisor see
    return scale


def application() -> QApplication:
    """The process's QApplication with the station's name and look (created on first call)."""
    app = QApplication.instance() or QApplication(sys.argv)
    assert isinstance(app, QApplication)
    QCoreApplication.setApplicationName("wms-floor")
    app.setStyleSheet(STATION_STYLESHEET)
    return app


@contextmanager
def quit_on_stop_signals(app: QApplication) -> Iterator[None]:
    """Ctrl+C in a terminal or a service manager's SIGTERM closes the station properly (sync
    stopped, store closed, the demo's OMS stopped) instead of killing Python mid-step.

    Python runs signal handlers only when the interpreter gets control, which a Qt event loop
    does not give while idle: a timer wakes it a few times a second."""
    stop_signals = (signal.SIGINT, signal.SIGTERM)
    previous = {signum: signal.getsignal(signum) for signum in stop_signals}
    for signum in stop_signals:
        signal.signal(signum, lambda _signum, _frame: app.quit())
    wake = QTimer(app)
    wake.timeout.connect(lambda: None)
    wake.start(250)
    try:
        yield
    finally:
        wake.stop()
        for signum, handler in previous.items():
            signal.signal(signum, handler)


def tell_operator(text: str) -> None:
    """A start-up problem the operator must see before the station exits (no window yet)."""
    box = QMessageBox(QMessageBox.Icon.Critical, "wms-floor", text)
    box.setObjectName("startupProblem")
    box.exec()


def store_problem_text(problem: StoreUnavailable) -> str:
    if isinstance(problem, StoreDamaged):
        return QCoreApplication.translate(
            "Launcher",
            "The station's database file {path} is damaged ({detail}). Nothing was written "
            "to it. Close the station and call IT. IT: keep the file (copy it with its -wal "
            "and -shm files to a safe place: events not yet sent to the OMS are in it), then "
            "restore the last backup of the store if there is one, or move the file aside "
            "and enrol the station again with a fresh store.",
        ).format(path=problem.db_path, detail=problem.detail)
    return QCoreApplication.translate(
        "Launcher",
        "The station's database cannot be opened ({problem}). Call IT; wms-floor check "
        "tells them more.",
    ).format(problem=problem.problem.value.replace("_", " "))


def already_running_text(db_path: object) -> str:
    return QCoreApplication.translate(
        "Launcher",
        "The station is already running on {path} (or it is being enrolled). Use the open "
        "station window; this second start closes now.",
    ).format(path=db_path)


def _open_station_store(config: StationConfig) -> Store | ExitCode:
    try:
        return open_store(
            config.db_path,
            background_checkpoints=True,
            integrity="background",
            backup_dir=backup_folder(config),
        )
    except StoreUnavailable as problem:
        log.error("station store cannot be used: %s", problem.message)
        tell_operator(store_problem_text(problem))
        if isinstance(problem, StoreDamaged):
            return ExitCode.STORE_DAMAGED
        return ExitCode.STORE_UNAVAILABLE


def watch_integrity(station: Station) -> QTimer:
    """The background quick_check's answer: a damaged store is told at once (writes are
    already refused by the store itself)."""
    timer = QTimer(station.window)

    def look() -> None:
        gate = station.store.integrity
        if not gate.join(0):
            return
        timer.stop()
        if gate.damage is not None:
            box = QMessageBox(
                QMessageBox.Icon.Critical, "wms-floor", store_problem_text(gate.damage)
            )
            box.setObjectName("storeDamaged")
            box.setParent(station.window, box.windowFlags())
            box.open()

    timer.timeout.connect(look)
    timer.start(250)
    return timer


def run_station(
    config: StationConfig, demo: bool = False, crash_relay: CrashRelay | None = None
) -> int:
    """The station's main loop; returns the process exit code.

    One station per store: the store's lock is held for the process's life; a second start
    on the same store brings the running window to the front and exits (ALREADY_RUNNING).
    ``crash_relay`` is the ``on_crash`` the crash hook was installed with: while the window
    is up, a crash opens a dialog telling the operator where the report is."""
    app = application()
    lock = StationLock(config.db_path)
    try:
        lock.acquire()
    except StationAlreadyRunning:
        if ask_running_station_to_show(config.db_path):
            log.info("a station already runs on %s: brought it to the front", config.db_path)
        else:
            tell_operator(already_running_text(config.db_path))
        print(f"wms-floor: {already_running_text(config.db_path)}", file=sys.stderr)
        return ExitCode.ALREADY_RUNNING
    try:
        store = _open_station_store(config)
        if isinstance(store, ExitCode):
            return store
        return _run_window(app, config, store, demo, crash_relay)
    finally:
        lock.release()


def _run_window(
    app: QApplication,
    config: StationConfig,
    store: Store,
    demo: bool,
    crash_relay: CrashRelay | None,
) -> int:
    station = build_station(config, store=store)
    if demo:
        station.window.setWindowTitle(station.window.windowTitle() + " — DEMO")
    offer_crash_reports(station.window.crash_notice, config.log_dir or default_log_dir())
    if crash_relay is not None:
        crash_relay.listen(CrashReporter(station.window).report)
    raise_server = RaiseServer(config.db_path, station.window)
    watch_integrity(station)
    station.window.showMaximized()
    log.info("station window up on %s (pid %d)", config.db_path, os.getpid())
    # The whole-file check reads the store once (about a second of CPU on a large store):
    # after the window is up, so it takes nothing from the start-up; writes wait for it.
    QTimer.singleShot(0, store.integrity.start_background)
    try:
        with quit_on_stop_signals(app):
            return app.exec()
    finally:
        raise_server.close()
        if crash_relay is not None:
            crash_relay.listen(None)
        station.close()
