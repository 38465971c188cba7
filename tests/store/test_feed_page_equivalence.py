"""The page-level feed path (apply_feed_page, set-based) against the per-entry path
(apply_feed_entry, one savepoint per entry as the sync engine did): the same random pages
applied to two copies of one store must leave the same orders, lines, pick tasks, stock rows,
outbox payloads (in station order), exception records, audit rows and outcomes.

Event ids, wms outbound numbers and timestamps are random or clock-bound and left out.
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import ValidationError
from sqlalchemy import select

from app.errors import MalformedFeedEntry
from app.feed.apply import apply_feed_entry, apply_feed_page
from local_db.models import (
    AuditLog,
    ExceptionRecord,
    OutboundLine,
    OutboundOrder,
    OutboxEvent,
    PickTask,
    Stock,
)
from local_db.store import Store, open_store
from oms_contract.documents import CancelRequest
from oms_contract.sync_api import CancelRequested, FeedEntry, OutboundCommandCreated
from tests.store.support import BINS, DOCK, FROZEN_BIN, OWNER, TODAY, command

NOW = dt.datetime(2026, 11, 22, 3, 0, tzinfo=dt.UTC)
# Known SKUs of both owners, plus one nobody knows (refused SKU_NOT_FOUND).
ITEMS = (
    (OWNER, "SKU-A"),
    (OWNER, "SKU-B"),
    (OWNER, "SKU-Z"),
    ("OW2", "SKU-A"),
    (OWNER, "SKU-X"),
)

# What a line may ask for: any batch (mostly), a batch the stock rows hold (_stock names them
# L<days>), or one nobody holds.
LINE_BATCHES = (None, None, None, "L20", "L40", "L99")


def _stock(store: Store, rows: list[tuple[str, str, str, int, int]]) -> None:
    """(bin, owner, SKU, on_hand, expiry offset in days: 0 = none, negative = expired)."""
    with store.unit_of_work() as uow:
        for location, owner_id, sku_id, on_hand, days in rows:
            expiry = TODAY + dt.timedelta(days=days) if days else None
            uow.session.add(
                Stock(
                    location_code=location,
                    owner_id=owner_id,
                    sku_id=sku_id,
                    batch_no=f"L{days}" if days else None,
                    expiry_date=expiry,
                    on_hand=on_hand,
                    locked=0,
                    frozen=0,
                    damaged=0,
                )
            )
        uow.commit()


stock_rows = st.lists(
    st.tuples(
        st.sampled_from((*BINS, DOCK, FROZEN_BIN)),
        st.sampled_from([(o, s) for o, s in ITEMS if s != "SKU-X"]),
        st.integers(1, 6),
        st.sampled_from((0, 0, -3, 20, 40)),
    ).map(lambda t: (t[0], t[1][0], t[1][1], t[2], t[3])),
    max_size=10,
)

# ("cmd", n, items, warehouse), ("dup", k), ("cancel", k), ("bad-owner", n), ("unknown-cancel",)
action = st.one_of(
    st.tuples(
        st.just("cmd"),
        # Some lines name the batch to ship (seed 003, 批次指定出库): the stock rows' batches
        # or one nobody holds.
        st.lists(
            st.tuples(st.sampled_from(ITEMS), st.integers(1, 5), st.sampled_from(LINE_BATCHES)),
            min_size=1,
            max_size=3,
        ),
        st.sampled_from(("WH1", "WH1", "WH1", "WH9")),
    ),
    st.tuples(st.just("dup"), st.integers(0, 50)),
    st.tuples(st.just("cancel"), st.integers(0, 50)),
    st.tuples(st.just("bad-owner")),
    st.tuples(st.just("unknown-cancel")),
)


def _entries(actions: list[tuple[Any, ...]]) -> list[FeedEntry]:
    entries: list[FeedEntry] = []
    sent: list[OutboundCommandCreated] = []
    for seq, act in enumerate(actions, start=1):
        body: OutboundCommandCreated | CancelRequested
        if act[0] == "cmd":
            items, warehouse = act[1], act[2]
            owner = items[0][0][0]
            wanted = [(sku, qty, batch) for (o, sku), qty, batch in items if o == owner]
            doc = command(f"SO-{seq}", wanted, owner_id=owner)
            body = OutboundCommandCreated(
                command=doc.model_copy(update={"warehouse_id": warehouse})
            )
            sent.append(body)
        elif act[0] == "dup" and sent:
            earlier = sent[act[1] % len(sent)].command
            # Half the repeats reuse the order number under a new command id.
            changed = {"command_id": f"CMD-R{seq}"} if act[1] % 2 else {}
            body = OutboundCommandCreated(command=earlier.model_copy(update=changed))
        elif act[0] == "cancel" and sent:
            order_no = sent[act[1] % len(sent)].command.order_no
            body = CancelRequested(cancel=CancelRequest(order_no=order_no, warehouse_id="WH1"))
        elif act[0] == "bad-owner":
            body = OutboundCommandCreated(
                command=command(f"SO-{seq}", [("SKU-A", 1)], owner_id="OW9")
            )
        else:
            body = CancelRequested(cancel=CancelRequest(order_no=f"NONE-{seq}", warehouse_id="WH1"))
        entries.append(FeedEntry(seq=seq, created_at=NOW, body=body))
    return entries


def _outcome(result: object) -> str:
    if isinstance(result, Exception):
        return f"refused: {type(result).__name__}: {result}"
    return str(result)


def _per_entry(store: Store, pages: list[list[FeedEntry]]) -> list[str]:
    outcomes: list[str] = []
    for page in pages:
        with store.unit_of_work() as uow:
            for entry in page:
                try:
                    with uow.session.begin_nested():
                        outcomes.append(apply_feed_entry(uow, entry, "ST-1"))
                except (MalformedFeedEntry, ValidationError) as refusal:
                    outcomes.append(_outcome(refusal))
            uow.commit()
    return outcomes


def _page_level(store: Store, pages: list[list[FeedEntry]]) -> list[str]:
    outcomes: list[str] = []
    for page in pages:
        with store.unit_of_work() as uow:
            outcomes.extend(_outcome(r) for r in apply_feed_page(uow, page, "ST-1"))
            uow.commit()
    return outcomes


def _without_clock(payload_json: str) -> dict[str, Any]:
    payload: dict[str, Any] = json.loads(payload_json)
    return {
        k: v
        for k, v in payload.items()
        if not k.endswith(("_time", "_at")) and k != "wms_outbound_no"
    }


def _contents(store: Store) -> dict[str, list[Any]]:
    with store.read_session() as s:
        seq_of = {i: n for i, n in s.execute(select(OutboxEvent.id, OutboxEvent.station_seq))}
        order_of = {i: n for i, n in s.execute(select(OutboundOrder.id, OutboundOrder.order_no))}
        line_no_of = {i: n for i, n in s.execute(select(OutboundLine.id, OutboundLine.line_no))}
        return {
            "orders": [
                (
                    o.command_id,
                    o.order_no,
                    o.owner_id,
                    o.status,
                    o.cancelled_mid_pick,
                    o.ext_info_json,
                )
                for o in s.scalars(select(OutboundOrder).order_by(OutboundOrder.order_no))
            ],
            "lines": sorted(
                (
                    order_of[x.order_id],
                    x.line_no,
                    x.sku_id,
                    x.quantity,
                    x.barcode,
                    x.batch_no,
                    x.picked_qty,
                )
                for x in s.scalars(select(OutboundLine))
            ),
            "tasks": sorted(
                (
                    order_of[t.order_id],
                    t.sequence,
                    line_no_of[t.line_id],
                    t.stock_id,
                    t.location_code,
                    t.sku_id,
                    t.batch_no,
                    t.expiry_date,
                    t.quantity,
                    t.status,
                )
                for t in s.scalars(select(PickTask))
            ),
            "stock": [
                (r.id, r.location_code, r.owner_id, r.sku_id, r.batch_no, r.on_hand, r.locked)
                for r in s.scalars(select(Stock).order_by(Stock.id))
            ],
            "outbox": [
                (
                    e.station_seq,
                    e.event_type,
                    e.order_no,
                    e.operator,
                    e.status,
                    _without_clock(e.payload_json),
                )
                for e in s.scalars(select(OutboxEvent).order_by(OutboxEvent.station_seq))
            ],
            "exceptions": [
                (
                    x.exception_type,
                    x.order_no,
                    x.severity,
                    x.status,
                    x.detail_code,
                    x.detail_args_json,
                    seq_of.get(x.outbox_event_id or 0),
                )
                for x in s.scalars(select(ExceptionRecord).order_by(ExceptionRecord.id))
            ],
            "audit": [
                (a.action, a.entity, a.entity_key, a.after_json, seq_of.get(a.outbox_event_id or 0))
                for a in s.scalars(select(AuditLog).order_by(AuditLog.id))
            ],
        }


def _twin_stores(folder: Path, template: Path) -> tuple[Store, Store]:
    folder.mkdir(parents=True, exist_ok=True)
    for name in ("per_entry.sqlite3", "page.sqlite3"):
        shutil.copy(template, folder / name)
    return open_store(folder / "per_entry.sqlite3"), open_store(folder / "page.sqlite3")


def _run_both(
    tmp_path: Path, template: Path, seed: Callable[[Store], None], pages: list[list[FeedEntry]]
) -> None:
    old, new = _twin_stores(tmp_path, template)
    try:
        seed(old)
        seed(new)
        assert _per_entry(old, pages) == _page_level(new, pages)
        assert _contents(old) == _contents(new)
    finally:
        old.close()
        new.close()
        shutil.rmtree(tmp_path, ignore_errors=True)


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    stock=stock_rows,
    actions=st.lists(action, min_size=1, max_size=30),
    page_size=st.integers(1, 12),
    run=st.integers(0, 10**9),
)
def test_page_path_equals_per_entry_path(
    tmp_path: Path,
    seeded_template: Path,
    *,
    stock: list[tuple[str, str, str, int, int]],
    actions: list[tuple[Any, ...]],
    page_size: int,
    run: int,
) -> None:
    entries = _entries(actions)
    pages = [entries[i : i + page_size] for i in range(0, len(entries), page_size)]
    _run_both(tmp_path / str(run), seeded_template, lambda s: _stock(s, stock), pages)


def test_a_busy_page_with_every_kind_of_command(tmp_path: Path, seeded_template: Path) -> None:
    """A fixed page: allocation across bins and batches (FEFO), an order taking what an
    earlier one left, a shortage, repeats, a cancel that frees stock for a later command."""
    stock = [
        (BINS[0], OWNER, "SKU-A", 3, 0),
        (BINS[2], OWNER, "SKU-A", 4, 0),
        (BINS[1], OWNER, "SKU-B", 2, 40),
        (BINS[0], OWNER, "SKU-B", 5, 20),
        (BINS[1], OWNER, "SKU-B", 5, -3),
        (DOCK, OWNER, "SKU-Z", 9, 0),
        (BINS[1], OWNER, "SKU-Z", 4, 0),
        (BINS[2], "OW2", "SKU-A", 2, 0),
    ]
    actions: list[tuple[Any, ...]] = [
        ("cmd", [((OWNER, "SKU-A"), 5, None), ((OWNER, "SKU-B"), 6, None)], "WH1"),
        ("cmd", [((OWNER, "SKU-A"), 3, None)], "WH1"),
        ("cmd", [((OWNER, "SKU-Z"), 4, None), ((OWNER, "SKU-X"), 1, None)], "WH1"),
        ("dup", 0),
        ("dup", 1),
        ("cancel", 0),
        ("cmd", [((OWNER, "SKU-A"), 3, None)], "WH1"),
        ("cmd", [(("OW2", "SKU-A"), 2, None)], "WH9"),
        ("bad-owner",),
        ("cmd", [(("OW2", "SKU-A"), 2, None)], "WH1"),
        ("unknown-cancel",),
        ("cmd", [((OWNER, "SKU-Z"), 2, None)], "WH1"),
        # Seed 003 (批次指定出库): a named batch although FEFO would take L20 first, then the
        # same batch again beyond what is left of it (a shortage naming the batch), then
        # mixed lines: one named batch, one any batch of the same SKU.
        ("cmd", [((OWNER, "SKU-B"), 1, "L40")], "WH1"),
        ("cmd", [((OWNER, "SKU-B"), 2, "L40")], "WH1"),
        ("cmd", [((OWNER, "SKU-B"), 1, "L40"), ((OWNER, "SKU-B"), 1, None)], "WH1"),
    ]
    _run_both(tmp_path / "fixed", seeded_template, lambda s: _stock(s, stock), [_entries(actions)])
