"""How the station wires its sync engine: the floor services behind its hooks, its settings."""

from __future__ import annotations

from app.errors import MalformedFeedEntry
from app.feed.apply import apply_feed_entry, apply_feed_page
from app.queries.stock import stock_snapshot
from app.supervision.lost_orders import settle_lost_orders
from station.config import StationConfig
from sync.engine import SyncSettings
from sync.hooks import FloorHooks


def floor_hooks() -> FloorHooks:
    """The floor services the station's sync engine calls."""
    return FloorHooks(
        apply_entry=apply_feed_entry,
        refusals=(MalformedFeedEntry,),
        take_snapshot=stock_snapshot,
        apply_page=apply_feed_page,
        settle_rejections=settle_lost_orders,
    )


def sync_settings(config: StationConfig) -> SyncSettings:
    """The sync engine's settings from the station's (sync itself never reads them)."""
    return SyncSettings(
        push_batch_size=config.push_batch_size,
        sync_interval_s=config.sync_interval_s,
        live_feed_wait_s=config.live_feed_wait_s,
        reconcile_every_h=config.reconcile_every_h,
        ca_bundle=config.ca_bundle,
        allow_insecure_http=config.allow_insecure_http,
        keep_days=config.sync_history_days,
    )
