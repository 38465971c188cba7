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
        except RejectedRequest as exc:
            # A release the OMS will not take (unknown order) can never be sent: dropped.
            log.warning("claim release of %s refused: %s", order_no, exc)
        book.release_sent(store, order_no)
        answered += 1
    due = book.due_for_renewal(store, now)
    for start in range(0, len(due), MAX_CLAIMS_PER_CALL):
        try:
            answer = client.renew_claims(due[start : start + MAX_CLAIMS_PER_CALL])
        except RejectedRequest as exc:
            if exc.status_code != 404:
                raise
            log.warning("the OMS keeps no claims (404): nothing renewed")
            return answered
        book.record(store, answer.claims, own_id)
        answered += len(answer.claims)
    return answered
