"""Event payloads as a station would build them, with demo-data defaults."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from oms_contract.documents import OutboundCommand, OutboundItem
from oms_contract.events import (
    CancelOutcome,
    CancelResult,
    InventoryAdjusted,
    OutboundReceived,
    OutboundStatus,
    OutboundStatusChanged,
    PickedLine,
    PickedLines,
    ReceiveResult,
    StockChanged,
    StockChangeType,
)


def status(
    order_no: str,
    new_status: OutboundStatus | str,
    *,
    status_time: dt.datetime | None = None,
    tracking_no: str | None = None,
    weight: str | None = None,
    package_count: int | None = None,
    error_code: str | None = None,
) -> OutboundStatusChanged:
    return OutboundStatusChanged(
        order_no=order_no,
        wms_outbound_no="WMS-" + order_no,
        status=OutboundStatus(new_status),
        status_time=status_time or dt.datetime.now(dt.UTC),
        tracking_no=tracking_no,
        carrier_code="SF" if tracking_no else None,
        package_count=package_count,
        weight=Decimal(weight) if weight else None,
        error_code=error_code,
    )


def received(
    order_no: str, command_id: str, result: ReceiveResult = ReceiveResult.SUCCESS
) -> OutboundReceived:
    failed = result == ReceiveResult.FAIL
    return OutboundReceived(
        command_id=command_id,
        order_no=order_no,
        result=result,
        error_code="STOCK_SHORTAGE" if failed else None,
        error_message="not enough stock in the bins" if failed else None,
    )


def picked(order_no: str, *lines: tuple[str, int, str]) -> PickedLines:
    return PickedLines(
        order_no=order_no,
        lines=[
            PickedLine(sku_id=sku, quantity=qty, location_code=location)
            for sku, qty, location in lines
        ],
    )


def cancel_result(order_no: str, outcome: CancelOutcome = CancelOutcome.CANCELLED) -> CancelResult:
    return CancelResult(order_no=order_no, result=outcome)


def adjust(owner: str, sku: str, quantity: int, reason: str = "COUNT") -> InventoryAdjusted:
    return InventoryAdjusted(
        adjustment_no=f"ADJ-{sku}-{quantity}",
        owner_id=owner,
        sku_id=sku,
        quantity=quantity,
        reason_code=reason,
    )


def stock_report(owner: str, sku: str, available: int, warehouse_id: str = "WH01") -> StockChanged:
    return StockChanged(
        warehouse_id=warehouse_id,
        owner_id=owner,
        sku_id=sku,
        change_type=StockChangeType.PICK,
        change_qty=-1,
        available_qty=available,
    )


def command(
    number: int, *items: tuple[str, int], owner: str = "ACME", warehouse_id: str = "WH01"
) -> OutboundCommand:
    return OutboundCommand(
        command_id=f"CMD-T-{number:04d}",
        order_no=f"SO-T-{number:04d}",
        warehouse_id=warehouse_id,
        owner_id=owner,
        consignee="测试",
        phone="13900000000",
        province="上海市",
        city="上海市",
        address="测试路 1 号",
        carrier_code="SF",
        items=[OutboundItem(sku_id=sku, sku_name=sku, quantity=qty) for sku, qty in items],
    )
