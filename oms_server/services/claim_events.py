"""Order claims at push (#14): the holder's events pass, another station's are refused.

An event about an order's picking or packing (``picked_lines``, ``unpicked``, an
``outbound_status`` of PICKING, PICKED, PACKED, SHIPPED or EXCEPTION) from a station that
does not hold the order's live claim while another station does is refused with
``ORDER_CLAIMED_ELSEWHERE``: a ``claim_conflict`` entry tells both stations' supervisors, and
the log keeps it (seed 000 §5 异常处理: the loser settles its picks by itself, a person
follows up). Nobody holding the order (stations that never claim, an expired lease) refuses
nothing, and the first accepted pick event grants its station the claim (``EVENT``).

What is not refused: the receipt of a command (every station answers it), a cancel's answer
or a CANCELLED status (the OMS asked for them), and the packing of a PICKED order by another
station (PACKED or SHIPPED): a PICKED order's claim passes to the packing station that asks,
so its event is taken as that station having asked.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy.orm import Session

from oms_contract.events import (
    EventEnvelope,
    EventPayload,
    OutboundStatus,
    OutboundStatusChanged,
    PickedLines,
    Unpicked,
)
from oms_server.models import OrderClaimRow, OutboundOrder, Station, Warehouse
from oms_server.services import claim_rows, claims
from oms_server.services.claim_rows import How

ORDER_CLAIMED_ELSEWHERE = "ORDER_CLAIMED_ELSEWHERE"

_WORK_STATUSES = frozenset(
    {
        OutboundStatus.PICKING,
        OutboundStatus.PICKED,
        OutboundStatus.PACKED,
        OutboundStatus.SHIPPED,
        OutboundStatus.EXCEPTION,
    }
)
_PACKING = frozenset({OutboundStatus.PACKED, OutboundStatus.SHIPPED})
_PICKING = frozenset({OutboundStatus.PICKING, OutboundStatus.PICKED})


def _order_no_of_work(payload: EventPayload) -> str | None:
    """The order an event works on (picking or packing), else None."""
    if isinstance(payload, PickedLines | Unpicked):
        return payload.order_no
    if isinstance(payload, OutboundStatusChanged) and payload.status in _WORK_STATUSES:
        return payload.order_no
    return None


def _claims_by_picking(payload: EventPayload) -> bool:
    """A pick event: the station works the order, so it takes a free claim."""
    return isinstance(payload, PickedLines) or (
        isinstance(payload, OutboundStatusChanged) and payload.status in _PICKING
    )


def refusal(
    session: Session,
    warehouse: Warehouse,
    station: Station,
    envelope: EventEnvelope,
    now: dt.datetime,
) -> str | None:
    """The refusal message when another station holds the order the event works on (the
    conflict is logged and put on the feed here, outside the event's own savepoint, so it
    stays when the event is refused); None when the event may be applied."""
    order_no = _order_no_of_work(envelope.payload)
    if order_no is None:
        return None
    order = session.get(OutboundOrder, order_no)
    if order is None or order.warehouse_id != warehouse.warehouse_id:
        return None  # the event's own rules refuse it
    row = session.get(OrderClaimRow, order_no)
    if row is None or row.device_id == station.device_id:
        return None
    if not claim_rows.is_live(row, order, now):
        return None
    payload = envelope.payload
    if (
        isinstance(payload, OutboundStatusChanged)
        and payload.status in _PACKING
        and order.status == OutboundStatus.PICKED
    ):
        return None
    claim_rows.conflict(
        session,
        warehouse,
        row,
        loser_device_id=station.device_id,
        event_type=payload.event_type,
        now=now,
    )
    holder = claim_rows.station_name(session, row.device_id)
    return (
        f"Order {order_no} is claimed by station {row.device_id}"
        + (f" ({holder})" if holder else "")
        + f" until {row.lease_expires_at.isoformat(timespec='seconds')}; "
        f"this station's work on it is refused."
    )


def after_accepted(
    session: Session,
    warehouse: Warehouse,
    station: Station,
    envelope: EventEnvelope,
    *,
    lease_s: int,
    now: dt.datetime,
) -> None:
    """Inside the accepted event's savepoint: a closed order's claim is freed (PACKED,
    SHIPPED, CANCELLED), and a pick event takes a free claim for its station (``EVENT``)."""
    order_no = getattr(envelope.payload, "order_no", None)
    if not isinstance(order_no, str):
        return
    order = session.get(OutboundOrder, order_no)
    if order is None or order.warehouse_id != warehouse.warehouse_id:
        return
    if claim_rows.is_closed(order):
        claims.release_closed(session, warehouse, order, now)
        return
    if not _claims_by_picking(envelope.payload):
        return
    row = claims.expire_if_due(session, warehouse, order, now)
    if row is None:
        claim_rows.grant(
            session,
            warehouse,
            order,
            station.device_id,
            how=How.EVENT,
            lease_expires_at=now + dt.timedelta(seconds=lease_s),
            now=now,
        )
