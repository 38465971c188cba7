"""uvicorn's h11 protocol with a deadline for the request head, and the server's options.

uvicorn bounds the time between requests on a kept-alive connection (``timeout_keep_alive``)
but not the time a client takes to send a request head: a client trickling header bytes
would hold its socket forever, and enough of them would use up the server's file
descriptors. Here every head (the first on a connection and each later one) must be
complete within ``HEAD_TIMEOUT_S``; the body has its own deadline in ``overload.py``.
"""

from __future__ import annotations

import asyncio
from typing import Any

import uvicorn
from uvicorn.protocols.http.h11_impl import H11Protocol

from oms_server.feed_waiters import FeedWaiters

HEAD_TIMEOUT_S = 10.0
MAX_HEAD_BYTES = 64 * 1024
KEEP_ALIVE_S = 5


class HeadTimeoutH11Protocol(H11Protocol):
    head_timeout_s = HEAD_TIMEOUT_S
    _head_timer: asyncio.TimerHandle | None = None

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self._arm_head_timer()

    def handle_events(self) -> None:
        super().handle_events()
        if self._waiting_for_head():
            return
        self._cancel_head_timer()

    def on_response_complete(self) -> None:
        super().on_response_complete()
        if self._waiting_for_head():
            self._arm_head_timer()

    def connection_lost(self, exc: Exception | None) -> None:
        self._cancel_head_timer()
        super().connection_lost(exc)

    def _waiting_for_head(self) -> bool:
        return self.cycle is None or self.cycle.response_complete

    def _arm_head_timer(self) -> None:
        self._cancel_head_timer()
        self._head_timer = self.loop.call_later(self.head_timeout_s, self._on_head_timeout)

    def _cancel_head_timer(self) -> None:
        if self._head_timer is not None:
            self._head_timer.cancel()
            self._head_timer = None

    def _on_head_timeout(self) -> None:
        self._head_timer = None
        if self._waiting_for_head() and not self.transport.is_closing():
            self.transport.close()


class FeedWaitingServer(uvicorn.Server):
    """uvicorn's server that answers the feed long-polls first when it shuts down: uvicorn
    waits for requests in flight before the app's own shutdown, and a long-poll would hold
    it for its whole wait."""

    def __init__(self, config: uvicorn.Config, waiters: FeedWaiters) -> None:
        super().__init__(config)
        self._waiters = waiters

    async def shutdown(self, sockets: list[Any] | None = None) -> None:
        self._waiters.close()
        await super().shutdown(sockets)


def uvicorn_options(head_timeout_s: float = HEAD_TIMEOUT_S) -> dict[str, Any]:
    """What ``oms-server`` passes to ``uvicorn.run`` besides the app, host and port."""
    protocol = type(
        "HeadTimeoutH11Protocol", (HeadTimeoutH11Protocol,), {"head_timeout_s": head_timeout_s}
    )
    return {
        "http": protocol,
        "h11_max_incomplete_event_size": MAX_HEAD_BYTES,
        "timeout_keep_alive": KEEP_ALIVE_S,
    }
