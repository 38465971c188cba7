"""Order claims in the sync round (#14): send this station's offline releases, renew the
claims it holds that are past a third of their lease, record what the OMS answers.

sync does not know the claims table's rules: the floor's :class:`ClaimBook` (filled by
``station/sync_wiring.py``) reads and writes it. The writer lock is never held across a call:
each read and each answer is its own short unit of work.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Sequence
from typing import Protocol

from pydantic import ValidationError

from local_db.store import Store
from oms_contract.claims import MAX_CLAIMS_PER_CALL, ClaimState
from sync.client import OmsClient
from sync.errors import RejectedRequest

log = logging.getLogger("wms.sync.claims")


class ClaimBook(Protocol):
    """What the engine asks of the floor's claims."""

    def due_for_renewal(self, store: Store, now: dt.datetime) -> list[str]: ...

    def pending_releases(self, store: Store) -> list[str]: ...

    def release_sent(self, store: Store, order_no: str) -> None: ...

    def record(self, store: Store, states: Sequence[ClaimState], own_id: str) -> None: ...


def keep_claims(
    store: Store, client: OmsClient, book: ClaimBook, own_id: str, now: dt.datetime
) -> int:
    """One round's claim work; answers how many claims the OMS answered about. Transient
    errors propagate (the round fails and backs off as any other)."""
    answered = 0
    for order_no in book.pending_releases(store):
        try:
            client.release_claim(order_no)
        except (RejectedRequest, ValidationError) as exc:
            # A release the OMS (or the contract) will not take can never be sent: dropped.
            log.warning("claim release of %s refused: %s", order_no, exc)
        book.release_sent(store, order_no)
        answered += 1
    due = book.due_for_renewal(store, now)
    for start in range(0, len(due), MAX_CLAIMS_PER_CALL):
        try:
            answered += _renew(
                store, client, book, own_id, due[start : start + MAX_CLAIMS_PER_CALL]
            )
        except _NoClaimsAtTheOms:
            log.warning("the OMS keeps no claims (404): nothing renewed")
            break
    return answered


class _NoClaimsAtTheOms(Exception):
    pass


def _renew(
    store: Store, client: OmsClient, book: ClaimBook, own_id: str, order_nos: list[str]
) -> int:
    """Renew a batch; a batch refused (one order number the contract cannot carry) is asked
    again order by order, so one bad claim in the store never stops the others' renewal,
    nor the rest of the round. The refused one is forgotten: the OMS never held it."""
    try:
        answer = client.renew_claims(order_nos)
    except (RejectedRequest, ValidationError) as exc:
        # ValidationError: a number the contract cannot carry, refused before it is sent.
        if isinstance(exc, RejectedRequest) and exc.status_code == 404:
            raise _NoClaimsAtTheOms from exc
        if len(order_nos) > 1:
            return sum(_renew(store, client, book, own_id, [one]) for one in order_nos)
        log.warning("claim renewal of %r refused, claim forgotten: %s", order_nos[0], exc)
        book.release_sent(store, order_nos[0])
        return 0
    book.record(store, answer.claims, own_id)
    return len(answer.claims)
