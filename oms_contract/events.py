"""Events a station pushes to the OMS (WMS → OMS): callbacks, stock changes, receipts.

Every event travels in an :class:`EventEnvelope` whose ``event_id`` is the idempotency key
(the seed's callbackId): the OMS keeps it forever and answers ``duplicate`` to a retry.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Annotated, Literal

from pydantic import Field, model_validator

from oms_contract.base import (
    Code,
    Cursor64,
    PositiveQuantity,
    Quantity,
    Sequence64,
    SignedQuantity,
    Text,
    Timestamp,
    WeightKg,
    WireModel,
)

MAX_MOVEMENTS = 1000
"""Stock movements in one event (a receipt of 500 lines moves at most two buckets a line)."""
MAX_EVENT_LINES = 500
"""Lines of a picked_lines or inbound_received event (as many as a document may have)."""
MAX_SERIALS_PER_LINE = 10_000


class StockBucket(StrEnum):
    """Physical stock buckets a movement can change. ``locked`` is station-local and never
    travels: each station reserves for the orders it works on."""

    ON_HAND = "on_hand"
    FROZEN = "frozen"
    DAMAGED = "damaged"


class StockMovement(WireModel):
    """One physical change at bin/batch level, so other stations of the warehouse converge."""

    location_code: Code
    owner_id: Code
    sku_id: Code
    batch_no: Code | None = None
    expiry_date: dt.date | None = None
    bucket: StockBucket = StockBucket.ON_HAND
    delta: SignedQuantity


class ReceiveResult(StrEnum):
    SUCCESS = "SUCCESS"
    FAIL = "FAIL"


class ReceiveFailure(StrEnum):
    """The ``error_code``s a station gives a FAIL receipt (seed 000 §2.3: any failure to
    receive a command is answered FAIL with its message; §5.1 says what the OMS user does).

    An open set: ``error_code`` stays a plain :data:`Code` on the wire, so an OMS treats a
    code it does not know like any FAIL (reservation released, code and message shown) and
    adding one is no contract change (oms_contract/versions.py)."""

    STOCK_SHORTAGE = "STOCK_SHORTAGE"
    """Not enough free stock; the station holds the order and takes it up when stock
    arrives (re-route, cancel or wait)."""
    WAREHOUSE_MISMATCH = "WAREHOUSE_MISMATCH"
    """The command names another warehouse than the station's (re-route it there)."""
    OWNER_NOT_FOUND = "OWNER_NOT_FOUND"
    """The owner is not in the warehouse's master data (check master data)."""
    SKU_NOT_FOUND = "SKU_NOT_FOUND"
    """A SKU is not in the warehouse's master data (check master data)."""
    BATCH_NOT_MANAGED = "BATCH_NOT_MANAGED"
    """An item names a batch of a SKU the warehouse does not keep by batch: no stock of it
    will ever carry a batch (check the SKU's master data, or send it without the batch)."""


RECEIVE_FAILURE_CODES = (
    "Why a FAIL receipt failed: STOCK_SHORTAGE (not enough stock: re-route, cancel or wait), "
    "WAREHOUSE_MISMATCH (the command names another warehouse: re-route), OWNER_NOT_FOUND or "
    "SKU_NOT_FOUND (not in the warehouse's master data: check master data), "
    "BATCH_NOT_MANAGED (a batch named for a SKU the warehouse keeps without batches: check "
    "master data or send it without the batch). An open set: "
    "an unknown code is a FAIL like any other."
)


class OutboundReceived(WireModel):
    """The seed's receive callback: the station accepted (and reserved) a command, or not."""

    event_type: Literal["outbound_received"] = "outbound_received"
    command_id: Code
    order_no: Code
    result: ReceiveResult
    error_code: Code | None = Field(default=None, description=RECEIVE_FAILURE_CODES)
    error_message: Text | None = None


class OutboundStatus(StrEnum):
    PICKING = "PICKING"
    PICKED = "PICKED"
    PACKED = "PACKED"
    SHIPPED = "SHIPPED"
    EXCEPTION = "EXCEPTION"
    CANCELLED = "CANCELLED"


class OutboundStatusChanged(WireModel):
    """Seed 000's OutboundStatusCallback. ``event_id`` of the envelope is its callback_id."""

    event_type: Literal["outbound_status"] = "outbound_status"
    order_no: Code
    wms_outbound_no: Code
    status: OutboundStatus
    status_time: Timestamp
    tracking_no: Code | None = None
    carrier_code: Code | None = None
    package_count: int | None = Field(default=None, strict=True, ge=1, le=999)
    weight: WeightKg | None = None
    error_code: Code | None = None
    error_message: Text | None = None
    movements: list[StockMovement] = Field(default_factory=list, max_length=MAX_MOVEMENTS)


class PickedLine(WireModel):
    sku_id: Code
    quantity: Quantity
    location_code: Code
    batch_no: Code | None = None
    expiry_date: dt.date | None = None
    serials: list[Code] = Field(default_factory=list, max_length=MAX_SERIALS_PER_LINE)
    short_qty: Quantity = 0
    short_reason: Code | None = None


class PickedLines(WireModel):
    event_type: Literal["picked_lines"] = "picked_lines"
    order_no: Code
    lines: list[PickedLine] = Field(min_length=1, max_length=MAX_EVENT_LINES)
    movements: list[StockMovement] = Field(default_factory=list, max_length=MAX_MOVEMENTS)


class UnpickedLine(WireModel):
    sku_id: Code
    quantity: PositiveQuantity
    location_code: Code
    batch_no: Code | None = None
    expiry_date: dt.date | None = None
    serials: list[Code] = Field(default_factory=list)


class Unpicked(WireModel):
    """Units of an earlier ``picked_lines`` of the same order went back to the bin they came
    from (the picker took back a unit scanned by mistake). The OMS lowers the lines' picked
    quantity and, if the order was PICKED, it is PICKING again; its logical stock does not
    move (picks never move it). ``movements`` put the units back for the other stations."""

    event_type: Literal["unpicked"] = "unpicked"
    order_no: Code
    lines: list[UnpickedLine] = Field(min_length=1)
    movements: list[StockMovement] = Field(default_factory=list)


class StockChangeType(StrEnum):
    RECEIPT = "RECEIPT"
    PICK = "PICK"
    SHIPMENT = "SHIPMENT"
    ALLOCATION = "ALLOCATION"
    RELEASE = "RELEASE"
    ADJUSTMENT = "ADJUSTMENT"
    COUNT = "COUNT"
    MOVE = "MOVE"
    FREEZE = "FREEZE"
    UNFREEZE = "UNFREEZE"
    DAMAGE = "DAMAGE"
    PUT_BACK = "PUT_BACK"


class StockChanged(WireModel):
    """Seed 000's InventorySyncMessage: the station's view after a change (informational at
    the OMS; logical stock moves only by documents).

    ``feed_cursor`` is the basis of ``available_qty``: the last warehouse feed entry the
    station had applied when it computed the figure, so the OMS can tell a figure computed
    before another station's movement from one that includes it. Stations before it send
    none (the OMS then keeps the newest figure by ``occurred_at``, as before). It is left out
    of the JSON when absent, and the OMS leaves it out of the feed (peers do not need it)."""

    event_type: Literal["stock_changed"] = "stock_changed"
    warehouse_id: Code
    owner_id: Code
    sku_id: Code
    change_type: StockChangeType
    change_qty: SignedQuantity
    available_qty: Quantity
    movements: list[StockMovement] = Field(default_factory=list, max_length=MAX_MOVEMENTS)
    # Last, so a station can add it to a payload serialised without it (app/outbox.py).
    feed_cursor: Cursor64 | None = Field(
        default=None,
        exclude_if=lambda value: value is None,
        description="The last feed seq the station had applied when it computed "
        "available_qty (absent from older stations).",
    )


class QcResult(StrEnum):
    PASS = "PASS"
    FAIL = "FAIL"


class ReturnDisposition(StrEnum):
    """What QC decided for returned units (seed 002 §4.2 流程2: 退货入库 → 质检商品 → 质检通过？
    → 释放库存). Every disposition is on hand; only RESTOCK may be promised again."""

    RESTOCK = "RESTOCK"
    """QC passed: back to sellable stock (释放库存)."""
    DAMAGED = "DAMAGED"
    """QC failed: on hand in the damaged bucket (never promised; written off later)."""
    QUARANTINE = "QUARANTINE"
    """QC not decided yet: on hand, frozen (QC hold) until a supervisor unfreezes it."""


class InboundReceivedLine(WireModel):
    """``disposition`` (contract version 3) says what QC decided for a return's units; a
    line without it is a purchase receipt, or a return from a station of version 2 whose
    ``qc_result`` FAIL units the OMS leaves out of its on-hand (as before version 3)."""

    sku_id: Code
    expected_qty: Quantity
    received_qty: Quantity
    batch_no: Code | None = None
    expiry_date: dt.date | None = None
    qc_result: QcResult | None = None
    disposition: ReturnDisposition | None = Field(
        default=None,
        exclude_if=lambda value: value is None,
        json_schema_extra={"added_in": 3},
        description="Returns (version 3): RESTOCK (sellable), DAMAGED (damaged bucket) or "
        "QUARANTINE (frozen, QC hold). Every disposition joins the OMS's on-hand; DAMAGED and "
        "QUARANTINE units are held (not available).",
    )

    @model_validator(mode="after")
    def _qc_agrees(self) -> InboundReceivedLine:
        # A restocked unit passed QC, a damaged one failed: a line saying both is wrong stock.
        clash = {
            ReturnDisposition.RESTOCK: QcResult.FAIL,
            ReturnDisposition.DAMAGED: QcResult.PASS,
        }
        wrong = clash.get(self.disposition) if self.disposition is not None else None
        if wrong is not None and wrong == self.qc_result:
            raise ValueError(
                f"disposition {self.disposition} contradicts qc_result {self.qc_result}"
            )
        return self


class InboundReceived(WireModel):
    """One receipt of an inbound order. A delivery may come in several parts: each part is
    one event with the quantities received in that sitting (``received_qty`` counts this
    receipt only); ``closes_inbound`` false keeps the inbound order open for the rest, true
    (the last receipt, or a receipt of nothing that closes a short delivery) closes it."""

    event_type: Literal["inbound_received"] = "inbound_received"
    inbound_no: Code
    owner_id: Code
    lines: list[InboundReceivedLine] = Field(min_length=1, max_length=MAX_EVENT_LINES)
    movements: list[StockMovement] = Field(default_factory=list, max_length=MAX_MOVEMENTS)
    closes_inbound: bool = Field(
        default=True,
        description="True: the inbound order is complete (or closed short); false: more "
        "receipts of it follow.",
    )


class InventoryAdjusted(WireModel):
    """A stock adjustment (count difference, damage write-off, found goods) with its reason."""

    event_type: Literal["inventory_adjusted"] = "inventory_adjusted"
    adjustment_no: Code
    owner_id: Code
    sku_id: Code
    quantity: SignedQuantity
    reason_code: Code
    location_code: Code | None = None
    batch_no: Code | None = None
    movements: list[StockMovement] = Field(default_factory=list, max_length=MAX_MOVEMENTS)


class CancelOutcome(StrEnum):
    CANCELLED = "CANCELLED"
    REFUSED_ALREADY_SHIPPED = "REFUSED_ALREADY_SHIPPED"


class CancelResult(WireModel):
    event_type: Literal["cancel_result"] = "cancel_result"
    order_no: Code
    result: CancelOutcome
    message: Text | None = None


EventPayload = Annotated[
    OutboundReceived
    | OutboundStatusChanged
    | PickedLines
    | Unpicked
    | StockChanged
    | InboundReceived
    | InventoryAdjusted
    | CancelResult,
    Field(discriminator="event_type"),
]


class EventEnvelope(WireModel):
    event_id: Annotated[str, Field(min_length=8, max_length=64)]
    station_id: Code
    station_seq: Sequence64
    warehouse_id: Code
    operator: Code
    occurred_at: Timestamp
    payload: EventPayload
