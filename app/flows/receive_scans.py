"""One receiving scan as kept in the store until its receipt is booked, and a unit whose
batch, expiry or serial is still being asked for."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from app.queries.inbound import InboundLineInfo
from oms_contract.events import QcResult, ReturnDisposition

# Scans kept by a version before dispositions said QC PASS/FAIL.
_FROM_QC = {QcResult.PASS: ReturnDisposition.RESTOCK, QcResult.FAIL: ReturnDisposition.DAMAGED}


@dataclass(frozen=True)
class ReceiveScan:
    """One scan of this sitting, as kept in the store until the receipt is booked."""

    line_no: int
    quantity: int
    batch_no: str | None = None
    expiry_date: dt.date | None = None
    disposition: ReturnDisposition | None = None
    """A returned unit's QC disposition (asked per scan)."""
    serial: str | None = None

    def payload(self) -> dict[str, Any]:
        return {
            "line": self.line_no,
            "qty": self.quantity,
            "batch": self.batch_no,
            "expiry": self.expiry_date.isoformat() if self.expiry_date else None,
            "disposition": self.disposition.value if self.disposition else None,
            "serial": self.serial,
        }

    @classmethod
    def from_payload(cls, payload: dict[str, Any]) -> ReceiveScan | None:
        """None for a row this version cannot read: it is skipped, never guessed."""
        try:
            expiry = payload.get("expiry")
            qc = payload.get("qc")
            kept = payload.get("disposition")
            disposition = (
                ReturnDisposition(kept) if kept else _FROM_QC.get(QcResult(qc)) if qc else None
            )
            return cls(
                line_no=int(payload["line"]),
                quantity=int(payload["qty"]),
                batch_no=payload.get("batch") or None,
                expiry_date=dt.date.fromisoformat(expiry) if expiry else None,
                disposition=disposition,
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
