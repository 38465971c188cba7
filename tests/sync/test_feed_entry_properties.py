"""#10.1, as a property: whatever the OMS feed holds, valid or not (huge integers, wrong types,
unknown SKUs and bins, garbage bodies), the real applier on a real SQLite store moves the
cursor past every entry, records every entry once, and applies the good ones."""

from __future__ import annotations

import shutil
import tempfile
import uuid
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from local_db.models import AppliedFeedEntry, OutboundOrder
from local_db.store import open_store
from sync.state import feed_cursor
from tests.store.support import (
    BINS,
    OWNER,
    WAREHOUSE,
    add_stock,
    check_invariants,
    command,
    seed_master_data,
)
from tests.sync.feed_entries import (
    bin_entry,
    command_entry,
    feed_entry,
    peer_adjustment_entry,
)
from tests.sync.test_feed_entry_faults import outcomes, pull

GOOD_SKU = "SKU-Z"  # no generated bad entry touches it: good orders of it must be allocated
HUGE = st.one_of(
    st.sampled_from([2**63, 2**63 - 1, -(2**63) - 1, 10_000_001, 9_999_999, 2**70]),
    st.integers(min_value=-(2**80), max_value=2**80),
)
ODD_VALUE: st.SearchStrategy[Any] = st.one_of(
    HUGE,
    HUGE,
    st.none(),
    st.booleans(),
    st.text(max_size=8),
    st.floats(allow_nan=False, allow_infinity=False),
    st.lists(st.integers(), max_size=2),
)

# (kind of entry, seq placeholder) -> a body; "good" ones name the order they create.
Generated = tuple[str, dict[str, Any]]


@st.composite
def bad_body(draw: st.DrawFn) -> dict[str, Any]:  # noqa: PLR0911 - one return per kind
    choice = draw(st.integers(min_value=0, max_value=6))
    if choice == 0:
        return bin_entry(0, draw(st.sampled_from(["Z-1", "Z-2"])), draw(ODD_VALUE))["body"]
    if choice == 1:
        # Mostly contract-valid peer adjustments big enough to push SKU-A past the contract.
        sku = draw(st.sampled_from(["SKU-A", "SKU-A", "NO-SUCH-SKU"]))
        location = draw(st.sampled_from([BINS[0], BINS[0], "NO-SUCH-BIN"]))
        delta = draw(st.one_of(st.just(9_999_999), st.just(9_999_999), ODD_VALUE))
        return peer_adjustment_entry(0, sku, delta, location=location)["body"]
    if choice == 2:
        # A command for SKU-A (stock maybe beyond the contract) or an unknown SKU, or with
        # an odd quantity.
        sku = draw(st.sampled_from(["SKU-A", "NO-SUCH-SKU"]))
        doc = command(f"SO-X{draw(st.integers(0, 50))}", [(sku, 1)])
        body = command_entry(0, doc)["body"]
        if draw(st.booleans()):
            body["command"]["items"][0]["quantity"] = draw(ODD_VALUE)
        return body
    if choice == 3:
        return {
            "kind": "cancel_requested",
            "cancel": {
                "order_no": draw(st.one_of(st.just("X-NONE"), ODD_VALUE)),
                "warehouse_id": WAREHOUSE,
            },
        }
    if choice == 4:
        return {"kind": draw(st.text(max_size=12)), "whatever": draw(ODD_VALUE)}
    if choice == 5:
        return {
            "kind": "inbound_order_created",
            "inbound": {
                "inbound_no": "IN-X",
                "warehouse_id": WAREHOUSE,
                "owner_id": OWNER,
                "lines": [{"sku_id": "NO-SUCH-SKU", "expected_qty": draw(ODD_VALUE)}],
            },
        }
    return {"kind": "master_data_upserted", "master_data": {"skus": draw(ODD_VALUE)}}


@st.composite
def feed(draw: st.DrawFn) -> tuple[list[dict[str, Any]], set[str]]:
    """Entries with strictly increasing seqs (gaps allowed), and the good orders among them."""
    entries: list[dict[str, Any]] = []
    good: set[str] = set()
    seq = 0
    for _ in range(draw(st.integers(min_value=1, max_value=14))):
        seq += draw(st.integers(min_value=1, max_value=3))
        if draw(st.integers(0, 2)) == 0:
            order_no = f"SO-{uuid.uuid4().hex[:8]}"
            good.add(order_no)
            doc = command(order_no, [(GOOD_SKU, draw(st.integers(1, 3)))])
            entries.append(command_entry(seq, doc))
        else:
            entries.append(feed_entry(seq, draw(bad_body())))
    return entries, good


@pytest.fixture(scope="module")
def stocked_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("stocked") / "station.sqlite3"
    store = open_store(path)
    seed_master_data(store)
    add_stock(store, BINS[2], GOOD_SKU, 1000)
    add_stock(store, BINS[0], "SKU-A", 10)
    store.close()
    return path


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(generated=feed(), page_size=st.integers(min_value=1, max_value=6))
@pytest.mark.expected_log_errors(
    r"(?s)^wms\.sync\.(feed|pull): Feed entry \d+ \(.*\) (is malformed|refused and skipped)"
)
def test_the_cursor_always_moves_past_every_entry(
    stocked_template: Path, generated: tuple[list[dict[str, Any]], set[str]], page_size: int
) -> None:
    entries, good = generated
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "station.sqlite3"
        shutil.copy(stocked_template, path)
        store = open_store(path)
        try:
            pull(store, entries, page_size=page_size)
            with store.read_session() as session:
                assert feed_cursor(session) == entries[-1]["seq"]
                recorded = list(session.scalars(select(AppliedFeedEntry.seq)))
                statuses = {o.order_no: o.status for o in session.scalars(select(OutboundOrder))}
            assert sorted(recorded) == [e["seq"] for e in entries]
            for order_no in good:
                assert statuses.get(order_no) == "ALLOCATED", (order_no, outcomes(store))
            check_invariants(store)
        finally:
            store.close()
