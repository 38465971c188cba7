"""#10.1: one feed entry the station cannot apply, whatever the reason, is refused alone.

The real floor services (``station.sync_wiring.floor_hooks``, page applier included, as the
engine runs them) on a real SQLite store with master data; the feed is scripted.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from sqlalchemy import select

from local_db.models import AppliedFeedEntry, ExceptionRecord, Location, OutboundOrder
from local_db.store import Store, open_store
from station.sync_wiring import floor_hooks
from sync.client import OmsClient
from sync.credentials import Token
from sync.pull import FEED_REFUSED, Puller, PullReport
from sync.state import StationIdentity, feed_cursor
from tests.store.support import BINS, add_stock, command, seed_master_data
from tests.sync.feed_entries import (
    Entry,
    ServedFeed,
    bin_entry,
    command_entry,
    peer_adjustment_entry,
)

IDENTITY = StationIdentity("ST-1", "WH1", "https://oms.test")


@pytest.fixture(scope="module")
def seeded_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("template") / "station.sqlite3"
    template = open_store(path)
    seed_master_data(template)
    template.close()
    return path


@pytest.fixture
def store(tmp_path: Path, seeded_template: Path) -> Iterator[Store]:
    path = tmp_path / "station.sqlite3"
    shutil.copy(seeded_template, path)
    opened = open_store(path)
    yield opened
    opened.close()


def pull(store: Store, entries: list[Entry], page_size: int = 50) -> PullReport:
    hooks = floor_hooks()
    client = OmsClient(
        IDENTITY.oms_url, Token("t0ken"), transport=httpx.MockTransport(ServedFeed(entries))
    )
    with client:
        return Puller(
            store,
            client,
            IDENTITY,
            apply_entry=hooks.apply_entry,
            refusals=hooks.refusals,
            apply_page=hooks.apply_page,
            page_size=page_size,
        ).pull_all()


def outcomes(store: Store) -> dict[int, str]:
    with store.read_session() as session:
        return {row.seq: row.outcome for row in session.scalars(select(AppliedFeedEntry))}


def refusals(store: Store) -> list[ExceptionRecord]:
    with store.read_session() as session:
        return list(
            session.scalars(
                select(ExceptionRecord).where(ExceptionRecord.exception_type == FEED_REFUSED)
            )
        )


@pytest.mark.expected_log_errors(
    r"^wms\.sync\.(feed|pull): Feed entry \d+ \(master_data_upserted\) "
    r"(is malformed|refused and skipped)"
)
def test_a_bin_with_a_pick_sequence_beyond_sqlite_is_refused_alone(store: Store) -> None:
    """#10.1 (a): pick_sequence = 2**70 raised OverflowError and rolled every page back."""
    add_stock(store, BINS[0], "SKU-A", 5)
    entries = [
        bin_entry(1, "Z-HUGE", 2**70),
        command_entry(2, command("SO-1", [("SKU-A", 2)])),
        bin_entry(3, "Z-OK", 7),
    ]
    report = pull(store, entries)
    assert report.applied == 2
    log = outcomes(store)
    assert log[1].startswith("refused: ")
    assert log[2] == "order SO-1 received and allocated"
    with store.read_session() as session:
        assert feed_cursor(session) == 3
        assert session.get(Location, "Z-HUGE") is None
        assert session.get(Location, "Z-OK") is not None
    (record,) = refusals(store)
    # Refused while applying (OverflowError), or while reading once the contract bounds it.
    args = json.loads(record.detail_args_json)
    assert (args["seq"], args["kind"]) == ("1", "master_data_upserted")
    assert args["code"].startswith("FEED_ENTRY_")
    assert "pick_sequence" in args["reason"] or "OverflowError" in args["reason"]


@pytest.mark.expected_log_errors(
    r"^wms\.sync\.pull: Feed entry \d+ \(outbound_command_created\) refused and skipped"
)
def test_stock_beyond_the_contract_refuses_only_the_command_it_breaks(store: Store) -> None:
    """#10.1 (b): peers add 2 x 9,999,999 units; the command for that SKU can no longer be
    reported (StockChanged.available_qty > 10,000,000) and used to roll the page back for
    ever, inside the set-based receive. Now it alone is refused; the rest goes on."""
    add_stock(store, BINS[1], "SKU-Z", 5)
    entries = [
        peer_adjustment_entry(1, "SKU-A", 9_999_999, station_seq=1),
        peer_adjustment_entry(2, "SKU-A", 9_999_999, station_seq=2),
        command_entry(3, command("SO-BIG", [("SKU-A", 1)])),
        command_entry(4, command("SO-SOAP", [("SKU-Z", 2)])),
        command_entry(5, command("SO-SOAP-2", [("SKU-Z", 1)])),
    ]
    pull(store, entries)
    log = outcomes(store)
    assert sorted(log) == [1, 2, 3, 4, 5]
    assert log[3].startswith("refused: ")
    assert log[4] == "order SO-SOAP received and allocated"
    assert log[5] == "order SO-SOAP-2 received and allocated"
    with store.read_session() as session:
        assert feed_cursor(session) == 5
        orders = {o.order_no: o.status for o in session.scalars(select(OutboundOrder))}
    assert orders == {"SO-SOAP": "ALLOCATED", "SO-SOAP-2": "ALLOCATED"}
    (record,) = refusals(store)
    assert record.order_no == "SO-BIG"
    assert record.sku_id == "SKU-A"
    args = json.loads(record.detail_args_json)
    assert (args["seq"], args["kind"]) == ("3", "outbound_command_created")
    assert args["about"] == "order SO-BIG, SKU SKU-A"
    assert "available_qty" in args["reason"]
    # No personal data in the supervisor's record.
    assert "张三" not in record.detail_args_json + record.detail
    assert "科技园" not in record.detail_args_json + record.detail
