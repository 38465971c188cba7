"""The pull with the page-level applier (as the engine runs it): a malformed entry is refused
alone, with its exception record, and the rest of its page is applied in order."""

from __future__ import annotations

import httpx
import pytest
from sqlalchemy import select

from local_db.models import AppliedFeedEntry, ExceptionRecord, OutboundOrder
from local_db.store import Store
from station.sync_wiring import floor_hooks
from sync.client import OmsClient
from sync.credentials import Token
from sync.pull import FEED_REFUSED, Puller
from sync.state import StationIdentity
from tests.store.support import BINS, add_stock, command

IDENTITY = StationIdentity("ST-1", "WH1", "http://oms.test")
NOW = "2026-11-22T03:00:00+00:00"


def _command(seq: int, order_no: str, warehouse: str = "WH1") -> dict[str, object]:
    doc = command(order_no, [("SKU-A", 2)]).model_copy(update={"warehouse_id": warehouse})
    return {
        "seq": seq,
        "created_at": NOW,
        "body": {"kind": "outbound_command_created", "command": doc.model_dump(mode="json")},
    }


def _feed(entries: list[dict[str, object]]) -> httpx.MockTransport:
    def serve(request: httpx.Request) -> httpx.Response:
        after = int(request.url.params["after"])
        rest = [e for e in entries if int(str(e["seq"])) > after]
        body = {
            "entries": rest,
            "next_cursor": int(str(rest[-1]["seq"])) if rest else after,
            "has_more": False,
        }
        return httpx.Response(200, json=body)

    return httpx.MockTransport(serve)


@pytest.mark.expected_log_errors(
    r"^wms\.sync\.(feed|pull): Feed entry \d+ \(\w+\) (is malformed|refused and skipped)"
)
def test_a_malformed_entry_is_refused_alone(store: Store) -> None:
    add_stock(store, BINS[0], "SKU-A", 3)  # SO-1 takes 2: SO-3 falls short
    entries = [
        _command(1, "SO-1"),
        _command(2, "SO-2", warehouse="WH9"),  # another warehouse's order: answered FAIL
        {"seq": 3, "created_at": NOW, "body": {"kind": "no_such_kind"}},  # unreadable
        {
            "seq": 4,
            "created_at": NOW,
            "body": {
                "kind": "cancel_requested",
                "cancel": {"order_no": "NONE", "warehouse_id": "WH1"},
            },
        },
        _command(5, "SO-3"),
        _command(6, "SO-1"),  # a repeat
    ]
    hooks = floor_hooks()
    client = OmsClient("http://oms.test", Token("t0ken"), transport=_feed(entries))
    report = Puller(
        store,
        client,
        IDENTITY,
        apply_entry=hooks.apply_entry,
        refusals=hooks.refusals,
        apply_page=hooks.apply_page,
        page_size=10,
    ).pull_all()
    assert report.applied == 4
    assert len(report.refused) == 2
    with store.read_session() as session:
        outcomes = {row.seq: row.outcome for row in session.scalars(select(AppliedFeedEntry))}
        orders = {o.order_no: o.status for o in session.scalars(select(OutboundOrder))}
        refusals = session.scalars(
            select(ExceptionRecord).where(ExceptionRecord.exception_type == FEED_REFUSED)
        ).all()
    assert outcomes[1] == "order SO-1 received and allocated"
    assert outcomes[2] == "order SO-2 refused: WAREHOUSE_MISMATCH"
    assert outcomes[3].startswith("refused:")
    assert outcomes[4].startswith("refused: MalformedFeedEntry:")
    assert outcomes[5] == "order SO-3 received, stock shortage"
    assert outcomes[6] == "duplicate: order SO-1 already received (ALLOCATED)"
    assert orders == {"SO-1": "ALLOCATED", "SO-3": "SHORTAGE"}
    assert len(refusals) == 2
