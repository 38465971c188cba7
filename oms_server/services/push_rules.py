"""The push rules of the event types the set-based batch handles, judged on in-memory rows.

Each function checks every rule before it changes anything, so an event it refuses
(``RuleViolation``) leaves no trace in the batch state. Codes, messages and effects are those
of ``events.py``, ``order_events.py`` and ``stock.py``, which the per-event path still uses;
``tests/server/test_push_equivalence.py`` holds the two paths to the same results.
"""

from __future__ import annotations

import datetime as dt

from oms_contract.events import (
    EventPayload,
    InventoryAdjusted,
    OutboundReceived,
    ReceiveResult,
    StockChanged,
)
from oms_server.errors import RuleViolation
from oms_server.services.context import EventContext
from oms_server.services.movement_checks import check_movements
from oms_server.services.order_checks import check_command_matches, known_order_of_warehouse
from oms_server.services.orders import CREATED, RECEIVE_FAILED, RECEIVED
from oms_server.services.push_state import BatchState, OrderState, StockKey
from oms_server.services.reroute_rules import is_previous_route
from oms_server.services.stock import check_on_hand_change, check_put_back
from oms_server.services.stock_holds import apply_holds, hold_deltas

SET_BASED_EVENT_TYPES = frozenset({"outbound_received", "stock_changed", "inventory_adjusted"})


def stock_key_of(payload: EventPayload) -> StockKey | None:
    if isinstance(payload, InventoryAdjusted | StockChanged):
        return (payload.owner_id, payload.sku_id)
    return None


def order_no_of(payload: EventPayload) -> str | None:
    return payload.order_no if isinstance(payload, OutboundReceived) else None


def judge_event(
    state: BatchState, payload: EventPayload, warehouse_id: str, ctx: EventContext
) -> int | None:
    """Apply the event to ``state``; answer its latency in ms (None when not measured)."""
    latency_ms = max(0, int((ctx.now - ctx.occurred_at).total_seconds() * 1000))
    check_movements(payload, state.bins)
    if isinstance(payload, OutboundReceived):
        _outbound_received(state, payload, warehouse_id, ctx)
        return latency_ms
    if isinstance(payload, StockChanged):
        _stock_report(state, payload, warehouse_id, ctx)
        _holds(state, payload, ctx)
        return latency_ms
    if isinstance(payload, InventoryAdjusted):
        _adjustment(state, payload, ctx)
        _holds(state, payload, ctx)
        return None
    raise AssertionError(f"{payload.event_type} is not handled set-based")


def _holds(state: BatchState, payload: StockChanged | InventoryAdjusted, ctx: EventContext) -> None:
    """As ``events.apply_event``: the movements' frozen/damaged changes (the movements name
    the event's own owner/SKU, ``check_movements`` made sure)."""
    for key, (frozen, damaged) in hold_deltas(payload).items():
        apply_holds(state.stock_to_change(key), frozen, damaged, ctx.now)


def _require_sku(state: BatchState, owner_id: str, sku_id: str) -> StockKey:
    key = (owner_id, sku_id)
    if key not in state.skus:
        raise RuleViolation(
            "SKU_NOT_FOUND", f"SKU {sku_id} of owner {owner_id} is not known to the OMS."
        )
    return key


def _adjustment(state: BatchState, payload: InventoryAdjusted, ctx: EventContext) -> None:
    key = _require_sku(state, payload.owner_id, payload.sku_id)
    current = state.stock.get(key)
    on_hand = current.on_hand if current is not None else 0
    check_on_hand_change(payload.owner_id, payload.sku_id, on_hand, payload.quantity)
    row = state.stock_to_change(key)
    row.on_hand += payload.quantity
    row.updated_at = ctx.now


def _stock_report(
    state: BatchState, payload: StockChanged, warehouse_id: str, ctx: EventContext
) -> None:
    """Informational (InventorySyncMessage): kept for display and latency, moves nothing."""
    if payload.warehouse_id != warehouse_id:
        raise RuleViolation(
            "WAREHOUSE_MISMATCH",
            f"The stock report is for warehouse {payload.warehouse_id}, not {warehouse_id}.",
        )
    key = _require_sku(state, payload.owner_id, payload.sku_id)
    current = state.stock.get(key)
    check_put_back(current.on_hand if current is not None else 0, payload)
    state.stock_to_change(key)  # the figure itself: station_figures, once accepted


class PerEventNeeded(Exception):
    """An event this path does not apply (it would move an order's reservation, or it is
    about a re-routed order): the caller pushes the run again event by event."""


def _order_for_event(state: BatchState, order_no: str, warehouse_id: str) -> OrderState:
    order = state.orders.get(order_no)
    if order is not None and is_previous_route(order, warehouse_id):
        raise PerEventNeeded(order_no)
    return known_order_of_warehouse(order, order_no, warehouse_id)


def _outbound_received(
    state: BatchState, payload: OutboundReceived, warehouse_id: str, ctx: EventContext
) -> None:
    order = _order_for_event(state, payload.order_no, warehouse_id)
    check_command_matches(order, payload.command_id)
    # A FAIL releases the reservation, a SUCCESS after one reserves again (order_events.py):
    # both need the order's lines, which this path does not read. They are rare.
    failing = payload.result == ReceiveResult.FAIL
    if (failing and order.receive_result != ReceiveResult.SUCCESS) or (
        not failing and order.status == RECEIVE_FAILED
    ):
        raise PerEventNeeded(payload.order_no)
    if payload.result == ReceiveResult.SUCCESS:
        order.receive_result = ReceiveResult.SUCCESS.value
        if order.status == CREATED:
            order.status = RECEIVED
        _history(state, order, RECEIVED, ctx.occurred_at, ctx)
    else:
        # One station's shortage does not undo another station's successful receipt.
        if order.receive_result != ReceiveResult.SUCCESS:
            order.receive_result = ReceiveResult.FAIL.value
            order.error_code = payload.error_code
            order.error_message = payload.error_message
        _history(
            state,
            order,
            "RECEIVE_FAILED",
            ctx.occurred_at,
            ctx,
            error_code=payload.error_code,
            note=payload.error_message,
        )
    order.updated_at = ctx.now
    order.changed = True


def _history(
    state: BatchState,
    order: OrderState,
    status: str,
    status_time: dt.datetime,
    ctx: EventContext,
    *,
    error_code: str | None = None,
    note: str | None = None,
) -> None:
    """The row ``orders.record_history`` writes, as values for one bulk insert."""
    state.history.append(
        {
            "order_no": order.order_no,
            "status": str(status),
            "status_time": status_time,
            "recorded_at": ctx.now,
            "station_id": ctx.station_id,
            "event_id": ctx.event_id,
            "error_code": error_code,
            "note": (note or None) and note[:500],
        }
    )
