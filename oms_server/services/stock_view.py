"""One line of the OMS stock view: logical stock and the stations' figures with their age."""

from __future__ import annotations

import datetime as dt

from oms_server.models import LogicalStock
from oms_server.schemas import StationFigure, StockLine
from oms_server.services.station_figures import Figure, missed_movement, shown_figure
from oms_server.services.stock import available


def stock_line(
    row: LogicalStock, figures: list[Figure], now: dt.datetime, safety_stock: int = 0
) -> StockLine:
    reported = [f for f in figures if f.available_qty is not None]
    shown = shown_figure(reported)
    return StockLine(
        warehouse_id=row.warehouse_id,
        owner_id=row.owner_id,
        sku_id=row.sku_id,
        on_hand=row.on_hand,
        reserved=row.reserved,
        frozen=row.frozen or 0,
        damaged=row.damaged or 0,
        safety_stock=safety_stock,
        available=available(row, safety_stock),
        station_available_qty=row.station_available_qty,
        station_reported_at=row.station_reported_at,
        station_figure_station_id=shown.station_id if shown is not None else None,
        station_figure_age_s=_age(row.station_reported_at, now),
        station_figures=[_figure(f, figures, shown, now) for f in reported],
    )


def _figure(
    figure: Figure, figures: list[Figure], shown: Figure | None, now: dt.datetime
) -> StationFigure:
    assert figure.available_qty is not None
    return StationFigure(
        station_id=figure.station_id,
        available_qty=figure.available_qty,
        computed_at=figure.occurred_at,
        received_at=figure.received_at,
        age_s=_age(figure.occurred_at, now),
        feed_cursor=figure.feed_cursor,
        feed_seq=figure.feed_seq,
        covers_up_to=figure.coverage,
        misses_movement_seq=missed_movement(figure, figures),
        shown=figure is shown,
    )


def _age(since: dt.datetime | None, now: dt.datetime) -> float | None:
    if since is None:
        return None
    if since.tzinfo is None:
        since = since.replace(tzinfo=dt.UTC)
    return round(max(0.0, (now - since).total_seconds()), 3)
