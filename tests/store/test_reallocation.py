"""Orders held for a shortage (SHORTAGE) are allocated again when stock arrives or is
released (a receipt, a put-away, a count that finds goods, a cancel, another station's event
in the feed) and when a supervisor asks (#11.6); an order still short stays as it was."""

from __future__ import annotations

import datetime as dt
import itertools
import uuid

from sqlalchemy import select

from app import errors
from app.feed.apply import apply_feed_page
from app.services.cancelling import cancel_outbound
from app.services.counting import CountedItem, start_cycle_count, submit_count
from app.services.freezing import freeze_stock, unfreeze_stock
from app.services.moving import putaway
from app.services.receiving import ReceiptLine, receive_inbound
from app.supervision.held_orders import reallocate_on_request
from local_db.models import ExceptionRecord, OutboundOrder, PickTask, PutawayTask, Stock
from local_db.store import Store
from oms_contract.events import EventEnvelope, StockChanged, StockChangeType
from oms_contract.events import StockMovement as Movement
from oms_contract.sync_api import (
    FeedEntry,
    InboundOrderCreated,
    OutboundCommandCreated,
    StationEventAccepted,
)
from tests.store.support import (
    BINS,
    DOCK,
    OWNER,
    PICKER,
    SUPERVISOR,
    WAREHOUSE,
    add_stock,
    allocated,
    check_invariants,
    command,
    db_state,
    events,
    exceptions,
    get,
    inbound,
    order,
    refused,
    run,
)

NOW = dt.datetime(2026, 11, 22, 3, 0, tzinfo=dt.UTC)
_seq = itertools.count(1)


def _feed(store: Store, *bodies: object) -> None:
    entries = [
        FeedEntry.model_validate({"seq": next(_seq), "created_at": NOW, "body": body})
        for body in bodies
    ]
    with store.unit_of_work() as uow:
        outcomes = apply_feed_page(uow, entries, "ST-1")
        uow.commit()
    assert not [o for o in outcomes if isinstance(o, Exception)], outcomes


def _moved_onto_a_shelf(quantity: int, location: str = BINS[1]) -> StationEventAccepted:
    """Another station's put-away, as the OMS's feed hands it over."""
    payload = StockChanged(
        warehouse_id=WAREHOUSE,
        owner_id=OWNER,
        sku_id="SKU-A",
        change_type=StockChangeType.MOVE,
        change_qty=0,
        available_qty=quantity,
        movements=[
            Movement(location_code=location, owner_id=OWNER, sku_id="SKU-A", delta=quantity)
        ],
    )
    envelope = EventEnvelope.model_validate(
        {
            "event_id": uuid.uuid4().hex,
            "station_id": "ST-2",
            "station_seq": next(_seq),
            "warehouse_id": WAREHOUSE,
            "operator": "P9",
            "occurred_at": NOW,
            "payload": payload,
        }
    )
    return StationEventAccepted(event=envelope)


def _received_results(store: Store, order_no: str) -> list[str]:
    return [e["result"] for e in events(store, "outbound_received") if e["order_no"] == order_no]


def _assert_moved_on(store: Store, order_no: str) -> None:
    assert order(store, order_no).status == "ALLOCATED"
    assert _received_results(store, order_no) == ["FAIL", "SUCCESS"]
    (shortage,) = [r for r in exceptions(store, "STOCK_SHORTAGE") if r.order_no == order_no]
    assert shortage.status == "resolved"
    check_invariants(store)


def test_a_receipt_and_its_put_away_allocate_the_held_order(store: Store) -> None:
    held = allocated(store, "SO-1", [("SKU-A", 4)])
    assert held.status == "SHORTAGE"
    _feed(store, InboundOrderCreated(inbound=inbound("IN-1", [("SKU-A", 4)])))
    run(
        store,
        lambda uow: receive_inbound(
            uow, "IN-1", [ReceiptLine(1, 4)], location_code=DOCK, operator=PICKER
        ),
    )
    # On the dock the goods cannot be picked: the order waits for the put-away.
    assert order(store, "SO-1").status == "SHORTAGE"
    with store.read_session() as session:
        (task,) = session.scalars(select(PutawayTask)).all()
    run(store, lambda uow: putaway(uow, task.id, BINS[0], PICKER))
    _assert_moved_on(store, "SO-1")
    with store.read_session() as session:
        tasks = session.scalars(select(PickTask)).all()
        assert [(t.location_code, t.quantity) for t in tasks] == [(BINS[0], 4)]
    allocation = [e for e in events(store, "stock_changed") if e["change_type"] == "ALLOCATION"]
    assert [(e["change_qty"], e["available_qty"]) for e in allocation] == [(-4, 0)]


def test_a_receipt_straight_into_a_pick_bin_allocates_the_held_order(store: Store) -> None:
    allocated(store, "SO-1", [("SKU-A", 2)])
    _feed(store, InboundOrderCreated(inbound=inbound("IN-1", [("SKU-A", 2)])))
    run(
        store,
        lambda uow: receive_inbound(
            uow, "IN-1", [ReceiptLine(1, 2)], location_code=BINS[0], operator=PICKER
        ),
    )
    _assert_moved_on(store, "SO-1")


def test_a_count_that_finds_goods_allocates_the_held_order(store: Store) -> None:
    row = add_stock(store, BINS[0], "SKU-A", 1)
    allocated(store, "SO-1", [("SKU-A", 3)])
    count = run(store, lambda uow: start_cycle_count(uow, BINS[0], PICKER))
    run(
        store,
        lambda uow: submit_count(
            uow, count.count_no, [CountedItem(OWNER, "SKU-A", 3)], operator=PICKER
        ),
    )
    _assert_moved_on(store, "SO-1")
    assert get(store, Stock, row).locked == 3


def test_a_cancelled_order_gives_its_stock_to_the_held_one(store: Store) -> None:
    add_stock(store, BINS[0], "SKU-A", 2)
    allocated(store, "SO-1", [("SKU-A", 2)])
    allocated(store, "SO-2", [("SKU-A", 2)])
    run(store, lambda uow: cancel_outbound(uow, "SO-1", PICKER, "customer"))
    _assert_moved_on(store, "SO-2")


def test_another_stations_put_away_in_the_feed_allocates_the_held_order(store: Store) -> None:
    allocated(store, "SO-1", [("SKU-A", 3)])
    _feed(store, _moved_onto_a_shelf(3))
    _assert_moved_on(store, "SO-1")


def test_the_most_urgent_held_order_is_served_first_and_the_rest_stay_held(
    store: Store,
) -> None:
    allocated(store, "SO-1", [("SKU-A", 3)])
    urgent = command_with_priority("SO-2", 90)
    _feed(store, urgent)
    assert order(store, "SO-2").status == "SHORTAGE"
    _feed(store, _moved_onto_a_shelf(3))
    assert order(store, "SO-2").status == "ALLOCATED"
    assert order(store, "SO-1").status == "SHORTAGE"
    # The order still short is left as it was: one FAIL, its shortage still open.
    assert _received_results(store, "SO-1") == ["FAIL"]
    assert [r.status for r in exceptions(store, "STOCK_SHORTAGE") if r.order_no == "SO-1"] == [
        "open"
    ]
    check_invariants(store)


def command_with_priority(order_no: str, priority: int) -> OutboundCommandCreated:
    doc = command(order_no, [("SKU-A", 3)]).model_copy(update={"priority": priority})
    return OutboundCommandCreated(command=doc)


def test_a_supervisor_asks_for_held_orders_to_be_tried_again(store: Store) -> None:
    allocated(store, "SO-1", [("SKU-A", 2)])
    allocated(store, "SO-2", [("SKU-A", 5)])
    add_stock(store, BINS[0], "SKU-A", 2)  # stock that arrived without an event
    refused(store, lambda uow: reallocate_on_request(uow, PICKER), errors.NotAllowed)
    outcome = run(store, lambda uow: reallocate_on_request(uow, SUPERVISOR))
    assert (outcome.allocated, outcome.still_held) == (["SO-1"], 1)
    _assert_moved_on(store, "SO-1")
    before = db_state(store)
    again = run(store, lambda uow: reallocate_on_request(uow, SUPERVISOR))
    assert (again.allocated, again.still_held) == ([], 1)
    after = db_state(store)
    # Only the request's own audit row was written.
    assert {t: rows for t, rows in after.items() if t != "audit_log"} == {
        t: rows for t, rows in before.items() if t != "audit_log"
    }
    assert len(after["audit_log"]) == len(before["audit_log"]) + 1


def test_stock_released_for_another_sku_leaves_the_held_order_alone(store: Store) -> None:
    allocated(store, "SO-1", [("SKU-A", 1)])
    add_stock(store, BINS[0], "SKU-A", 1)  # there, but no event says so
    add_stock(store, BINS[2], "SKU-Z", 5)
    where = {"location_code": BINS[2], "owner_id": OWNER, "sku_id": "SKU-Z", "quantity": 2}
    run(store, lambda uow: freeze_stock(uow, operator=SUPERVISOR, **where))
    run(store, lambda uow: unfreeze_stock(uow, operator=SUPERVISOR, **where))
    assert order(store, "SO-1").status == "SHORTAGE"
    assert _received_results(store, "SO-1") == ["FAIL"]


def test_an_unfreeze_allocates_the_held_order(store: Store) -> None:
    add_stock(store, BINS[0], "SKU-A", 3)
    where = {"location_code": BINS[0], "owner_id": OWNER, "sku_id": "SKU-A", "quantity": 2}
    run(store, lambda uow: freeze_stock(uow, operator=SUPERVISOR, **where))
    allocated(store, "SO-1", [("SKU-A", 3)])
    run(store, lambda uow: unfreeze_stock(uow, operator=SUPERVISOR, **where))
    _assert_moved_on(store, "SO-1")


def test_the_unit_of_work_sees_what_the_reallocation_wrote(store: Store) -> None:
    """The stock row, held order and shortage record the session already holds show the new
    figures at once (SQLAlchemy's synchronisation, no hand-made expiry): a later step of the
    same unit of work must not read the old ones."""
    allocated(store, "SO-1", [("SKU-A", 2)])
    add_stock(store, BINS[0], "SKU-A", 2)
    with store.unit_of_work() as uow:
        session = uow.session
        stock = session.scalars(select(Stock).where(Stock.sku_id == "SKU-A")).one()
        held = session.scalars(select(OutboundOrder).where(OutboundOrder.order_no == "SO-1")).one()
        record = session.scalars(
            select(ExceptionRecord).where(ExceptionRecord.order_no == "SO-1")
        ).one()
        queue_key_before = held.task_queue_key
        assert (stock.locked, held.status, record.status) == (0, "SHORTAGE", "open")
        assert reallocate_on_request(uow, SUPERVISOR).allocated == ["SO-1"]
        assert (stock.locked, held.status, record.status) == (2, "ALLOCATED", "resolved")
        assert record.resolved_by == SUPERVISOR
        assert held.task_queue_key != queue_key_before
        uow.commit()
    _assert_moved_on(store, "SO-1")
