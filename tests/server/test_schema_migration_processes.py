"""The OMS's schema migration as IT meets it, with the real ``oms-server`` processes: two
starting at once on one PostgreSQL database, a database a newer build migrated, the last
pre-migration build's database served, ``oms-server db``.

Seed 003 (分离库存模型, 优点): "OMS和WMS在数据库层面完全分离，可以独立部署、升级和演进" — the
OMS's database is upgraded on its own, by the OMS's own start.
"""

from __future__ import annotations

import subprocess
import sys
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest
from sqlalchemy import create_engine, text

from oms_server.db import Database
from oms_server.db_cli import EXIT_SCHEMA_TOO_NEW
from oms_server.schema_migrations import head_revision
from tests.server.schema_support import drift, load_before_migrations
from tests.support.oms_process import RunningOms, free_port, start_oms_server
from tests.support.postgres import fresh_postgres_database, postgres_base_url

WAIT_DEADLINE_S = 60.0


def _oms(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "oms_server", *args],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def _lines(output: str) -> dict[str, str]:
    return dict(line.split("=", 1) for line in output.splitlines() if "=" in line)


@pytest.fixture
def postgres_url() -> Iterator[str]:
    base_url = postgres_base_url()
    if base_url is None:
        pytest.skip("OMS_TEST_POSTGRES_URL is not set (scripts/start-test-postgres.sh)")
    with fresh_postgres_database(base_url) as url:
        yield url


def _wait_for_lock_waiters(admin_url: str, database: str, count: int) -> None:
    """Until ``count`` sessions on ``database`` wait for a lock (poll, no timing assertion)."""
    engine = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    query = text(
        "SELECT count(*) FROM pg_stat_activity WHERE datname = :name AND wait_event_type = 'Lock'"
    )
    try:
        deadline = time.monotonic() + WAIT_DEADLINE_S
        with engine.connect() as connection:
            while connection.execute(query, {"name": database}).scalar_one() < count:
                if time.monotonic() > deadline:
                    pytest.fail(f"{count} OMS processes never waited for the migration")
                time.sleep(0.05)
    finally:
        engine.dispose()


@pytest.mark.postgres
def test_two_oms_processes_starting_at_once_migrate_once(tmp_path: Path, postgres_url: str) -> None:
    """Both processes reach the migration while the test holds the first step of it (an
    uncommitted ``alembic_version`` table); released together, one migrates and the other,
    after the lock, finds the schema at head. Without the lock both create the tables and
    one start fails."""
    blocker_engine = create_engine(postgres_url)
    blocker = blocker_engine.connect()
    blocker.exec_driver_sql("CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL)")
    servers = [
        RunningOms(
            workdir=tmp_path / name,
            database_url=postgres_url,
            port=free_port(),
            admin_key="test-admin-key-0123456789",
        )
        for name in ("first", "second")
    ]
    for server in servers:
        server.workdir.mkdir()
    try:
        with ThreadPoolExecutor(max_workers=2) as pool:
            starts = [pool.submit(server.start) for server in servers]
            base_url = postgres_base_url()
            assert base_url is not None
            _wait_for_lock_waiters(base_url, blocker_engine.url.database or "", 2)
            blocker.rollback()
            for start in starts:
                start.result()
        for server in servers:
            health = httpx.get(server.api_url + "/health", timeout=10)
            assert health.status_code == 200
    finally:
        blocker.close()
        blocker_engine.dispose()
        for server in servers:
            server.kill()
    db = Database(postgres_url)
    try:
        with db.engine.connect() as connection:
            stamps = connection.exec_driver_sql("SELECT version_num FROM alembic_version").all()
        assert [tuple(stamp) for stamp in stamps] == [(head_revision(),)]
        assert drift(db) == []
    finally:
        db.dispose()


def test_a_database_a_newer_build_migrated_stops_every_command(database_url: str) -> None:
    """The server, its key and fleet commands and ``db upgrade`` exit 3 with the reason and
    write nothing; ``db current`` says ``too-new``."""
    db = Database(database_url)
    try:
        db.create_schema()
        with db.engine.begin() as connection:
            connection.exec_driver_sql("UPDATE alembic_version SET version_num = 'f00d'")
    finally:
        db.dispose()
    url = ["--database-url", database_url]
    for command in (
        ["--port", str(free_port()), *url],
        ["enrolment-key", "--warehouse", "WH01", "--create-warehouse", *url],
        ["stations", *url, "list"],
        ["db", *url, "upgrade"],
    ):
        finished = _oms(*command)
        assert finished.returncode == EXIT_SCHEMA_TOO_NEW, (command, finished.stderr)
        assert "schema revision f00d" in finished.stderr and "newer build" in finished.stderr
        assert "Traceback" not in finished.stderr
        assert "ENROLMENT_KEY=" not in finished.stdout
    current = _oms("db", *url, "current")
    assert current.returncode == EXIT_SCHEMA_TOO_NEW
    assert _lines(current.stdout) == {
        "REVISION": "f00d",
        "HEAD": head_revision(),
        "STATE": "too-new",
    }
    db = Database(database_url)
    try:
        with db.engine.connect() as connection:
            assert connection.exec_driver_sql("SELECT count(*) FROM warehouse").scalar_one() == 0
    finally:
        db.dispose()


def test_the_oms_serves_the_last_pre_migration_build_s_database(
    tmp_path: Path, database_url: str
) -> None:
    """A demo database of the last build before migrations: the OMS starts on it (adopting
    it) and shows its orders and stock as they were."""
    db = Database(database_url)
    try:
        load_before_migrations(db)
    finally:
        db.dispose()
    oms = start_oms_server(tmp_path, database_url=database_url)
    try:
        stock = oms.admin_get("/stock", warehouse_id="WH01", owner_id="ACME")
        assert stock.status_code == 200
        assert {line["sku_id"] for line in stock.json()["lines"]} >= {"ACME-LAMP-02"}
        order = oms.admin_get("/orders/SO-DEMO-0001")
        assert order.status_code == 200
        assert order.json()["order_no"] == "SO-DEMO-0001"
    finally:
        oms.kill()
    current = _oms("db", "--database-url", database_url, "current")
    assert _lines(current.stdout)["STATE"] == "at-head"


def test_the_db_commands(tmp_path: Path) -> None:
    url = ["--database-url", f"sqlite:///{tmp_path / 'oms.sqlite3'}"]
    assert _lines(_oms("db", *url, "current").stdout)["STATE"] == "unversioned"
    upgraded = _oms("db", *url, "upgrade")
    assert upgraded.returncode == 0, upgraded.stderr
    assert _lines(upgraded.stdout) == {"FROM": "none", "ADOPTED": "no", "REVISION": head_revision()}
    assert _lines(_oms("db", *url, "current").stdout) == {
        "REVISION": head_revision(),
        "HEAD": head_revision(),
        "STATE": "at-head",
    }
    history = _oms("db", "history").stdout.splitlines()
    assert history[0].startswith("0001\tinitial schema")
    assert history[-1].startswith(head_revision() + "\t")
