"""The supervisor's live board (issue #13 part 4): orders by status, orders at risk of their
deadline, picks per operator today, open exceptions by type and age, and sync health
against seed 000 §7.1, refreshing by itself while it is on screen. The station's own backlog
alert (more than 1000 events waiting for the OMS, or the oldest waiting over 5 minutes) is a
red line at the top.

The figures come from ``app.queries.board.read_board`` on the store thread (the gateway);
the page only draws them. The backlog chart's history is a ring of the samples this page
took (in memory: it starts empty when the console opens)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, QTimer
from PySide6.QtGui import QHideEvent, QShowEvent
from PySide6.QtWidgets import (
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.queries.board import BoardSettings, BoardSnapshot, read_board
from app.queries.board.backlog_alert import BacklogAlert
from app.queries.board.snapshot import local_day_start
from app.queries.board.sync_health import Gauge, Light, Measure
from app.queries.board.throughput import PickTally
from local_db.types import utc_now
from ui.exception_texts import type_text
from ui.store_gateway import Failure, StoreGateway
from ui.store_problems import failure_text
from ui.supervisor.board_charts import BacklogChart, ThroughputChart

REFRESH_MS = 15_000
"""How often the board re-reads the store while it is on screen."""

_LIGHT_STYLE = """
QLabel[light="green"] { background: #2e7d32; color: #ffffff; padding: 2px 8px; }
QLabel[light="amber"] { background: #ff8f00; color: #000000; padding: 2px 8px; }
QLabel[light="red"] { background: #c62828; color: #ffffff; padding: 2px 8px; }
QLabel[light="no_data"] { background: #424242; color: #e0e0e0; padding: 2px 8px; }
QLabel#tileValue { font-size: 34px; font-weight: bold; color: #7fdcff; }
QLabel#tileCaption { font-size: 18px; color: #bdbdbd; }
QLabel#boardStale { color: #ff5252; }
QLabel#boardAlert {
    background: #c62828; color: #ffffff; font-size: 20px; font-weight: bold; padding: 4px 8px;
}
QTableWidget { font-size: 17px; }
QHeaderView::section { font-size: 16px; padding: 3px; }
"""


def _order_captions() -> list[tuple[str, str]]:
    return [
        ("received_today", QCoreApplication.translate("BoardPage", "Received today")),
        ("allocated", QCoreApplication.translate("BoardPage", "Allocated")),
        ("picking", QCoreApplication.translate("BoardPage", "Picking")),
        ("picked", QCoreApplication.translate("BoardPage", "Picked")),
        ("packed", QCoreApplication.translate("BoardPage", "Packed")),
        ("shipped_today", QCoreApplication.translate("BoardPage", "Shipped today")),
        ("shortage", QCoreApplication.translate("BoardPage", "Held: no stock")),
        ("with_open_exception", QCoreApplication.translate("BoardPage", "With an exception")),
    ]


def _measure_name(measure: Measure) -> str:
    return {
        Measure.CALLBACK_SUCCESS: QCoreApplication.translate("BoardPage", "Callback success"),
        Measure.STOCK_SYNC_LATENCY: QCoreApplication.translate("BoardPage", "Stock sync latency"),
        Measure.CALLBACK_LATENCY: QCoreApplication.translate("BoardPage", "Callback latency"),
        Measure.BACKLOG: QCoreApplication.translate("BoardPage", "Events waiting (backlog)"),
        Measure.OLDEST_PENDING: QCoreApplication.translate("BoardPage", "Oldest waiting event"),
    }[measure]


def _threshold_text(gauge: Gauge) -> str:
    alert = gauge.threshold.alert
    if gauge.measure is Measure.CALLBACK_SUCCESS:
        return QCoreApplication.translate("BoardPage", "alert below {value} %").format(
            value=f"{alert:g}"
        )
    if gauge.measure is Measure.BACKLOG:
        return QCoreApplication.translate("BoardPage", "alert above {value}").format(
            value=f"{alert:g}"
        )
    return QCoreApplication.translate("BoardPage", "alert above {value} s").format(
        value=f"{alert:g}"
    )


def _value_text(gauge: Gauge) -> str:
    if gauge.value is None:
        return QCoreApplication.translate("BoardPage", "nothing sent in the last hour")
    if gauge.measure is Measure.CALLBACK_SUCCESS:
        return QCoreApplication.translate("BoardPage", "{value} % of {count}").format(
            value=f"{gauge.value:.1f}", count=gauge.sample
        )
    if gauge.measure is Measure.BACKLOG:
        return f"{gauge.value:.0f}"
    return QCoreApplication.translate("BoardPage", "{value} s").format(value=f"{gauge.value:.1f}")


def _light_text(light: Light) -> str:
    return {
        Light.GREEN: QCoreApplication.translate("BoardPage", "OK"),
        Light.AMBER: QCoreApplication.translate("BoardPage", "Warning"),
        Light.RED: QCoreApplication.translate("BoardPage", "Alert"),
        Light.NO_DATA: QCoreApplication.translate("BoardPage", "No data"),
    }[light]


def _status_text(status: str) -> str:
    return {
        "ALLOCATED": QCoreApplication.translate("BoardPage", "To pick"),
        "SHORTAGE": QCoreApplication.translate("BoardPage", "Held: no stock"),
        "PICKING": QCoreApplication.translate("BoardPage", "Picking"),
        "PICKED": QCoreApplication.translate("BoardPage", "To pack"),
    }.get(status, status)


def _duration_text(seconds: float) -> str:
    minutes = int(seconds // 60)
    if minutes < 60:
        return QCoreApplication.translate("BoardPage", "{minutes} min").format(minutes=minutes)
    return QCoreApplication.translate("BoardPage", "{hours} h {minutes} min").format(
        hours=minutes // 60, minutes=minutes % 60
    )


def _backlog_alert_text(alert: BacklogAlert) -> str:
    """One line per condition that holds, each naming its threshold."""
    lines = []
    if alert.too_many:
        lines.append(
            QCoreApplication.translate(
                "BoardPage",
                "Alert: {count} events are waiting to reach the OMS (alert above {threshold})",
            ).format(count=alert.pending, threshold=alert.count_threshold)
        )
    if alert.too_old:
        lines.append(
            QCoreApplication.translate(
                "BoardPage",
                "Alert: the oldest event has waited {age} to reach the OMS "
                "(alert above {threshold} min)",
            ).format(
                age=_duration_text(alert.oldest_age_s),
                threshold=f"{alert.age_threshold_s / 60:g}",
            )
        )
    return "\n".join(lines)


def _table(headers: list[str]) -> QTableWidget:
    table = QTableWidget(0, len(headers))
    table.setHorizontalHeaderLabels(headers)
    table.verticalHeader().setVisible(False)
    table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
    table.horizontalHeader().setStretchLastSection(True)
    return table


def _fill(table: QTableWidget, rows: list[list[str]]) -> None:
    table.setRowCount(len(rows))
    for row_number, row in enumerate(rows):
        for column, text in enumerate(row):
            table.setItem(row_number, column, QTableWidgetItem(text))
    table.resizeColumnsToContents()


class BoardPage(QWidget):
    def __init__(
        self,
        gateway: StoreGateway,
        supervisor_badge: str,
        parent: QWidget | None = None,
        *,
        timer: QTimer | None = None,
        clock: Callable[[], dt.datetime] = utc_now,
        settings: BoardSettings | None = None,
    ) -> None:
        super().__init__(parent)
        self._gateway = gateway
        self._supervisor_badge = supervisor_badge
        self._clock = clock
        self._settings = settings or BoardSettings()
        self._reading = False
        # The day's picks counted so far: used on the store thread only, one read at a time.
        self._picks = PickTally()
        self.snapshot: BoardSnapshot | None = None
        """What the page shows now (None before the first read)."""
        self._timer = timer if timer is not None else QTimer(self)
        if timer is None:
            self._timer.setInterval(REFRESH_MS)
        self._timer.timeout.connect(self.reload)
        self.setStyleSheet(_LIGHT_STYLE)
        self._build()

    def title(self) -> str:
        return self.tr("Live board")

    # --- refreshing ------------------------------------------------------------------------

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self._timer.start()
        self.reload()

    def hideEvent(self, event: QHideEvent) -> None:
        self._timer.stop()
        super().hideEvent(event)

    def reload(self) -> None:
        """Re-read the board on the store thread; a read still under way is not doubled."""
        if self._reading:
            return
        self._reading = True
        now = self._clock()
        day_start = local_day_start(now)
        settings, picks = self._settings, self._picks
        self._gateway.query(
            lambda store: read_board(store, now, day_start, settings, picks),
            self._show,
            self._failed,
        )

    def _failed(self, failure: Failure) -> None:
        self._reading = False
        self._stale.setText(self.tr("Not refreshed: {reason}").format(reason=failure_text(failure)))
        self._stale.show()

    # --- drawing ---------------------------------------------------------------------------

    def _build(self) -> None:
        layout = QVBoxLayout(self)
        header = QHBoxLayout()
        self._updated = QLabel()
        self._stale = QLabel()
        self._stale.setObjectName("boardStale")
        self._stale.hide()
        header.addWidget(self._updated)
        header.addWidget(self._stale)
        header.addStretch(1)
        layout.addLayout(header)
        self.backlog_alert = QLabel()
        self.backlog_alert.setObjectName("boardAlert")
        self.backlog_alert.setWordWrap(True)
        self.backlog_alert.hide()
        layout.addWidget(self.backlog_alert)
        top = QHBoxLayout()
        top.addWidget(self._build_orders(), 1)
        top.addWidget(self._build_sync(), 1)
        layout.addLayout(top)
        layout.addLayout(self._build_tables(), 1)
        bottom = QHBoxLayout()
        operators_box = QGroupBox(self.tr("Picking today"))
        operators_layout = QVBoxLayout(operators_box)
        self.operators_table = _table(
            [
                self.tr("Operator"),
                self.tr("Picks"),
                self.tr("Lines"),
                self.tr("Units"),
                self.tr("Picks/h"),
                self.tr("Lines/h"),
            ]
        )
        operators_layout.addWidget(self.operators_table)
        bottom.addWidget(operators_box, 3)
        self.throughput_chart = ThroughputChart()
        self.backlog_chart = BacklogChart()
        bottom.addWidget(self.throughput_chart, 2)
        bottom.addWidget(self.backlog_chart, 2)
        layout.addLayout(bottom, 1)

    def _build_orders(self) -> QGroupBox:
        orders_box = QGroupBox(self.tr("Orders"))
        tiles = QGridLayout(orders_box)
        self.order_tiles: dict[str, QLabel] = {}
        for index, (key, caption) in enumerate(_order_captions()):
            value = QLabel("–")
            value.setObjectName("tileValue")
            label = QLabel(caption)
            label.setObjectName("tileCaption")
            label.setWordWrap(True)  # long captions take two lines, not the tablet's width
            tiles.addWidget(value, (index // 4) * 2, index % 4)
            tiles.addWidget(label, (index // 4) * 2 + 1, index % 4)
            self.order_tiles[key] = value
        return orders_box

    def _build_sync(self) -> QGroupBox:
        sync_box = QGroupBox(self.tr("Sync with the OMS"))
        grid = QGridLayout(sync_box)
        self.sync_rows: dict[Measure, tuple[QLabel, QLabel, QLabel]] = {}
        for row, measure in enumerate(Measure):
            value, threshold, light = QLabel("–"), QLabel(), QLabel()
            name = QLabel(_measure_name(measure))
            for wrapping in (name, threshold):
                wrapping.setWordWrap(True)
            grid.addWidget(name, row, 0)
            grid.addWidget(value, row, 1)
            grid.addWidget(threshold, row, 2)
            grid.addWidget(light, row, 3)
            self.sync_rows[measure] = (value, threshold, light)
        return sync_box

    def _build_tables(self) -> QHBoxLayout:
        middle = QHBoxLayout()
        self._at_risk_box = QGroupBox()
        at_risk_layout = QVBoxLayout(self._at_risk_box)
        self.at_risk_table = _table(
            [
                self.tr("Order"),
                self.tr("Carrier"),
                self.tr("Deadline"),
                self.tr("Status"),
                self.tr("Time left"),
            ]
        )
        at_risk_layout.addWidget(self.at_risk_table)
        middle.addWidget(self._at_risk_box)
        exceptions_box = QGroupBox(self.tr("Open exceptions"))
        exceptions_layout = QVBoxLayout(exceptions_box)
        self.exceptions_table = _table(
            [
                self.tr("Type"),
                self.tr("Open"),
                self.tr("Under 1 h"),
                self.tr("1–4 h"),
                self.tr("4 h and over"),
                self.tr("Oldest"),
            ]
        )
        exceptions_layout.addWidget(self.exceptions_table)
        middle.addWidget(exceptions_box)
        return middle

    def _show(self, snapshot: BoardSnapshot) -> None:
        self._reading = False
        self.snapshot = snapshot
        self._stale.hide()
        self._updated.setText(
            self.tr("Updated {time}").format(time=f"{snapshot.taken_at.astimezone():%H:%M:%S}")
        )
        for key, label in self.order_tiles.items():
            label.setText(str(getattr(snapshot.orders, key)))
        alert = snapshot.backlog_alert
        self.backlog_alert.setText(_backlog_alert_text(alert) if alert is not None else "")
        self.backlog_alert.setVisible(alert is not None)
        for gauge in snapshot.sync:
            value, threshold, light = self.sync_rows[gauge.measure]
            value.setText(_value_text(gauge))
            threshold.setText(_threshold_text(gauge))
            light.setText(_light_text(gauge.light))
            light.setProperty("light", gauge.light.value)
            light.style().unpolish(light)
            light.style().polish(light)
        self._show_at_risk(snapshot)
        _fill(
            self.exceptions_table,
            [
                [
                    type_text(e.exception_type),
                    str(e.count),
                    *(str(n) for n in e.by_age),
                    _duration_text(e.oldest_age.total_seconds()),
                ]
                for e in snapshot.exceptions
            ],
        )
        _fill(
            self.operators_table,
            [
                [
                    f"{o.name} ({o.badge})" if o.name else o.badge,
                    str(o.today.picks),
                    str(o.today.lines),
                    str(o.today.units),
                    f"{o.picks_per_hour:.0f}",
                    f"{o.lines_per_hour:.0f}",
                ]
                for o in snapshot.throughput.operators
            ],
        )
        self.throughput_chart.show_hours(snapshot.throughput.hours)
        backlog = next(g for g in snapshot.sync if g.measure is Measure.BACKLOG)
        self.backlog_chart.add_sample(snapshot.taken_at, int(backlog.value or 0))

    def _show_at_risk(self, snapshot: BoardSnapshot) -> None:
        at_risk = snapshot.at_risk
        minutes = int(self._settings.at_risk_within.total_seconds() // 60)
        self._at_risk_box.setTitle(
            self.tr("At risk: not packed, deadline within {minutes} min ({count})").format(
                minutes=minutes, count=at_risk.count
            )
        )
        rows = []
        for order in at_risk.orders:
            left = (order.deadline - snapshot.taken_at).total_seconds()
            time_left = (
                _duration_text(left)
                if left >= 0
                else self.tr("overdue {time}").format(time=_duration_text(-left))
            )
            rows.append(
                [
                    order.order_no,
                    order.carrier_code,
                    f"{order.deadline.astimezone():%H:%M}",
                    _status_text(order.status),
                    time_left,
                ]
            )
        _fill(self.at_risk_table, rows)
