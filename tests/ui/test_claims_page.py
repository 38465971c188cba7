"""The console's Claims page (#14) on real widgets over a real store enrolled with the real
OMS process: a supervisor hands this station a block of free orders (ahead of a planned
outage), frees one, takes one back; offline the OMS's refusal is shown; an operator's badge
is refused. Decisions are audited locally.

Seed 003 (分离模型: "网络中断时仓库作业" must go on — the block is claimed before the outage);
seed 002 §模块2 (分布式锁: the OMS grants each order to one station).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from local_db.models import AuditLog
from local_db.store import Store
from station.sync_wiring import floor_hooks
from sync.engine import SyncEngine, SyncSettings
from tests.support.oms_process import RunningOms
from tests.sync.claim_stations import claim_row, offline
from tests.sync.floor_work import PICKER, SUPERVISOR
from tests.sync.real_oms import enrolled_station, sync_round
from ui.store_gateway import StoreGateway
from ui.supervisor.claims_page import ClaimsPage
from ui.supervisor.pages import CONSOLE_PAGES

pytestmark = pytest.mark.slow


@pytest.fixture
def enrolled_gateway(
    qtbot: QtBot, oms_demo_server: RunningOms, tmp_path: Path
) -> Iterator[tuple[Store, StoreGateway]]:
    store, _ = enrolled_station(oms_demo_server, tmp_path / "station.sqlite3", "station-a")
    engine = SyncEngine(store, SyncSettings(), hooks=floor_hooks())
    sync_round(engine)  # the demo's orders and operators
    engine.close()
    gateway = StoreGateway(store)
    try:
        yield store, gateway
    finally:
        gateway.shutdown()
        store.close()


def page_for(qtbot: QtBot, gateway: StoreGateway, badge: str = SUPERVISOR) -> ClaimsPage:
    page = ClaimsPage(gateway, badge)
    qtbot.addWidget(page)
    qtbot.waitSignal(page.loaded).wait()
    return page


def select_free(page: ClaimsPage, order_nos: list[str]) -> None:
    page.free_table.clearSelection()
    for row, order_no in enumerate(page._picture.free_orders):
        if order_no in order_nos:
            page.free_table.selectRow(row)


def claims_audit(store: Store) -> list[str]:
    with store.read_session() as session:
        return list(
            session.scalars(select(AuditLog.action).where(AuditLog.entity == "order_claim"))
        )


def test_a_block_is_handed_then_one_order_freed_and_taken_back(
    qtbot: QtBot, enrolled_gateway: tuple[Store, StoreGateway]
) -> None:
    store, gateway = enrolled_gateway
    assert ClaimsPage in CONSOLE_PAGES
    page = page_for(qtbot, gateway)
    assert page.title() == "Claims"
    block = page._picture.free_orders[:2]
    assert len(block) == 2

    select_free(page, block)
    page.hours_box.setValue(24)
    with qtbot.waitSignal(page.decided, timeout=10_000):
        page.block_button.click()
    assert page.message_label.text() == "2 order(s) are this station's for the block."
    assert page.message_label.tone == "good"
    for order_no in block:
        row = claim_row(store, order_no)
        assert row is not None and row.mine and row.granted_how == "BLOCK"
    assert [claim.order_no for claim in page._picture.claims] == sorted(block)

    page.claims_table.selectRow(0)
    with qtbot.waitSignal(page.decided, timeout=10_000):
        page.free_button.click()
    assert claim_row(store, block[0]) is None
    assert block[0] in page._picture.free_orders

    select_free(page, [block[0]])
    with qtbot.waitSignal(page.decided, timeout=10_000):
        page.take_button.click()
    row = claim_row(store, block[0])
    assert row is not None and row.mine
    assert claims_audit(store) == ["claim_block", "claim_free", "claim_take"]


def test_offline_or_without_the_role_nothing_is_claimed(
    qtbot: QtBot, enrolled_gateway: tuple[Store, StoreGateway]
) -> None:
    store, gateway = enrolled_gateway
    page = page_for(qtbot, gateway)
    order_no = page._picture.free_orders[0]
    select_free(page, [order_no])
    with offline(store):
        page.block_button.click()
        qtbot.waitUntil(lambda: "cannot be reached" in page.message_label.text(), timeout=10_000)
        assert page.message_label.tone == "bad"
    assert claim_row(store, order_no) is None

    operator_page = page_for(qtbot, gateway, badge=PICKER)
    select_free(operator_page, [order_no])
    operator_page.block_button.click()
    qtbot.waitUntil(lambda: "supervisor" in operator_page.message_label.text(), timeout=10_000)
    assert claim_row(store, order_no) is None
    assert claims_audit(store) == []
