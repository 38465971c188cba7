"""What the pack flow knows of the station's scale (Qt-free; the UI's adapter fills it).

The composition root (ui/launcher.py) turns the serial adapter's readings into a
:class:`ScaleReading` and hands it to the session; the flow reads the latest one.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum


class ScaleState(StrEnum):
    NOT_CONFIGURED = "not_configured"
    WAITING = "waiting"  # configured, no answer yet
    STABLE = "stable"
    MOVING = "moving"
    FAULT = "fault"


@dataclass(frozen=True)
class ScaleReading:
    state: ScaleState
    weight_kg: Decimal | None = None
    fault: str | None = None
    """The device's fault code (devices.scale_protocol.Fault values) when FAULT."""

    @property
    def usable_weight(self) -> Decimal | None:
        """A weight the packer may confirm: stable and above zero."""
        if self.state is ScaleState.STABLE and self.weight_kg is not None and self.weight_kg > 0:
            return self.weight_kg
        return None


NO_SCALE = ScaleReading(ScaleState.NOT_CONFIGURED)
WAITING = ScaleReading(ScaleState.WAITING)


class ScaleInput:
    """The latest reading, written by the session (store thread) and read by the flow."""

    def __init__(self, configured: bool) -> None:
        self.configured = configured
        self.latest: ScaleReading = WAITING if configured else NO_SCALE

    def update(self, reading: ScaleReading) -> None:
        if self.configured:
            self.latest = reading

    @property
    def faulty(self) -> bool:
        return self.latest.state is ScaleState.FAULT
