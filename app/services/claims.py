"""Order claims in the station's store (#14): the one writer of ``order_claim``.

Three sources change a claim as this station knows it: the OMS's answers to this station's
own calls (claim, renew, release, block, re-assign), the feed's ``order_claimed`` /
``order_claim_released`` entries, and the floor's own decisions made offline (an
``OFFLINE_START`` claim, a release kept pending until the OMS has it). A released claim's row
is deleted, except this station's own offline release (its ``pending_release`` is the
message still to send).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.services.audit import record_audit
from local_db.models import OrderClaim, SyncState
from local_db.store import UnitOfWork
from local_db.types import utc_now
from oms_contract.claims import ClaimState

RENEW_AFTER_FRACTION = 3
"""A held claim is renewed once a third of its lease has passed (less than two thirds left)."""


@dataclass(frozen=True)
class ClaimView:
    """One claim as the floor sees it."""

    order_no: str
    holder_device_id: str
    holder_station_name: str
    mine: bool
    lease_expires_at: dt.datetime | None
    granted_how: str
    pending_release: str | None


def own_device_id(session: Session) -> str | None:
    """This station's device id at the OMS (None: never enrolled, the sole station)."""
    row = session.get(SyncState, "station_id")
    return row.value if row is not None and row.value else None


def claim_of(session: Session, order_no: str) -> ClaimView | None:
    row = session.get(OrderClaim, order_no)
    return None if row is None else _view(row)


def holds_claim(session: Session, order_no: str) -> bool:
    """This station holds the order's claim (and has not left it)."""
    row = session.get(OrderClaim, order_no)
    return row is not None and row.mine and row.pending_release is None


def held_elsewhere(session: Session, order_no: str) -> bool:
    """Another station holds the order's claim, as far as this station knows (the feed told
    it: a supervisor re-assigned it, or its own lease ran out and another claimed it)."""
    row = session.get(OrderClaim, order_no)
    return row is not None and not row.mine


def taken_by_others(session: Session, order_nos: Iterable[str]) -> dict[str, str]:
    """Of these orders, those another station holds: order → that station's name (or id)."""
    names = list(order_nos)
    if not names:
        return {}
    rows = session.execute(
        select(
            OrderClaim.order_no, OrderClaim.holder_station_name, OrderClaim.holder_device_id
        ).where(OrderClaim.order_no.in_(names), OrderClaim.mine.is_(False))
    )
    return {order_no: name or device for order_no, name, device in rows}


def all_claims(session: Session) -> list[ClaimView]:
    return [_view(row) for row in session.scalars(select(OrderClaim).order_by(OrderClaim.order_no))]


def record_held(
    uow: UnitOfWork,
    order_no: str,
    *,
    device_id: str,
    station_name: str,
    mine: bool,
    lease_expires_at: dt.datetime | None,
    granted_how: str = "ONLINE",
    keep_pending_release: bool = False,
) -> None:
    """Somebody holds the order's claim now (this station when ``mine``). The feed's news
    (``keep_pending_release``) never cancels this station's own release still to be sent."""
    row = uow.session.get(OrderClaim, order_no)
    if row is None:
        row = OrderClaim(order_no=order_no)
        uow.session.add(row)
    elif row.mine and mine and row.granted_how in ("BLOCK", "OFFLINE_START", "HANDOVER"):
        granted_how = row.granted_how  # a renewal keeps how it was first granted
    row.holder_device_id = device_id
    row.holder_station_name = station_name
    row.mine = mine
    row.lease_expires_at = lease_expires_at
    row.granted_how = granted_how
    if not (keep_pending_release and mine):
        row.pending_release = None
    row.updated_at = utc_now()
    uow.session.flush()


def record_released(uow: UnitOfWork, order_no: str, device_id: str | None = None) -> None:
    """The order's claim is free (of ``device_id``'s hold, when named: a late release of an
    earlier holder leaves a newer holder's claim alone)."""
    row = uow.session.get(OrderClaim, order_no)
    if row is None or (device_id is not None and row.holder_device_id != device_id):
        return
    uow.session.delete(row)
    uow.session.flush()


def record_state(uow: UnitOfWork, state: ClaimState, own_id: str, how: str = "ONLINE") -> None:
    """The OMS's answer about one order (a claim, a renewal, a block)."""
    if state.granted:
        record_held(
            uow,
            state.order_no,
            device_id=own_id,
            station_name=state.holder_station_name or "",
            mine=True,
            lease_expires_at=state.lease_expires_at,
            granted_how=how,
        )
    elif state.holder_device_id and not state.closed:
        record_held(
            uow,
            state.order_no,
            device_id=state.holder_device_id,
            station_name=state.holder_station_name or "",
            mine=state.holder_device_id == own_id,
            lease_expires_at=state.lease_expires_at,
        )
    else:
        record_released(uow, state.order_no)


def start_offline(uow: UnitOfWork, order_no: str, operator: str) -> None:
    """Offline, with ``offline_unclaimed_start`` on: this station takes the order unclaimed
    (the OMS decides later if another station held it: ``claim_conflict``)."""
    record_held(
        uow,
        order_no,
        device_id=own_device_id(uow.session) or "",
        station_name="",
        mine=True,
        lease_expires_at=None,
        granted_how="OFFLINE_START",
    )
    record_audit(
        uow,
        operator=operator,
        action="claim_offline_start",
        entity="order_claim",
        entity_key=order_no,
        after={"granted_how": "OFFLINE_START"},
    )


def leave(uow: UnitOfWork, order_no: str, operator: str, *, sent: bool) -> None:
    """The operator leaves the order: the claim goes (now, or with the next round)."""
    row = uow.session.get(OrderClaim, order_no)
    if row is not None and row.mine:
        if sent:
            uow.session.delete(row)
        else:
            row.pending_release = "LEFT"
            row.updated_at = utc_now()
    record_audit(
        uow,
        operator=operator,
        action="claim_left",
        entity="order_claim",
        entity_key=order_no,
        after={"sent": sent},
    )
    uow.session.flush()


def due_for_renewal(session: Session, now: dt.datetime) -> list[str]:
    """This station's held claims past a third of their lease (an offline start, with no
    lease yet, is asked for at once)."""
    due = []
    rows = session.scalars(
        select(OrderClaim).where(OrderClaim.mine.is_(True), OrderClaim.pending_release.is_(None))
    )
    for row in rows:
        if row.lease_expires_at is None:
            due.append(row.order_no)
            continue
        # The lease's length is not kept: what is left is compared with when it was granted.
        lease = row.lease_expires_at - row.updated_at
        if row.lease_expires_at - now < lease * (RENEW_AFTER_FRACTION - 1) / RENEW_AFTER_FRACTION:
            due.append(row.order_no)
    return sorted(due)


def pending_releases(session: Session) -> list[str]:
    rows = session.scalars(
        select(OrderClaim.order_no).where(OrderClaim.pending_release.is_not(None))
    )
    return sorted(rows)


def _view(row: OrderClaim) -> ClaimView:
    return ClaimView(
        order_no=row.order_no,
        holder_device_id=row.holder_device_id,
        holder_station_name=row.holder_station_name,
        mine=row.mine,
        lease_expires_at=row.lease_expires_at,
        granted_how=row.granted_how,
        pending_release=row.pending_release,
    )
