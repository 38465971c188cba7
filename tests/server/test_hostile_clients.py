"""Hostile clients against the real ``oms-server`` process over real sockets.

Slow or junk clients must not take the OMS away from stations and the OMS side: request heads
and bodies have deadlines, bodies have a size limit answered before they are read, and only
authenticated callers count against the server-wide in-flight limit.
"""

from __future__ import annotations

import json
import select
import socket
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path

import httpx
import pytest

from oms_contract.sync_api import FeedPage
from tests.support.oms_process import RunningOms, start_oms_server

SOCKET_TIMEOUT_S = 30.0
SLOW_CLIENTS = 40


def _connect(oms: RunningOms) -> socket.socket:
    sock = socket.create_connection(("127.0.0.1", oms.port), timeout=SOCKET_TIMEOUT_S)
    sock.settimeout(SOCKET_TIMEOUT_S)
    return sock


def _head(path: str, content_length: int | None, *extra: str) -> bytes:
    lines = [f"POST {path} HTTP/1.1", "Host: 127.0.0.1", "Content-Type: application/json"]
    if content_length is not None:
        lines.append(f"Content-Length: {content_length}")
    lines += extra
    return ("\r\n".join(lines) + "\r\n\r\n").encode()


def _read_answer(sock: socket.socket) -> tuple[int, dict[str, str], dict[str, object]]:
    """Status, headers and JSON body of one HTTP answer (Content-Length framed)."""
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = sock.recv(65536)
        assert chunk, f"connection closed before an answer: {data!r}"
        data += chunk
    head, _, rest = data.partition(b"\r\n\r\n")
    status_line, *header_lines = head.decode("latin-1").split("\r\n")
    headers = {}
    for line in header_lines:
        name, _, value = line.partition(":")
        headers[name.strip().lower()] = value.strip()
    length = int(headers["content-length"])
    while len(rest) < length:
        chunk = sock.recv(65536)
        assert chunk, "connection closed mid-answer"
        rest += chunk
    return int(status_line.split()[1]), headers, json.loads(rest[:length])


@pytest.fixture
def demo_oms(tmp_path: Path) -> Iterator[RunningOms]:
    oms = start_oms_server(
        tmp_path, demo=True, extra_args=["--body-timeout-s", "600", "--head-timeout-s", "600"]
    )
    try:
        yield oms
    finally:
        oms.stop()


@contextmanager
def slow_clients(oms: RunningOms, count: int, *extra_header: str) -> Iterator[list[socket.socket]]:
    """``count`` connections that send a request head promising a large body, then nothing."""
    with ExitStack() as stack:
        sockets = []
        for n in range(count):
            sock = stack.enter_context(_connect(oms))
            headers = [h.format(n=n) for h in extra_header]
            sock.sendall(_head("/api/v1/events", 10_000_000, *headers))
            sockets.append(sock)
        yield sockets


def _answered(sockets: list[socket.socket], expected: int) -> list[int]:
    """Wait until ``expected`` of the sockets have an answer; their statuses."""
    waiting = list(sockets)
    statuses: list[int] = []
    while len(statuses) < expected:
        readable, _, _ = select.select(waiting, [], [], SOCKET_TIMEOUT_S)
        assert readable, f"only {len(statuses)} of {expected} slow clients were answered"
        for sock in readable:
            statuses.append(_read_answer(sock)[0])
            waiting.remove(sock)
    return statuses


@pytest.mark.parametrize(
    "junk_header",
    [("Authorization: Bearer junk-token-{n}",), ("X-Admin-Key: junk-{n}",), ()],
    ids=["junk-bearer", "junk-admin-key", "no-credentials"],
)
def test_slow_junk_clients_do_not_starve_stations_or_the_oms_side(
    demo_oms: RunningOms, junk_header: tuple[str, ...]
) -> None:
    station = demo_oms.enrol("WH01")
    auth = {"Authorization": f"Bearer {station['token']}"}
    with slow_clients(demo_oms, SLOW_CLIENTS, *junk_header) as sockets:
        # Unauthenticated, from one address: the guard holds 8 and answers the others 429 at
        # once. Once they are answered, every slow client has reached the server.
        statuses = _answered(sockets, SLOW_CLIENTS - 8)
        assert set(statuses) == {429}

        feed = httpx.get(demo_oms.api_url + "/warehouses/WH01/feed", headers=auth, timeout=10)
        assert feed.status_code == 200, feed.text
        assert FeedPage.model_validate_json(feed.content).entries
        monitoring = demo_oms.admin_get("/monitoring")
        assert monitoring.status_code == 200, monitoring.text
        health = httpx.get(demo_oms.api_url + "/health", timeout=10)
        assert health.status_code == 200


def test_a_body_that_never_comes_is_answered_408(tmp_path: Path) -> None:
    oms = start_oms_server(tmp_path, extra_args=["--body-timeout-s", "1"])
    try:
        with _connect(oms) as sock:
            sock.sendall(_head("/api/v1/stations/enrol", 100))
            status, headers, body = _read_answer(sock)
        assert status == 408
        assert body["error_code"] == "REQUEST_TIMEOUT"
        assert headers["connection"] == "close"
    finally:
        oms.stop()


def test_a_request_head_that_never_ends_is_cut_off(tmp_path: Path) -> None:
    oms = start_oms_server(tmp_path, extra_args=["--head-timeout-s", "1"])
    try:
        with _connect(oms) as sock:
            sock.sendall(b"POST /api/v1/events HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ")
            # The server closes the connection: recv answers end-of-stream, not a timeout.
            assert sock.recv(1024) == b""
        # and keeps serving others
        assert httpx.get(oms.api_url + "/health", timeout=10).status_code == 200
    finally:
        oms.stop()


def test_a_200_mb_enrolment_is_refused_413_before_the_body_is_sent(
    demo_oms: RunningOms,
) -> None:
    with _connect(demo_oms) as sock:
        sock.sendall(_head("/api/v1/stations/enrol", 200 * 1024 * 1024))
        sock.sendall(b"{" + b" " * 65_536)  # the first 64 KiB of 200 MB, then we wait
        status, headers, body = _read_answer(sock)
    assert status == 413
    assert body["error_code"] == "PAYLOAD_TOO_LARGE"
    assert headers["connection"] == "close"


def test_an_oversized_push_is_refused_413_unread(demo_oms: RunningOms) -> None:
    station = demo_oms.enrol("WH01")
    with _connect(demo_oms) as sock:
        sock.sendall(
            _head("/api/v1/events", 200 * 1024 * 1024, f"Authorization: Bearer {station['token']}")
        )
        status, _, body = _read_answer(sock)
    assert status == 413
    assert body["error_code"] == "PAYLOAD_TOO_LARGE"


def test_a_chunked_body_is_cut_off_at_the_limit(demo_oms: RunningOms) -> None:
    """No Content-Length to refuse by: the streamed bytes are counted."""
    with _connect(demo_oms) as sock:
        sock.sendall(_head("/api/v1/stations/enrol", None, "Transfer-Encoding: chunked"))
        chunk = b"x" * 8192
        for _ in range(3):  # 24 KiB, over the enrolment limit of 16 KiB
            sock.sendall(b"%x\r\n%s\r\n" % (len(chunk), chunk))
        status, _, body = _read_answer(sock)
    assert status == 413
    assert body["error_code"] == "PAYLOAD_TOO_LARGE"


def test_a_station_hogging_its_slots_gets_429_and_others_still_work(
    demo_oms: RunningOms,
) -> None:
    """Per-caller accounting keys on the authenticated station, not on a header tail."""
    greedy = demo_oms.enrol("WH01", "greedy")
    other = demo_oms.enrol("WH01", "other")
    with slow_clients(demo_oms, 9, f"Authorization: Bearer {greedy['token']}") as sockets:
        assert _answered(sockets, 1) == [429]  # 8 per station in flight, the ninth is refused
        feed = httpx.get(
            demo_oms.api_url + "/warehouses/WH01/feed",
            headers={"Authorization": f"Bearer {other['token']}"},
            timeout=10,
        )
        assert feed.status_code == 200
