"""One receiving scan as kept in the store until its receipt is booked, and a unit whose
batch, expiry or serial is still being asked for."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from app.queries.inbound import InboundLineInfo
from oms_contract.events import QcResult


@dataclass(frozen=True)
class ReceiveScan:
    """One scan of this sitting, as kept in the store until the receipt is booked."""

    line_no: int
    quantity: int
    batch_no: str | None = None
    expiry_date: dt.date | None = None
    qc_result: QcResult | None = None
    serial: str | None = None

    def payload(self) -> dict[str, Any]:
        return {
            "line": self.line_no,
            "qty": self.quantity,
            "batch": self.batch_no,
            "expiry": self.expiry_date.isoformat() if self.expiry_date else None,
            "qc": self.qc_result.value if self.qc_result else None,
            "serial": self.serial,
        }

    @classmethod
    def from_payload(cls, payload: dict[str, Any]) -> ReceiveScan | None:
        """None for a row this version cannot read: it is skipped, never guessed."""
        try:
            expiry = payload.get("expiry")
            qc = payload.get("qc")
            return cls(
                line_no=int(payload["line"]),
                quantity=int(payload["qty"]),
                batch_no=payload.get("batch") or None,
                expiry_date=dt.date.fromisoformat(expiry) if expiry else None,
                qc_result=QcResult(qc) if qc else None,
                serial=payload.get("serial") or None,
            )
        except (KeyError, TypeError, ValueError):
            return None


@dataclass(frozen=True)
class PendingUnit:
    """A unit scanned whose batch, expiry or serial is still being asked for."""

    line: InboundLineInfo
    batch_no: str | None
    expiry_date: dt.date | None
    serial: str | None
