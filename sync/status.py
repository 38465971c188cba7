"""The sync status a screen shows: a frozen snapshot, safe to hand to any thread."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Final

# Seed 000 §7.1's alert thresholds, seen from one station: a backlog above 1000 messages, or
# changes not reaching the OMS for over 5 minutes.
BACKLOG_ALERT_COUNT: Final = 1000
BACKLOG_ALERT_AGE_S: Final = 300.0

# Why syncing is stuck, when the station knows (``SyncStatus.problem``; ui/sync_problems.py
# has the operator's words for each code).
KEYRING_UNAVAILABLE: Final = "keyring_unavailable"
"""The OS keyring holding the OMS token cannot be opened (locked, missing, would prompt)."""


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
    problem: str | None = None
    """A code for why syncing is stuck (``KEYRING_UNAVAILABLE``, ...); None if not known."""

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
