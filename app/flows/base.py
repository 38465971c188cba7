"""What every flow offers the station session, and what it needs from the station."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Protocol

from app.claim_port import ClaimGate
from app.flows.scale_input import ScaleInput
from app.flows.view import FlowView, Mode
from app.scanning.commands import Command
from app.scanning.gs1 import ParsedScan
from app.services.label_jobs import LabelPrinter
from local_db.store import Store
from local_db.types import utc_now


@dataclass(frozen=True)
class OperatorInfo:
    badge_code: str
    name: str
    role: str

    @property
    def is_supervisor(self) -> bool:
        return self.role == "supervisor"


@dataclass(frozen=True)
class FlowContext:
    """Everything a flow needs: the store, who is working, and the station's settings."""

    store: Store
    operator: OperatorInfo
    warehouse_id: str
    count_difference_threshold: int = 5
    clock: Callable[[], dt.datetime] = field(default=utc_now)
    over_receipt_tolerance_pct: int = 0
    carrier_tracking_patterns: Mapping[str, str] = field(default_factory=dict)
    stock_action_threshold: int = 10
    """An operator's freeze/damage/write-off/found of more units needs a supervisor."""
    scale: ScaleInput = field(default_factory=lambda: ScaleInput(configured=False))
    """The station's scale (the pack flow's weight); not configured: the packer types it."""
    weight_tolerance_pct: int = 10
    weight_tolerance_g: int = 50
    """A weighed package may differ from its SKUs' unit weights by the larger of these."""
    label_printer: LabelPrinter | None = None
    """Packing prints labels before the tracking step when a printer is configured."""
    claims: ClaimGate | None = None
    """The OMS's order claims (#14); None: no OMS, the sole station, nothing is claimed."""


@dataclass(frozen=True)
class SwitchMode:
    """A flow asks the session to move on, e.g. the task list hands an order to picking."""

    mode: Mode
    order_no: str | None = None


FlowResult = FlowView | SwitchMode


class Flow(Protocol):
    mode: Mode

    def view(self) -> FlowView: ...

    def refresh(self) -> FlowView:
        """Re-read the store (after a sync): e.g. the OMS cancelled the order being picked."""
        ...

    def on_scan(self, scan: ParsedScan) -> FlowResult: ...

    def on_number(self, text: str) -> FlowResult: ...

    def on_command(self, command: Command) -> FlowResult: ...


FlowFactory = Callable[[FlowContext, str | None], Flow]
"""Builds a flow for the operator, optionally starting on one order / inbound / bin."""
