"""The reference OMS as a real process on a real loopback port, for end-to-end tests.

``start_oms_server(tmp_path)`` runs ``oms-server`` (or ``python -m oms_server``) with a tmp
SQLite file (or the given database URL), waits until ``GET /api/v1/health`` answers, and
reads the keys the server prints (``ADMIN_KEY=``; with ``--demo`` also ``ENROLMENT_KEY=``).
Outside the demo, :meth:`RunningOms.enrolment_key_for` makes a key the way an admin would.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

from tests.support import log_watch

API = "/api/v1"
START_DEADLINE_S = 60.0
STOP_DEADLINE_S = 20.0
POLL_INTERVAL_S = 0.05


class OmsProcessError(RuntimeError):
    pass


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def _server_command() -> list[str]:
    script = Path(sys.executable).parent / "oms-server"
    if script.exists():
        return [str(script)]
    return [sys.executable, "-m", "oms_server"]


@dataclass
class RunningOms:
    """A started server. ``restart()`` keeps the database and the port."""

    workdir: Path
    database_url: str
    port: int
    admin_key: str
    demo: bool = False
    fault_injection: bool = True
    extra_args: list[str] = field(default_factory=list)
    enrolment_key: str = ""
    demo_warehouse_id: str | None = None
    process: subprocess.Popen[bytes] | None = None
    starts: int = 0

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def api_url(self) -> str:
        return self.base_url + API

    @property
    def stdout_path(self) -> Path:
        return self.workdir / f"oms-stdout-{self.starts}.txt"

    @property
    def log_path(self) -> Path:
        return self.workdir / f"oms-stderr-{self.starts}.txt"

    def admin_headers(self) -> dict[str, str]:
        return {"X-Admin-Key": self.admin_key}

    # --- lifecycle -----------------------------------------------------------------

    def start(self) -> None:
        if self.is_running():
            raise OmsProcessError("the OMS server is already running")
        self.starts += 1
        args = [
            *_server_command(),
            "--host",
            "127.0.0.1",
            "--port",
            str(self.port),
            "--database-url",
            self.database_url,
            "--admin-key",
            self.admin_key,
            "--log-level",
            "warning",
            *self.extra_args,
        ]
        if self.demo:
            args.append("--demo")
        if self.fault_injection:
            args.append("--fault-injection")
        env = {**os.environ, "PYTHONUNBUFFERED": "1"}
        env.pop("OMS_ADMIN_KEY", None)
        with self.stdout_path.open("wb") as out, self.log_path.open("wb") as err:
            self.process = subprocess.Popen(args, stdout=out, stderr=err, env=env)
        watch = log_watch.current()
        if watch is not None:  # the test fails on an ERROR the server logged
            watch.watch_text_log(self.log_path)
        self._wait_healthy()
        self._read_printed_keys()

    def stop(self) -> None:
        """SIGTERM: uvicorn finishes what is in flight and exits."""
        self._signal(signal.SIGTERM)

    def kill(self) -> None:
        """SIGKILL: the process dies mid-whatever, like a power cut."""
        self._signal(signal.SIGKILL)

    def restart(self) -> None:
        if self.is_running():
            self.stop()
        self.start()

    def is_running(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def _signal(self, signum: int) -> None:
        if self.process is None:
            return
        if self.process.poll() is None:
            self.process.send_signal(signum)
            try:
                self.process.wait(timeout=STOP_DEADLINE_S)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=STOP_DEADLINE_S)
        self.process = None

    def _wait_healthy(self) -> None:
        deadline = time.monotonic() + START_DEADLINE_S
        with httpx.Client(timeout=2.0) as client:
            while time.monotonic() < deadline:
                assert self.process is not None
                if self.process.poll() is not None:
                    raise OmsProcessError(
                        f"oms-server exited with {self.process.returncode}:\n{self._log_tail()}"
                    )
                try:
                    if client.get(self.api_url + "/health").status_code == 200:
                        return
                except httpx.TransportError:
                    pass
                time.sleep(POLL_INTERVAL_S)
        self.kill()
        raise OmsProcessError(f"oms-server did not become healthy:\n{self._log_tail()}")

    def _read_printed_keys(self) -> None:
        printed = dict(
            line.split("=", 1) for line in self.stdout_path.read_text().splitlines() if "=" in line
        )
        if self.demo and "ENROLMENT_KEY" not in printed:
            raise OmsProcessError(f"no ENROLMENT_KEY line in the output:\n{printed}")
        self.enrolment_key = printed.get("ENROLMENT_KEY", "")
        self.demo_warehouse_id = printed.get("DEMO_WAREHOUSE_ID")

    def _log_tail(self) -> str:
        try:
            return self.log_path.read_text(errors="replace")[-4000:]
        except OSError:
            return "(no log)"

    # --- conveniences for tests ------------------------------------------------------

    def enrolment_key_for(self, warehouse_id: str, max_uses: int = 1000) -> str:
        """A new key for ``warehouse_id`` (created if new), through the admin API."""
        httpx.put(
            f"{self.api_url}/warehouses/{warehouse_id}", headers=self.admin_headers(), timeout=10
        ).raise_for_status()
        response = self.admin_post(
            "/enrolment-keys",
            {"warehouse_id": warehouse_id, "label": "tests", "max_uses": max_uses},
        )
        response.raise_for_status()
        key: str = response.json()["enrolment_key"]
        return key

    def enrol(self, warehouse_id: str, station_name: str = "test station") -> dict[str, Any]:
        """Enrol a station and confirm it; answers the EnrolResponse JSON (device_id,
        warehouse_id, token, confirm_before)."""
        response = httpx.post(
            self.api_url + "/stations/enrol",
            json={
                "enrolment_key": self.enrolment_key_for(warehouse_id),
                "warehouse_id": warehouse_id,
                "station_name": station_name,
            },
            timeout=10,
        )
        response.raise_for_status()
        body: dict[str, Any] = response.json()
        httpx.post(
            self.api_url + "/stations/enrol/confirm",
            headers={"Authorization": f"Bearer {body['token']}"},
            timeout=10,
        ).raise_for_status()
        return body

    def admin_post(self, path: str, body: Any, **params: str) -> httpx.Response:
        return httpx.post(
            self.api_url + path,
            json=body,
            params=params or None,
            headers=self.admin_headers(),
            timeout=10,
        )

    def admin_get(self, path: str, **params: str) -> httpx.Response:
        return httpx.get(
            self.api_url + path, params=params or None, headers=self.admin_headers(), timeout=10
        )

    def inject_fault(
        self,
        path: str,
        *,
        mode: str = "status",
        status_code: int = 503,
        retry_after_s: float = 1,
        count: int = 1,
    ) -> None:
        """Arm a fault: ``mode="status"`` answers ``status_code`` with Retry-After for the
        next ``count`` requests to ``path`` (a trailing ``*`` matches a prefix);
        ``mode="drop_after_commit"`` lets the request commit, then drops the connection."""
        response = self.admin_post(
            "/_faults",
            {
                "path": path,
                "mode": mode,
                "status_code": status_code,
                "retry_after_s": retry_after_s,
                "count": count,
            },
        )
        response.raise_for_status()

    def clear_faults(self) -> None:
        httpx.delete(
            self.api_url + "/_faults", headers=self.admin_headers(), timeout=10
        ).raise_for_status()


def start_oms_server(
    tmp_path: Path,
    database_url: str | None = None,
    demo: bool = False,
    *,
    fault_injection: bool = True,
    admin_key: str = "test-admin-key-0123456789",
    extra_args: list[str] | None = None,
) -> RunningOms:
    """Start the real server (fault injection on by default: these are tests)."""
    workdir = tmp_path / "oms"
    workdir.mkdir(parents=True, exist_ok=True)
    oms = RunningOms(
        workdir=workdir,
        database_url=database_url or f"sqlite:///{workdir / 'oms.sqlite3'}",
        port=free_port(),
        admin_key=admin_key,
        demo=demo,
        fault_injection=fault_injection,
        extra_args=list(extra_args or []),
    )
    oms.start()
    return oms
