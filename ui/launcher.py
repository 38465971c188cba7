"""Builds the Qt application and the station window: ``run_station(config, demo)``."""

from __future__ import annotations

import datetime as dt
import logging
import signal
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication, QTimer, QTranslator
from PySide6.QtWidgets import QApplication

from app.config import StationConfig
from app.crash import CrashRelay
from app.flows.registry import default_flows
from app.flows.session import StationSession
from app.paths import default_log_dir
from app.process_settings import settle_long_lived_objects, tune_interpreter
from app.scanning.wedge import WedgeSettings
from local_db.store import Store, open_store
from sync.engine import SyncEngine, SyncSettings
from ui.crash_reporting import CrashReporter, offer_crash_reports
from ui.i18n import install_translators, resolve_language
from ui.main_window import MainWindow
from ui.models.task_table_model import TaskTableModel
from ui.scanning.serial_scanner import SerialScanner
from ui.scanning.wedge_filter import WedgeScannerFilter
from ui.sounds import ScanSounds
from ui.style import STATION_STYLESHEET
from ui.sync_bridge import SyncStatusBridge

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
    wedge: WedgeScannerFilter
    bridge: SyncStatusBridge
    translators: list[QTranslator]
    engine: SyncEngine | None = None
    serial: SerialScanner | None = None

    def close(self) -> None:
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self.wedge)
        if self.serial is not None:
            self.serial.close()
        if self.engine is not None:
            # No more reports into a window that is going away.
            self.engine.set_listener(None)
        self.window.close()
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
) -> Station:
    app = QApplication.instance()
    assert isinstance(app, QApplication), "create the QApplication first"
    tune_interpreter()
    translators = install_translators(app, resolve_language(config.language))
    store = store or open_store(config.db_path, background_checkpoints=True)
    session = StationSession(
        store,
        config.warehouse_id or "",
        default_flows(),
        idle_logout=dt.timedelta(minutes=config.idle_logout_min),
        count_difference_threshold=config.count_difference_threshold,
        over_receipt_tolerance_pct=config.over_receipt_tolerance_pct,
        carrier_tracking_patterns=config.carrier_tracking_patterns,
    )
    bridge = SyncStatusBridge()
    engine = None
    if start_sync:
        # The engine reads the OMS URL and device id that `wms-floor enroll` wrote into the
        # store, not config.oms_url (informational); an unenrolled store makes it wait quietly
        # and pick up an enrolment done while the station runs.
        engine = SyncEngine(store, SyncSettings.from_config(config), listener=bridge.report)
    window = MainWindow(
        session,
        store,
        TaskTableModel(store),
        bridge,
        station_name=config.station_name,
        sounds=ScanSounds(enabled=sounds),
        sync_now=engine.sync_now if engine else None,
        outbox_changed=engine.outbox_changed if engine else None,
    )
    wedge = WedgeScannerFilter(wedge_settings(config), parent=window)
    wedge.scanned.connect(window.submit_scan)
    app.installEventFilter(wedge)
    station = Station(window, store, wedge, bridge, translators, engine)
    if config.scanner_serial_port:
        serial = SerialScanner(config.scanner_serial_port, window)
        serial.scanned.connect(window.submit_scan)
        if serial.open():
            station.serial = serial
    if engine is not None:
        engine.start()
    settle_long_lived_objects()
    return station


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


def run_station(
    config: StationConfig, demo: bool = False, crash_relay: CrashRelay | None = None
) -> int:
    """The station's main loop; returns the process exit code.

    ``crash_relay`` is the ``on_crash`` the crash hook was installed with: while the window
    is up, a crash opens a dialog telling the operator where the report is."""
    app = application()
    station = build_station(config)
    if demo:
        station.window.setWindowTitle(station.window.windowTitle() + " — DEMO")
    offer_crash_reports(station.window.crash_notice, config.log_dir or default_log_dir())
    if crash_relay is not None:
        crash_relay.listen(CrashReporter(station.window).report)
    station.window.showMaximized()
    try:
        with quit_on_stop_signals(app):
            return app.exec()
    finally:
        if crash_relay is not None:
            crash_relay.listen(None)
        station.close()
