"""The live board's two charts (Qt Charts, shipped with PySide6): picks per hour over the
day, and the outbox backlog over the last samples the board took.

A chart because a supervisor reads a shape (a slow hour, a backlog that keeps climbing) at a
glance where a column of numbers needs reading."""

from __future__ import annotations

import datetime as dt
import math
from collections import deque
from collections.abc import Sequence

from PySide6.QtCharts import (
    QBarCategoryAxis,
    QBarSeries,
    QBarSet,
    QChart,
    QChartView,
    QDateTimeAxis,
    QLineSeries,
    QValueAxis,
)
from PySide6.QtCore import QDateTime, Qt
from PySide6.QtGui import QColor, QPainter, QPen
from PySide6.QtWidgets import QWidget

from app.queries.board.throughput import HourThroughput

BACKLOG_SAMPLES = 240
"""Samples of the backlog the board keeps in memory (an hour at the 15 s refresh). Kept in
the page, not the store: a chart of the last hour needs no migration and no writes."""
_TEXT = QColor("#f5f5f5")
_GRID = QColor("#444444")


def _dark(chart: QChart) -> None:
    chart.setBackgroundBrush(QColor("#101010"))
    chart.setTitleBrush(_TEXT)
    chart.legend().setVisible(False)
    chart.setMargins(chart.margins() * 0)


def _style_axis(axis: QValueAxis | QBarCategoryAxis | QDateTimeAxis) -> None:
    axis.setLabelsColor(_TEXT)
    axis.setGridLineColor(_GRID)


SHIFT_HOURS_SHOWN = 10
"""The throughput chart shows the hours from the first pick of the day, at least the last
this many (a whole day of bars would not leave room for their labels)."""


def _whole_ticks(axis: QValueAxis, highest: float) -> None:
    """A count axis from 0 with whole-number ticks (no "0, 0, 1, 1, 2" on a small count)."""
    step = max(1, math.ceil(highest / 4))
    axis.setRange(0, step * max(1, math.ceil(highest / step)))
    axis.setTickType(QValueAxis.TickType.TicksDynamic)
    axis.setTickAnchor(0)
    axis.setTickInterval(step)


class ThroughputChart(QChartView):
    """Picks per hour over the shift so far, one bar per hour (local time)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.setMinimumHeight(220)
        chart = QChart()
        _dark(chart)
        chart.setTitle(self.tr("Picks per hour today"))
        self.setChart(chart)
        self.values: list[int] = []
        """What the bars show now (for tests and screen readers)."""

    def show_hours(self, hours: Sequence[HourThroughput]) -> None:
        chart = self.chart()
        chart.removeAllSeries()
        for axis in chart.axes():
            chart.removeAxis(axis)
        first_pick = next((n for n, hour in enumerate(hours) if hour.tally.picks), len(hours))
        hours = hours[min(first_pick, max(0, len(hours) - SHIFT_HOURS_SHOWN)) :]
        self.values = [hour.tally.picks for hour in hours]
        bars = QBarSet(self.tr("Picks"))
        bars.setColor(QColor("#7fdcff"))
        bars.append([float(v) for v in self.values])
        series = QBarSeries()
        series.append(bars)
        chart.addSeries(series)
        labels = QBarCategoryAxis()
        labels.append([f"{hour.starts_at.astimezone():%H}" for hour in hours])
        values = QValueAxis()
        values.setLabelFormat("%d")
        _whole_ticks(values, max([*self.values, 1]))
        for axis, side in (
            (labels, Qt.AlignmentFlag.AlignBottom),
            (values, Qt.AlignmentFlag.AlignLeft),
        ):
            _style_axis(axis)
            chart.addAxis(axis, side)
            series.attachAxis(axis)


class BacklogChart(QChartView):
    """Events waiting for the OMS, one point per board refresh (a ring of samples)."""

    def __init__(self, parent: QWidget | None = None, samples: int = BACKLOG_SAMPLES) -> None:
        super().__init__(parent)
        self.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.setMinimumHeight(220)
        self.samples: deque[tuple[dt.datetime, int]] = deque(maxlen=samples)
        chart = QChart()
        _dark(chart)
        chart.setTitle(self.tr("Events waiting for the OMS"))
        self._series = QLineSeries()
        pen = QPen(QColor("#ffd600"))
        pen.setWidth(3)
        self._series.setPen(pen)
        self._series.setPointsVisible(True)  # a single sample shows as a dot
        chart.addSeries(self._series)
        self._time_axis = QDateTimeAxis()
        self._time_axis.setFormat("HH:mm")
        self._count_axis = QValueAxis()
        self._count_axis.setLabelFormat("%d")
        for axis, side in (
            (self._time_axis, Qt.AlignmentFlag.AlignBottom),
            (self._count_axis, Qt.AlignmentFlag.AlignLeft),
        ):
            _style_axis(axis)
            chart.addAxis(axis, side)
            self._series.attachAxis(axis)
        self.setChart(chart)

    def add_sample(self, at: dt.datetime, backlog: int) -> None:
        self.samples.append((at, backlog))
        points = [(when.timestamp() * 1000.0, count) for when, count in self.samples]
        self._series.clear()
        for x, y in points:
            self._series.append(x, float(y))
        first, last = points[0][0], points[-1][0]
        if first == last:
            first -= 60_000
        self._time_axis.setRange(
            QDateTime.fromMSecsSinceEpoch(int(first)), QDateTime.fromMSecsSinceEpoch(int(last))
        )
        _whole_ticks(self._count_axis, max(count for _, count in self.samples))
