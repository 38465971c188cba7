"""A supervisor's decisions on order claims (#14), from the console's Claims page: hand this
station a block of orders ahead of time (before a planned outage, or for a zone) and
re-assign an order's claim (take it for this station, or free it). Each checks the
supervisor's role first, calls the OMS through the :class:`app.claim_port.ClaimDesk` (never
inside a unit of work) and audits the decision locally."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from app import errors
from app.claim_port import ClaimDesk, ClaimOutcome, ClaimsUnreachable
from app.services.audit import AuditValue, record_audit
from app.services.lookups import require_supervisor
from local_db.store import Store

MAX_BLOCK_HOURS = 72


@dataclass(frozen=True)
class BlockResult:
    granted: list[str]
    refused: list[str]
    """Held by another station, or closed: not this station's."""


def hand_block(
    store: Store, desk: ClaimDesk, badge: str, order_nos: list[str], hours: int
) -> BlockResult:
    with store.read_session() as session:
        require_supervisor(session, badge)
    if not order_nos:
        raise errors.NotAllowed("claim_block_empty")
    if not 1 <= hours <= MAX_BLOCK_HOURS:
        raise errors.NotAllowed("claim_block_hours", max=str(MAX_BLOCK_HOURS))
    try:
        answers = desk.block(sorted(order_nos), hours * 3600, badge)
    except ClaimsUnreachable:
        raise errors.NotAllowed("claims_need_the_oms") from None
    granted = sorted(a.order_no for a in answers if a.outcome is ClaimOutcome.GRANTED)
    refused = sorted(set(order_nos) - set(granted))
    after: dict[str, AuditValue] = {"granted": granted, "refused": refused, "hours": hours}
    _audit(store, badge, "claim_block", ",".join(sorted(order_nos)), after)
    return BlockResult(granted, refused)


def reassign(store: Store, desk: ClaimDesk, badge: str, order_no: str, *, take: bool) -> None:
    with store.read_session() as session:
        require_supervisor(session, badge)
    try:
        desk.reassign(order_no, take, badge)
    except ClaimsUnreachable:
        raise errors.NotAllowed("claims_need_the_oms") from None
    _audit(store, badge, "claim_take" if take else "claim_free", order_no, {"take": take})


def _audit(
    store: Store, badge: str, action: str, key: str, after: Mapping[str, AuditValue]
) -> None:
    with store.unit_of_work() as uow:
        record_audit(
            uow,
            operator=badge,
            action=action,
            entity="order_claim",
            entity_key=key[:64],
            after=after,
        )
        uow.commit()
