"""Supervisor sign-in at the station: badge + PIN, with a lock-out after wrong PINs.

The PIN hash format is the wire contract's (:mod:`oms_contract.pins`): hashes arrive from
the OMS in master data; the station never makes its own.

A four-digit PIN falls to guessing in minutes without a limit, so after
``FREE_ATTEMPTS`` wrong PINs in a row a badge is locked for ``FIRST_LOCKOUT``, doubling
with each further wrong PIN up to ``MAX_LOCKOUT``. The lock is derived from the audit log
(one row per wrong PIN, per refused attempt while locked, per sign-in), so it survives a
restart, needs no table of its own, and is what a supervisor reads in the audit trail.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum
from typing import Final

from app.services.audit import record_audit
from local_db.models.master_data import Operator
from local_db.store import Store
from local_db.types import to_sqlite_utc, utc_now
from oms_contract.pins import verify_pin

FREE_ATTEMPTS: Final = 5
FIRST_LOCKOUT: Final = dt.timedelta(seconds=30)
MAX_LOCKOUT: Final = dt.timedelta(minutes=15)
# Wrong PINs older than this are forgotten (a PIN mistyped once a week never adds up).
FAILURE_MEMORY: Final = dt.timedelta(hours=24)
# Past this many failures the lock-out is at its cap anyway: no need to read further back.
_FAILURES_READ: Final = 32
# audit_log has no index for this look-up (and the store gets no migration for it): read
# only its newest rows. 50,000 rows are days of a busy station's work, and reading them
# costs tens of milliseconds where the whole log of a long-lived store took over a second.
_AUDIT_ROWS_READ: Final = 50_000

AUDIT_ENTITY: Final = "supervisor_pin"
WRONG_PIN_ACTION: Final = "supervisor_pin_wrong"
LOCKED_ACTION: Final = "supervisor_pin_refused_locked"
SIGNED_IN_ACTION: Final = "supervisor_signed_in"

_RECENT_ATTEMPTS = (
    "SELECT action, occurred_at FROM audit_log "
    "WHERE id > (SELECT coalesce(max(id), 0) FROM audit_log) - ? "
    "AND entity = ? AND entity_key = ? AND action IN (?, ?) AND occurred_at >= ? "
    "ORDER BY id DESC LIMIT ?"
)


class SignInOutcome(StrEnum):
    APPROVED = "approved"
    NOT_A_SUPERVISOR = "not_a_supervisor"
    WRONG_PIN = "wrong_pin"
    LOCKED = "locked"


@dataclass(frozen=True)
class SignIn:
    outcome: SignInOutcome
    badge: str
    locked_for_s: int = 0
    """While LOCKED (or after the wrong PIN that locked it): whole seconds left."""


def _from_sqlite_utc(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text).replace(tzinfo=dt.UTC)


def supervisor_pin_hash(store: Store, badge: str) -> str | None:
    """The PIN hash of the active supervisor with this badge, or None."""
    with store.read_session() as session:
        row = session.get(Operator, badge.strip())
        if row is None or not row.active or row.role != "supervisor":
            return None
        return row.pin_hash


def _lockout_after(failures: int) -> dt.timedelta:
    doublings = failures - FREE_ATTEMPTS
    if doublings < 0:
        return dt.timedelta(0)
    if doublings >= 16:
        return MAX_LOCKOUT
    return min(FIRST_LOCKOUT * (1 << doublings), MAX_LOCKOUT)


def locked_for(store: Store, badge: str, now: dt.datetime | None = None) -> int:
    """Whole seconds this badge stays locked (0: not locked)."""
    now = now or utc_now()
    with store.read_session() as session:
        rows = (
            session.connection()
            .exec_driver_sql(
                _RECENT_ATTEMPTS,
                (
                    _AUDIT_ROWS_READ,
                    AUDIT_ENTITY,
                    badge,
                    WRONG_PIN_ACTION,
                    SIGNED_IN_ACTION,
                    to_sqlite_utc(now - FAILURE_MEMORY),
                    _FAILURES_READ,
                ),
            )
            .all()
        )
    failures: list[dt.datetime] = []
    for action, occurred_at in rows:
        if action == SIGNED_IN_ACTION:
            break  # a good PIN clears the count
        failures.append(_from_sqlite_utc(occurred_at))
    lockout = _lockout_after(len(failures))
    if not lockout:
        return 0
    until = failures[0] + lockout
    remaining = (until - now).total_seconds()
    return max(0, int(-(-remaining // 1)))  # round up: "0 s left" must mean unlocked


def _audit(
    store: Store, badge: str, action: str, now: dt.datetime, after: dict[str, int] | None = None
) -> None:
    with store.unit_of_work() as uow:
        record_audit(
            uow,
            operator=badge,
            action=action,
            entity=AUDIT_ENTITY,
            entity_key=badge,
            after=after,
            occurred_at=now,
        )
        uow.commit()


def sign_in_supervisor(
    store: Store, badge: str, pin: str, now: dt.datetime | None = None
) -> SignIn:
    """Check ``pin`` for the supervisor ``badge``; every attempt on a supervisor badge is
    audited (never the PIN itself)."""
    badge = badge.strip()
    now = now or utc_now()
    pin_hash = supervisor_pin_hash(store, badge)
    if pin_hash is None:
        return SignIn(SignInOutcome.NOT_A_SUPERVISOR, badge)
    remaining = locked_for(store, badge, now)
    if remaining:
        # Not even checked: a locked badge learns nothing from a guess.
        _audit(store, badge, LOCKED_ACTION, now, {"locked_for_s": remaining})
        return SignIn(SignInOutcome.LOCKED, badge, remaining)
    if verify_pin(pin.strip(), pin_hash):
        _audit(store, badge, SIGNED_IN_ACTION, now)
        return SignIn(SignInOutcome.APPROVED, badge)
    _audit(store, badge, WRONG_PIN_ACTION, now)
    remaining = locked_for(store, badge, now)
    if remaining:
        return SignIn(SignInOutcome.LOCKED, badge, remaining)
    return SignIn(SignInOutcome.WRONG_PIN, badge)
