"""Checks every event about an order passes first, shared by the per-event path (ORM rows) and
the set-based batch path (in-memory rows), so both refuse with the same codes and words."""

from __future__ import annotations

from typing import Protocol, TypeVar

from oms_server.errors import RuleViolation


class OrderFacts(Protocol):
    @property
    def order_no(self) -> str: ...

    @property
    def command_id(self) -> str: ...

    @property
    def warehouse_id(self) -> str: ...


OrderT = TypeVar("OrderT", bound=OrderFacts)


def known_order_of_warehouse(order: OrderT | None, order_no: str, warehouse_id: str) -> OrderT:
    if order is None:
        raise RuleViolation("ORDER_NOT_FOUND", f"Order {order_no} is not known to the OMS.")
    if order.warehouse_id != warehouse_id:
        raise RuleViolation(
            "WAREHOUSE_MISMATCH",
            f"Order {order_no} belongs to warehouse {order.warehouse_id}, not {warehouse_id}.",
        )
    return order


def check_command_matches(order: OrderFacts, command_id: str) -> None:
    if command_id != order.command_id:
        raise RuleViolation(
            "COMMAND_MISMATCH",
            f"Order {order.order_no} came with command {order.command_id}, not {command_id}.",
        )
