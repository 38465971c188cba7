"""Enrolment keys an administrator makes (one warehouse, a use limit, an expiry), two-phase
enrolment that spends a key only on confirm, revoked tokens, throttled failed enrolments.

Against the real server process (on SQLite and PostgreSQL); expiry through the service with
a moved clock."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from oms_contract.sync_api import EnrolRequest
from oms_server.db import Database
from oms_server.errors import ApiError
from oms_server.models import EnrolmentKey, Station, utc_now
from oms_server.services import enrolment
from tests.server.driver import OmsDriver
from tests.server.old_builds import forget_migrations
from tests.support.oms_process import RunningOms, start_oms_server


@pytest.fixture
def real_oms(database_url: str, tmp_path: Path) -> Iterator[RunningOms]:
    oms = start_oms_server(tmp_path, database_url)
    try:
        yield oms
    finally:
        oms.kill()


def _enrol(oms: RunningOms, key: str, warehouse_id: str = "WH01", **extra: Any) -> httpx.Response:
    return httpx.post(
        oms.api_url + "/stations/enrol",
        json={"enrolment_key": key, "warehouse_id": warehouse_id, **extra},
        timeout=10,
    )


def _confirm(oms: RunningOms, token: str) -> httpx.Response:
    return httpx.post(
        oms.api_url + "/stations/enrol/confirm",
        headers={"Authorization": f"Bearer {token}"},
        timeout=10,
    )


def _feed_status(oms: RunningOms, token: str, warehouse_id: str = "WH01") -> int:
    response = httpx.get(
        f"{oms.api_url}/warehouses/{warehouse_id}/feed",
        headers={"Authorization": f"Bearer {token}"},
        timeout=10,
    )
    return response.status_code


def _stations(oms: RunningOms) -> list[str]:
    response = oms.admin_get("/monitoring")
    response.raise_for_status()
    return [row["device_id"] for row in response.json()["backlog"]]


def test_no_enrolment_key_is_printed_outside_the_demo(real_oms: RunningOms) -> None:
    printed = real_oms.stdout_path.read_text()
    assert "ENROLMENT_KEY=" not in printed
    assert "ADMIN_KEY=" in printed


def test_the_demo_prints_a_key_for_its_existing_warehouse(oms_demo_server: RunningOms) -> None:
    assert oms_demo_server.enrolment_key.startswith("ek_")
    other = _enrol(oms_demo_server, oms_demo_server.enrolment_key, "WH02")
    assert (other.status_code, other.json()["error_code"]) == (409, "WAREHOUSE_MISMATCH")
    answer = _enrol(oms_demo_server, oms_demo_server.enrolment_key, "WH01")
    assert answer.status_code == 201
    assert _confirm(oms_demo_server, answer.json()["token"]).status_code == 200


def test_keys_are_for_one_existing_warehouse_with_a_limit_and_an_expiry(
    real_oms: RunningOms,
) -> None:
    refused = real_oms.admin_post("/enrolment-keys", {"warehouse_id": "WH01"})
    assert (refused.status_code, refused.json()["error_code"]) == (404, "WAREHOUSE_NOT_FOUND")
    no_warehouse = real_oms.admin_post("/enrolment-keys", {"label": "any warehouse"})
    assert no_warehouse.status_code == 422
    httpx.put(
        real_oms.api_url + "/warehouses/WH01", headers=real_oms.admin_headers(), timeout=10
    ).raise_for_status()
    made = real_oms.admin_post("/enrolment-keys", {"warehouse_id": "WH01"})
    assert made.status_code == 201
    body = made.json()
    assert (body["warehouse_id"], body["max_uses"]) == ("WH01", 1)
    expires_at = dt.datetime.fromisoformat(body["expires_at"])
    assert dt.timedelta(hours=23) < expires_at - dt.datetime.now(dt.UTC) <= dt.timedelta(days=1)


def test_a_key_is_spent_only_by_a_confirmed_enrolment(real_oms: RunningOms) -> None:
    key = real_oms.enrolment_key_for("WH01", max_uses=1)
    # A station that never confirms (its keyring failed) spends nothing and shows nowhere.
    abandoned = _enrol(real_oms, key)
    assert abandoned.status_code == 201
    pending_token = abandoned.json()["token"]
    assert _feed_status(real_oms, pending_token) == 401
    assert _stations(real_oms) == []

    kept = _enrol(real_oms, key)
    assert kept.status_code == 201
    device_id = kept.json()["device_id"]
    confirmed = _confirm(real_oms, kept.json()["token"])
    assert confirmed.status_code == 200
    assert confirmed.json() == {"device_id": device_id, "warehouse_id": "WH01"}
    # Confirming again (a lost answer retried) answers the same and spends nothing more.
    assert _confirm(real_oms, kept.json()["token"]).json() == confirmed.json()
    assert _feed_status(real_oms, kept.json()["token"]) == 200
    assert _stations(real_oms) == [device_id]

    # The key is used up now: the abandoned enrolment cannot be confirmed late on it.
    late = _confirm(real_oms, pending_token)
    assert (late.status_code, late.json()["error_code"]) == (401, "ENROLMENT_KEY_USED_UP")
    again = _enrol(real_oms, key)
    assert (again.status_code, again.json()["error_code"]) == (401, "ENROLMENT_KEY_USED_UP")
    assert _stations(real_oms) == [device_id]


def test_reenrolment_revokes_the_previous_token(real_oms: RunningOms) -> None:
    first = real_oms.enrol("WH01")
    key = real_oms.enrolment_key_for("WH01")
    second = _enrol(real_oms, key, replaces_device_id=first["device_id"]).json()
    assert _feed_status(real_oms, first["token"]) == 200  # until the new one is confirmed
    assert _confirm(real_oms, second["token"]).status_code == 200
    assert _feed_status(real_oms, first["token"]) == 401
    assert _feed_status(real_oms, second["token"]) == 200
    assert _stations(real_oms) == [second["device_id"]]


def test_a_key_never_revokes_another_warehouses_station(real_oms: RunningOms) -> None:
    there = real_oms.enrol("WH02")
    key = real_oms.enrolment_key_for("WH01")
    here = _enrol(real_oms, key, replaces_device_id=there["device_id"]).json()
    assert _confirm(real_oms, here["token"]).status_code == 200
    assert _feed_status(real_oms, there["token"], "WH02") == 200


def test_an_admin_revokes_a_station(real_oms: RunningOms) -> None:
    station = real_oms.enrol("WH01")
    revoked = real_oms.admin_post(f"/stations/{station['device_id']}/revoke", None)
    assert revoked.status_code == 200
    assert revoked.json()["state"] == "revoked"
    response = httpx.get(
        real_oms.api_url + "/warehouses/WH01/feed",
        headers={"Authorization": f"Bearer {station['token']}"},
        timeout=10,
    )
    assert (response.status_code, response.json()["error_code"]) == (401, "STATION_REVOKED")
    assert "revoked" in response.json()["message"]
    unknown = real_oms.admin_post("/stations/ST-NOPE/revoke", None)
    assert (unknown.status_code, unknown.json()["error_code"]) == (404, "STATION_NOT_FOUND")
    needs_admin = httpx.post(real_oms.api_url + f"/stations/{station['device_id']}/revoke")
    assert needs_admin.status_code == 401


def test_failed_enrolments_from_one_address_are_throttled(real_oms: RunningOms) -> None:
    good_key = real_oms.enrolment_key_for("WH01")
    statuses = []
    with httpx.Client(timeout=10) as client:
        for attempt in range(30):
            response = client.post(
                real_oms.api_url + "/stations/enrol",
                json={"enrolment_key": f"ek_wrong-guess-{attempt:04d}", "warehouse_id": "WH01"},
            )
            statuses.append(response.status_code)
        throttled = response
        # While throttled, even a good key waits: guessing cannot go on between good tries.
        good = client.post(
            real_oms.api_url + "/stations/enrol",
            json={"enrolment_key": good_key, "warehouse_id": "WH01"},
        )
    assert statuses[:10] == [401] * 10
    assert set(statuses[10:]) == {429}
    assert throttled.json()["error_code"] == "TOO_MANY_REQUESTS"
    assert 1 <= int(throttled.headers["Retry-After"]) <= 60
    assert good.status_code == 429


def test_the_cli_makes_a_key_an_enrolment_can_use(tmp_path: Path) -> None:
    database_url = f"sqlite:///{tmp_path / 'oms' / 'oms.sqlite3'}"
    command = [sys.executable, "-m", "oms_server", "enrolment-key", "--database-url", database_url]
    refused = subprocess.run(
        [*command, "--warehouse", "WH05"], capture_output=True, text=True, check=False
    )
    assert refused.returncode == 2
    assert "WH05 does not exist" in refused.stderr
    made = subprocess.run(
        [*command, "--warehouse", "WH05", "--create-warehouse", "--max-uses", "2"],
        capture_output=True,
        text=True,
        check=True,
    )
    printed = dict(line.split("=", 1) for line in made.stdout.splitlines())
    assert (printed["WAREHOUSE_ID"], printed["MAX_USES"]) == ("WH05", "2")
    oms = start_oms_server(tmp_path, database_url)
    try:
        answer = _enrol(oms, printed["ENROLMENT_KEY"], "WH05")
        assert answer.status_code == 201
        assert _confirm(oms, answer.json()["token"]).status_code == 200
    finally:
        oms.kill()


# --- expiry, with the clock moved (service level, same database kinds) -----------------------


def _key_row(oms: OmsDriver, warehouse_id: str) -> tuple[str, int]:
    assert oms.db is not None
    with oms.db.write_transaction() as session:
        enrolment.ensure_warehouse(session, warehouse_id)
        key, row = enrolment.create_enrolment_key(session, warehouse_id, max_uses=1)
        return key, row.id


def test_an_unconfirmed_enrolment_expires_and_leaves_nothing(oms: OmsDriver) -> None:
    assert oms.db is not None
    key, key_id = _key_row(oms, "WH01")
    request = EnrolRequest(enrolment_key=key, warehouse_id="WH01")
    with oms.db.write_transaction() as session:
        pending = enrolment.enrol_station(session, request)
    late = utc_now() + enrolment.PENDING_TTL + dt.timedelta(seconds=1)
    with pytest.raises(ApiError) as caught, oms.db.write_transaction() as session:
        enrolment.confirm_enrolment(session, pending.token, late)
    assert caught.value.error_code == "ENROLMENT_EXPIRED"
    # Another pending one left to expire is swept by the next enrolment.
    with oms.db.write_transaction() as session:
        enrolment.enrol_station(session, request)
    with oms.db.write_transaction() as session:
        enrolment.enrol_station(session, request, late + enrolment.PENDING_TTL)
    with oms.db.read_session() as session:
        assert session.query(Station).count() == 1  # only the newest, still pending
        assert session.get(EnrolmentKey, key_id).uses == 0  # type: ignore[union-attr]


def test_an_expired_key_is_refused(oms: OmsDriver) -> None:
    assert oms.db is not None
    key, _ = _key_row(oms, "WH01")
    request = EnrolRequest(enrolment_key=key, warehouse_id="WH01")
    with pytest.raises(ApiError) as caught, oms.db.write_transaction() as session:
        enrolment.enrol_station(session, request, utc_now() + dt.timedelta(days=2))
    assert caught.value.error_code == "ENROLMENT_KEY_EXPIRED"


def test_a_database_from_before_gets_the_new_columns_and_keeps_its_stations(
    database_url: str,
) -> None:
    db = Database(database_url)
    try:
        db.create_schema()
        new_columns = {
            "station": ("state", "confirm_before", "enrolment_key_id", "replaces_device_id"),
            "enrolment_key": ("expires_at",),
        }
        with db.engine.begin() as connection:
            for table, columns in new_columns.items():
                for column in columns:
                    connection.exec_driver_sql(f"ALTER TABLE {table} DROP COLUMN {column}")
            connection.exec_driver_sql("ALTER TABLE station DROP COLUMN revoked_at")
            connection.exec_driver_sql(
                "INSERT INTO warehouse (warehouse_id, last_feed_seq, created_at) "
                "VALUES ('WH01', 0, CURRENT_TIMESTAMP)"
            )
            connection.exec_driver_sql(
                "INSERT INTO station (device_id, warehouse_id, station_name, token_hash, "
                "enrolled_at, feed_cursor, pseudo) VALUES "
                "('ST-OLD', 'WH01', 'old', 'hash', CURRENT_TIMESTAMP, 0, false)"
            )
            forget_migrations(connection)
        db.create_schema()
        with db.read_session() as session:
            old = session.get(Station, "ST-OLD")
            assert old is not None
            assert (old.state, old.revoked_at) == ("active", None)
    finally:
        db.dispose()
