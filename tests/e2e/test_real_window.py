"""The real station in a real X window: `wms-floor --demo` started as a user starts it, on a
private Xvfb screen, and one demo order picked, packed and shipped with keys sent by xdotool
the way a keyboard-wedge scanner sends them (a fast burst ending in Enter); weights and package
counts are typed at a person's pace.

What to scan next is read the way a picker reads the screen: the station's answer to each scan
(its JSON-lines log says what it asks for next) and the pick tasks in its store (read-only).
The result is checked where it matters: at the OMS, in the outbox and in the bin stock.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import signal
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest

from oms_server.demo import demo_commands
from tests.e2e.x_display import XDisplay, require_x_tools, running_xvfb
from tests.support import log_watch
from tests.support.waiting import wait_until

pytestmark = [pytest.mark.xvfb, pytest.mark.slow]

WINDOW_TITLE = "Warehouse station|仓库工作站"
SCAN_KEY_DELAY_MS = 3
"""A scanner's burst: well under the station's default scanner_max_key_interval_ms (30)."""
TYPING_KEY_DELAY_MS = 150
"""A person on the keypad: well over it."""
START_DEADLINE_S = 180.0
ANSWER_DEADLINE_S = 30.0
SYNC_DEADLINE_S = 120.0
PICKER = "P001"

ANSWER = re.compile(
    r"^answer (?P<feedback>\w+) (?P<message>\S+); mode (?P<mode>\w+) "
    r"order (?P<order>\S+); next (?P<prompt>\w+)$"
)


@dataclass(frozen=True)
class Answer:
    feedback: str
    message: str
    mode: str
    order: str
    prompt: str


@dataclass(frozen=True)
class PickTaskRow:
    task_id: int
    stock_id: int
    location_code: str
    owner_id: str
    sku_id: str
    batch_no: str | None
    quantity: int


class RealStation:
    """The running `wms-floor --demo` process, its window, its store and its log."""

    def __init__(
        self, display: XDisplay, process: subprocess.Popen[bytes], demo_dir: Path, output: Path
    ) -> None:
        self.display = display
        self.process = process
        self.demo_dir = demo_dir
        self.output = output
        self.window = ""

    @property
    def db_path(self) -> Path:
        return self.demo_dir / "station.sqlite3"

    @property
    def log_path(self) -> Path:
        return self.demo_dir / "logs" / "station.log"

    def alive(self) -> None:
        if self.process.poll() is not None:
            output = self.output.read_text(encoding="utf-8", errors="replace")[-4000:]
            raise AssertionError(f"wms-floor exited with {self.process.returncode}:\n{output}")

    # --- what the station says -------------------------------------------------------------

    def answers(self) -> list[Answer]:
        if not self.log_path.exists():
            return []
        found = []
        for line in self.log_path.read_text(encoding="utf-8").splitlines():
            try:
                record = json.loads(line)
            except json.JSONDecodeError:
                continue  # a line being written right now
            match = (
                ANSWER.match(record.get("msg", "")) if record.get("logger") == "wms.ui" else None
            )
            if match:
                found.append(Answer(**match.groupdict()))
        return found

    def query(self, sql: str, *params: object) -> list[tuple[Any, ...]]:
        # Read-only: the test must never take the station's writer lock.
        uri = f"file:{self.db_path}?mode=ro"
        with closing(sqlite3.connect(uri, uri=True, timeout=10)) as connection:
            return connection.execute(sql, params).fetchall()

    # --- what the operator does ------------------------------------------------------------

    def _keys(self, text: str, delay_ms: int) -> Answer:
        before = len(self.answers())
        # One xdotool call for the code and its Enter (chained after ``--args 1``), so no
        # process start-up falls between the last key and Enter.
        self.display.xdotool("type", "--delay", str(delay_ms), "--args", "1", text, "key", "Return")

        def next_answer() -> Answer | None:
            answers = self.answers()
            return answers[before] if len(answers) > before else None

        answer = wait_until(next_answer, ANSWER_DEADLINE_S, f"the answer to {text!r}", self.alive)
        assert answer.feedback != "bad", f"{text!r} was refused: {answer}"
        return answer

    def scan(self, code: str) -> Answer:
        return self._keys(code, SCAN_KEY_DELAY_MS)

    def type_number(self, text: str) -> Answer:
        return self._keys(text, TYPING_KEY_DELAY_MS)


@pytest.fixture
def real_station(tmp_path: Path) -> Iterator[RealStation]:
    require_x_tools()
    demo_dir = tmp_path / "demo"
    output = tmp_path / "wms-floor.out"
    with running_xvfb(tmp_path / "xvfb.log") as display:
        env = {
            **os.environ,
            **display.env(),
            "QT_QPA_PLATFORM": "xcb",
            "LANG": "C.UTF-8",
            "LANGUAGE": "en",
            "PYTHONUNBUFFERED": "1",
            # The demo's files stay in the test's folder, not the user's.
            "XDG_CONFIG_HOME": str(tmp_path / "xdg-config"),
            "XDG_DATA_HOME": str(tmp_path / "xdg-data"),
            "XDG_STATE_HOME": str(tmp_path / "xdg-state"),
            "XDG_CACHE_HOME": str(tmp_path / "xdg-cache"),
        }
        env.pop("WMS_FLOOR_CONFIG", None)
        wms_floor = Path(sys.executable).with_name("wms-floor")
        command = (
            [str(wms_floor)] if wms_floor.exists() else [sys.executable, "-m", "station.main"]
        ) + ["--demo", "--demo-dir", str(demo_dir)]
        with output.open("wb") as out:
            # A process group of its own: whatever happens, teardown can stop the station and
            # the demo OMS it started (an aborted station leaves its OMS behind otherwise).
            process = subprocess.Popen(
                command, stdout=out, stderr=subprocess.STDOUT, env=env, start_new_session=True
            )
        station = RealStation(display, process, demo_dir, output)
        watch = log_watch.current()
        assert watch is not None
        # The test fails on an ERROR from either program (read once they have stopped).
        watch.watch_text_log(output)
        watch.watch_json_log(station.log_path)
        watch.watch_text_log(demo_dir / "oms-server.log")
        try:
            station.window = wait_until(
                lambda: display.find_window(WINDOW_TITLE),
                START_DEADLINE_S,
                "the station window",
                station.alive,
            )
            # No window manager on Xvfb: give the window the keyboard, as a click would.
            display.xdotool("windowfocus", "--sync", station.window)
            yield station
        finally:
            stop_process_group(process)


def stop_process_group(process: subprocess.Popen[bytes]) -> None:
    """The station first (it stops its OMS on the way out), then anything left of its group."""
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)


def test_demo_order_picked_packed_and_shipped_by_wedge_scans(
    real_station: RealStation, tmp_path: Path
) -> None:
    station = real_station
    wait_until(
        lambda: allocated_orders(station),
        START_DEADLINE_S,
        "the demo orders to arrive by the feed",
        station.alive,
    )

    # The badge typed on the keyboard at a person's pace, into the login screen's field.
    answer = station.type_number(PICKER)
    assert (answer.feedback, answer.mode) == ("good", "tasks")
    # The demo order with the longest walk: several bins, several units, a batch-managed SKU.
    order_no = longest_walk_order(station)
    answer = station.scan(order_no)
    assert (answer.mode, answer.order) == ("pick", order_no)
    tasks = pick_tasks(station, order_no)
    assert tasks, f"no pick tasks for {order_no}"
    on_hand_before = {task.stock_id: on_hand(station, task.stock_id) for task in tasks}

    answer = pick_order(station, order_no, answer)
    assert answer.message == "order_picked"

    answer = station.scan("CMD:MODE:PACK")
    assert (answer.feedback, answer.prompt) == ("good", "scan_pack_order")
    answer = station.scan(order_no)
    assert answer.prompt == "scan_pack_units"
    for sku_id, owner_id, picked in picked_lines(station, order_no):
        for _ in range(picked):
            answer = station.scan(barcode_of(station, owner_id, sku_id))
    assert answer.prompt == "type_weight"
    assert station.type_number("0.85").prompt == "type_package_count"
    assert station.type_number("1").prompt == "scan_tracking"
    answer = station.scan("CMD:TRACKING:NEW")
    assert answer.message == "shipped"

    # The station's events for the order reach the OMS, and the OMS sees it shipped.
    wait_until(
        lambda: order_events_accepted(station, order_no),
        SYNC_DEADLINE_S,
        f"the events of {order_no} to be accepted",
        station.alive,
    )
    assert oms_order_status(station.demo_dir, order_no) == "SHIPPED"
    for task in tasks:
        assert on_hand(station, task.stock_id) == on_hand_before[task.stock_id] - task.quantity
    station.display.screenshot(tmp_path / "real-window.png")
    # Log-out answers green too, and a badge scanned as a burst logs in again.
    answer = station.scan("CMD:LOGOUT")
    assert (answer.feedback, answer.mode) == ("good", "login")
    answer = station.scan(PICKER)
    assert (answer.feedback, answer.mode) == ("good", "tasks")

    # Ctrl+C / SIGTERM closes the station properly, and the demo's OMS goes with it.
    station.process.send_signal(signal.SIGTERM)
    assert station.process.wait(timeout=60) == 0
    with pytest.raises(httpx.TransportError):
        httpx.get(oms_url(station.demo_dir) + "/api/v1/health", timeout=5)
    # This box has no OS keyring: the token stayed in memory, never in a keyring file.
    assert not (tmp_path / "xdg-data" / "python_keyring").exists()
    assert_no_personal_data_logged(station.demo_dir, station.output)


def assert_no_personal_data_logged(demo_dir: Path, console_output: Path) -> None:
    """The consignees' names, phones and addresses went through the OMS, the feed and the
    station's store, and into no log or console line of either program."""
    personal = {
        text
        for command in demo_commands()
        for text in (command.consignee, command.phone, command.address)
    }
    logs = [console_output, *demo_dir.rglob("*.log")]
    assert len(logs) >= 3, logs  # the console, the station's log, the OMS's log
    for log_file in logs:
        text = log_file.read_text(encoding="utf-8", errors="replace")
        leaked = sorted(item for item in personal if item in text)
        assert not leaked, f"{log_file.name} contains personal data"


def pick_order(station: RealStation, order_no: str, answer: Answer) -> Answer:
    """Answers each prompt of the pick screen from the order's next open pick task."""
    while answer.prompt in ("scan_bin", "scan_item", "scan_batch"):
        task = pick_tasks(station, order_no)[0]
        if answer.prompt == "scan_bin":
            code = task.location_code
        elif answer.prompt == "scan_item":
            code = barcode_of(station, task.owner_id, task.sku_id)
        else:
            assert task.batch_no is not None
            code = task.batch_no
        answer = station.scan(code)
        assert answer.order == order_no
    return answer


def allocated_orders(station: RealStation) -> int:
    if not station.db_path.exists():
        return 0
    try:
        rows = station.query("SELECT count(*) FROM outbound_order WHERE status = 'ALLOCATED'")
    except sqlite3.OperationalError:
        return 0  # the store is still being created and migrated
    count: int = rows[0][0]
    return count


def longest_walk_order(station: RealStation) -> str:
    rows = station.query(
        "SELECT o.order_no FROM outbound_order o JOIN pick_task t ON t.order_id = o.id"
        " WHERE o.status = 'ALLOCATED' GROUP BY o.id"
        " ORDER BY count(DISTINCT t.location_code) DESC, sum(t.quantity) DESC, o.order_no"
        " LIMIT 1"
    )
    order_no: str = rows[0][0]
    return order_no


def pick_tasks(station: RealStation, order_no: str) -> list[PickTaskRow]:
    """The order's open pick tasks in the walk order the pick screen follows."""
    rows = station.query(
        "SELECT t.id, t.stock_id, t.location_code, o.owner_id, t.sku_id, t.batch_no, t.quantity"
        " FROM pick_task t JOIN outbound_order o ON o.id = t.order_id"
        " WHERE o.order_no = ? AND t.status = 'open' ORDER BY t.sequence, t.id",
        order_no,
    )
    return [PickTaskRow(*row) for row in rows]


def picked_lines(station: RealStation, order_no: str) -> list[tuple[str, str, int]]:
    return [
        (sku_id, owner_id, picked)
        for sku_id, owner_id, picked in station.query(
            "SELECT l.sku_id, o.owner_id, l.picked_qty"
            " FROM outbound_line l JOIN outbound_order o ON o.id = l.order_id"
            " WHERE o.order_no = ? ORDER BY l.line_no",
            order_no,
        )
    ]


def barcode_of(station: RealStation, owner_id: str, sku_id: str) -> str:
    rows = station.query(
        "SELECT code FROM barcode WHERE owner_id = ? AND sku_id = ? ORDER BY code",
        owner_id,
        sku_id,
    )
    assert rows, f"no barcode for {owner_id}/{sku_id}"
    code: str = rows[0][0]
    return code


def on_hand(station: RealStation, stock_id: int) -> int:
    quantity: int = station.query("SELECT on_hand FROM stock WHERE id = ?", stock_id)[0][0]
    return quantity


def order_events_accepted(station: RealStation, order_no: str) -> bool:
    rows = station.query(
        "SELECT status, event_type, payload_json FROM outbox_event WHERE order_no = ?", order_no
    )
    shipped = any(
        event_type == "outbound_status" and json.loads(payload)["status"] == "SHIPPED"
        for _, event_type, payload in rows
    )
    return shipped and all(status == "accepted" for status, _, _ in rows)


def oms_keys(demo_dir: Path) -> dict[str, str]:
    lines = (demo_dir / "oms-keys.txt").read_text(encoding="utf-8").splitlines()
    return dict(line.split("=", 1) for line in lines if "=" in line)


def oms_url(demo_dir: Path) -> str:
    return oms_keys(demo_dir)["OMS_URL"]


def oms_order_status(demo_dir: Path, order_no: str) -> str:
    keys = oms_keys(demo_dir)
    response = httpx.get(
        f"{keys['OMS_URL']}/api/v1/orders/{order_no}",
        headers={"X-Admin-Key": keys["ADMIN_KEY"]},
        timeout=30,
    )
    response.raise_for_status()
    status: str = response.json()["status"]
    return status
