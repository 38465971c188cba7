"""The station's claims: the floor's :class:`app.claim_port.ClaimPort` over the OMS client,
and the engine's :class:`sync.claims.ClaimBook` over the floor's claims table (#14).

A flow asks with a short timeout (connect 1 s, 2 s in all) so a picker at an offline station
waits two seconds at most before the station decides alone; the answer is recorded in its own
unit of work after the call (the writer lock is never held across it).
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable, Sequence
from typing import Final, TypeVar

import httpx

from app.claim_port import ClaimAnswer, ClaimOutcome, ClaimsUnreachable
from app.services import claims
from local_db.store import Store
from oms_contract.claims import ClaimState
from sync.client import OmsClient
from sync.credentials import CredentialStoreUnavailable, NoTokenStored, load_token
from sync.engine import SyncSettings
from sync.errors import AuthError, ContractError, RejectedRequest, TransientError
from sync.oms_url import InsecureOmsUrl, check_oms_url
from sync.state import NotEnrolled, StationIdentity, station_identity

log = logging.getLogger("wms.station.claims")

CLAIM_TIMEOUT: Final = httpx.Timeout(2.0, connect=1.0)
T = TypeVar("T")


class NoOms(ClaimsUnreachable):
    """The OMS cannot be asked now (offline, no token, refused credentials...)."""


class OmsClaimPort:
    def __init__(self, store: Store, settings: SyncSettings | None = None) -> None:
        self._store = store
        self._settings = settings or SyncSettings()

    def enrolled(self) -> bool:
        return self._identity() is not None

    def claim(self, order_no: str, *, handover: bool = False) -> ClaimAnswer:
        identity = self._identity()
        if identity is None:
            return ClaimAnswer(ClaimOutcome.SOLE_STATION)
        try:
            state = self._call(identity, lambda client: client.claim(order_no))
        except NoOms:
            return ClaimAnswer(ClaimOutcome.UNREACHABLE)
        how = "HANDOVER" if handover else "ONLINE"
        self._record([state], identity, how)
        return answer_of(state)

    def release(self, order_no: str) -> bool:
        identity = self._identity()
        if identity is None:
            return True
        try:
            self._call(identity, lambda client: client.release_claim(order_no))
        except NoOms:
            return False
        return True

    def block(self, order_nos: list[str], lease_s: int, granted_by: str) -> list[ClaimAnswer]:
        """A supervisor's block of claims for this station; raises NoOms when offline."""
        identity = self._require_identity()
        answer = self._call(
            identity, lambda client: client.block_claims(order_nos, lease_s, granted_by)
        )
        self._record(answer.claims, identity, "BLOCK")
        return [answer_of(state) for state in answer.claims]

    def reassign(self, order_no: str, take: bool, granted_by: str) -> None:
        """A supervisor takes the order's claim for this station (``take``) or frees it."""
        identity = self._require_identity()
        to_device = identity.station_id if take else None
        state = self._call(
            identity, lambda client: client.reassign_claim(order_no, to_device, granted_by)
        )
        if state is not None:
            self._record([state], identity, "ONLINE")
        elif not take:
            with self._store.unit_of_work() as uow:
                claims.record_released(uow, order_no)
                uow.commit()

    # --- plumbing ---------------------------------------------------------------------------

    def _identity(self) -> StationIdentity | None:
        with self._store.read_session() as session:
            try:
                return station_identity(session)
            except NotEnrolled:
                return None

    def _require_identity(self) -> StationIdentity:
        identity = self._identity()
        if identity is None:
            raise NoOms("not enrolled")
        return identity

    def _call(self, identity: StationIdentity, call: Callable[[OmsClient], T]) -> T:
        try:
            url = check_oms_url(
                identity.oms_url, allow_insecure_http=self._settings.allow_insecure_http
            )
            token = load_token(identity.station_id)
        except (InsecureOmsUrl, NoTokenStored, CredentialStoreUnavailable) as exc:
            raise NoOms(str(exc)) from exc
        try:
            with OmsClient(
                url,
                token,
                ca_bundle=self._settings.ca_bundle,
                proxy=self._settings.proxy,
                timeout=CLAIM_TIMEOUT,
                station_version=self._settings.station_version,
            ) as client:
                return call(client)
        except (TransientError, AuthError, ContractError, RejectedRequest) as exc:
            log.warning("claim call not answered: %s", exc)
            raise NoOms(str(exc)) from exc

    def _record(self, states: Sequence[ClaimState], identity: StationIdentity, how: str) -> None:
        with self._store.unit_of_work() as uow:
            for state in states:
                claims.record_state(uow, state, identity.station_id, how)
            uow.commit()


def answer_of(state: ClaimState) -> ClaimAnswer:
    if state.granted:
        outcome = ClaimOutcome.GRANTED
    elif state.closed or not state.holder_device_id:
        outcome = ClaimOutcome.CLOSED
    else:
        outcome = ClaimOutcome.HELD_ELSEWHERE
    return ClaimAnswer(
        outcome,
        order_no=state.order_no,
        holder_device_id=state.holder_device_id or "",
        holder_station_name=state.holder_station_name or "",
        lease_expires_at=state.lease_expires_at,
    )


class FloorClaimBook:
    """The engine's view of the floor's claims (sync.claims.ClaimBook)."""

    def due_for_renewal(self, store: Store, now: dt.datetime) -> list[str]:
        with store.read_session() as session:
            return claims.due_for_renewal(session, now)

    def pending_releases(self, store: Store) -> list[str]:
        with store.read_session() as session:
            return claims.pending_releases(session)

    def release_sent(self, store: Store, order_no: str) -> None:
        with store.unit_of_work() as uow:
            claims.record_released(uow, order_no)
            uow.commit()

    def record(self, store: Store, states: Sequence[ClaimState], own_id: str) -> None:
        with store.unit_of_work() as uow:
            for state in states:
                claims.record_state(uow, state, own_id)
            uow.commit()
