"""How the station wires its sync engine: the floor services behind its hooks, its settings."""

from __future__ import annotations

from app.errors import MalformedFeedEntry
from app.feed.apply import apply_feed_entry, apply_feed_page
from app.queries.stock import stock_snapshot
from app.supervision.lost_orders import settle_lost_orders
from local_db.store import Store
from station import __version__
from station.claims_port import FloorClaimBook
from station.config import StationConfig
from station.config_fleet import PROXY_DIRECT
from station.housekeeping import daily_chores
from sync.client import ProxyChoice
from sync.engine import SyncSettings
from sync.hooks import FloorHooks


def floor_hooks(config: StationConfig | None = None) -> FloorHooks:
    """The floor services the station's sync engine calls; with the station's settings,
    its daily chores too (backup, personal-data purge: ``station.housekeeping``)."""

    def daily(store: Store) -> None:
        assert config is not None
        daily_chores(config, store)

    return FloorHooks(
        apply_entry=apply_feed_entry,
        refusals=(MalformedFeedEntry,),
        take_snapshot=stock_snapshot,
        apply_page=apply_feed_page,
        settle_rejections=settle_lost_orders,
        daily=None if config is None else daily,
        claims=FloorClaimBook(),
    )


def sync_settings(config: StationConfig) -> SyncSettings:
    """The sync engine's settings from the station's (sync itself never reads them)."""
    return SyncSettings(
        push_batch_size=config.push_batch_size,
        sync_interval_s=config.sync_interval_s,
        live_feed_wait_s=config.live_feed_wait_s,
        reconcile_every_h=config.reconcile_every_h,
        ca_bundle=config.ca_bundle,
        proxy=proxy_choice(config),
        allow_insecure_http=config.allow_insecure_http,
        keep_days=config.sync_history_days,
        station_version=__version__,
    )


def proxy_choice(config: StationConfig) -> ProxyChoice:
    """Unset: the system's proxy; "direct": none; a URL: that one."""
    if config.proxy is None:
        return ProxyChoice()
    if config.proxy == PROXY_DIRECT:
        return ProxyChoice(system=False)
    return ProxyChoice(url=config.proxy, system=False)
