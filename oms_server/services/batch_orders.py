"""Batch-specified outbound (seed 003, 批次指定出库) at the OMS.

The OMS keeps logical stock per owner and SKU only (seed 003's separated model: it does not
know the stations' batches), so it reserves a command naming a batch per SKU like any other;
the station decides whether that batch is in its bins (STOCK_SHORTAGE otherwise).

A station older than contract version 3 does not know ``OutboundItem.batch_no``: it would
ship any batch. The feed never gives it such a command (``feed.body_for_reader`` withholds
it), and a command naming a batch is refused up front while a station of its warehouse is
known to read the feed in an older version, so no order waits for a station that never gets
it. A station that has not read the feed since the OMS learnt versions counts as unknown.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from oms_contract.documents import BATCH_SPECIFIED_SINCE, OutboundCommand
from oms_server.errors import RuleViolation
from oms_server.models import Station, StationState

BATCH_NOT_SUPPORTED = "BATCH_NOT_SUPPORTED_BY_STATION"


def named_batches(command: OutboundCommand) -> list[str]:
    return sorted({item.batch_no for item in command.items if item.batch_no})


def require_batch_capable_stations(session: Session, command: OutboundCommand) -> None:
    """Refuse (409) a command naming a batch for a warehouse with an active station that last
    read the feed in a contract version without batches."""
    if not named_batches(command):
        return
    older = session.execute(
        select(Station.device_id, Station.contract_version)
        .where(
            Station.warehouse_id == command.warehouse_id,
            Station.state == StationState.ACTIVE,
            Station.pseudo.is_(False),
            Station.contract_version < BATCH_SPECIFIED_SINCE,
        )
        .order_by(Station.device_id)
    ).all()
    if older:
        names = ", ".join(f"{device} (version {version})" for device, version in older[:10])
        raise RuleViolation(
            BATCH_NOT_SUPPORTED,
            f"Order {command.order_no} names the batch to ship, but stations of warehouse "
            f"{command.warehouse_id} speak a contract version below {BATCH_SPECIFIED_SINCE} "
            f"and would ship any batch: {names}. Upgrade them (or revoke them), then send "
            "the command again; nothing was reserved.",
        )
