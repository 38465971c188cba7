"""Requests and answers of the station ↔ OMS sync endpoints (enrol, pull, push, reconcile)."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated, Literal

from pydantic import Field

from oms_contract.base import (
    Code,
    Cursor64,
    Quantity,
    Sequence64,
    SignedQuantity,
    Text,
    Timestamp,
    WireModel,
)
from oms_contract.claims import ClaimConflict, OrderClaimed, OrderClaimReleased
from oms_contract.documents import CancelRequest, InboundOrder, OutboundCommand
from oms_contract.events import EventEnvelope
from oms_contract.master_data import MasterDataUpsert

MAX_PUSH_BATCH = 1000
MAX_FEED_PAGE = 2000
MAX_SNAPSHOT_LINES = 200_000
"""Lines of one reconciliation snapshot: one per owner/SKU the station knows."""


class EnrolRequest(WireModel):
    enrolment_key: Annotated[str, Field(min_length=8, max_length=200)]
    warehouse_id: Code
    station_name: Text = ""
    replaces_device_id: Code | None = Field(
        default=None,
        description="The device id this station was enrolled as before: its token is revoked "
        "when this enrolment is confirmed.",
    )


class EnrolResponse(WireModel):
    """A pending enrolment: confirm it (``POST /stations/enrol/confirm`` with the token)
    once the token is safely stored; only then is the key's use counted."""

    device_id: Code
    warehouse_id: Code
    token: str = Field(description="Bearer token; the station keeps it in the OS keyring.")
    confirm_before: Timestamp = Field(
        description="An enrolment not confirmed by then is void; the key is not spent."
    )


class EnrolConfirmed(WireModel):
    device_id: Code
    warehouse_id: Code


class StationProgress(WireModel):
    """``GET /stations/me/progress``: what the OMS holds of this station's events, so a
    station restored from a backup can tell whether the backup is older than them (#15)."""

    device_id: Code
    warehouse_id: Code
    highest_accepted_seq: Cursor64 = Field(
        description="The highest station_seq of an event the OMS accepted from this station "
        "(0: none)."
    )


class StationReport(WireModel):
    """What a station says of itself now and then (``POST /stations/me/report``), for IT's
    view of the fleet."""

    station_version: Annotated[str, Field(max_length=64)] | None = Field(
        default=None, description="The station software's version."
    )
    pending_events: int = Field(
        ge=0, le=2**31 - 1, description="Events in its outbox not yet accepted by the OMS."
    )


class StationReportAnswer(WireModel):
    rotate_token: bool = Field(
        description="An administrator asked for a new token: call POST /stations/me/token."
    )


class TokenRotated(WireModel):
    """A new token for the calling station. The old one stays valid until the new one is
    first used; then only the new one is. Store it, then use it."""

    device_id: Code
    token: str = Field(description="Bearer token; the station keeps it in the OS keyring.")


# --- Pull: the per-warehouse feed --------------------------------------------------------


class OutboundCommandCreated(WireModel):
    kind: Literal["outbound_command_created"] = "outbound_command_created"
    command: OutboundCommand


class CancelRequested(WireModel):
    kind: Literal["cancel_requested"] = "cancel_requested"
    cancel: CancelRequest


class InboundOrderCreated(WireModel):
    kind: Literal["inbound_order_created"] = "inbound_order_created"
    inbound: InboundOrder


class MasterDataUpserted(WireModel):
    kind: Literal["master_data_upserted"] = "master_data_upserted"
    master_data: MasterDataUpsert


class StationEventAccepted(WireModel):
    """An event another station of the same warehouse pushed and the OMS accepted."""

    kind: Literal["station_event_accepted"] = "station_event_accepted"
    event: EventEnvelope


FeedBody = Annotated[
    OutboundCommandCreated
    | CancelRequested
    | InboundOrderCreated
    | MasterDataUpserted
    | StationEventAccepted
    | OrderClaimed
    | OrderClaimReleased
    | ClaimConflict,
    Field(discriminator="kind"),
]


class FeedEntry(WireModel):
    seq: Sequence64 = Field(description="Position in the warehouse feed; strictly increasing.")
    created_at: Timestamp
    body: FeedBody


class FeedPage(WireModel):
    entries: list[FeedEntry] = Field(max_length=MAX_FEED_PAGE)
    next_cursor: Cursor64 = Field(description="Pass as ?after= to read the next page.")
    has_more: bool


# --- Push --------------------------------------------------------------------------------


class PushRequest(WireModel):
    events: list[EventEnvelope] = Field(min_length=1, max_length=MAX_PUSH_BATCH)


class EventOutcome(StrEnum):
    ACCEPTED = "accepted"
    DUPLICATE = "duplicate"  # accepted earlier: success for the station
    REJECTED = "rejected"


EARLIER_EVENT_REJECTED = "EARLIER_EVENT_REJECTED"
"""``error_code`` of a ``rejected`` result the OMS may give an event because an earlier event
of the same order in the same batch was rejected. The station does not count it as a
rejection of its own: the event stays pending, held behind the rejected one, and goes again
once a supervisor has resolved that."""


class EventResult(WireModel):
    event_id: str
    outcome: EventOutcome
    error_code: Code | None = None
    error_message: Text | None = None


class PushResponse(WireModel):
    results: list[EventResult]


# --- Reconciliation (定时全量同步) --------------------------------------------------------


class StockSnapshotLine(WireModel):
    owner_id: Code
    sku_id: Code
    on_hand: Quantity = Field(description="Sellable on-hand: physical on-hand less damaged.")
    available_qty: Quantity


class StockSnapshot(WireModel):
    warehouse_id: Code
    taken_at: Timestamp
    lines: list[StockSnapshotLine] = Field(max_length=MAX_SNAPSHOT_LINES)


class StockDifference(WireModel):
    owner_id: Code
    sku_id: Code
    station_qty: Quantity
    oms_qty: Quantity
    difference: SignedQuantity = Field(description="station_qty - oms_qty")


class ReconciliationResult(WireModel):
    warehouse_id: Code
    checked_lines: int
    differences: list[StockDifference]


# --- Errors ------------------------------------------------------------------------------


class ErrorBody(WireModel):
    """The one JSON error shape of every non-2xx answer."""

    error_code: Code
    message: Text
    field: str | None = Field(default=None, description="The offending field, for 400/422.")
    retry_after_s: float | None = None
