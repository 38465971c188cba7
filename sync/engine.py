"""The station's sync engine: one background thread that pushes the outbox, pulls the feed
and reconciles stock, every ``sync_interval_s`` while the OMS answers and with capped,
jittered backoff while it does not.

Threading: everything network-bound runs on the engine's own thread; the public methods
only set flags and return at once, so a screen never waits on the OMS. The store's writer
lock is taken only for the short bookkeeping transactions (never across an HTTP call), so an
OMS that is down for a week with thousands of pending events does not slow a single scan.

Status: after every attempt (and whenever the outbox changes) the engine publishes a
:class:`SyncStatus` to its listener, called **on the engine thread**: the Qt layer re-emits
it as a queued signal. :meth:`SyncEngine.status` returns the latest snapshot from any thread.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import logging
import random
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Final

import httpx

from local_db.store import Store
from local_db.types import utc_now
from sync.backoff import BackoffPolicy
from sync.claims import keep_claims
from sync.client import OmsClient, ProxyChoice
from sync.credentials import CredentialStoreUnavailable, NoTokenStored, Token, load_token
from sync.errors import AuthError, ContractError, RejectedRequest, TransientError
from sync.feed_refusal import is_storage_fault
from sync.fleet_report import OmsWithoutReports, rotate_token, send_report
from sync.hooks import FloorHooks
from sync.live_feed import FeedPosition, LiveFeedWatcher
from sync.oms_url import InsecureOmsUrl, check_oms_url, is_plain_http
from sync.outbox_queue import outbox_counts
from sync.pull import Puller
from sync.push import Pusher
from sync.reconcile import Reconciler, reconcile_due
from sync.retention import DEFAULT_KEEP_DAYS, prune_sync_history
from sync.state import (
    FEED_CURSOR,
    LAST_ERROR,
    LAST_PULL_AT,
    LAST_PUSH_AT,
    LAST_RECONCILE_AT,
    NotEnrolled,
    StationIdentity,
    clear_state,
    feed_cursor,
    read_all_state,
    station_identity,
    write_state,
)
from sync.status import INITIAL_STATUS, SyncProblem, SyncStatus
from sync.versions import StationOutdated, UpdateNotice, UpdateState, judge

log = logging.getLogger("wms.sync.engine")

Listener = Callable[[SyncStatus], None]

_NOW: Final = "now"
_LOCAL: Final = "local"
_LIVE: Final = "live"
_RECONCILE: Final = "reconcile"
_ENROLMENT_POLL_S: Final = 30.0
_TRANSIENT_PROBLEMS: Final = {
    "tls": SyncProblem.TLS_ERROR,
    "server": SyncProblem.SERVER_ERROR,
    "unreachable": SyncProblem.OMS_UNREACHABLE,
}
STATION_REVOKED_CODE: Final = "STATION_REVOKED"
_REENROL_HINT: Final = (
    "Re-enrolment needed: the OMS no longer accepts this station's token. Run "
    "wms-floor enroll --oms-url URL --warehouse WH --key KEY, then press Sync now."
)


@dataclass(frozen=True)
class SyncSettings:
    # bench.push, full scale: draining 100,000 events took 25.0 s in batches of 200, 20.9 s
    # in 500, 19.0 s in 1,000; a lost answer resends at most one batch (deduplicated).
    push_batch_size: int = 500
    feed_page_size: int = 200
    # While the station is behind (the feed said it has more), larger pages: each is one
    # commit and one set of stock reads, which is most of a page's cost. Not the contract's
    # 2,000: a page holds the store's writer lock while it is applied, and a picker's scan
    # waits behind it (about 0.25 s at 500, 0.9 s at 2,000, for 2,015 vs 2,220 entries/s in
    # bench.pull at full scale).
    feed_catch_up_page_size: int = 500
    sync_interval_s: float = 5.0
    reconcile_every_h: float = 24.0
    ca_bundle: Path | None = None
    proxy: ProxyChoice = field(default_factory=ProxyChoice)
    backoff: BackoffPolicy = field(default_factory=BackoffPolicy)
    # A push backlog is sent in slices of this long, with the feed read between them: a
    # cancel must reach the picker while a long backlog is still catching up (bench.flaky_link).
    push_slice_s: float = 2.0
    # Plain http:// to another computer: test labs only (sync.oms_url).
    allow_insecure_http: bool = False
    # Accepted outbox rows and applied feed entries older than this are pruned
    # (sync.retention), once after the first good round and then every prune_every_h.
    keep_days: float = DEFAULT_KEEP_DAYS
    prune_every_h: float = 24.0
    # At most this long per round, so the first prune of a year-old store does not hold up
    # the feed (the rest goes on in the next rounds).
    prune_slice_s: float = 2.0
    # The station's report to the OMS (version, outbox backlog; sync.fleet_report): at most
    # this often; a token rotation an administrator asked for waits for the next one.
    report_every_s: float = 60.0
    # This station's software version, reported to the OMS and checked against the
    # warehouse's minimum and recommended versions at every round (sync.versions).
    station_version: str | None = None
    # Live feed (sync.live_feed): a long-poll that wakes the engine when the OMS commits for
    # this warehouse. Under common proxy read timeouts (60 s); 0 turns it off (polling only).
    live_feed_wait_s: int = 25
    # After long requests were cut (a proxy), poll only for this long before trying again.
    live_feed_fallback_s: float = 300.0


def feed_puller(
    store: Store,
    client: OmsClient,
    identity: StationIdentity,
    hooks: FloorHooks,
    settings: SyncSettings,
) -> Puller:
    """The feed reader the engine runs each round (the benchmarks run the same one)."""
    return Puller(
        store,
        client,
        identity,
        apply_entry=hooks.apply_entry,
        refusals=hooks.refusals,
        apply_page=hooks.apply_page,
        page_size=settings.feed_page_size,
        catch_up_page_size=settings.feed_catch_up_page_size,
    )


def _parse_time(value: str | None) -> dt.datetime | None:
    return dt.datetime.fromisoformat(value) if value else None


class SyncEngine:
    """Start once, stop once. All public methods are thread-safe and return immediately."""

    def __init__(
        self,
        store: Store,
        settings: SyncSettings | None = None,
        *,
        listener: Listener | None = None,
        hooks: FloorHooks,
        transport: httpx.BaseTransport | None = None,
        rng: Callable[[], float] = random.random,
    ) -> None:
        self._store = store
        self._settings = settings or SyncSettings()
        self._listener = listener
        self._hooks = hooks
        self._transport = transport
        self._rng = rng

        self._lock = threading.Lock()
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._requests: set[str] = set()
        self._status = INITIAL_STATUS
        self._thread: threading.Thread | None = None

        # Owned by the engine thread.
        self._client: OmsClient | None = None
        self._client_identity: StationIdentity | None = None
        self._client_token: Token | None = None
        self._client_url: str | None = None
        self._online = False
        self._enrolled = True
        self._needs_reenrolment = False
        self._failures = 0
        self._failing_since: dt.datetime | None = None
        self._retry_after: float | None = None
        self._last_error: str | None = None
        self._problem: SyncProblem | None = None
        self._next_attempt_at: float | None = 0.0
        self._reconcile_not_before = 0.0
        # A reconciliation asked for (reconcile_now) stays asked for until one has run.
        self._reconcile_wanted = False
        self._reconcile_skipped = 0
        self._prune_not_before = 0.0
        self._daily_not_before = 0.0
        self._update: UpdateNotice | None = None
        self._report_not_before = 0.0
        self._reports_unsupported = False
        self._syncing = False
        self._live = (
            LiveFeedWatcher(
                lambda: self._request(_LIVE),
                wait_s=self._settings.live_feed_wait_s,
                fallback_s=self._settings.live_feed_fallback_s,
                retry_s=self._settings.sync_interval_s,
                transport=transport,
            )
            if self._settings.live_feed_wait_s > 0
            else None
        )

    # --- public API (any thread) -----------------------------------------------------------

    def start(self) -> None:
        if self._thread is not None:
            raise RuntimeError("the sync engine runs once; create a new one to restart")
        self._thread = threading.Thread(target=self._run, name="wms-sync", daemon=True)
        self._thread.start()
        if self._live is not None:
            self._live.start()

    def stop(self, timeout_s: float = 30.0) -> bool:
        """Ask the thread to finish its current step and end; True once it has."""
        self._stop.set()
        self._wake.set()
        if self._live is not None:
            self._live.stop()
        if self._thread is None:
            return True
        self._thread.join(timeout_s)
        return not self._thread.is_alive()

    def run_once(self, *, reconcile: bool = False) -> SyncStatus:
        """One attempt on the calling thread (scripts, tests); only while not started."""
        if self.is_running():
            raise RuntimeError("the sync engine thread is running; use sync_now()")
        if self._needs_reenrolment:
            self._needs_reenrolment = False
            self._drop_client()
        self._reconcile_wanted = self._reconcile_wanted or reconcile
        self._maybe_daily()
        self._attempt()
        return self.status()

    def close(self) -> None:
        """Release the HTTP connections of a never-started engine used with run_once()."""
        if not self.is_running():
            self._drop_client()

    def sync_now(self) -> None:
        """Try the OMS at once, even while backing off or after a 401 (e.g. after
        re-enrolling)."""
        self._request(_NOW)

    def reconcile_now(self) -> None:
        """Sync and send a stock reconciliation at once, whatever the schedule says."""
        self._request(_RECONCILE)

    def outbox_changed(self) -> None:
        """A floor action committed outbox events: refresh the counts, and push soon if the
        OMS is reachable (while backing off, this does not cause an extra attempt)."""
        self._request(_LOCAL)

    def status(self) -> SyncStatus:
        with self._lock:
            return self._status

    def set_listener(self, listener: Listener | None) -> None:
        with self._lock:
            self._listener = listener

    def is_running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def _request(self, what: str) -> None:
        with self._lock:
            self._requests.add(what)
        self._wake.set()

    # --- the engine thread -----------------------------------------------------------------

    def _run(self) -> None:
        log.info("Sync engine started")
        try:
            while not self._stop.is_set():
                self._wake.clear()
                with self._lock:
                    requests, self._requests = self._requests, set()
                self._step(requests)
                if self._stop.is_set():
                    break
                self._wake.wait(self._seconds_to_next_attempt())
        except BaseException:
            log.exception("Sync engine stopped by an unexpected error")
            raise
        finally:
            self._drop_client()
            self._syncing = False
            self._publish()
            log.info("Sync engine stopped")

    def _seconds_to_next_attempt(self) -> float | None:
        if self._next_attempt_at is None:
            return None
        return max(0.0, self._next_attempt_at - time.monotonic())

    def _step(self, requests: set[str]) -> None:
        self._maybe_daily()
        forced = _NOW in requests or _RECONCILE in requests
        if forced and self._needs_reenrolment:
            # Maybe the station was enrolled again meanwhile: read the keyring afresh.
            self._needs_reenrolment = False
            self._drop_client()
        if _RECONCILE in requests:
            self._reconcile_wanted = True
        due = self._next_attempt_at is not None and time.monotonic() >= self._next_attempt_at
        nudged = bool(requests & {_LOCAL, _LIVE})
        soon = nudged and self._failures == 0 and not self._needs_reenrolment
        if forced or due or (soon and self._enrolled):
            self._attempt()
        else:
            self._publish()

    def _attempt(self) -> None:
        self._syncing = True
        self._publish()
        before = self._progress_marker()
        try:
            refused = self._cycle()
        except Exception as exc:
            self._attempt_failed(exc, before)
        else:
            self._enrolled = True
            self._online = True
            self._failures = 0
            self._failing_since = None
            self._retry_after = None
            self._set_error(refused, None)  # a refused entry is a supervisor's, not a failure
            self._next_attempt_at = time.monotonic() + self._settings.sync_interval_s
            self._offer_live_position()
        finally:
            self._syncing = False
            self._publish()

    def _offer_live_position(self) -> None:
        """After a good round: the live feed waits for what comes after the new cursor."""
        identity, token = self._client_identity, self._client_token
        if self._live is None or identity is None or token is None:
            return
        with self._store.read_session() as session:
            cursor = feed_cursor(session)
        self._live.offer(
            FeedPosition(
                oms_url=self._client_url or identity.oms_url,
                token=token,
                ca_bundle=self._settings.ca_bundle,
                warehouse_id=identity.warehouse_id,
                cursor=cursor,
                proxy=self._settings.proxy,
                station_version=self._settings.station_version,
            )
        )

    def _attempt_failed(self, exc: Exception, before: tuple[str | None, str | None]) -> None:
        """Classify a failed attempt (SyncStatus.problem) and plan the next one."""
        if isinstance(exc, NotEnrolled):
            # Only a local read: look again now and then, so an enrolment done with
            # `wms-floor enroll` while the station runs is picked up without a restart.
            self._enrolled = False
            self._set_error(str(exc), SyncProblem.NOT_ENROLLED)
            self._next_attempt_at = time.monotonic() + _ENROLMENT_POLL_S
        elif isinstance(exc, AuthError | NoTokenStored):
            if self._live is not None:
                self._live.offer(None)
            log.warning("Syncing stopped until the station is enrolled again: %s", exc)
            self._online = isinstance(exc, AuthError)
            self._needs_reenrolment = True
            self._drop_client()
            revoked = (
                isinstance(exc, AuthError)
                and exc.body is not None
                and exc.body.error_code == STATION_REVOKED_CODE
            )
            problem = SyncProblem.STATION_REVOKED if revoked else SyncProblem.TOKEN_REJECTED
            self._set_error(f"{_REENROL_HINT} ({exc})", problem)
            self._next_attempt_at = None
        elif isinstance(exc, InsecureOmsUrl):
            # Nothing was sent. Looked at again now and then: re-enrolling with an https://
            # URL fixes it without a restart.
            log.error("Not syncing: %s", exc)
            self._set_error(str(exc), SyncProblem.INSECURE_URL)
            self._failing_since = self._failing_since or utc_now()
            self._next_attempt_at = time.monotonic() + _ENROLMENT_POLL_S
        elif isinstance(exc, StationOutdated):
            if self._problem is not SyncProblem.UPDATE_REQUIRED:
                log.error("Not syncing: %s", exc)
            self._failed(exc, SyncProblem.UPDATE_REQUIRED, before, online=True)
        elif isinstance(exc, TransientError):
            log.info("OMS unreachable: %s", exc)
            problem = _TRANSIENT_PROBLEMS.get(exc.cause, SyncProblem.OMS_UNREACHABLE)
            self._failed(exc, problem, before, online=False, retry_after=exc.retry_after_s)
        elif isinstance(exc, ContractError | RejectedRequest):
            log.error("OMS sync failed: %s", exc)
            problem = (
                SyncProblem.OMS_CONTRACT
                if isinstance(exc, ContractError)
                else SyncProblem.OMS_REFUSED
            )
            self._failed(exc, problem, before, online=True)
        elif isinstance(exc, CredentialStoreUnavailable):
            if self._problem is not SyncProblem.KEYRING_UNAVAILABLE:
                # Once, not at every retry: the keyring stays shut until someone opens it.
                log.error("Keyring unavailable, syncing waits for it: %s", exc)
            self._failed(exc, SyncProblem.KEYRING_UNAVAILABLE, before, online=self._online)
        elif is_storage_fault(exc):
            log.error("Sync attempt stopped by the station's store: %s", exc)
            self._failed(exc, SyncProblem.STORE_UNAVAILABLE, before, online=self._online)
        else:
            # A bug: keep the thread alive, show it, retry later.
            log.exception("Sync attempt failed unexpectedly", exc_info=exc)
            self._failed(exc, SyncProblem.INTERNAL_ERROR, before, online=self._online)

    def _cycle(self) -> str | None:
        """One round: push and pull in turns (the feed is read between slices of a push
        backlog, and even when a push fails), push what the pull produced, reconcile if due.
        Returns the last feed refusal of this round, if any."""
        with self._store.read_session() as session:
            identity = station_identity(session)
        self._enrolled = True
        client = self._client_for(identity)
        self._check_version(client, identity)
        hooks = self._hooks
        pusher = Pusher(self._store, client, identity, self._settings.push_batch_size)
        puller = feed_puller(self._store, client, identity, hooks, self._settings)
        refused: list[str] = []
        applied = 0
        while True:
            more_to_push, push_failure = self._push_slice(pusher)
            if push_failure is None:
                self._settle_rejections(hooks, pusher)
            # Cancels are urgent: read the feed even while a backlog drains or a push failed.
            pulled = puller.pull_all(self._keep_going)
            refused += pulled.refused
            applied += pulled.applied
            if push_failure is not None:
                raise push_failure
            if not more_to_push or not self._keep_going():
                break
        if applied:
            # Applying commands wrote receive callbacks: send them now, not next round.
            pusher.push_all(self._keep_going)
        if hooks.claims is not None:
            keep_claims(self._store, client, hooks.claims, identity.station_id, utc_now())
        self._maybe_reconcile(client, identity, hooks)
        self._maybe_report(client, identity)
        self._maybe_prune()
        return refused[-1] if refused else None

    def _maybe_report(self, client: OmsClient, identity: StationIdentity) -> None:
        """Now and then tell the OMS the station's version and backlog; rotate the token
        when it asks. The new token is used at once, so the OMS retires the old one."""
        if self._reports_unsupported or time.monotonic() < self._report_not_before:
            return
        version = self._settings.station_version
        try:
            if not send_report(self._store, client, version):
                self._report_not_before = time.monotonic() + self._settings.report_every_s
                return
            rotate_token(client, identity)
            self._drop_client()
            send_report(self._store, self._client_for(identity), version)
        except OmsWithoutReports:
            log.info("The OMS takes no station reports (an older OMS): not reporting")
            self._reports_unsupported = True
            return
        self._report_not_before = time.monotonic() + self._settings.report_every_s

    def _maybe_prune(self) -> None:
        """Once a day, after a good round (only then are there newly accepted rows): the
        prune works in short batches, so the floor keeps writing between them."""
        if time.monotonic() < self._prune_not_before:
            return
        # Each call makes some progress (keep_going is asked after a batch).
        deadline = time.monotonic() + self._settings.prune_slice_s
        try:
            report = prune_sync_history(
                self._store,
                self._settings.keep_days,
                keep_going=lambda: self._keep_going() and time.monotonic() < deadline,
            )
        except Exception as exc:
            if is_storage_fault(exc):
                raise
            # Not worth failing the sync over: the next day tries again.
            log.exception("Pruning the sync history failed")
            report = None
        if report is None or report.finished:
            self._prune_not_before = time.monotonic() + self._settings.prune_every_h * 3600.0
        # else: a long backlog (a store never pruned) goes on in the next round.

    def _check_version(self, client: OmsClient, identity: StationIdentity) -> None:
        """Before anything is sent: below the OMS's minimum nothing is."""
        current = self._settings.station_version
        if current is None:
            return
        versions = client.station_versions(identity.warehouse_id)
        self._update = None if versions is None else judge(current, versions)
        if self._update is not None and self._update.state is UpdateState.REQUIRED:
            raise StationOutdated(self._update)

    def _maybe_daily(self) -> None:
        """The floor's daily chores, offline too (a backup matters most then)."""
        if self._hooks.daily is None or time.monotonic() < self._daily_not_before:
            return
        self._daily_not_before = time.monotonic() + self._settings.prune_every_h * 3600.0
        self._hooks.daily(self._store)

    def _push_slice(self, pusher: Pusher) -> tuple[bool, TransientError | None]:
        """Push for up to ``push_slice_s``: (more left to push, the transient failure that
        stopped it). Other failures are raised as they are."""
        deadline = time.monotonic() + self._settings.push_slice_s
        cut = False
        batches = 0

        def keep_going() -> bool:
            nonlocal cut, batches
            if not self._keep_going():
                return False
            batches += 1
            if batches > 1 and time.monotonic() >= deadline:  # at least one batch a slice
                cut = True
                return False
            return True

        try:
            pusher.push_all(keep_going)
        except TransientError as exc:
            return False, exc
        return cut, None

    def _settle_rejections(self, hooks: FloorHooks, pusher: Pusher) -> None:
        """What the OMS refused because another station won the order is settled at once
        (the picker is told to put the goods back), and its compensating events go out now."""
        if hooks.settle_rejections is None:
            return
        settled = hooks.settle_rejections(self._store)
        if settled:
            log.info("Orders lost to another station, settled: %s", ", ".join(settled))
            pusher.push_all(self._keep_going)

    def _keep_going(self) -> bool:
        # A long backlog is sent batch by batch; closing the station stops between batches.
        return not self._stop.is_set()

    def _progress_marker(self) -> tuple[str | None, str | None]:
        """Changes whenever a push answer was recorded or the feed cursor moved (an empty
        feed page is not progress: it would reset the backoff of a failing push)."""
        try:
            with self._store.read_session() as session:
                state = read_all_state(session)
        except Exception:
            return (None, None)
        return state.get(LAST_PUSH_AT), state.get(FEED_CURSOR, "0")

    def _maybe_reconcile(
        self,
        client: OmsClient,
        identity: StationIdentity,
        hooks: FloorHooks,
    ) -> None:
        reconciler = Reconciler(self._store, client, identity, hooks.take_snapshot)
        if not self._reconcile_wanted:
            if time.monotonic() < self._reconcile_not_before:
                return
            if not reconcile_due(
                reconciler.last_run_at(), self._settings.reconcile_every_h, utc_now()
            ):
                return
        try:
            report = reconciler.run()
        except (ContractError, RejectedRequest) as exc:
            # Not worth blocking the push/pull over: note it and try again in an hour. The
            # OMS answered, so an operator's request is answered too (the error shows).
            log.error("Stock reconciliation refused: %s", exc)
            self._reconcile_not_before = time.monotonic() + 3600.0
            self._reconcile_wanted = False
            raise
        # Only now: a request survives an attempt that failed before or during the run.
        self._reconcile_wanted = False
        self._reconcile_skipped = report.skipped_skus

    def _client_for(self, identity: StationIdentity) -> OmsClient:
        if self._client is not None and self._client_identity == identity:
            return self._client
        self._drop_client()
        oms_url = check_oms_url(
            identity.oms_url, allow_insecure_http=self._settings.allow_insecure_http
        )
        if is_plain_http(oms_url) and self._settings.allow_insecure_http:
            log.warning(
                "INSECURE: syncing with %s over plain http:// (allow_insecure_http = true): "
                "the station's token crosses the network in clear. Test labs only.",
                oms_url,
            )
        token = load_token(identity.station_id)
        self._client_token = token
        self._client_url = oms_url
        self._client = OmsClient(
            oms_url,
            token,
            ca_bundle=self._settings.ca_bundle,
            proxy=self._settings.proxy,
            transport=self._transport,
            station_version=self._settings.station_version,
        )
        self._client_identity = identity
        return self._client

    def _drop_client(self) -> None:
        if self._client is not None:
            self._client.close()
        self._client = None
        self._client_identity = None

    def _failed(
        self,
        exc: Exception,
        problem: SyncProblem,
        before: tuple[str | None, str | None],
        *,
        online: bool,
        retry_after: float | None = None,
    ) -> None:
        progressed = self._progress_marker() != before
        self._online = online
        if progressed:
            # The link works, if badly: events went out or feed pages came in. Start the
            # backoff again from its first step instead of climbing to the cap (#10.10).
            self._failures = 1
            self._failing_since = utc_now()
        else:
            self._failures += 1
            if self._failing_since is None:
                self._failing_since = utc_now()
        self._retry_after = retry_after
        detail = str(exc) or type(exc).__name__
        if problem is SyncProblem.INTERNAL_ERROR:
            detail = f"{type(exc).__name__}: {detail}"
        self._set_error(detail, problem)
        delay = self._settings.backoff.delay(self._failures, retry_after, self._rng)
        self._next_attempt_at = time.monotonic() + delay
        log.info("Next sync attempt in %.1f s (failure %d)", delay, self._failures)

    def _set_error(self, message: str | None, problem: SyncProblem | None) -> None:
        self._problem = problem
        if message == self._last_error:
            return
        self._last_error = message
        try:
            with self._store.unit_of_work() as uow:
                if message is None:
                    clear_state(uow.session, LAST_ERROR)
                else:
                    write_state(uow.session, LAST_ERROR, message[:2000])
                uow.commit()
        except Exception:
            log.exception("Could not record the sync error in the store")

    def _publish(self) -> None:
        status = self._snapshot()
        with self._lock:
            self._status = status
            listener = self._listener
        if listener is None:
            return
        try:
            listener(status)
        except Exception:
            log.exception("Sync status listener failed")

    def _snapshot(self) -> SyncStatus:
        previous = self.status()
        try:
            with self._store.read_session() as session:
                counts = outbox_counts(session)
                state = read_all_state(session)
        except Exception:
            log.exception("Could not read the outbox for the sync status")
            return dataclasses.replace(previous, syncing=self._syncing)
        oldest_age = None
        if counts.oldest_pending_at is not None:
            oldest_age = max(0.0, (utc_now() - counts.oldest_pending_at).total_seconds())
        return SyncStatus(
            online=self._online,
            enrolled=self._enrolled,
            needs_reenrolment=self._needs_reenrolment,
            syncing=self._syncing,
            pending_count=counts.pending,
            held_count=counts.held,
            rejected_count=counts.rejected,
            oldest_pending_age_s=oldest_age,
            last_push_at=_parse_time(state.get(LAST_PUSH_AT)),
            last_pull_at=_parse_time(state.get(LAST_PULL_AT)),
            last_reconcile_at=_parse_time(state.get(LAST_RECONCILE_AT)),
            last_error=self._last_error,
            failing_since=self._failing_since,
            consecutive_failures=self._failures,
            next_attempt_in_s=self._seconds_to_next_attempt(),
            retry_after_s=self._retry_after,
            problem=self._problem,
            problem_detail=self._last_error if self._problem is not None else None,
            reconcile_skipped_skus=self._reconcile_skipped,
            update=self._update,
        )
