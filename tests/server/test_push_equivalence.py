"""The set-based push path gives the same outcomes and the same OMS state as the per-event one.

Random batches mix accepted, duplicate, rejected and held events across orders and SKUs,
set-based types interleaved with per-event ones; each batch goes to two copies of the demo
database, one through ``push_events`` and one through ``push_events_one_by_one``.
"""

from __future__ import annotations

import datetime as dt
import shutil
import tempfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import text

from oms_contract.events import (
    CancelOutcome,
    EventEnvelope,
    EventPayload,
    OutboundStatus,
    ReceiveResult,
)
from oms_contract.sync_api import PushRequest, PushResponse
from oms_server.db import Database
from oms_server.demo import demo_skus, seed_demo
from oms_server.models import OutboundOrder, SkuRow, Station
from oms_server.services import push
from tests.server import payloads as p

STATION = "ST-EQUIV-0001"
OTHER_STATION = "ST-EQUIV-0002"
T0 = dt.datetime(2026, 11, 22, 3, 0, tzinfo=dt.UTC)
SKUS = [(sku.owner_id, sku.sku_id) for sku in demo_skus()] + [
    ("ACME", "ACME-NO-STOCK"),  # known SKU without a stock row yet
    ("ACME", "NO-SUCH-SKU"),
    ("LOTUS", "ACME-MUG-01"),  # a real SKU under the wrong owner
]
ORDERS = [f"SO-DEMO-{n:04d}" for n in range(1, 7)] + ["SO-WH2-0001", "SO-NONE-0001"]


def _command_of(order_no: str) -> str:
    return order_no.replace("SO-", "CMD-")


_payloads: st.SearchStrategy[EventPayload] = st.one_of(
    st.builds(
        p.adjust,
        st.sampled_from([k[0] for k in SKUS]),
        st.sampled_from([k[1] for k in SKUS]),
        st.integers(-150, 20).map(lambda quantity: quantity or 1)
        # the demo's opening on-hands and one more: the edge of NEGATIVE_STOCK
        | st.sampled_from([-25, -26, -48, -49, -90, -91, -100, -101, -120, -121]),
    ),
    st.builds(
        lambda key, available, warehouse: p.stock_report(key[0], key[1], available, warehouse),
        st.sampled_from(SKUS),
        st.integers(0, 500),
        st.sampled_from(["WH01", "WH01", "WH01", "WH2"]),
    ),
    st.builds(
        lambda order_no, right_command, result: p.received(
            order_no, _command_of(order_no) if right_command else "CMD-WRONG", result
        ),
        st.sampled_from(ORDERS),
        st.integers(0, 4).map(bool),  # mostly the right command
        st.sampled_from(ReceiveResult),
    ),
    st.builds(
        lambda order_no, status, minutes: p.status(
            order_no, status, status_time=T0 + dt.timedelta(minutes=minutes)
        ),
        st.sampled_from(ORDERS),
        st.sampled_from(OutboundStatus),
        st.integers(0, 30),
    ),
    st.builds(p.cancel_result, st.sampled_from(ORDERS), st.sampled_from(CancelOutcome)),
)


@st.composite
def _batches(draw: st.DrawFn) -> list[list[EventEnvelope]]:
    """Two batches; the second repeats some events of the first (a retried push)."""
    first: list[EventEnvelope] = []
    for number in range(draw(st.integers(1, 25))):
        if first and draw(st.integers(0, 9)) == 0:
            first.append(draw(st.sampled_from(first)))  # the same event twice in one batch
            continue
        station = OTHER_STATION if draw(st.integers(0, 29)) == 0 else STATION
        warehouse = "WH2" if draw(st.integers(0, 29)) == 0 else "WH01"
        first.append(
            EventEnvelope(
                event_id=f"equiv-{number:06d}",
                station_id=station,
                station_seq=number + 1,
                warehouse_id=warehouse,
                operator="P001",
                occurred_at=T0 + dt.timedelta(minutes=draw(st.integers(0, 30))),
                payload=draw(_payloads),
            )
        )
    repeats = draw(st.lists(st.sampled_from(first), max_size=5))
    return [first, repeats] if repeats else [first]


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo database seeded once: both copies must start from the very same rows."""
    path = tmp_path_factory.mktemp("equivalence") / "template.sqlite3"
    db = Database(f"sqlite:///{path}")
    db.create_schema()
    seed_demo(db)
    with db.write_transaction() as session:
        session.add(SkuRow(owner_id="ACME", sku_id="ACME-NO-STOCK", name="x", data_json="{}"))
        session.add(
            OutboundOrder(
                order_no="SO-WH2-0001",
                command_id="CMD-WH2-0001",
                warehouse_id="WH2",
                owner_id="ACME",
                command_json="{}",
                status="CREATED",
            )
        )
        session.add(Station(device_id=STATION, warehouse_id="WH01", token_hash="a" * 64))
    db.dispose()
    return path


def _copy_of(template: Path, folder: Path, name: str) -> Database:
    path = folder / name
    shutil.copyfile(template, path)
    return Database(f"sqlite:///{path}")


# Columns the clock fills in (each path reads it at its own moments) are left out.
_STATE_QUERIES = {
    "stock": "SELECT warehouse_id, owner_id, sku_id, on_hand, reserved, station_available_qty,"
    " station_reported_at FROM logical_stock ORDER BY 1, 2, 3",
    "orders": "SELECT order_no, status, receive_result, wms_outbound_no, tracking_no,"
    " carrier_code, package_count, weight, error_code, error_message, cancel_refused,"
    " reservation_open FROM outbound_order ORDER BY 1",
    "lines": "SELECT order_no, sku_id, ordered_qty, picked_qty, shipped_qty FROM outbound_line"
    " ORDER BY 1, 2",
    "history": "SELECT order_no, status, status_time, station_id, event_id, error_code, note"
    " FROM order_status_history ORDER BY id",
    # A claim entry's lease is the push's own clock: its kind and place are compared, and the
    # claim itself below.
    "feed": "SELECT warehouse_id, seq, kind, CASE WHEN kind = 'order_claimed' THEN ''"
    " ELSE body_json END FROM feed_entry ORDER BY 1, 2",
    "claims": "SELECT order_no, warehouse_id, device_id, how FROM order_claim ORDER BY 1",
    "warehouses": "SELECT warehouse_id, last_feed_seq FROM warehouse ORDER BY 1",
    "accepted": "SELECT event_id, station_id, station_seq, warehouse_id, event_type,"
    " occurred_at, latency_ms IS NULL, feed_seq FROM accepted_event ORDER BY feed_seq",
    "rejected": "SELECT event_id, station_id, event_type, error_code, error_message"
    " FROM rejected_event ORDER BY id",
}


def _state(db: Database) -> dict[str, list[Any]]:
    with db.read_session() as session:
        return {
            name: [tuple(row) for row in session.execute(text(query))]
            for name, query in _STATE_QUERIES.items()
        }


def _push_all(db: Database, batches: list[list[EventEnvelope]], set_based: bool) -> list[Any]:
    answers = []
    for events in batches:
        with db.write_transaction() as session:
            station = session.get(Station, STATION)
            assert station is not None
            request = PushRequest(events=events)
            response: PushResponse = (
                push.push_events(session, station, request)
                if set_based
                else push.push_events_one_by_one(session, station, request)
            )
            answers.append(response.model_dump())
    return answers


@settings(
    max_examples=100,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(batches=_batches())
def test_set_based_push_matches_the_per_event_path(
    template: Path, batches: list[list[EventEnvelope]]
) -> None:
    with tempfile.TemporaryDirectory() as folder:
        _compare(template, Path(folder), batches)


def _compare(template: Path, folder: Path, batches: list[list[EventEnvelope]]) -> None:
    set_based = _copy_of(template, folder, "set_based.sqlite3")
    one_by_one = _copy_of(template, folder, "one_by_one.sqlite3")
    try:
        assert _push_all(set_based, batches, True) == _push_all(one_by_one, batches, False)
        assert _state(set_based) == _state(one_by_one)
    finally:
        set_based.dispose()
        one_by_one.dispose()
