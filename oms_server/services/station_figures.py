"""The stations' ``available_qty`` per owner/SKU, kept per station with its basis (#17.14).

A station reports ``available_qty`` (stock_changed) after its own actions only. A figure it
computed before it pulled another station's movement can reach the OMS after that station's
own, newer figure; kept by arrival or by ``occurred_at`` it would replace the newer one and
stay (the station does not report again after applying peers' movements: that would cost
N−1 reports per change with N stations).

So the OMS keeps each station's last figure with its basis (``feed_cursor``: the last feed
entry the station had applied) and, per station, the feed position of its latest movement of
the SKU. A figure *misses* a movement when another station moved the SKU at a feed position
after the figure's basis. Its *coverage*, set when it arrives, is the feed position up to
which it includes every movement of the SKU: its own position when it misses none of the
movements the OMS has by then, else its basis. The figure the OMS shows is the one with the
highest coverage; figures from stations that give no basis (older stations) compete as
before, by ``occurred_at``.

Both push paths (``push.py`` per event, ``push_batch.py`` set-based) use this one book.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from sqlalchemy import and_, select
from sqlalchemy.orm import Session

from oms_contract.events import EventEnvelope, EventPayload, StockChanged
from oms_server.models import StationStockFigure
from oms_server.services import stock
from oms_server.services.bulk_write import insert_many, update_many
from oms_server.services.movement_checks import movements_of
from oms_server.services.push_state import StockKey, table_of, wanted_pairs


@dataclass
class Figure:
    """One station's figure for one owner/SKU (the columns of ``StationStockFigure``)."""

    station_id: str
    available_qty: int | None = None
    feed_cursor: int | None = None
    station_seq: int | None = None
    occurred_at: dt.datetime | None = None
    received_at: dt.datetime | None = None
    feed_seq: int | None = None
    coverage: int | None = None
    last_movement_seq: int | None = None
    stored: bool = False
    changed: bool = False


def missed_movement(figure: Figure, figures: Iterable[Figure]) -> int | None:
    """The feed position of the latest movement of another station the figure does not
    include; None when it misses none, or when its station gave no basis."""
    if figure.feed_cursor is None:
        return None
    basis = figure.feed_cursor
    return max(
        (
            other.last_movement_seq
            for other in figures
            if other.station_id != figure.station_id
            and other.last_movement_seq is not None
            and other.last_movement_seq > basis
        ),
        default=None,
    )


def shown_figure(figures: Iterable[Figure]) -> Figure | None:
    """The figure to show: the highest coverage; one from a station that gave no basis only
    when it was computed later than that (the rule before bases existed)."""
    reported = [f for f in figures if f.available_qty is not None]
    best: Figure | None = None
    best_key: tuple[int, int] | None = None
    for figure in reported:
        if figure.coverage is None:
            continue
        key = (figure.coverage, figure.feed_seq or 0)
        if best_key is None or key > best_key:
            best, best_key = figure, key
    for figure in sorted((f for f in reported if f.coverage is None), key=_computed_order):
        if best is None or _computed_order(figure) >= _computed_order(best):
            best = figure
    return best


def _computed_order(figure: Figure) -> tuple[dt.datetime, int]:
    return (figure.occurred_at or dt.datetime.min.replace(tzinfo=dt.UTC), figure.feed_seq or 0)


def figure_keys(payload: EventPayload) -> set[StockKey]:
    """The owner/SKUs whose figures an accepted event touches: its report, its movements."""
    keys = {(m.owner_id, m.sku_id) for m in movements_of(payload)}
    if isinstance(payload, StockChanged):
        keys.add((payload.owner_id, payload.sku_id))
    return keys


@dataclass
class FigureBook:
    """The figures of some owner/SKUs of one warehouse, changed in memory, written once."""

    warehouse_id: str
    figures: dict[StockKey, dict[str, Figure]]
    touched: set[StockKey] = field(default_factory=set)

    def note(self, envelope: EventEnvelope, feed_seq: int, now: dt.datetime) -> None:
        """An accepted event at ``feed_seq``: its movements and its report, if any."""
        payload = envelope.payload
        station_id = envelope.station_id
        for owner_id, sku_id in {(m.owner_id, m.sku_id) for m in movements_of(payload)}:
            figure = self._figure((owner_id, sku_id), station_id)
            figure.last_movement_seq = max(figure.last_movement_seq or 0, feed_seq)
        if not isinstance(payload, StockChanged):
            return
        key = (payload.owner_id, payload.sku_id)
        figure = self._figure(key, station_id)
        if figure.station_seq is not None and figure.station_seq > envelope.station_seq:
            return  # a station's figures are in its own order: never an older one
        figure.coverage = None
        if payload.feed_cursor is not None:
            # Every movement the OMS has is before this event: any of another station's
            # after the basis is one the figure misses.
            missed = missed_movement(
                replace(figure, feed_cursor=payload.feed_cursor), self.figures[key].values()
            )
            figure.coverage = payload.feed_cursor if missed is not None else feed_seq
        figure.available_qty = payload.available_qty
        figure.feed_cursor = payload.feed_cursor
        figure.station_seq = envelope.station_seq
        figure.occurred_at = envelope.occurred_at
        figure.received_at = now
        figure.feed_seq = feed_seq

    def shown(self, key: StockKey) -> Figure | None:
        return shown_figure(self.figures.get(key, {}).values())

    def _figure(self, key: StockKey, station_id: str) -> Figure:
        self.touched.add(key)
        by_station = self.figures.setdefault(key, {})
        figure = by_station.get(station_id)
        if figure is None:
            figure = by_station[station_id] = Figure(station_id)
        figure.changed = True
        return figure


_FIGURE_COLUMNS = (
    StationStockFigure.owner_id,
    StationStockFigure.sku_id,
    StationStockFigure.station_id,
    StationStockFigure.available_qty,
    StationStockFigure.feed_cursor,
    StationStockFigure.station_seq,
    StationStockFigure.occurred_at,
    StationStockFigure.received_at,
    StationStockFigure.feed_seq,
    StationStockFigure.coverage,
    StationStockFigure.last_movement_seq,
)


def load_figures(session: Session, warehouse_id: str, keys: Iterable[StockKey]) -> FigureBook:
    """Every station's figure for ``keys`` (one query)."""
    wanted = sorted(set(keys))
    figures: dict[StockKey, dict[str, Figure]] = {}
    if wanted:
        pairs, parameters = wanted_pairs(wanted)
        rows = session.execute(
            select(*_FIGURE_COLUMNS)
            .select_from(pairs)
            .join(
                StationStockFigure,
                and_(
                    StationStockFigure.warehouse_id == warehouse_id,
                    StationStockFigure.owner_id == pairs.c.owner_id,
                    StationStockFigure.sku_id == pairs.c.sku_id,
                ),
            ),
            parameters,
        )
        for owner_id, sku_id, station_id, *values in rows:
            figures.setdefault((owner_id, sku_id), {})[station_id] = _stored(station_id, values)
    return FigureBook(warehouse_id, figures)


def write_figures(session: Session, book: FigureBook) -> None:
    new: list[dict[str, Any]] = []
    changed: list[dict[str, Any]] = []
    for (owner_id, sku_id), by_station in book.figures.items():
        for figure in by_station.values():
            if not figure.changed:
                continue
            values = _values(book.warehouse_id, owner_id, sku_id, figure)
            (changed if figure.stored else new).append(values)
            figure.stored, figure.changed = True, False
    insert_many(session, _TABLE, new)
    update_many(session, _TABLE, _KEY, changed)


def figures_of(
    session: Session, warehouse_id: str | None, owner_id: str | None, sku_id: str | None
) -> dict[tuple[str, str, str], list[Figure]]:
    """Every station's figure per (warehouse, owner, SKU), filtered as the stock view is."""
    query = select(StationStockFigure.warehouse_id, *_FIGURE_COLUMNS)
    if warehouse_id:
        query = query.where(StationStockFigure.warehouse_id == warehouse_id)
    if owner_id:
        query = query.where(StationStockFigure.owner_id == owner_id)
    if sku_id:
        query = query.where(StationStockFigure.sku_id == sku_id)
    found: dict[tuple[str, str, str], list[Figure]] = {}
    for warehouse, owner, sku, station_id, *values in session.execute(
        query.order_by(StationStockFigure.station_id)
    ):
        found.setdefault((warehouse, owner, sku), []).append(_stored(station_id, values))
    return found


def note_figures(
    session: Session, envelope: EventEnvelope, feed_seq: int, now: dt.datetime
) -> None:
    """The per-event path: note one accepted event and show the newest-basis figure."""
    keys = figure_keys(envelope.payload)
    if not keys:
        return
    book = load_figures(session, envelope.warehouse_id, keys)
    book.note(envelope, feed_seq, now)
    write_figures(session, book)
    for owner_id, sku_id in sorted(book.touched):
        shown = book.shown((owner_id, sku_id))
        if shown is None:
            continue
        row = stock.locked_stock(session, envelope.warehouse_id, owner_id, sku_id)
        row.station_available_qty = shown.available_qty
        row.station_reported_at = shown.occurred_at


def for_peers(envelope: EventEnvelope) -> EventEnvelope:
    """The envelope as the feed carries it to other stations: without the report's basis,
    which they do not need and which stations older than it would refuse as unknown."""
    payload = envelope.payload
    if not isinstance(payload, StockChanged) or payload.feed_cursor is None:
        return envelope
    return envelope.model_copy(update={"payload": payload.model_copy(update={"feed_cursor": None})})


def _stored(station_id: str, values: Sequence[Any]) -> Figure:
    available_qty, feed_cursor, station_seq, occurred_at, received_at, feed_seq, covered, moved = (
        values
    )
    return Figure(
        station_id,
        available_qty=available_qty,
        feed_cursor=feed_cursor,
        station_seq=station_seq,
        occurred_at=occurred_at,
        received_at=received_at,
        feed_seq=feed_seq,
        coverage=covered,
        last_movement_seq=moved,
        stored=True,
    )


_TABLE = table_of(StationStockFigure)
_KEY = ("warehouse_id", "owner_id", "sku_id", "station_id")


def _values(warehouse_id: str, owner_id: str, sku_id: str, figure: Figure) -> dict[str, Any]:
    return {
        "available_qty": figure.available_qty,
        "feed_cursor": figure.feed_cursor,
        "station_seq": figure.station_seq,
        "occurred_at": figure.occurred_at,
        "received_at": figure.received_at,
        "feed_seq": figure.feed_seq,
        "coverage": figure.coverage,
        "last_movement_seq": figure.last_movement_seq,
        "warehouse_id": warehouse_id,
        "owner_id": owner_id,
        "sku_id": sku_id,
        "station_id": figure.station_id,
    }
