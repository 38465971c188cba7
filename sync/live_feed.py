"""Live feed: a long-poll of the OMS feed on its own thread, which only *wakes* the engine.

The watcher asks ``GET /feed?after=<cursor>&limit=1&wait_s=<n>``; the OMS holds the request
until the warehouse's feed gets an entry. When an entry is there the watcher nudges the
engine, whose thread pulls and applies as always (the store is written by the engine thread
alone). The engine loop therefore never waits on the long-poll: a push after a floor commit
goes out at once, whatever the watcher is waiting for.

Fallback: a long request that a proxy cuts (the connection ends or times out after it was
open for a while, twice in a row) turns the watcher off for ``fallback_s``; the engine's
round every ``sync_interval_s`` goes on regardless, so the station still syncs by polling.
A refused connection (the OMS is down) is not a cut: the watcher tries again later.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import httpx

from sync.client import OmsClient, ProxyChoice
from sync.credentials import Token
from sync.errors import TransientError

log = logging.getLogger("wms.sync.live_feed")

CUTS_BEFORE_FALLBACK = 2
INSTANT_FAILURE_S = 0.5
"""A failure sooner than this is the OMS being unreachable, not a cut long request."""


@dataclass(frozen=True)
class FeedPosition:
    """What the engine offers after a good round: where to wait, and as whom."""

    oms_url: str
    token: Token
    ca_bundle: Path | None
    warehouse_id: str
    cursor: int
    proxy: ProxyChoice = field(default_factory=ProxyChoice)
    station_version: str | None = None


class LiveFeedWatcher:
    def __init__(
        self,
        nudge: Callable[[], None],
        *,
        wait_s: int,
        fallback_s: float,
        retry_s: float,
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        self._nudge = nudge
        self._wait_s = wait_s
        self._fallback_s = fallback_s
        self._retry_s = retry_s
        self._transport = transport
        self._changed = threading.Condition()
        self._position: FeedPosition | None = None
        self._generation = 0
        self._stop = False
        self._thread: threading.Thread | None = None
        self._client: OmsClient | None = None
        self._client_key: tuple[str, int, Path | None, ProxyChoice] | None = None
        self.falling_back = False
        """True while the long-poll is off after cut requests (polling only)."""

    def start(self) -> None:
        self._thread = threading.Thread(target=self._run, name="wms-live-feed", daemon=True)
        self._thread.start()

    def stop(self, timeout_s: float = 5.0) -> None:
        with self._changed:
            self._stop = True
            self._changed.notify_all()
        client = self._client
        if client is not None:
            client.close()  # ends a waiting request at once
        if self._thread is not None:
            self._thread.join(timeout_s)

    def offer(self, position: FeedPosition | None) -> None:
        """From the engine thread after each round: the station's cursor now (None: stop
        waiting, e.g. not enrolled)."""
        with self._changed:
            self._position = position
            self._generation += 1
            self._changed.notify_all()

    # --- the watcher thread ---------------------------------------------------------------

    def _run(self) -> None:
        cuts = 0
        seen = -1
        try:
            while True:
                with self._changed:
                    while not self._stop and (self._position is None or self._generation == seen):
                        self._changed.wait()
                    if self._stop:
                        return
                    position, generation = self._position, self._generation
                assert position is not None
                outcome = self._wait_once(position)
                if outcome == "entries":
                    cuts = 0
                    seen = generation  # wait for the engine's pull before asking again
                    self._nudge()
                elif outcome == "empty":
                    cuts = 0
                elif outcome == "cut":
                    cuts += 1
                    if cuts >= CUTS_BEFORE_FALLBACK:
                        log.warning(
                            "Long feed requests are cut on the way to the OMS (a proxy?): "
                            "polling every round instead for %g s",
                            self._fallback_s,
                        )
                        self.falling_back = True
                        self._sleep(self._fallback_s)
                        self.falling_back = False
                        cuts = 0
                else:
                    self._sleep(self._retry_s)
        finally:
            self._close_client()

    def _wait_once(self, position: FeedPosition) -> str:
        client = self._client_for(position)
        started = time.monotonic()
        try:
            page = client.feed(position.warehouse_id, position.cursor, 1, wait_s=self._wait_s)
        except TransientError as exc:
            return self._transient_failure(exc, time.monotonic() - started)
        except Exception as exc:  # a refusal or a bug: the engine's round deals with it
            if not self._stop:
                log.info("Long feed request failed: %s", exc)
            return "failed"
        if page.entries:
            return "entries"
        if time.monotonic() - started < self._wait_s / 2:
            # An OMS that does not wait (older than the long-poll, or shutting down): do
            # not ask again at once.
            return "early"
        return "empty"

    def _transient_failure(self, exc: TransientError, elapsed: float) -> str:
        if self._stop:
            return "stopped"
        if exc.cause == "server":
            return "busy"  # 429/503: come back after a round's interval
        if elapsed < INSTANT_FAILURE_S:
            return "unreachable"
        log.info("Long feed request ended after %.1f s: %s", elapsed, exc)
        self._close_client()  # a fresh connection next time
        return "cut"

    def _client_for(self, position: FeedPosition) -> OmsClient:
        key = (position.oms_url, id(position.token), position.ca_bundle, position.proxy)
        if self._client is None or self._client_key != key:
            self._close_client()
            self._client = OmsClient(
                position.oms_url,
                position.token,
                ca_bundle=position.ca_bundle,
                proxy=position.proxy,
                station_version=position.station_version,
                timeout=httpx.Timeout(self._wait_s + 10.0, connect=5.0),
                transport=self._transport,
            )
            self._client_key = key
        return self._client

    def _close_client(self) -> None:
        if self._client is not None:
            self._client.close()
        self._client = None
        self._client_key = None

    def _sleep(self, seconds: float) -> None:
        with self._changed:
            self._changed.wait_for(lambda: self._stop, timeout=seconds)
