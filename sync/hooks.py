"""What the sync engine asks of the floor, passed in by the composition root.

sync never imports app: the station (station/sync_wiring.py) hands the floor services in.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from local_db.store import Store
from sync.claims import ClaimBook
from sync.pull import FeedApplier, PageApplier
from sync.reconcile import SnapshotTaker


@dataclass(frozen=True)
class FloorHooks:
    apply_entry: FeedApplier
    # Errors from apply_entry meaning "this entry can never be applied" (it changed nothing).
    refusals: tuple[type[Exception], ...]
    take_snapshot: SnapshotTaker
    # Applies a whole page set-based (same effects as apply_entry per entry, much faster).
    apply_page: PageApplier | None = None
    # After a push: settles rejections the floor decides itself (an order another station
    # won); answers what it settled, whose new events then go out in the same round.
    settle_rejections: Callable[[Store], Sequence[str]] | None = None
    # The station's own daily chores (backup, personal-data purge), once a day on the
    # engine's thread whether the OMS answers or not; they catch their own failures.
    daily: Callable[[Store], None] | None = None
    # Order claims (#14): renewals and offline releases each round; None: no claims kept.
    claims: ClaimBook | None = None
