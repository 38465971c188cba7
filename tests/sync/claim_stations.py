"""Helpers for the order-claims tests (#14): a pick flow with the station's real claim port,
and a station cut off from the OMS (its enrolled URL pointed at a closed port: every call
meets a real refused connection)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import select

from app.claim_port import ClaimGate
from app.flows.base import FlowContext, OperatorInfo
from app.flows.pick_flow import PickFlow
from app.flows.view import FlowView
from app.scanning.gs1 import parse_scan
from app.services import claims
from local_db.models import AuditLog, ExceptionRecord, OrderClaim
from local_db.store import Store
from station.claims_port import OmsClaimPort
from sync.state import OMS_URL, read_state, write_state
from tests.support.oms_process import free_port
from tests.sync.floor_work import PICKER

LAMP_ORDER = "SO-DEMO-0003"  # 1 × ACME-LAMP-02 from A-02-02-01 (25 in the demo's stock)
LAMP, LAMP_BIN = "ACME-LAMP-02", "A-02-02-01"


def gate(store: Store, *, offline_start: bool = False) -> ClaimGate:
    return ClaimGate(OmsClaimPort(store), offline_unclaimed_start=offline_start)


def picker(store: Store, order_no: str, claim_gate: ClaimGate | None) -> PickFlow:
    context = FlowContext(
        store, OperatorInfo(PICKER, "Li Wei", "operator"), "WH01", claims=claim_gate
    )
    return PickFlow(context, order_no)


def scan(flow: PickFlow, raw: str) -> FlowView:
    parsed = parse_scan(raw)
    result = flow.on_command(parsed.command) if parsed.command else flow.on_scan(parsed)
    assert isinstance(result, FlowView), result
    return result


def message_of(view: FlowView) -> tuple[str, dict[str, str]] | None:
    return None if view.message is None else (view.message.code, dict(view.message.args))


@contextmanager
def offline(store: Store) -> Iterator[None]:
    """The station cannot reach the OMS until the block ends."""
    with store.unit_of_work() as uow:
        url = read_state(uow.session, OMS_URL)
        assert url is not None
        write_state(uow.session, OMS_URL, f"http://127.0.0.1:{free_port()}")
        uow.commit()
    try:
        yield
    finally:
        with store.unit_of_work() as uow:
            write_state(uow.session, OMS_URL, url)
            uow.commit()


def claim_row(store: Store, order_no: str) -> OrderClaim | None:
    with store.read_session() as session:
        return session.get(OrderClaim, order_no)


def holds(store: Store, order_no: str) -> bool:
    with store.read_session() as session:
        return claims.holds_claim(session, order_no)


def audit_actions(store: Store, order_no: str) -> list[str]:
    with store.read_session() as session:
        return list(
            session.scalars(
                select(AuditLog.action).where(
                    AuditLog.entity == "order_claim", AuditLog.entity_key == order_no
                )
            )
        )


def open_exceptions(store: Store, exception_type: str) -> list[ExceptionRecord]:
    with store.read_session() as session:
        return list(
            session.scalars(
                select(ExceptionRecord).where(
                    ExceptionRecord.exception_type == exception_type,
                    ExceptionRecord.status == "open",
                )
            )
        )
