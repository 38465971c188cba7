"""An address exception on a demo order, end to end against the real reference OMS process
(#12.5): the station raises it, syncs, and the OMS's order API shows EXCEPTION with the
reason; the supervisor resumes the work and the OMS follows the order's next steps.

Seed 000 §5.1 (异常 | 原因 | 处理方式): 地址异常 | 地址无法配送 | 人工处理; §4.3 异常回传 and §4.4
(case "EXCEPTION": order.setStatus(EXCEPTION), setExceptionCode, setExceptionMessage)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select

from app.services.order_exception_raising import raise_order_exception
from app.supervision.exceptions import Reason, Resolution, decide_exception
from local_db.models import ExceptionRecord, OutboundOrder
from local_db.store import Store
from sync.engine import SyncEngine
from tests.support.oms_process import RunningOms
from tests.sync.floor_work import PICKER, SUPERVISOR, oms_order, pick
from tests.sync.real_oms import floor_station, settle

ORDER = "SO-DEMO-0001"  # 2 x ACME-MUG-01


@pytest.fixture
def station(oms_demo_server: RunningOms, tmp_path: Path) -> Iterator[tuple[Store, SyncEngine]]:
    with floor_station(oms_demo_server, tmp_path / "station.sqlite3") as built:
        yield built


def test_an_address_exception_reaches_the_oms_and_the_order_goes_on_after_resuming(
    oms_demo_server: RunningOms, station: tuple[Store, SyncEngine]
) -> None:
    store, engine = station
    with store.read_session() as session:
        order = session.scalars(select(OutboundOrder).where(OutboundOrder.order_no == ORDER)).one()
        assert order.status == "ALLOCATED"
        consignee, phone, address = order.consignee, order.phone, order.address

    with store.unit_of_work() as uow:
        raise_order_exception(uow, ORDER, PICKER, "ADDRESS_PROBLEM", note="House number missing")
        uow.commit()
    settle(engine)

    told = oms_order(oms_demo_server, ORDER)
    assert (told["status"], told["error_code"]) == ("EXCEPTION", "ADDRESS_PROBLEM")
    assert told["error_message"] == (
        "Address cannot be delivered to; manual handling needed. Note: House number missing"
    )
    history = told["history"]
    assert isinstance(history, list)
    assert (history[-1]["status"], history[-1]["error_code"]) == ("EXCEPTION", "ADDRESS_PROBLEM")
    shown = json.dumps(told, ensure_ascii=False)
    assert [value for value in (consignee, phone, address) if value in shown] == []

    # The supervisor resumes the work: not picked yet, so no status callback exists for it
    # (docs/oms-api.md); the first pick reports PICKING and the OMS leaves EXCEPTION.
    with store.read_session() as session:
        record = session.scalars(
            select(ExceptionRecord).where(ExceptionRecord.order_no == ORDER)
        ).one()
    decide_exception(
        store, record.id, SUPERVISOR, Resolution.RESUME_WORK, reason=Reason.PROBLEM_SOLVED
    )
    settle(engine)
    assert oms_order(oms_demo_server, ORDER)["status"] == "EXCEPTION"
    pick(store, ORDER)
    settle(engine)
    after = oms_order(oms_demo_server, ORDER)
    assert after["status"] == "PICKED"
    steps = [step["status"] for step in after["history"]]  # type: ignore[union-attr]
    assert steps[-3:] == ["EXCEPTION", "PICKING", "PICKED"]
