"""The floor services the sync engine calls, gathered in one place so tests can swap them."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from app.errors import MalformedFeedEntry
from app.stock_queries import stock_snapshot
from local_db.store import Store
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


def floor_hooks() -> FloorHooks:
    """The real floor services."""
    # Imported here: app.feed_apply pulls in every floor service, which `import sync` avoids.
    from app.feed_apply import apply_feed_entry, apply_feed_page  # noqa: PLC0415
    from app.lost_orders import settle_lost_orders  # noqa: PLC0415

    return FloorHooks(
        apply_entry=apply_feed_entry,
        refusals=(MalformedFeedEntry,),
        take_snapshot=stock_snapshot,
        apply_page=apply_feed_page,
        settle_rejections=settle_lost_orders,
    )
