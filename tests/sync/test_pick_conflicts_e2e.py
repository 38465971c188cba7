"""Taking back picks, and two stations picking one order, end to end: real station stores,
the real pick flow driven by scans, the real reference OMS process with its demo data."""

from __future__ import annotations

from sqlalchemy import select

from app.flows.base import FlowContext, OperatorInfo
from app.flows.pick_flow import PickFlow
from app.flows.view import Feedback, FlowView, PromptKey
from app.queries.pick_tasks import next_workable_order
from app.scanning.commands import Command
from app.scanning.gs1 import parse_scan
from local_db.models import ExceptionRecord, OutboundOrder, OutboxEvent, Stock
from local_db.store import Store
from tests.support.oms_process import RunningOms
from tests.sync.floor_work import PICKER, barcode_of, oms_order, order_status
from tests.sync.real_oms import TwoStations, oms_on_hand, sync_round

LAMP_ORDER = "SO-DEMO-0003"  # 1 × ACME-LAMP-02 from A-02-02-01 (25 in the demo's stock)
LAMP, LAMP_BIN = "ACME-LAMP-02", "A-02-02-01"
MUG_ORDER = "SO-DEMO-0001"  # 2 × ACME-MUG-01


def scan(flow: PickFlow, raw: str) -> FlowView:
    parsed = parse_scan(raw)
    result = flow.on_command(parsed.command) if parsed.command else flow.on_scan(parsed)
    assert isinstance(result, FlowView), result
    return result


def picker(store: Store, order_no: str) -> PickFlow:
    return PickFlow(
        FlowContext(store, OperatorInfo(PICKER, "Li Wei", "operator"), "WH01"), order_no
    )


def on_hand(store: Store, location: str, sku_id: str) -> int:
    with store.read_session() as session:
        return sum(
            row.on_hand
            for row in session.scalars(
                select(Stock).where(Stock.location_code == location, Stock.sku_id == sku_id)
            )
        )


def bin_stock(store: Store) -> dict[tuple[str, str, str | None], int]:
    with store.read_session() as session:
        return {
            (row.location_code, row.sku_id, row.batch_no): row.on_hand
            for row in session.scalars(select(Stock))
            if row.on_hand
        }


def outbox_statuses(store: Store, order_no: str) -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    with store.read_session() as session:
        for row in session.scalars(select(OutboxEvent).where(OutboxEvent.order_no == order_no)):
            found.setdefault(row.status, set()).add(row.event_type)
    return found


def open_exceptions(store: Store, exception_type: str) -> list[ExceptionRecord]:
    with store.read_session() as session:
        return list(
            session.scalars(
                select(ExceptionRecord).where(
                    ExceptionRecord.exception_type == exception_type,
                    ExceptionRecord.status == "open",
                )
            )
        )


def test_unpick_is_accepted_by_the_oms_and_reaches_the_other_station(
    oms_demo_server: RunningOms, two_stations: TwoStations
) -> None:
    (store_a, engine_a), (store_b, engine_b) = two_stations
    mug = barcode_of(store_a, "ACME-MUG-01")
    flow = picker(store_a, MUG_ORDER)
    source_bin = flow.view().location_code
    assert source_bin is not None
    before = on_hand(store_b, source_bin, "ACME-MUG-01")

    scan(flow, source_bin)
    scan(flow, mug)
    assert scan(flow, mug).prompt.key is PromptKey.ORDER_DONE  # both units: PICKED
    view = scan(flow, Command.UNDO.value)  # the second scan was a mistake
    assert view.message is not None
    assert (view.message.code, view.message.args) == (
        "unpicked",
        {"qty": "1", "sku": "ACME-MUG-01", "bin": source_bin},
    )
    status = sync_round(engine_a)

    assert status.rejected_count == 0, status
    oms_view = oms_order(oms_demo_server, MUG_ORDER)
    assert oms_view["status"] == "PICKING"
    assert [line["picked_qty"] for line in oms_view["lines"]] == [1]  # type: ignore[index]
    sync_round(engine_b)
    assert on_hand(store_b, source_bin, "ACME-MUG-01") == before - 1  # the unit is back

    # The picker scans the second unit again: the order is picked once more, no rejection.
    assert scan(flow, mug).prompt.key is PromptKey.ORDER_DONE
    status = sync_round(engine_a)
    assert (status.rejected_count, status.held_count, status.pending_count) == (0, 0, 0)
    assert oms_order(oms_demo_server, MUG_ORDER)["status"] == "PICKED"
    history = [entry["status"] for entry in oms_order(oms_demo_server, MUG_ORDER)["history"]]  # type: ignore[union-attr]
    assert "UNPICKED" in history
    sync_round(engine_b)
    assert bin_stock(store_a) == bin_stock(store_b)


def test_the_station_that_loses_an_order_puts_the_goods_back_and_converges(
    oms_demo_server: RunningOms, two_stations: TwoStations
) -> None:
    (store_a, engine_a), (store_b, engine_b) = two_stations
    assert order_status(store_a, LAMP_ORDER) == order_status(store_b, LAMP_ORDER) == "ALLOCATED"
    lamp = barcode_of(store_a, LAMP)
    opening = on_hand(store_a, LAMP_BIN, LAMP)
    oms_lamps = oms_on_hand(oms_demo_server, sku_id=LAMP)

    # Both pickers scan the bin and the lamp before either station has synced.
    flow_a, flow_b = picker(store_a, LAMP_ORDER), picker(store_b, LAMP_ORDER)
    for flow in (flow_a, flow_b):
        scan(flow, LAMP_BIN)
        view = scan(flow, lamp)
        assert view.feedback is Feedback.GOOD
        assert view.prompt.key is PromptKey.ORDER_DONE

    sync_round(engine_a)  # A's picks reach the OMS first: A has the order
    status_b = sync_round(engine_b)  # B's are refused: B lost it, and settles that at once

    assert status_b.rejected_count == 0 and status_b.held_count == 0, status_b
    assert outbox_statuses(store_b, LAMP_ORDER)["discarded"] >= {"outbound_status", "picked_lines"}
    assert "rejected" not in outbox_statuses(store_b, LAMP_ORDER)
    (lost,) = open_exceptions(store_b, "ORDER_LOST")
    assert lost.order_no == LAMP_ORDER
    assert open_exceptions(store_b, "OMS_REJECTED") == []
    # B's operator is stopped and guided to put the lamp back where it came from.
    view = flow_b.refresh()
    assert view.notice is not None and view.notice.code == "order_lost_notice"
    assert view.prompt.key is PromptKey.PUT_BACK
    assert view.prompt.args == {"qty": "1", "sku": LAMP, "bin": LAMP_BIN}
    with store_b.read_session() as session:
        order_b = session.scalars(
            select(OutboundOrder).where(OutboundOrder.order_no == LAMP_ORDER)
        ).one()
        assert order_b.handled_remotely
        assert order_b.status == "PICKED"  # the OMS's view, from A's events in the feed
    assert next_workable_order(store_b) != LAMP_ORDER

    view = scan(flow_b, LAMP_BIN)
    assert view.feedback is Feedback.GOOD
    assert view.message is not None and view.message.code == "put_back_done"
    assert view.notice is None
    sync_round(engine_b)
    sync_round(engine_a)
    sync_round(engine_b)

    # The OMS saw A's pick only: the order is PICKED once, nothing refused for A.
    oms_view = oms_order(oms_demo_server, LAMP_ORDER)
    assert oms_view["status"] == "PICKED"
    assert [line["picked_qty"] for line in oms_view["lines"]] == [1]  # type: ignore[index]
    assert oms_on_hand(oms_demo_server, sku_id=LAMP) == oms_lamps  # picks move no logical stock
    assert engine_a.status().rejected_count == 0
    # One lamp left the bin (A's); both stations hold the same bins, with no difference found.
    assert on_hand(store_a, LAMP_BIN, LAMP) == on_hand(store_b, LAMP_BIN, LAMP) == opening - 1
    assert bin_stock(store_a) == bin_stock(store_b)
    assert open_exceptions(store_a, "STOCK_DIFFERENCE") == []
    assert open_exceptions(store_b, "STOCK_DIFFERENCE") == []
    # Nothing of the lost order stays reserved at B: both hold only SO-DEMO-0006's lamp.
    assert locked_lamps(store_b) == locked_lamps(store_a) == 1


def locked_lamps(store: Store) -> int:
    with store.read_session() as session:
        return sum(session.scalars(select(Stock.locked).where(Stock.sku_id == LAMP)))
