"""The claim before working an order, and "leave order" (#14), shared by picking and packing.

Asked before the first booking of an order this station does not hold, outside any unit of
work (the port calls the OMS with a short timeout and records the answer itself). A flow
without a gate (``FlowContext.claims`` None: no OMS, never enrolled) is the sole station and
is never refused.
"""

from __future__ import annotations

from app.claim_port import ClaimGate, ClaimOutcome
from app.flows.base import FlowContext
from app.flows.messages import run_service, with_args
from app.flows.view import Message
from app.services import claims

CLAIMED_ELSEWHERE = Message("order_claimed_elsewhere")
CLAIM_CLOSED = Message("order_claim_closed")
UNCLAIMED_OFFLINE = Message("order_unclaimed_offline")
LEFT_ORDER = Message("order_left")
LEFT_ORDER_OFFLINE = Message("order_left_offline")
NOTHING_TO_LEAVE = Message("nothing_to_leave")
CLAIM_MESSAGES = (
    "order_claimed_elsewhere order_claim_closed order_unclaimed_offline order_left "
    "order_left_offline nothing_to_leave"
)


def claim_refusal(ctx: FlowContext, order_no: str, *, handover: bool = False) -> Message | None:
    """None: go on (claimed now, held already, or no gate); else why not."""
    gate = ctx.claims
    if gate is None:
        return None
    with ctx.store.read_session() as session:
        if claims.holds_claim(session, order_no):
            return None
    answer = gate.port.claim(order_no, handover=handover)
    if answer.outcome is ClaimOutcome.UNREACHABLE:
        return _offline_start(ctx, gate, order_no)
    station = answer.holder_station_name or answer.holder_device_id
    refusals = {
        ClaimOutcome.HELD_ELSEWHERE: with_args(CLAIMED_ELSEWHERE, order=order_no, station=station),
        ClaimOutcome.CLOSED: with_args(CLAIM_CLOSED, order=order_no),
    }
    return refusals.get(answer.outcome)  # GRANTED, SOLE_STATION: go on


def _offline_start(ctx: FlowContext, gate: ClaimGate, order_no: str) -> Message | None:
    """No answer from the OMS and no claim held here: the setting decides."""
    if not gate.offline_unclaimed_start:
        return with_args(UNCLAIMED_OFFLINE, order=order_no)
    operator = ctx.operator.badge_code
    run_service(ctx.store, lambda uow: claims.start_offline(uow, order_no, operator))
    return None


def leave_order(ctx: FlowContext, order_no: str) -> Message:
    """The operator leaves the order unfinished: its claim goes back to the OMS (offline: at
    the next round). What is picked stays picked for the order (the tote goes with it)."""
    sent = ctx.claims is None or ctx.claims.port.release(order_no)
    operator = ctx.operator.badge_code
    run_service(ctx.store, lambda uow: claims.leave(uow, order_no, operator, sent=sent))
    return with_args(LEFT_ORDER if sent else LEFT_ORDER_OFFLINE, order=order_no)
