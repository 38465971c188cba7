"""Order claims (#14): which station works an order, as this station knows it.

One row per order whose claim this station has heard of (its own answers from the OMS and
the feed's ``order_claimed`` / ``order_claim_released`` entries). A released claim's row is
deleted, unless it is this station's release made offline (``pending_release``), which stays
until the OMS has it.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import CheckConstraint, String
from sqlalchemy.orm import Mapped, mapped_column

from local_db.models.base import Base
from local_db.types import UtcDateTime, utc_now

CLAIM_GRANTS = ("ONLINE", "BLOCK", "OFFLINE_START", "HANDOVER")


class OrderClaim(Base):
    __tablename__ = "order_claim"
    __table_args__ = (
        CheckConstraint(
            "granted_how IN (" + ", ".join(f"'{g}'" for g in CLAIM_GRANTS) + ")",
            name="granted_how_known",
        ),
    )

    order_no: Mapped[str] = mapped_column(String(64), primary_key=True)
    holder_device_id: Mapped[str] = mapped_column(String(64))
    holder_station_name: Mapped[str] = mapped_column(String(128), default="")
    mine: Mapped[bool] = mapped_column(default=False, index=True)
    lease_expires_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime)
    granted_how: Mapped[str] = mapped_column(String(16), default="ONLINE")
    # This station's own release made while offline ("LEFT"), sent at the next round.
    pending_release: Mapped[str | None] = mapped_column(String(16))
    updated_at: Mapped[dt.datetime] = mapped_column(UtcDateTime, default=utc_now)
