"""Station versions per warehouse (#15), on SQLite and PostgreSQL. Seed 003 (分离库存模型 4:
系统集成问题 — 接口版本不兼容导致数据传输失败, 系统升级后接口变更未同步更新): the OMS publishes
the minimum and recommended station versions per warehouse, kept in its database, and notes
the version each station reports, so IT sees which stations need the update."""

from __future__ import annotations

from sqlalchemy import select

from oms_contract import API_PREFIX
from oms_contract.station_versions import STATION_VERSION_HEADER
from oms_server.models import Station
from tests.server import payloads as p
from tests.server.driver import ADMIN_KEY, OmsDriver

ADMIN = {"X-Admin-Key": ADMIN_KEY}
PATH = API_PREFIX + "/warehouses/WH1/station-versions"


def test_the_admin_publishes_versions_per_warehouse_and_stations_read_them(
    oms: OmsDriver,
) -> None:
    station = oms.enrol("WH1")
    headers = {**station.headers, STATION_VERSION_HEADER: "1.2.0"}
    assert oms.client.get(PATH, headers=headers).json() == {
        "warehouse_id": "WH1",
        "minimum_version": None,
        "recommended_version": None,
    }
    policy = {"minimum_version": "1.2", "recommended_version": "1.10.1"}
    assert oms.client.put(PATH, json=policy).status_code == 401  # admins only
    answer = oms.client.put(PATH, json=policy, headers=ADMIN)
    assert answer.status_code == 200, answer.text
    assert oms.client.get(PATH, headers=headers).json() == {"warehouse_id": "WH1", **policy}
    # Refused: a recommended version below the minimum, a version that is not numbers, and
    # a warehouse that does not exist.
    bad = oms.client.put(
        PATH, json={"minimum_version": "2.0", "recommended_version": "1.9"}, headers=ADMIN
    )
    assert bad.status_code == 422
    assert oms.client.put(PATH, json={"minimum_version": "two"}, headers=ADMIN).status_code == 422
    missing = oms.client.put(
        API_PREFIX + "/warehouses/WH9/station-versions", json=policy, headers=ADMIN
    )
    assert (missing.status_code, missing.json()["error_code"]) == (404, "WAREHOUSE_NOT_FOUND")
    assert oms.client.get(PATH, headers=headers).json()["minimum_version"] == "1.2"
    # Another warehouse's station cannot read WH1's.
    other = oms.enrol("WH2")
    assert oms.client.get(PATH, headers=other.headers).status_code == 403
    # Cleared again.
    cleared = oms.client.put(PATH, json={}, headers=ADMIN).json()
    assert (cleared["minimum_version"], cleared["recommended_version"]) == (None, None)


def test_the_version_a_station_reports_is_kept_for_it(oms: OmsDriver) -> None:
    station = oms.enrol("WH1")
    assert oms.db is not None

    def reported() -> str | None:
        assert oms.db is not None
        with oms.db.read_session() as session:
            return session.scalar(
                select(Station.station_version).where(Station.device_id == station.device_id)
            )

    assert reported() is None
    for version in ("0.9.0", "1.0.0"):
        headers = {**station.headers, STATION_VERSION_HEADER: version}
        assert oms.client.get(PATH, headers=headers).status_code == 200
        assert reported() == version


def test_a_station_learns_how_far_the_oms_has_its_events(demo_oms: OmsDriver) -> None:
    """For a restore from a backup (#15): the highest station number the OMS accepted, from
    the event ids it keeps for ever; another station's events do not count."""
    station = demo_oms.enrol("WH01")
    other = demo_oms.enrol("WH01")
    progress = API_PREFIX + "/stations/me/progress"
    assert demo_oms.client.get(progress, headers=station.headers).json() == {
        "device_id": station.device_id,
        "warehouse_id": "WH01",
        "highest_accepted_seq": 0,
    }
    demo_oms.push(station, p.adjust("ACME", "ACME-MUG-01", 1), p.adjust("ACME", "ACME-MUG-01", 1))
    demo_oms.push(other, *(p.adjust("ACME", "ACME-MUG-01", 1) for _ in range(3)))
    answer = demo_oms.client.get(progress, headers=station.headers).json()
    assert answer["highest_accepted_seq"] == 2
    assert demo_oms.client.get(progress).status_code == 401
