"""The live board's sync health (seed 000 §7.1): each figure from the station's outbox, each
colour boundary, and the figures after a real push to the reference OMS."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from sqlalchemy import update

from app.outbox import record_event
from app.queries.board.sync_health import (
    THRESHOLDS,
    Gauge,
    Light,
    Measure,
    sync_health,
)
from local_db.models import OutboxEvent
from local_db.store import Store, open_store
from oms_contract.events import InventoryAdjusted, OutboundReceived, ReceiveResult
from sync.outbox_queue import reject_event
from tests.sync.real_oms import Station, queue_found_goods, sync_round

NOW = dt.datetime(2026, 11, 22, 12, tzinfo=dt.UTC)


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    opened = open_store(tmp_path / "station.sqlite3")
    yield opened
    opened.close()


@pytest.mark.parametrize(
    ("measure", "green", "amber", "red"),
    [
        # Success (%): red below 99, amber below 99.5.
        (Measure.CALLBACK_SUCCESS, [100.0, 99.5], [99.49, 99.0], [98.99, 0.0]),
        # Stock sync latency (s): red above 5, amber above 4.
        (Measure.STOCK_SYNC_LATENCY, [0.0, 4.0], [4.01, 5.0], [5.01, 600.0]),
        # Callback latency (s): red above 10, amber above 8.
        (Measure.CALLBACK_LATENCY, [0.0, 8.0], [8.01, 10.0], [10.01]),
        # Backlog (events): red above 1000, amber above 800.
        (Measure.BACKLOG, [0, 800], [801, 1000], [1001]),
        # Oldest pending event (s): red above 300, amber above 240.
        (Measure.OLDEST_PENDING, [0.0, 240.0], [240.5, 300.0], [300.5]),
    ],
)
def test_each_threshold_colour_boundary(
    measure: Measure, green: list[float], amber: list[float], red: list[float]
) -> None:
    threshold = THRESHOLDS[measure]
    assert [threshold.light(v) for v in green] == [Light.GREEN] * len(green)
    assert [threshold.light(v) for v in amber] == [Light.AMBER] * len(amber)
    assert [threshold.light(v) for v in red] == [Light.RED] * len(red)
    assert threshold.light(None) is Light.NO_DATA


def test_the_alert_thresholds_are_the_seeds() -> None:
    alerts = {measure: threshold.alert for measure, threshold in THRESHOLDS.items()}
    assert alerts == {
        Measure.CALLBACK_SUCCESS: 99.0,
        Measure.STOCK_SYNC_LATENCY: 5.0,
        Measure.CALLBACK_LATENCY: 10.0,
        Measure.BACKLOG: 1000,
        Measure.OLDEST_PENDING: 300.0,
    }


def _stock_event(store: Store) -> int:
    with store.unit_of_work() as uow:
        payload = InventoryAdjusted(
            adjustment_no="ADJ-1",
            owner_id="OWN1",
            sku_id="SKU-TEA",
            quantity=1,
            reason_code="FOUND",
        )
        row_id = record_event(uow, payload, "BADGE-P1").id
        uow.commit()
    return row_id


def _callback_event(store: Store, order_no: str = "SO-1") -> int:
    with store.unit_of_work() as uow:
        payload = OutboundReceived(
            command_id=f"CMD-{order_no}", order_no=order_no, result=ReceiveResult.SUCCESS
        )
        row_id = record_event(uow, payload, "BADGE-P1").id
        uow.commit()
    return row_id


def _accepted(store: Store, row_id: int, occurred: dt.datetime, latency_s: float) -> None:
    with store.unit_of_work() as uow:
        uow.session.execute(
            update(OutboxEvent)
            .where(OutboxEvent.id == row_id)
            .values(
                status="accepted",
                occurred_at=occurred,
                accepted_at=occurred + dt.timedelta(seconds=latency_s),
            )
        )
        uow.commit()


def _pending(store: Store, row_id: int, occurred: dt.datetime) -> None:
    with store.unit_of_work() as uow:
        uow.session.execute(
            update(OutboxEvent).where(OutboxEvent.id == row_id).values(occurred_at=occurred)
        )
        uow.commit()


def _gauges(store: Store, now: dt.datetime = NOW) -> dict[Measure, Gauge]:
    with store.read_session() as session:
        return {gauge.measure: gauge for gauge in sync_health(session, now)}


def test_each_figure_from_the_outbox(store: Store) -> None:
    minute = dt.timedelta(minutes=1)
    # Stock events accepted in the last hour after 1..20 s: p95 of 20 is the 19th, 19 s.
    for seconds in range(1, 21):
        _accepted(store, _stock_event(store), NOW - 30 * minute, float(seconds))
    # A stock event accepted two hours ago, slow: outside the hour, left out.
    _accepted(store, _stock_event(store), NOW - 180 * minute, 3600.0)
    # Callbacks: 2 s and 3 s.
    _accepted(store, _callback_event(store, "SO-1"), NOW - 10 * minute, 2.0)
    _accepted(store, _callback_event(store, "SO-2"), NOW - 10 * minute, 3.0)
    # One callback the OMS rejected 5 minutes ago (its exception record is the time).
    rejected = _callback_event(store, "SO-3")
    with store.unit_of_work() as uow:
        row = uow.session.get_one(OutboxEvent, rejected)
        reject_event(uow.session, row, "UNKNOWN_ORDER", "no such order", NOW - 5 * minute)
        uow.commit()
    # One rejected two hours ago: outside the hour, left out.
    old_rejection = _callback_event(store, "SO-0")
    with store.unit_of_work() as uow:
        row = uow.session.get_one(OutboxEvent, old_rejection)
        reject_event(uow.session, row, "UNKNOWN_ORDER", "no such order", NOW - 120 * minute)
        uow.commit()
    # Two still pending, the oldest since 7 minutes.
    _pending(store, _callback_event(store, "SO-4"), NOW - 7 * minute)
    _pending(store, _stock_event(store), NOW - 1 * minute)

    gauges = _gauges(store)
    success = gauges[Measure.CALLBACK_SUCCESS]
    assert success.value == pytest.approx(100 * 22 / 23) and success.sample == 23
    assert success.light is Light.RED
    stock = gauges[Measure.STOCK_SYNC_LATENCY]
    assert stock.value == pytest.approx(19.0, abs=0.01) and stock.sample == 20
    assert stock.light is Light.RED
    callback = gauges[Measure.CALLBACK_LATENCY]
    assert callback.value == pytest.approx(3.0, abs=0.01) and callback.sample == 2
    assert callback.light is Light.GREEN
    backlog = gauges[Measure.BACKLOG]
    assert (backlog.value, backlog.light) == (2, Light.GREEN)
    oldest = gauges[Measure.OLDEST_PENDING]
    assert oldest.value == pytest.approx(420.0, abs=0.01) and oldest.light is Light.RED


def test_nothing_answered_in_the_last_hour(store: Store) -> None:
    gauges = _gauges(store)
    assert gauges[Measure.CALLBACK_SUCCESS].light is Light.NO_DATA
    assert gauges[Measure.STOCK_SYNC_LATENCY].light is Light.NO_DATA
    assert gauges[Measure.CALLBACK_LATENCY].light is Light.NO_DATA
    assert (gauges[Measure.BACKLOG].value, gauges[Measure.BACKLOG].light) == (0, Light.GREEN)
    oldest = gauges[Measure.OLDEST_PENDING]
    assert (oldest.value, oldest.light) == (0.0, Light.GREEN)


def test_after_a_real_push_to_the_reference_oms(
    make_station: Callable[[str], Station],
) -> None:
    store, engine = make_station("board")
    sync_round(engine)  # the demo's feed: its orders' receipt callbacks go next round
    queue_found_goods(store, 3)
    before = _gauges(store, dt.datetime.now(dt.UTC))
    assert before[Measure.BACKLOG].value >= 3
    sync_round(engine)
    after = _gauges(store, dt.datetime.now(dt.UTC))
    assert after[Measure.BACKLOG].value == 0
    assert after[Measure.CALLBACK_SUCCESS].value == 100.0
    stock = after[Measure.STOCK_SYNC_LATENCY]
    assert stock.sample >= 3 and stock.value is not None and stock.value >= 0
    assert after[Measure.CALLBACK_SUCCESS].light is Light.GREEN
