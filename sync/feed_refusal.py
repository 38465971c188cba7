"""What the station records when one feed entry cannot be applied.

The rule (issue #10.1): whatever goes wrong while applying one entry refuses that entry
alone; the rest of the page commits and the cursor moves on. Only the store's own faults
(disk full, I/O, a busy or damaged file) are not the entry's fault: they roll the page back
and the engine retries later, so a command the station could have applied is never skipped.

The supervisor's record says which entry (seq, kind, order / SKU), an error code and a short
reason. The reason never quotes the document: pydantic errors are reduced to where and why,
database errors to the driver's message (not the SQL parameters, which may hold a
consignee's address).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Final

from pydantic import ValidationError
from sqlalchemy.exc import StatementError

from local_db.errors import StoreUnavailable, classify_store_error
from local_db.models.records import ExceptionRecord
from oms_contract.sync_api import (
    CancelRequested,
    FeedEntry,
    InboundOrderCreated,
    MasterDataUpserted,
    OutboundCommandCreated,
    StationEventAccepted,
)
from sync import exception_details as details

FEED_REFUSED: Final = "FEED_REFUSED"

# Error codes in the record (and the applied-feed outcome): what kind of fault it was.
ENTRY_INVALID: Final = "FEED_ENTRY_INVALID"
"""The entry breaks the contract (or a document built from it would)."""
ENTRY_REFUSED: Final = "FEED_ENTRY_REFUSED"
"""The floor services refused it (unknown order, owner, SKU, another warehouse, ...)."""
ENTRY_FAILED: Final = "FEED_ENTRY_FAILED"
"""Anything else went wrong applying it (a value the store cannot hold, a bug)."""

_REASON_LIMIT: Final = 300


@dataclass(frozen=True)
class EntrySubject:
    """What a supervisor looks up at the OMS to have the document sent again."""

    order_no: str | None = None
    sku_id: str | None = None
    summary: str = ""


def is_storage_fault(exc: BaseException) -> bool:
    """The store itself failed (full, I/O, busy, read-only, damaged): not the entry's fault."""
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        if isinstance(current, StoreUnavailable) or classify_store_error(current) is not None:
            return True
        seen.add(id(current))
        current = current.__cause__
    return False


def error_code(exc: BaseException, refusals: tuple[type[BaseException], ...]) -> str:
    if isinstance(exc, ValidationError):
        return ENTRY_INVALID
    if isinstance(exc, refusals):
        return ENTRY_REFUSED
    return ENTRY_FAILED


def short_reason(exc: BaseException) -> str:
    """Why, without the document's values."""
    # Imported here: sync.errors imports the client's contract, not needed by most callers.
    from sync.errors import validation_summary  # noqa: PLC0415

    if isinstance(exc, ValidationError):
        text = f"{exc.title}: {validation_summary(exc, 3)}"
    elif isinstance(exc, StatementError) and exc.orig is not None:
        text = f"{type(exc.orig).__name__}: {exc.orig}"
    else:
        text = f"{type(exc).__name__}: {exc}"
    return text[:_REASON_LIMIT]


def entry_subject(entry: FeedEntry) -> EntrySubject:
    body = entry.body
    if isinstance(body, OutboundCommandCreated):
        skus = sorted({item.sku_id for item in body.command.items})
        return EntrySubject(
            order_no=body.command.order_no,
            sku_id=skus[0] if len(skus) == 1 else None,
            summary=f"order {body.command.order_no}, SKU {', '.join(skus[:5])}",
        )
    if isinstance(body, CancelRequested):
        return EntrySubject(
            order_no=body.cancel.order_no, summary=f"cancel of {body.cancel.order_no}"
        )
    if isinstance(body, InboundOrderCreated):
        return EntrySubject(
            order_no=body.inbound.inbound_no, summary=f"inbound {body.inbound.inbound_no}"
        )
    if isinstance(body, MasterDataUpserted):
        data = body.master_data
        return EntrySubject(
            summary=(
                f"master data: {len(data.owners)} owners, {len(data.skus)} SKUs, "
                f"{len(data.locations)} bins, {len(data.operators)} operators"
            )
        )
    if isinstance(body, StationEventAccepted):
        payload = body.event.payload
        order_no = getattr(payload, "order_no", None)
        sku_id = getattr(payload, "sku_id", None)
        parts = [f"{payload.event_type} from {body.event.station_id}"]
        parts += [f"order {order_no}"] if isinstance(order_no, str) else []
        parts += [f"SKU {sku_id}"] if isinstance(sku_id, str) else []
        return EntrySubject(
            order_no=order_no if isinstance(order_no, str) else None,
            sku_id=sku_id if isinstance(sku_id, str) else None,
            summary=", ".join(parts),
        )
    return EntrySubject()


def refusal_record(
    seq: int, kind: str, subject: EntrySubject, *, code: str, reason: str, now: dt.datetime
) -> ExceptionRecord:
    return ExceptionRecord(
        exception_type=FEED_REFUSED,
        order_no=(subject.order_no or None) and subject.order_no[:64],
        sku_id=(subject.sku_id or None) and subject.sku_id[:64],
        severity="high",
        status="open",
        detail_code=details.FEED_ENTRY_SKIPPED,
        detail_args_json=details.detail_args(
            seq=seq, kind=kind, about=subject.summary, code=code, reason=reason
        ),
        created_at=now,
    )
