"""Documents the OMS sends to a warehouse: outbound commands, cancels, inbound orders."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Annotated

from pydantic import Field, StringConstraints

from oms_contract.base import (
    MAX_CODE_LENGTH,
    MAX_TEXT_LENGTH,
    Code,
    PositiveQuantity,
    Text,
    Timestamp,
    WireModel,
)

MAX_DOCUMENT_LINES = 500
MAX_EXT_INFO_ENTRIES = 50
ExtInfoKey = Annotated[str, StringConstraints(min_length=1, max_length=MAX_CODE_LENGTH)]
ExtInfoValue = Annotated[str, StringConstraints(max_length=MAX_TEXT_LENGTH)]


BATCH_SPECIFIED_SINCE = 3
"""The contract version that added ``OutboundItem.batch_no`` (seed 003's 批次指定出库)."""


class OutboundItem(WireModel):
    sku_id: Code
    sku_name: Text
    quantity: PositiveQuantity
    barcode: Code | None = None
    batch_no: Code | None = Field(
        default=None,
        description="The batch to ship (批次指定出库): the station takes this line's units "
        "from stock of this batch only, or answers STOCK_SHORTAGE. None: any batch (FEFO). "
        "Added in contract version 3: the OMS never serves a command naming a batch to an "
        "older station (docs/oms-api.md).",
        json_schema_extra={"added_in": BATCH_SPECIFIED_SINCE},
    )


class OutboundCommand(WireModel):
    """Seed 000's OutboundCommand (出库指令), plus the owner whose stock it ships."""

    command_id: Code
    order_no: Code
    warehouse_id: Code
    owner_id: Code
    # 收货信息: personal data, never logged.
    consignee: Text
    phone: Text
    province: Text
    city: Text
    district: Text = ""
    address: Text
    # 物流信息
    carrier_code: Code
    service_type: Code = "STANDARD"
    # 时效要求: a higher priority is picked first.
    priority: int = Field(default=0, strict=True, ge=0, le=100)
    deadline: Timestamp | None = None
    items: list[OutboundItem] = Field(min_length=1, max_length=MAX_DOCUMENT_LINES)
    ext_info: dict[ExtInfoKey, ExtInfoValue] = Field(
        default_factory=dict, max_length=MAX_EXT_INFO_ENTRIES
    )


class CancelRequest(WireModel):
    order_no: Code
    warehouse_id: Code
    reason: Text = ""


class InboundType(StrEnum):
    PURCHASE = "PURCHASE"  # 采购入库
    RETURN = "RETURN"  # 退货入库 (seed 002 §4.2 流程2): every unit gets a QC disposition


class InboundLine(WireModel):
    sku_id: Code
    expected_qty: PositiveQuantity
    batch_no: Code | None = None
    expiry_date: dt.date | None = None


class InboundOrder(WireModel):
    inbound_no: Code
    warehouse_id: Code
    owner_id: Code
    inbound_type: InboundType = InboundType.PURCHASE
    related_order_no: Code | None = Field(
        default=None,
        description="For returns (required): the original outbound order the goods came "
        "from. The OMS accepts a return only for a SHIPPED order and at most its shipped "
        "quantity per SKU less what earlier returns of it took.",
    )
    expected_at: Timestamp | None = None
    lines: list[InboundLine] = Field(min_length=1, max_length=MAX_DOCUMENT_LINES)
