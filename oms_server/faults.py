"""Test-only fault injection (``--fault-injection``): canned 429/503s and dropped answers.

The sync engine's tests need two failures a real network produces: a storm of 503 with
Retry-After, and "the server committed the push but the answer never arrived".
"""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from oms_server.errors import error_response
from oms_server.schemas import FaultRequest

log = logging.getLogger("wms.oms_server.faults")
FAULTS_PATH = "/api/v1/_faults"


class ConnectionDropped(Exception):
    """Raised after the response head: the server closes the socket mid-answer."""


@dataclass
class _Armed:
    request: FaultRequest
    remaining: int

    def matches(self, path: str) -> bool:
        pattern = self.request.path
        if pattern.endswith("*"):
            return path.startswith(pattern[:-1])
        return path == pattern


class FaultInjector:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._armed: list[_Armed] = []

    def arm(self, request: FaultRequest) -> None:
        with self._lock:
            self._armed.append(_Armed(request, request.count))

    def clear(self) -> None:
        with self._lock:
            self._armed.clear()

    def armed(self) -> list[FaultRequest]:
        with self._lock:
            return [
                item.request.model_copy(update={"count": item.remaining}) for item in self._armed
            ]

    def take(self, path: str) -> FaultRequest | None:
        with self._lock:
            for item in self._armed:
                if item.matches(path):
                    item.remaining -= 1
                    if item.remaining <= 0:
                        self._armed.remove(item)
                    return item.request
        return None


class FaultMiddleware:
    def __init__(self, app: ASGIApp, injector: FaultInjector) -> None:
        self.app = app
        self.injector = injector

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"].startswith(FAULTS_PATH):
            await self.app(scope, receive, send)
            return
        fault = self.injector.take(scope["path"])
        if fault is None:
            await self.app(scope, receive, send)
            return
        if fault.mode == "status":
            log.info("injected %s on %s", fault.status_code, scope["path"])
            code = "SERVER_BUSY" if fault.status_code == 503 else "TOO_MANY_REQUESTS"
            response = error_response(
                fault.status_code,
                code,
                "Injected fault: the OMS is overloaded; retry later.",
                retry_after_s=fault.retry_after_s,
            )
            await response(scope, receive, send)
            return

        async def send_head_then_drop(message: Message) -> None:
            await send(message)
            if message["type"] == "http.response.start":
                log.info("injected connection drop after commit on %s", scope["path"])
                raise ConnectionDropped(scope["path"])

        await self.app(scope, receive, send_head_then_drop)
