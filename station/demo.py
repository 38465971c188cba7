"""`wms-floor --demo`: the station against a local reference OMS seeded with demo data.

Starts ``oms-server --demo`` on a free loopback port, enrols a station store with the key it
prints, and opens the station window, so a new user sees real work at once. Everything lives
in one demo folder (a temporary one unless ``--demo-dir`` is given); the OMS stops with the
window.
"""

from __future__ import annotations

import importlib.util
import logging
import os
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

import httpx
import keyring

from local_db.store import open_store
from station.config import StationConfig
from station.crash import CrashRelay, install_crash_handlers
from station.demo_errors import DemoError
from station.logging_setup import configure_logging
from sync.credentials import CredentialStoreUnavailable, SessionOnlyKeyring, usable_backend
from sync.enrolment import enroll

log = logging.getLogger("wms.demo")

START_DEADLINE_S = 60.0
DEMO_STATION_NAME = "Demo station"
OMS_KEYS_FILE = "oms-keys.txt"


@dataclass
class LocalOms:
    """A reference OMS running as a child process on this machine."""

    process: subprocess.Popen[str]
    base_url: str
    enrolment_key: str
    warehouse_id: str
    log_file: TextIO
    admin_key: str = ""

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        if self.process.stdout is not None:
            self.process.stdout.close()
        self.log_file.close()


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def start_local_oms(workdir: Path) -> LocalOms:
    """Start ``oms-server --demo`` with its database in ``workdir`` and wait until it answers."""
    if importlib.util.find_spec("oms_server") is None:
        raise DemoError(
            "The demo needs the reference OMS server, which this installation does not "
            "include. Install the project with its 'server' extra: pip install -e '.[server]'."
        )
    port = _free_port()
    command = [
        sys.executable,
        "-m",
        "oms_server",
        "--demo",
        "--port",
        str(port),
        "--database-url",
        f"sqlite:///{workdir / 'oms.sqlite3'}",
        "--log-level",
        "warning",
    ]
    log_file = (workdir / "oms-server.log").open("a", encoding="utf-8")
    process = subprocess.Popen(
        command,
        stdout=subprocess.PIPE,
        stderr=log_file,
        text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    oms = LocalOms(process, "", "", "", log_file)
    try:
        printed = _read_printed_keys(process, workdir)
        oms.base_url = printed["OMS_URL"]
        oms.enrolment_key = printed["ENROLMENT_KEY"]
        oms.warehouse_id = printed.get("DEMO_WAREHOUSE_ID", "WH01")
        oms.admin_key = printed.get("ADMIN_KEY", "")
        _wait_until_healthy(process, oms.base_url)
    except BaseException:
        oms.stop()
        raise
    return oms


def _read_printed_keys(process: subprocess.Popen[str], workdir: Path) -> dict[str, str]:
    """``oms-server`` prints KEY=value lines, OMS_URL last, before it serves."""
    printed: dict[str, str] = {}
    assert process.stdout is not None
    while "OMS_URL" not in printed:
        line = process.stdout.readline()
        if not line:
            raise DemoError(f"The demo OMS stopped at start; see {workdir / 'oms-server.log'}.")
        key, _, value = line.strip().partition("=")
        printed[key] = value
    return printed


def _wait_until_healthy(process: subprocess.Popen[str], base_url: str) -> None:
    deadline = time.monotonic() + START_DEADLINE_S
    with httpx.Client(timeout=2.0) as client:
        while time.monotonic() < deadline:
            if process.poll() is not None:
                raise DemoError(f"The demo OMS exited with code {process.returncode}.")
            try:
                if client.get(f"{base_url}/api/v1/health").status_code == 200:
                    return
            except httpx.TransportError:
                pass
            time.sleep(0.1)
    raise DemoError(f"The demo OMS did not answer within {START_DEADLINE_S:.0f} s.")


def ensure_keyring() -> None:
    try:
        usable_backend()
    except CredentialStoreUnavailable:
        log.warning("No OS keyring here: the demo keeps its throwaway token in memory only.")
        keyring.set_keyring(SessionOnlyKeyring())


def prepare_demo_station(workdir: Path, oms: LocalOms) -> StationConfig:
    """Enrol a station store in ``workdir`` with the local OMS; returns its settings."""
    ensure_keyring()
    config = StationConfig(
        db_path=workdir / "station.sqlite3",
        oms_url=oms.base_url,
        warehouse_id=oms.warehouse_id,
        station_name=DEMO_STATION_NAME,
        sync_interval_s=2.0,
        log_dir=workdir / "logs",
    )
    store = open_store(config.db_path)
    try:
        enroll(store, oms.base_url, oms.warehouse_id, oms.enrolment_key, DEMO_STATION_NAME)
    finally:
        store.close()
    return config


def write_oms_keys(workdir: Path, oms: LocalOms) -> Path:
    """The throwaway OMS's URL and admin key, for trying its OMS-side API (create an order,
    cancel one) next to the station. Never the station's token: that stays in the keyring."""
    keys_file = workdir / OMS_KEYS_FILE
    keys_file.touch(mode=0o600)
    keys_file.write_text(
        f"OMS_URL={oms.base_url}\nADMIN_KEY={oms.admin_key}\nWAREHOUSE_ID={oms.warehouse_id}\n",
        encoding="utf-8",
    )
    return keys_file


def run_demo(demo_dir: Path | None) -> int:
    workdir = demo_dir or Path(tempfile.mkdtemp(prefix="wms-floor-demo-"))
    workdir.mkdir(parents=True, exist_ok=True)
    configure_logging(workdir / "logs")
    crash_relay = CrashRelay()
    install_crash_handlers(workdir / "logs", on_crash=crash_relay)
    print(f"Demo data and logs: {workdir}")
    from ui.launcher import application, run_station  # noqa: PLC0415 - Qt stays out of app/

    # The window system first: Qt aborts the process when there is no screen, and an abort
    # started after the OMS would leave the OMS running with nobody to stop it.
    application()
    oms = start_local_oms(workdir)
    try:
        config = prepare_demo_station(workdir, oms)
        print(f"Local reference OMS: {oms.base_url} (warehouse {oms.warehouse_id})")
        print(f"Its admin key (X-Admin-Key) is in {write_oms_keys(workdir, oms)}")
        print("Log in by scanning (or typing + Enter) a badge: P001 picker, S001 supervisor.")
        print(f"A second station beside this one: wms-floor --demo-join {workdir}")
        return run_station(config, demo=True, crash_relay=crash_relay)
    finally:
        oms.stop()
