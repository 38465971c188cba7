"""`wms-floor --demo-join DIR`: a second (third, …) station beside a running demo.

Several stations of one warehouse working the same orders is what order claims and the live
feed are for, and a new user should be able to see it without setting up an OMS: this reads
the running demo's OMS address and admin key from ``DIR/oms-keys.txt``, asks that OMS for a
one-use enrolment key, enrols a fresh store in ``DIR/station-N`` and opens its window. The
demo's OMS stays the first window's: it stops when that window closes.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

import httpx

from local_db.store import open_store
from station.config import StationConfig
from station.crash import CrashRelay, install_crash_handlers
from station.demo import DEMO_STATION_NAME, OMS_KEYS_FILE, ensure_keyring
from station.demo_errors import DemoError
from station.logging_setup import configure_logging
from sync.enrolment import enroll

log = logging.getLogger("wms.demo")

MAX_JOINED_STATIONS = 20
_KEY_LIFETIME_S = 600


@dataclass(frozen=True)
class RunningDemo:
    oms_url: str
    admin_key: str
    warehouse_id: str


def read_running_demo(demo_dir: Path) -> RunningDemo:
    """The running demo's OMS, from the keys file its first station wrote."""
    keys_file = demo_dir / OMS_KEYS_FILE
    try:
        text = keys_file.read_text(encoding="utf-8")
    except OSError as exc:
        raise DemoError(
            f"No running demo in {demo_dir} ({keys_file.name} cannot be read: {exc.strerror}). "
            "Start one first: wms-floor --demo --demo-dir " + str(demo_dir)
        ) from None
    values = dict(line.partition("=")[::2] for line in text.splitlines() if "=" in line)
    if not values.get("OMS_URL") or not values.get("ADMIN_KEY"):
        raise DemoError(f"{keys_file} does not name the demo OMS's URL and admin key.")
    return RunningDemo(values["OMS_URL"], values["ADMIN_KEY"], values.get("WAREHOUSE_ID", "WH01"))


def next_station_dir(demo_dir: Path) -> tuple[Path, int]:
    """The first ``station-N`` folder (N from 2; the demo's own station is number 1) that
    holds no store yet."""
    for number in range(2, MAX_JOINED_STATIONS + 2):
        folder = demo_dir / f"station-{number}"
        if not (folder / "station.sqlite3").exists():
            return folder, number
    raise DemoError(f"{demo_dir} already has {MAX_JOINED_STATIONS} joined stations.")


def _enrolment_key(demo: RunningDemo, label: str) -> str:
    try:
        answer = httpx.post(
            f"{demo.oms_url}/api/v1/enrolment-keys",
            headers={"X-Admin-Key": demo.admin_key},
            json={
                "warehouse_id": demo.warehouse_id,
                "label": label,
                "max_uses": 1,
                "expires_in_s": _KEY_LIFETIME_S,
            },
            timeout=10.0,
        )
    except httpx.TransportError as exc:
        raise DemoError(
            f"The demo OMS at {demo.oms_url} does not answer ({type(exc).__name__}); "
            "is the first demo window still open?"
        ) from None
    if answer.status_code != 201:
        raise DemoError(f"The demo OMS refused an enrolment key (HTTP {answer.status_code}).")
    key: str = answer.json()["enrolment_key"]
    return key


def prepare_joined_station(demo_dir: Path) -> StationConfig:
    """Enrol a new store beside the running demo's; returns its settings."""
    demo = read_running_demo(demo_dir)
    folder, number = next_station_dir(demo_dir)
    name = f"{DEMO_STATION_NAME} {number}"
    key = _enrolment_key(demo, name)
    folder.mkdir(parents=True, exist_ok=True)
    ensure_keyring()
    config = StationConfig(
        db_path=folder / "station.sqlite3",
        oms_url=demo.oms_url,
        warehouse_id=demo.warehouse_id,
        station_name=name,
        sync_interval_s=2.0,
        log_dir=folder / "logs",
    )
    store = open_store(config.db_path)
    try:
        enroll(store, demo.oms_url, demo.warehouse_id, key, name)
    finally:
        store.close()
    return config


def run_joined_demo(demo_dir: Path) -> int:
    folder, _ = next_station_dir(demo_dir)
    configure_logging(folder / "logs")
    crash_relay = CrashRelay()
    install_crash_handlers(folder / "logs", on_crash=crash_relay)
    from ui.launcher import application, run_station  # noqa: PLC0415 - Qt stays out of app/

    application()
    config = prepare_joined_station(demo_dir)
    print(f"Joined the demo in {demo_dir} as '{config.station_name}' ({config.db_path.parent})")
    return run_station(config, demo=True, crash_relay=crash_relay)
