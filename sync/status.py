"""The sync status a screen shows: a frozen snapshot, safe to hand to any thread."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum
from typing import Final

from local_db.types import utc_now
from sync.versions import UpdateNotice

# Seed 000 §7.1's alert thresholds, seen from one station: a backlog above 1000 messages, or
# changes not reaching the OMS for over 5 minutes.
BACKLOG_ALERT_COUNT: Final = 1000
BACKLOG_ALERT_AGE_S: Final = 300.0

# How long the OMS may fail (without the sync making progress) before the operator is told.
# Short outages (a Wi-Fi hand-over, an OMS restart) pass unnoticed; work goes on offline
# either way. Problems nobody's patience will fix are shown at once (IMMEDIATE_PROBLEMS).
OPERATOR_ALERT_AFTER_S: Final = 30.0


class SyncProblem(StrEnum):
    """Why syncing fails, in classes the operator's banner has a text for (ui/texts.py);
    the technical detail is ``SyncStatus.problem_detail`` (log, supervisor views)."""

    OMS_UNREACHABLE = "oms_unreachable"
    """No connection, a timeout, a dropped connection."""
    TLS_ERROR = "tls_error"
    """The OMS's certificate is not trusted, or TLS failed."""
    SERVER_ERROR = "server_error"
    """The OMS answered 429 / 5xx (busy or failing)."""
    TOKEN_REJECTED = "token_rejected"
    """The OMS refused the station's token (401), or the keyring lost it: re-enrol."""
    STATION_REVOKED = "station_revoked"
    """An administrator revoked this station at the OMS (401 STATION_REVOKED): re-enrol."""
    NOT_ENROLLED = "not_enrolled"
    KEYRING_UNAVAILABLE = "keyring_unavailable"
    INSECURE_URL = "insecure_url"
    """The enrolled OMS URL is plain http:// to another computer (see sync.oms_url)."""
    OMS_REFUSED = "oms_refused"
    """The OMS refused a request (a 4xx other than 401)."""
    OMS_CONTRACT = "oms_contract"
    """The OMS answered something that breaks the contract (incl. a feed cursor jump)."""
    STORE_UNAVAILABLE = "store_unavailable"
    """The station's own store failed (disk full, I/O): nothing was lost."""
    INTERNAL_ERROR = "internal_error"
    """A bug in the station: logged with its traceback."""
    UPDATE_REQUIRED = "update_required"
    """This station's version is below the OMS's minimum: syncing stopped (sync.versions)."""


IMMEDIATE_PROBLEMS: Final = frozenset(
    {
        SyncProblem.TLS_ERROR,
        SyncProblem.TOKEN_REJECTED,
        SyncProblem.STATION_REVOKED,
        SyncProblem.NOT_ENROLLED,
        SyncProblem.KEYRING_UNAVAILABLE,
        SyncProblem.INSECURE_URL,
        SyncProblem.STORE_UNAVAILABLE,
        SyncProblem.UPDATE_REQUIRED,
    }
)
"""Shown to the operator at once: waiting will not fix them."""


@dataclass(frozen=True)
class SyncStatus:
    online: bool
    """The OMS answered the last attempt (even if it refused something)."""
    enrolled: bool
    needs_reenrolment: bool
    """The OMS refused the token (401) or the keyring lost it: syncing has stopped."""
    syncing: bool
    pending_count: int
    """Events not yet accepted by the OMS, including held ones."""
    held_count: int
    """Pending events waiting behind a rejected event of the same order."""
    rejected_count: int
    """Rejected events a supervisor has not resolved yet."""
    oldest_pending_age_s: float | None
    last_push_at: dt.datetime | None
    last_pull_at: dt.datetime | None
    last_reconcile_at: dt.datetime | None
    last_error: str | None
    failing_since: dt.datetime | None
    """Start of the current run of failed attempts; None while healthy."""
    consecutive_failures: int
    next_attempt_in_s: float | None
    """Planned wait before the next attempt (None: waiting for sync_now / re-enrolment)."""
    retry_after_s: float | None
    """The Retry-After the OMS last asked for, while it still applies."""
    problem: SyncProblem | None = None
    """Why syncing fails; None while healthy (a refused feed entry is not a sync failure: it
    shows in ``last_error`` and as a FEED_REFUSED record for a supervisor)."""
    problem_detail: str | None = None
    """The technical detail behind ``problem`` (for the log and supervisor views only)."""
    reconcile_skipped_skus: int = 0
    """SKUs the last reconciliation left out: their events had not reached the OMS yet."""
    update: UpdateNotice | None = None
    """An update available or required by the OMS's station versions (None: up to date)."""

    def operator_alert_at(self) -> dt.datetime | None:
        """When the operator's banner should appear for the current problem (None: no
        banner). At once for IMMEDIATE_PROBLEMS; after OPERATOR_ALERT_AFTER_S of failing
        without progress for the others."""
        if self.problem is None:
            return None
        since = self.failing_since or utc_now()
        if self.problem in IMMEDIATE_PROBLEMS:
            return since
        return since + dt.timedelta(seconds=OPERATOR_ALERT_AFTER_S)

    def operator_alert(self, now: dt.datetime | None = None) -> bool:
        """Whether the operator's banner shows now (a UI re-checks at ``operator_alert_at``)."""
        at = self.operator_alert_at()
        return at is not None and (now or utc_now()) >= at

    @property
    def backlog_alert(self) -> bool:
        """The outbox is too long or too old: a supervisor should look (seed 000 §7.1)."""
        too_old = (self.oldest_pending_age_s or 0.0) > BACKLOG_ALERT_AGE_S
        return self.pending_count > BACKLOG_ALERT_COUNT or too_old


INITIAL_STATUS = SyncStatus(
    online=False,
    enrolled=False,
    needs_reenrolment=False,
    syncing=False,
    pending_count=0,
    held_count=0,
    rejected_count=0,
    oldest_pending_age_s=None,
    last_push_at=None,
    last_pull_at=None,
    last_reconcile_at=None,
    last_error=None,
    failing_since=None,
    consecutive_failures=0,
    next_attempt_in_s=None,
    retry_after_s=None,
)
