"""Work not processed in time at the station (seed 000 §5.2 处理超时未处理: ``@Scheduled(fixedRate
= 300000)`` finds orders ``findByStatusAndCreatedBefore(PENDING_SHIP, now.minusHours(4))``
whose WMS status is still ``CREATED``, and tells the warehouse "订单…超时未处理"; §2.1's
``deadline`` 截止时间): a real store, the real services, the check's clock injected."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from sqlalchemy import select

from app import exception_details as details
from app.queries.board.orders import order_counts
from app.queries.exception_queue import QueueFilter, exception_page, open_counts_by_type
from app.services.cancelling import cancel_outbound
from app.supervision import overdue_orders
from app.supervision.exceptions import Reason, Resolution, resolve_exception
from app.supervision.overdue_orders import EXCEPTION_TYPE, check_overdue
from local_db.models.records import ExceptionRecord
from local_db.store import Store
from local_db.types import utc_now
from tests.flows.seed import PICKER_BADGE, SUPERVISOR_BADGE, add_order, add_stock
from tests.flows.test_board_orders import _pack_and_ship, _pick_all


def _records(store: Store) -> list[ExceptionRecord]:
    with store.read_session() as session:
        return list(
            session.scalars(
                select(ExceptionRecord)
                .where(ExceptionRecord.exception_type == EXCEPTION_TYPE)
                .order_by(ExceptionRecord.id)
            )
        )


def test_an_order_not_started_four_hours_after_it_arrived_is_recorded_once(store: Store) -> None:
    """§5.2: four hours after creation and still CREATED (here: allocated, not picked) →
    超时未处理; an order already being worked is not; a second check writes nothing more."""
    add_stock(store, "A-01-02-03", "SKU-TEA", 10)
    add_order(store, "SO-WAITS", [("SKU-TEA", 1)])
    add_order(store, "SO-WORKED", [("SKU-TEA", 1)])
    _pick_all(store, "SO-WORKED")
    arrived = utc_now()

    assert check_overdue(store, arrived + dt.timedelta(hours=3, minutes=59)).raised == ()
    later = arrived + dt.timedelta(hours=4, minutes=1)
    first = check_overdue(store, later)
    assert first.raised == (("SO-WAITS", details.ORDER_NOT_STARTED_IN_TIME),)
    assert check_overdue(store, later + dt.timedelta(minutes=5)).raised == ()

    [record] = _records(store)
    assert (record.order_no, record.status) == ("SO-WAITS", "open")
    args = json.loads(record.detail_args_json)
    assert (args["order"], args["status"], args["hours"]) == ("SO-WAITS", "ALLOCATED", "4")
    # It reaches the supervisor's queue and the board's figure of orders with an exception.
    with store.read_session() as session:
        page = exception_page(session, QueueFilter(), later)
        assert [(row.exception_type, row.order_no) for row in page.rows] == [
            (EXCEPTION_TYPE, "SO-WAITS")
        ]
        assert open_counts_by_type(session) == {EXCEPTION_TYPE: 1}
        assert order_counts(session, arrived - dt.timedelta(days=1)).with_open_exception == 1


def test_past_its_deadline_then_closed_by_itself_when_shipped(store: Store) -> None:
    """§2.1 截止时间: not shipped by the command's deadline → a record; it closes when the
    order ships, and is not written again."""
    add_stock(store, "A-01-02-03", "SKU-TEA", 10)
    deadline = utc_now() + dt.timedelta(minutes=30)
    add_order(store, "SO-DUE", [("SKU-TEA", 1)], deadline=deadline)
    add_order(store, "SO-LATER", [("SKU-TEA", 1)], deadline=deadline + dt.timedelta(days=1))

    assert check_overdue(store, deadline - dt.timedelta(minutes=1)).raised == ()
    after = deadline + dt.timedelta(minutes=1)
    assert check_overdue(store, after).raised == (("SO-DUE", details.ORDER_PAST_DEADLINE),)

    # The record does not stop the order: it is picked, packed and shipped as any other.
    _pick_all(store, "SO-DUE")
    _pack_and_ship(store, "SO-DUE")
    closing = check_overdue(store, after + dt.timedelta(minutes=5))
    assert (closing.raised, closing.closed) == ((), 1)
    [record] = _records(store)
    assert (record.status, record.resolution_code, record.resolved_by) == (
        "resolved",
        "ORDER_SHIPPED",
        "SYSTEM",
    )
    assert check_overdue(store, after + dt.timedelta(minutes=10)).raised == ()


def test_cancelled_closes_it_and_an_acknowledged_one_stays_acknowledged(store: Store) -> None:
    """§5.2's answer is 催促或转仓: the supervisor acknowledges (the record is not raised again
    at the next check); an order the OMS cancels closes its record by itself."""
    add_stock(store, "A-01-02-03", "SKU-TEA", 10)
    deadline = utc_now() + dt.timedelta(minutes=30)
    add_order(store, "SO-ACK", [("SKU-TEA", 1)], deadline=deadline)
    add_order(store, "SO-GONE", [("SKU-TEA", 1)], deadline=deadline)
    after = deadline + dt.timedelta(minutes=1)
    assert len(check_overdue(store, after).raised) == 2

    acknowledged = next(r for r in _records(store) if r.order_no == "SO-ACK")
    with store.unit_of_work() as uow:
        resolve_exception(
            uow,
            acknowledged.id,
            SUPERVISOR_BADGE,
            Resolution.ACKNOWLEDGED,
            reason=Reason.CHECKED_ON_FLOOR,
        )
        cancel_outbound(uow, "SO-GONE", PICKER_BADGE, "customer")
        uow.commit()
    second = check_overdue(store, after + dt.timedelta(minutes=5))
    assert (second.raised, second.closed) == ((), 1)
    by_order = {r.order_no: (r.status, r.resolution_code) for r in _records(store)}
    assert by_order == {
        "SO-ACK": ("resolved", "ACKNOWLEDGED"),
        "SO-GONE": ("resolved", "ORDER_CANCELLED"),
    }


def test_a_store_far_behind_gets_its_records_over_several_checks(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    """§5.2's check every 5 minutes on a store with much late work: each check writes at
    most RECORDS_PER_CHECK records (a short unit of work), the next ones the rest."""
    monkeypatch.setattr(overdue_orders, "RECORDS_PER_CHECK", 2)
    add_stock(store, "A-01-02-03", "SKU-TEA", 10)
    for number in range(1, 4):
        add_order(store, f"SO-{number}", [("SKU-TEA", 1)])
    later = utc_now() + dt.timedelta(hours=5)
    assert len(check_overdue(store, later).raised) == 2
    assert len(check_overdue(store, later).raised) == 1
    assert check_overdue(store, later).raised == ()
    assert sorted(r.order_no or "" for r in _records(store)) == ["SO-1", "SO-2", "SO-3"]
