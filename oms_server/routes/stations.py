"""Station-facing endpoints: enrol, pull the warehouse feed, push events, reconcile."""

from __future__ import annotations

import datetime as dt
import functools
import time
from typing import Annotated

import anyio
from fastapi import APIRouter, Query, Request, Response, status

from oms_contract.base import MAX_INT64
from oms_contract.station_versions import STATION_VERSION_HEADER, StationVersions
from oms_contract.sync_api import (
    MAX_FEED_PAGE,
    EnrolConfirmed,
    EnrolRequest,
    EnrolResponse,
    FeedPage,
    PushRequest,
    PushResponse,
    ReconciliationResult,
    StationProgress,
    StockSnapshot,
)
from oms_server.auth import BearerToken, Context, Station, require_station_warehouse
from oms_server.context import ServerContext
from oms_server.errors import ApiError
from oms_server.feed_wait import wait_for_wake
from oms_server.feed_waiters import MAX_FEED_WAIT_S
from oms_server.models import Station as StationRow
from oms_server.models import utc_now
from oms_server.overload import waiting_outside_slots
from oms_server.routes import responses
from oms_server.services import enrolment, feed, push, reconciliation, station_versions

router = APIRouter(tags=["stations"])
LAST_SEEN_RESOLUTION = dt.timedelta(seconds=60)


@router.post("/stations/enrol", status_code=status.HTTP_201_CREATED, responses=responses(409))
def enrol(request: EnrolRequest, http: Request, context: Context) -> EnrolResponse:
    """Exchange an enrolment key for a device id and a bearer token (shown once), pending
    until confirmed. Too many failed enrolments from one address answer 429."""
    client = http.client.host if http.client is not None else "unknown"
    throttle = context.enrolment_throttle
    retry_after = throttle.retry_after_s(client)
    if retry_after is not None:
        raise ApiError(
            429,
            "TOO_MANY_REQUESTS",
            "Too many failed enrolments from this address; retry later.",
            retry_after_s=retry_after,
        )
    try:
        with context.db.write_transaction() as session:
            return enrolment.enrol_station(session, request)
    except ApiError as exc:
        if exc.status_code in {401, 409}:
            throttle.failed(client)
        raise


@router.post("/stations/enrol/confirm", responses=responses())
def confirm_enrolment(token: BearerToken, context: Context) -> EnrolConfirmed:
    """The station stored its token: make it active and count the key's use. Safe to
    repeat; a pending enrolment not confirmed in time answers 401 ENROLMENT_EXPIRED."""
    with context.db.write_transaction() as session:
        return enrolment.confirm_enrolment(session, token)


@router.get("/warehouses/{warehouse_id}/feed", response_model=FeedPage, responses=responses(403))
async def read_feed(
    warehouse_id: str,
    station: Station,
    context: Context,
    *,
    http: Request,
    after: Annotated[int, Query(ge=0, le=MAX_INT64)] = 0,
    limit: Annotated[int, Query(ge=1, le=MAX_FEED_PAGE)] = feed.DEFAULT_FEED_PAGE,
    wait_s: Annotated[int, Query(ge=0, le=MAX_FEED_WAIT_S)] = 0,
) -> Response:
    """Entries with ``seq > after`` in order; pass ``next_cursor`` as ``after`` next time.

    An ``after`` beyond the feed's head is refused (422 ``CURSOR_BEYOND_HEAD``): no station
    can have applied entries that do not exist, and storing such a cursor would hide its
    backlog.

    ``wait_s`` (long-poll): when there is nothing after ``after``, hold the request up to
    that many seconds and answer as soon as the warehouse's feed gets an entry (an empty
    page when the time runs out). 0 answers at once."""
    require_station_warehouse(station, warehouse_id)
    version = http.state.contract_version
    waiters = context.feed_waiters
    wake = waiters.watch(warehouse_id) if wait_s > 0 else None
    read_page = functools.partial(
        _feed_page,
        context,
        station.device_id,
        warehouse_id,
        after=after,
        limit=limit,
        version=version,
    )
    page = await anyio.to_thread.run_sync(read_page)
    deadline = time.monotonic() + wait_s
    while wake is not None and not waiters.closed and feed.is_empty_page(page):
        with waiting_outside_slots(http.scope):
            woken = await wait_for_wake(wake, deadline - time.monotonic(), http.receive)
        if woken == "disconnected":
            return Response(status_code=204)  # nobody reads it
        if woken != "woken" or waiters.closed:
            break
        # Woken by an entry this reader may not get (a claim entry, for a station below
        # version 4): wait on for the rest of its time rather than answer an empty page.
        wake = waiters.watch(warehouse_id) if deadline > time.monotonic() else None
        page = await anyio.to_thread.run_sync(read_page)
    return Response(content=page, media_type="application/json")


def _feed_page(
    context: ServerContext,
    device_id: str,
    warehouse_id: str,
    *,
    after: int,
    limit: int,
    version: int,
) -> bytes:
    now = utc_now()
    with context.db.read_session() as session:
        head = feed.feed_head(session, warehouse_id)
        if after > head:
            raise ApiError(
                422,
                "CURSOR_BEYOND_HEAD",
                f"after={after} is beyond the feed's head ({head}); "
                "read from your last applied entry.",
                field="after",
            )
        # A FeedPage already serialised (stored bodies verbatim), so not validated again.
        page = feed.read_feed(session, warehouse_id, after, limit, reader_version=version)
        row = session.get(StationRow, device_id)
        # Writes only when the cursor moved or the "last seen" figure went stale, so idle
        # polling stays a pure read.
        stale = row is not None and (
            row.feed_cursor < after
            or row.last_seen_at is None
            or now - row.last_seen_at > LAST_SEEN_RESOLUTION
            or row.contract_version != version
        )
    if stale:
        with context.db.write_transaction() as session:
            feed.note_feed_cursor(session, device_id, after, now, version)
    return page


@router.get("/stations/me/progress", responses=responses())
def read_station_progress(station: Station, context: Context) -> StationProgress:
    """The highest station number the OMS accepted from this station (accepted event ids are
    kept for ever, so this never goes back): a station restored from an older backup learns
    that events it no longer holds reached the OMS."""
    with context.db.read_session() as session:
        highest = station_versions.highest_accepted_seq(session, station.device_id)
    return StationProgress(
        device_id=station.device_id,
        warehouse_id=station.warehouse_id,
        highest_accepted_seq=highest,
    )


@router.get(
    "/warehouses/{warehouse_id}/station-versions",
    response_model=StationVersions,
    responses=responses(403),
)
def read_station_versions(
    warehouse_id: str, station: Station, context: Context, *, http: Request
) -> StationVersions:
    """The minimum and recommended station versions of the warehouse (null: none set). The
    station asks at every sync round; the version it reports in ``X-WMS-Station-Version`` is
    kept on its record (written only when it changed)."""
    require_station_warehouse(station, warehouse_id)
    reported = (http.headers.get(STATION_VERSION_HEADER) or "").strip()[:32] or None
    with context.db.read_session() as session:
        policy = station_versions.read_policy(session, warehouse_id)
        changed = station_versions.reported_version_changed(session, station.device_id, reported)
    if changed and reported is not None:
        with context.db.write_transaction() as session:
            station_versions.note_reported_version(session, station.device_id, reported)
    return policy


@router.post("/events", responses=responses())
def push_events(request: PushRequest, station: Station, context: Context) -> PushResponse:
    """Each event is accepted, a duplicate (accepted before), or rejected with a code."""
    with context.db.write_transaction() as session:
        row = session.get(StationRow, station.device_id)
        if row is None:
            raise ApiError(401, "UNAUTHORIZED", "The station is no longer enrolled.")
        return push.push_events(session, row, request, claim_lease_s=context.claims.lease_s)


@router.post("/warehouses/{warehouse_id}/reconciliation", responses=responses(403))
def reconcile(
    warehouse_id: str, snapshot: StockSnapshot, station: Station, context: Context
) -> ReconciliationResult:
    """Compare the station's stock snapshot with OMS logical stock (定时全量同步)."""
    require_station_warehouse(station, warehouse_id)
    require_station_warehouse(station, snapshot.warehouse_id)
    with context.db.write_transaction() as session:
        row = session.get(StationRow, station.device_id)
        if row is None:
            raise ApiError(401, "UNAUTHORIZED", "The station is no longer enrolled.")
        return reconciliation.reconcile(session, row, snapshot)
