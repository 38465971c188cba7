"""The station's scheduled check for work not processed in time (seed 000 §5.2
``@Scheduled(fixedRate = 300000)`` … "订单…超时未处理"): the window's check runs on the
store thread when its timer ticks, and the record it writes is worded for the supervisor."""

from __future__ import annotations

import datetime as dt

from pytestqt.qtbot import QtBot
from sqlalchemy import select

from app.supervision.overdue_orders import EXCEPTION_TYPE
from local_db.models.records import ExceptionRecord
from local_db.types import utc_now
from tests.flows.seed import add_order, add_stock
from tests.ui.conftest import WindowTimers
from ui.exception_texts import detail_text, type_text
from ui.launcher import Station
from ui.overdue_watch import OverdueWatch


def test_a_tick_records_an_order_past_its_deadline(
    qtbot: QtBot, station: Station, window_timers: WindowTimers
) -> None:
    add_stock(station.store, "A-01-02-03", "SKU-TEA", 5)
    add_order(
        station.store, "SO-LATE", [("SKU-TEA", 1)], deadline=utc_now() - dt.timedelta(minutes=1)
    )
    watch = station.window.findChild(OverdueWatch)
    assert watch is not None and watch.last is None

    window_timers.tick_overdue()
    qtbot.waitUntil(lambda: watch.last is not None)

    assert watch.last is not None and [order for order, _ in watch.last.raised] == ["SO-LATE"]
    with station.store.read_session() as session:
        record = session.scalars(
            select(ExceptionRecord).where(ExceptionRecord.exception_type == EXCEPTION_TYPE)
        ).one()
    assert type_text(record.exception_type) == "Not processed in time"
    assert detail_text(record.detail_code, record.detail_args_json).startswith(
        "Order SO-LATE (ALLOCATED) has not shipped by its deadline "
    )
