"""The proxy setting (#15): unset, the system's proxy (HTTP_PROXY/HTTPS_PROXY) is used;
"direct" never uses one; a URL sends every OMS request through that proxy. A real HTTP
"proxy" on a real port records what reaches it.

No seed clause speaks of proxies; this is issue #15's fleet roll-out.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from station.config import StationConfig
from station.sync_wiring import proxy_choice, sync_settings
from sync.client import OmsClient
from sync.credentials import Token
from sync.errors import OmsError
from sync.live_feed import FeedPosition, LiveFeedWatcher
from tests.support.waiting import wait_until


class RecordingProxy(ThreadingHTTPServer):
    def __init__(self) -> None:
        self.seen: list[str] = []
        super().__init__(("127.0.0.1", 0), _Handler)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"


class _Handler(BaseHTTPRequestHandler):
    server: RecordingProxy

    def do_POST(self) -> None:
        self.server.seen.append(self.path)  # a proxy gets the absolute URL
        self.send_response(503)
        self.send_header("Content-Length", "0")
        self.end_headers()

    do_GET = do_POST

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def proxy() -> Iterator[RecordingProxy]:
    server = RecordingProxy()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


# Nobody listens here: a request that does not go through the proxy fails to connect.
OMS = "http://oms.invalid:8700"


def call_oms(config: StationConfig) -> None:
    with OmsClient(OMS, proxy=proxy_choice(config)) as client, pytest.raises(OmsError):
        client.confirm_enrolment()


def test_an_explicit_proxy_carries_the_requests(
    proxy: RecordingProxy, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("HTTP_PROXY", raising=False)
    call_oms(StationConfig(proxy=proxy.url))
    assert proxy.seen and proxy.seen[0].startswith(OMS)
    assert sync_settings(StationConfig(proxy=proxy.url)).proxy.url == proxy.url


def test_the_system_proxy_is_honoured_by_default_and_direct_overrides_it(
    proxy: RecordingProxy, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HTTP_PROXY", proxy.url)
    monkeypatch.delenv("NO_PROXY", raising=False)
    monkeypatch.delenv("no_proxy", raising=False)
    call_oms(StationConfig())
    assert len(proxy.seen) == 1
    call_oms(StationConfig(proxy="direct"))
    assert len(proxy.seen) == 1  # not through the proxy


def test_the_live_feeds_long_poll_goes_through_the_proxy_too(
    proxy: RecordingProxy, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The long-poll has its own client (its own read timeout): it must take the same way to
    the OMS as every other request, or a station behind a proxy never gets live news."""
    monkeypatch.delenv("HTTP_PROXY", raising=False)
    watcher = LiveFeedWatcher(lambda: None, wait_s=25, fallback_s=300.0, retry_s=0.2)
    watcher.start()
    try:
        watcher.offer(
            FeedPosition(
                oms_url=OMS,
                token=Token("st_test_token"),
                ca_bundle=None,
                warehouse_id="WH01",
                cursor=0,
                proxy=proxy_choice(StationConfig(proxy=proxy.url)),
            )
        )
        seen = wait_until(
            lambda: next((path for path in proxy.seen if "/feed" in path), None),
            30.0,
            "the long-poll at the proxy",
        )
    finally:
        watcher.stop()
    assert seen.startswith(OMS) and "wait_s=25" in seen
