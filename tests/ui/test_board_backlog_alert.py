"""Seed 000 §7.1 (消息积压数, 告警阈值 > 1000) and §7.2 (the 5-minute check, 最后同步时间
早于 5 分钟前): the live board shows the station's own backlog alert as a red line naming the
threshold — more than 1000 events waiting for the OMS, or the oldest waiting over 5 minutes —
and no line otherwise. Real SQLite store, read through the store gateway, offscreen."""

from __future__ import annotations

import datetime as dt

import pytest
from pytestqt.qtbot import QtBot
from sqlalchemy import update

from app.outbox import record_event
from local_db.models import OutboxEvent
from local_db.store import Store
from oms_contract.events import InventoryAdjusted
from tests.flows.seed import SUPERVISOR_BADGE
from tests.ui.test_i18n import chinese
from ui.store_gateway import StoreGateway
from ui.supervisor.board_page import BoardPage

__all__ = ["chinese"]  # the fixture, for the Chinese test here

NOW = dt.datetime(2026, 12, 4, 10, 0, tzinfo=dt.UTC)


def _waiting(store: Store, count: int, age: dt.timedelta) -> None:
    """``count`` events not accepted by the OMS yet, each ``age`` old at NOW."""
    with store.unit_of_work() as uow:
        for n in range(count):
            record_event(
                uow,
                InventoryAdjusted(
                    adjustment_no=f"ADJ-{n}",
                    owner_id="OWN1",
                    sku_id="SKU-TEA",
                    quantity=1,
                    reason_code="FOUND",
                ),
                "BADGE-P1",
            )
        uow.session.execute(
            update(OutboxEvent).where(OutboxEvent.status == "pending").values(occurred_at=NOW - age)
        )
        uow.commit()


def _shown(qtbot: QtBot, gateway: StoreGateway) -> BoardPage:
    page = BoardPage(gateway, SUPERVISOR_BADGE, None, clock=lambda: NOW)
    qtbot.addWidget(page)
    page.show()
    qtbot.waitUntil(lambda: page.snapshot is not None)
    return page


def _alert_line(page: BoardPage) -> str | None:
    """The red line's text, None while it is hidden."""
    label = page.backlog_alert
    return label.text() if label.isVisibleTo(page) else None


def test_more_than_1000_waiting_events_show_the_alert(
    qtbot: QtBot, store: Store, gateway: StoreGateway
) -> None:
    _waiting(store, 1001, dt.timedelta(seconds=30))
    page = _shown(qtbot, gateway)
    assert _alert_line(page) == (
        "Alert: 1001 events are waiting to reach the OMS (alert above 1000)"
    )
    assert page.backlog_alert.objectName() == "boardAlert"  # the red style


def test_an_event_waiting_over_five_minutes_shows_the_alert(
    qtbot: QtBot, store: Store, gateway: StoreGateway
) -> None:
    _waiting(store, 1, dt.timedelta(minutes=7))
    page = _shown(qtbot, gateway)
    assert _alert_line(page) == (
        "Alert: the oldest event has waited 7 min to reach the OMS (alert above 5 min)"
    )


def test_both_conditions_show_both_lines(qtbot: QtBot, store: Store, gateway: StoreGateway) -> None:
    _waiting(store, 1001, dt.timedelta(minutes=6))
    line = _alert_line(_shown(qtbot, gateway))
    assert line is not None and line.splitlines() == [
        "Alert: 1001 events are waiting to reach the OMS (alert above 1000)",
        "Alert: the oldest event has waited 6 min to reach the OMS (alert above 5 min)",
    ]


@pytest.mark.parametrize(
    ("count", "age"),
    [(0, dt.timedelta(0)), (1000, dt.timedelta(seconds=30)), (5, dt.timedelta(minutes=5))],
    ids=["nothing waiting", "1000 waiting", "5 minutes old"],
)
def test_no_alert_line_up_to_the_thresholds(
    qtbot: QtBot, store: Store, gateway: StoreGateway, count: int, age: dt.timedelta
) -> None:
    _waiting(store, count, age)
    page = _shown(qtbot, gateway)
    assert _alert_line(page) is None
    assert page.snapshot is not None and page.snapshot.backlog_alert is None


def test_the_alert_line_in_chinese(
    qtbot: QtBot, store: Store, gateway: StoreGateway, chinese: None
) -> None:
    _waiting(store, 1001, dt.timedelta(minutes=6))
    line = _alert_line(_shown(qtbot, gateway))
    assert line is not None
    first, second = line.splitlines()
    assert "1001" in first and "1000" in first and "OMS" in first
    assert "6" in second and "5" in second
    assert any("\u4e00" <= ch <= "\u9fff" for ch in first + second)
    assert "Alert" not in line and "events" not in line
