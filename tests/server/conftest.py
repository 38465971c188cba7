"""Server tests: each runs on SQLite and, when OMS_TEST_POSTGRES_URL is set, on PostgreSQL."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from oms_server.app import create_app, server_context_of
from tests.server.driver import ADMIN_KEY, OmsDriver
from tests.support.fixtures import oms_demo_server, oms_server
from tests.support.postgres import fresh_postgres_database, postgres_base_url
from tests.support.testclient import TestClient

__all__ = ["oms_demo_server", "oms_server"]


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'oms.sqlite3'}"
        return
    base_url = postgres_base_url()
    if base_url is None:
        # In CI a missing PostgreSQL is a broken set-up, not a reason to test less.
        if os.environ.get("CI"):
            pytest.fail("CI=true but OMS_TEST_POSTGRES_URL is not set: PostgreSQL did not start")
        pytest.skip("OMS_TEST_POSTGRES_URL is not set (scripts/start-test-postgres.sh)")
    with fresh_postgres_database(base_url) as url:
        yield url


@pytest.fixture
def oms(database_url: str) -> Iterator[OmsDriver]:
    """The app in process (TestClient) on an empty database."""
    # No scheduled alert check: a test runs it when it wants (POST /alerts/check).
    app = create_app(database_url, admin_key=ADMIN_KEY, alert_check_interval_s=None)
    try:
        with TestClient(app, raise_server_exceptions=True) as client:
            yield OmsDriver(client, server_context_of(app).db)
    finally:
        server_context_of(app).db.dispose()


@pytest.fixture
def demo_oms(oms: OmsDriver) -> OmsDriver:
    """The app with the demo data: WH01, stock in bins, twelve orders, two inbound orders."""
    oms.seed_demo()
    return oms
