"""The outbox payloads allocation writes, as the plain values the contract's models dump
(``model_dump(mode="json")``) without building the models; the outbox serialises them with
its one serialiser (:func:`app.outbox.payload_json`).

These are the only builders of ``outbound_received`` and allocation ``stock_changed``
payloads (the single command and the feed page both go through :mod:`app.services.allocation`).
They skip the models for speed: building and dumping the models cost about 65 µs per event
more than ``to_json`` of a dict (76.6 against 11.4 µs per ``stock_changed``, measured
2026-12-04 on the benchmark machine while other work loaded it), and a pull of 50,000
commands writes about 200,000 of them: several seconds of the 18.5 s ``python -m bench.pull``
figure in BENCHMARKS.md. That the values serialise byte for byte to ``model_dump_json()``
is held by ``tests/store/test_feed_outbound_json.py``.
"""

from __future__ import annotations

from app import errors
from app.outbox import PayloadValues
from app.services.stock_ledger import SkuKey
from oms_contract.events import OutboundReceived, ReceiveResult, StockChanged, StockChangeType

_MAX_TEXT = 500
_MAX_QUANTITY = 10_000_000


def received_payload(command_id: str, order_no: str, shortage: str | None) -> PayloadValues:
    """``OutboundReceived(...)``'s values for a received command, without the model."""
    if shortage is None:
        values: PayloadValues = {
            "event_type": "outbound_received",
            "command_id": command_id,
            "order_no": order_no,
            "result": ReceiveResult.SUCCESS.value,
            "error_code": None,
            "error_message": None,
        }
        return values
    if len(shortage) >= _MAX_TEXT:
        # Cut to the contract's length; the model then strips what the cut left at the edge.
        return OutboundReceived(
            command_id=command_id,
            order_no=order_no,
            result=ReceiveResult.FAIL,
            error_code=errors.StockShortage.code,
            error_message=shortage[:_MAX_TEXT],
        ).model_dump(mode="json")
    values = {
        "event_type": "outbound_received",
        "command_id": command_id,
        "order_no": order_no,
        "result": ReceiveResult.FAIL.value,
        "error_code": errors.StockShortage.code,
        "error_message": shortage,
    }
    return values


def allocation_payload(
    warehouse_id: str, key: SkuKey, change_qty: int, available_qty: int
) -> PayloadValues:
    """``StockChanged(...)``'s values for an allocation, without the model."""
    if not (-_MAX_QUANTITY <= change_qty <= _MAX_QUANTITY and 0 <= available_qty <= _MAX_QUANTITY):
        # Out of the contract: the model refuses it exactly as the model itself would.
        StockChanged(
            warehouse_id=warehouse_id,
            owner_id=key[0],
            sku_id=key[1],
            change_type=StockChangeType.ALLOCATION,
            change_qty=change_qty,
            available_qty=available_qty,
        )
    values = {
        "event_type": "stock_changed",
        "warehouse_id": warehouse_id,
        "owner_id": key[0],
        "sku_id": key[1],
        "change_type": StockChangeType.ALLOCATION.value,
        "change_qty": change_qty,
        "available_qty": available_qty,
        "movements": [],
    }
    return values
