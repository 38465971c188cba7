"""The app factory: ``create_app(database_url, admin_key=...)``."""

from __future__ import annotations

import contextlib
import secrets
from collections.abc import AsyncIterator

from fastapi import FastAPI

from oms_contract import API_PREFIX
from oms_contract.claims import DEFAULT_LEASE_S
from oms_server.alert_schedule import DEFAULT_CHECK_INTERVAL_S, AlertChecker
from oms_server.claim_schedule import DEFAULT_SWEEP_INTERVAL_S, ClaimSweeper
from oms_server.context import ServerContext
from oms_server.contract_version import ContractVersionMiddleware, document_contract_version
from oms_server.db import Database
from oms_server.errors import install_error_handlers
from oms_server.faults import FaultInjector, FaultMiddleware
from oms_server.overload import BODY_TIMEOUT_S, GuardLimits, OverloadGuard
from oms_server.retention_schedule import DEFAULT_KEEP_DAYS, HistoryPruner
from oms_server.routes import admin, alerts, claims, fleet, health, oms, retention, stations
from oms_server.services.enrolment import station_by_token

DEFAULT_MAX_IN_FLIGHT = 32
DEFAULT_PER_CLIENT_IN_FLIGHT = 8

DESCRIPTION = """Reference OMS for the warehouse floor station. Every non-2xx answer is an
`ErrorBody`. Stations authenticate with `Authorization: Bearer <token>` from enrolment;
OMS-side and admin calls with `X-Admin-Key`. See docs/oms-api.md."""


def create_app(
    database_url: str,
    *,
    admin_key: str | None = None,
    fault_injection: bool = False,
    max_in_flight: int = DEFAULT_MAX_IN_FLIGHT,
    per_client_in_flight: int = DEFAULT_PER_CLIENT_IN_FLIGHT,
    body_timeout_s: float = BODY_TIMEOUT_S,
    limits: GuardLimits | None = None,
    alert_check_interval_s: float | None = DEFAULT_CHECK_INTERVAL_S,
    sync_history_days: float | None = DEFAULT_KEEP_DAYS,
    claim_lease_s: int = DEFAULT_LEASE_S,
    claim_sweep_interval_s: float | None = DEFAULT_SWEEP_INTERVAL_S,
) -> FastAPI:
    """``alert_check_interval_s``: seconds between the scheduled alert checks (None or 0: no
    schedule; ``POST /api/v1/alerts/check`` runs one). ``sync_history_days``: the horizon of
    the daily sync-history prune (None or 0: none; ``POST /api/v1/retention/prune`` runs one).
    ``claim_lease_s``: an order claim's lease; ``claim_sweep_interval_s``: seconds between the
    sweeps that record expired claims (None or 0: none)."""
    db = Database(database_url)
    db.create_schema()
    checker = AlertChecker(db, alert_check_interval_s)
    pruner = HistoryPruner(db, sync_history_days)
    sweeper = ClaimSweeper(db, claim_lease_s, claim_sweep_interval_s)

    @contextlib.asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        async with checker.running(), pruner.running(), sweeper.running():
            try:
                yield
            finally:
                context.feed_waiters.close()

    app = FastAPI(
        lifespan=lifespan,
        title="Reference OMS",
        version="1",
        description=DESCRIPTION,
        openapi_url=f"{API_PREFIX}/openapi.json",
        docs_url=f"{API_PREFIX}/docs",
        redoc_url=None,
    )
    faults = FaultInjector() if fault_injection else None
    context = ServerContext(
        db=db,
        admin_key=admin_key or secrets.token_urlsafe(24),
        faults=faults,
        alerts=checker,
        history=pruner,
        claims=sweeper,
    )
    app.state.oms = context
    db.feed_listeners.append(context.feed_waiters.notify)
    # First of the middlewares, so the innermost: a bug anywhere behind it answers 500.
    install_error_handlers(app)
    routers = (
        health.router,
        stations.router,
        oms.router,
        admin.router,
        alerts.router,
        retention.router,
        fleet.station_router,
        fleet.admin_router,
        claims.station_router,
        claims.admin_router,
        admin.faults_router,
    )
    for router in routers:
        app.include_router(router, prefix=API_PREFIX)
    if faults is not None:
        app.add_middleware(FaultMiddleware, injector=faults)
    app.add_middleware(
        OverloadGuard,
        limits=limits
        or GuardLimits(max_in_flight, per_client_in_flight, body_timeout_s=body_timeout_s),
        admin_key=lambda: context.admin_key,
        station_of_token=lambda token: _device_of_token(db, token),
    )
    # Outermost, so every answer (refusals of the guard too) says the OMS's version.
    app.add_middleware(ContractVersionMiddleware)
    document_contract_version(app)
    return app


def _device_of_token(db: Database, token: str) -> str | None:
    with db.read_session() as session:
        station = station_by_token(session, token)
        return station.device_id if station is not None else None


def server_context_of(app: FastAPI) -> ServerContext:
    context = app.state.oms
    assert isinstance(context, ServerContext)
    return context
