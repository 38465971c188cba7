"""Feed entries as the OMS serves them (JSON dicts), and a scripted feed serving them, for
the tests that drive the real floor services through the real puller."""

from __future__ import annotations

import uuid
from typing import Any

import httpx

from oms_contract.documents import OutboundCommand
from tests.store.support import BINS, OWNER, WAREHOUSE

CREATED_AT = "2026-11-22T03:00:00Z"
Entry = dict[str, Any]


def feed_entry(seq: int, body: dict[str, Any]) -> Entry:
    return {"seq": seq, "created_at": CREATED_AT, "body": body}


def command_entry(seq: int, command: OutboundCommand) -> Entry:
    return feed_entry(
        seq, {"kind": "outbound_command_created", "command": command.model_dump(mode="json")}
    )


def bin_entry(seq: int, code: str, pick_sequence: int) -> Entry:
    return feed_entry(
        seq,
        {
            "kind": "master_data_upserted",
            "master_data": {
                "locations": [{"code": code, "zone": "A", "pick_sequence": pick_sequence}]
            },
        },
    )


def peer_adjustment_entry(
    seq: int, sku_id: str, delta: Any, *, location: str = BINS[0], station_seq: int = 1
) -> Entry:
    """Another station's accepted found-goods adjustment moving ``delta`` units."""
    return feed_entry(
        seq,
        {
            "kind": "station_event_accepted",
            "event": {
                "event_id": uuid.uuid4().hex,
                "station_id": "ST-OTHER",
                "station_seq": station_seq,
                "warehouse_id": WAREHOUSE,
                "operator": "B-9",
                "occurred_at": CREATED_AT,
                "payload": {
                    "event_type": "inventory_adjusted",
                    "adjustment_no": f"ADJ-{seq}",
                    "owner_id": OWNER,
                    "sku_id": sku_id,
                    "quantity": delta,
                    "reason_code": "FOUND",
                    "location_code": location,
                    "movements": [
                        {
                            "location_code": location,
                            "owner_id": OWNER,
                            "sku_id": sku_id,
                            "bucket": "on_hand",
                            "delta": delta,
                        }
                    ],
                },
            },
        },
    )


class ServedFeed:
    """Serves ``entries`` after ``after``, ``limit`` at a time, as the OMS does."""

    def __init__(self, entries: list[Entry]) -> None:
        self.entries = entries

    def __call__(self, request: httpx.Request) -> httpx.Response:
        after = int(request.url.params["after"])
        limit = int(request.url.params["limit"])
        rest = [e for e in self.entries if e["seq"] > after]
        page = rest[:limit]
        next_cursor = page[-1]["seq"] if page else after
        body = {"entries": page, "next_cursor": next_cursor, "has_more": len(rest) > limit}
        return httpx.Response(200, json=body)
