"""The feed serves stored bodies verbatim: the page must read back as the very page the models
would have served (every kind of entry the demo and an accepted station event produce)."""

from __future__ import annotations

import json

from pydantic import TypeAdapter
from sqlalchemy import select

from oms_contract import API_PREFIX
from oms_contract.sync_api import FeedBody, FeedEntry, FeedPage
from oms_contract.versions import CONTRACT_HEADER, CONTRACT_VERSION
from oms_server.models import FeedEntryRow
from tests.server import payloads as p
from tests.server.driver import OmsDriver

BODY: TypeAdapter[object] = TypeAdapter(FeedBody)


def _model_page(oms: OmsDriver, warehouse_id: str, after: int, limit: int) -> FeedPage:
    """The page as the models build it from the stored rows (the former way of serving)."""
    assert oms.db is not None
    with oms.db.read_session() as session:
        rows = session.scalars(
            select(FeedEntryRow)
            .where(FeedEntryRow.warehouse_id == warehouse_id, FeedEntryRow.seq > after)
            .order_by(FeedEntryRow.seq)
            .limit(limit + 1)
        ).all()
    entries = [
        FeedEntry.model_validate(
            {"seq": r.seq, "created_at": r.created_at, "body": BODY.validate_json(r.body_json)}
        )
        for r in rows[:limit]
    ]
    return FeedPage(
        entries=entries,
        next_cursor=entries[-1].seq if entries else after,
        has_more=len(rows) > limit,
    )


def test_a_verbatim_page_reads_back_as_the_model_page(demo_oms: OmsDriver) -> None:
    picker = demo_oms.enrol(name="picker")
    station = demo_oms.enrol(name="reader")
    demo_oms.push(picker, p.status("SO-DEMO-0001", "PICKING"))
    head = demo_oms.feed(station).next_cursor
    assert head > 3
    for after, limit in ((0, 2000), (0, 3), (2, 1), (head - 1, 5), (head, 5)):
        response = demo_oms.client.get(
            f"{API_PREFIX}/warehouses/{station.warehouse_id}/feed",
            params={"after": after, "limit": limit},
            # A reader of this version gets the stored bodies verbatim (older ones get each
            # body in their own version: tests/sync/test_contract_versions_real_oms.py).
            headers={**station.headers, CONTRACT_HEADER: str(CONTRACT_VERSION)},
        )
        assert response.status_code == 200
        assert response.headers["content-type"] == "application/json"
        expected = _model_page(demo_oms, station.warehouse_id, after, limit)
        assert FeedPage.model_validate_json(response.content) == expected
        assert response.json() == json.loads(expected.model_dump_json())
