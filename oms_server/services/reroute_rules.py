"""Which warehouse an event about a re-routed order comes from (services/reroute.py)."""

from __future__ import annotations

import json
from typing import Any

from oms_server.errors import RuleViolation

ORDER_REROUTED = "ORDER_REROUTED"


def previous_routes(order: Any) -> list[dict[str, str]]:
    """The routes ``order`` (an ORM row or batch state) was re-routed away from."""
    raw = getattr(order, "previous_routes_json", None)
    if not raw:
        return []
    routes = json.loads(raw)
    return routes if isinstance(routes, list) else []


def is_previous_route(order: Any, warehouse_id: str) -> bool:
    """True when ``order`` now belongs elsewhere and ``warehouse_id`` had it before."""
    if order is None or order.warehouse_id == warehouse_id:
        return False
    return any(route.get("warehouse_id") == warehouse_id for route in previous_routes(order))


def refuse_old_route(order_no: str, warehouse_id: str, current: str) -> RuleViolation:
    return RuleViolation(
        ORDER_REROUTED,
        f"Order {order_no} was re-routed from warehouse {warehouse_id} to {current}; "
        f"{warehouse_id} no longer works it.",
    )
