"""Overload guard: too many requests in flight answer 503, one client hogging answers 429.

Both carry Retry-After so well-behaved stations back off instead of hammering the OMS.
"""

from __future__ import annotations

import logging
from collections import Counter

from starlette.types import ASGIApp, Receive, Scope, Send

from oms_server.errors import error_response

log = logging.getLogger("wms.oms_server.overload")
EXEMPT_PATHS = ("/api/v1/health",)


class OverloadGuard:
    def __init__(self, app: ASGIApp, max_in_flight: int, per_client_in_flight: int) -> None:
        self.app = app
        self.max_in_flight = max_in_flight
        self.per_client_in_flight = per_client_in_flight
        # The event loop runs this middleware on one thread: plain counters are enough.
        self.in_flight = 0
        self.by_client: Counter[str] = Counter()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"] in EXEMPT_PATHS:
            await self.app(scope, receive, send)
            return
        client = _client_key(scope)
        if self.in_flight >= self.max_in_flight:
            log.warning("overloaded: %d requests in flight", self.in_flight)
            response = error_response(
                503, "SERVER_BUSY", "The OMS is overloaded; retry later.", retry_after_s=2
            )
            await response(scope, receive, send)
            return
        if self.by_client[client] >= self.per_client_in_flight:
            response = error_response(
                429,
                "TOO_MANY_REQUESTS",
                "Too many requests at once from this client; retry later.",
                retry_after_s=1,
            )
            await response(scope, receive, send)
            return
        self.in_flight += 1
        self.by_client[client] += 1
        try:
            await self.app(scope, receive, send)
        finally:
            self.in_flight -= 1
            self.by_client[client] -= 1
            if self.by_client[client] <= 0:
                del self.by_client[client]


def _client_key(scope: Scope) -> str:
    for name, value in scope.get("headers", []):
        if name in (b"authorization", b"x-admin-key"):
            return str(value.decode("latin-1")[-16:])
    client = scope.get("client")
    return str(client[0]) if client else "unknown"
