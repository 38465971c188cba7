"""Reading a feed page entry by entry, so one malformed entry cannot wedge the whole feed.

The page frame (entries list, ``next_cursor``, ``has_more``) must follow the contract, or the
page is refused as a :class:`ContractError` and nothing moves. Inside a good frame, an entry
that fails validation but still carries a usable ``seq`` becomes an
:class:`UnreadableFeedEntry`: the pull records it as refused (with an exception record for a
supervisor) and moves past it. An entry without a usable ``seq`` cannot be identified, so the
page is refused as a whole.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from oms_contract.sync_api import FeedEntry
from oms_contract.versions import TOLERANT
from sync.errors import ContractError, validation_summary

log = logging.getLogger("wms.sync.feed")

MAX_SEQ = 2**63 - 1
"""The largest feed position the station's store (SQLite INTEGER) can hold."""


@dataclass(frozen=True)
class UnreadableFeedEntry:
    seq: int
    kind: str
    reason: str


@dataclass(frozen=True)
class TolerantFeedPage:
    entries: list[FeedEntry | UnreadableFeedEntry]
    next_cursor: int
    has_more: bool


class _PageFrame(BaseModel):
    # Fields a newer OMS adds to the page are ignored (oms_contract/versions.py).
    model_config = ConfigDict(extra="ignore")

    entries: list[dict[str, Any]]
    next_cursor: int = Field(ge=0)  # beyond the last entry: refused by the puller
    has_more: bool


def parse_feed_page(raw: Any) -> TolerantFeedPage:
    try:
        frame = _PageFrame.model_validate(raw)
    except ValidationError as exc:
        log.error("Feed page breaks the contract: %s", validation_summary(exc, 3))
        raise ContractError(
            f"The OMS feed page breaks the contract: {validation_summary(exc, 3)}"
        ) from exc
    entries: list[FeedEntry | UnreadableFeedEntry] = []
    previous_seq = 0
    for raw_entry in frame.entries:
        try:
            # A newer OMS's fields are kept in model_extra and change nothing here.
            entry: FeedEntry | UnreadableFeedEntry = FeedEntry.model_validate(
                raw_entry, extra=TOLERANT
            )
        except ValidationError as exc:
            seq = raw_entry.get("seq")
            if type(seq) is not int or not 1 <= seq <= MAX_SEQ:
                log.error("Feed entry without a usable seq: %s", validation_summary(exc, 3))
                raise ContractError(
                    "The OMS feed holds an entry without a usable seq; the station cannot "
                    f"skip it safely ({validation_summary(exc, 3)})."
                ) from exc
            body = raw_entry.get("body")
            kind = body.get("kind") if isinstance(body, dict) else None
            entry = UnreadableFeedEntry(
                seq=seq,
                kind=kind if isinstance(kind, str) else "unknown",
                reason=validation_summary(exc, 3),
            )
            log.error("Feed entry %d (%s) is malformed: %s", seq, entry.kind, entry.reason)
        if entry.seq > MAX_SEQ:
            raise ContractError(f"The OMS feed holds seq {entry.seq}, beyond what a store holds.")
        if entry.seq <= previous_seq:
            raise ContractError(f"The OMS feed is out of order at seq {entry.seq}.")
        previous_seq = entry.seq
        entries.append(entry)
    if previous_seq > frame.next_cursor:
        raise ContractError(
            f"The OMS feed cursor {frame.next_cursor} is behind its own entries ({previous_seq})."
        )
    return TolerantFeedPage(entries=entries, next_cursor=frame.next_cursor, has_more=frame.has_more)
