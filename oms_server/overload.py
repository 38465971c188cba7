"""The request guard: size limits, a deadline for the body, and overload accounting that an
unauthenticated client cannot exhaust.

Outermost ASGI layer. For each request, before any route runs:

1. A ``Content-Length`` above the path's limit is answered 413 at once, unread.
2. The caller is identified from its headers alone: the admin key, or a station's bearer
   token looked up in the database. Anyone else (no credentials, or wrong ones) is
   *anonymous*.
3. Slots: an identified caller counts against the server-wide limit and its own per-caller
   limit (503 ``SERVER_BUSY`` / 429 ``TOO_MANY_REQUESTS``, both with Retry-After). Anonymous
   requests have a small bucket of their own, so forty junk connections fill that bucket
   and nothing else: stations and the OMS side keep working.
4. A long-polling feed request gives its slot back while it waits (:class:`Slot`): it
   holds no DB connection and no thread then, so it counts only against the waiting limits
   (``max_waiting`` in all, ``per_client_waiting`` per caller), and takes its slot back
   (unrefused: it was admitted) to read the entries it was woken for.
5. The body is read in full within ``body_timeout_s`` (else 408) and at most the limit in
   bytes, however it is framed (else 413), then handed to the app; one that holds a NUL
   character (which PostgreSQL text cannot store) is refused 422.

The request head itself is bounded by the HTTP protocol (``oms_server.http_protocol``).
"""

from __future__ import annotations

import contextlib
import hmac
import logging
import re
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass

import anyio
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from oms_server.errors import ApiError, error_response

log = logging.getLogger("wms.oms_server.overload")
EXEMPT_PATHS = ("/api/v1/health",)

MAX_BODY_BYTES = 32 * 1024 * 1024
"""The largest request body (a reconciliation snapshot of 200,000 lines fits)."""
SMALL_BODY_PATHS = {"/api/v1/stations/enrol": 16 * 1024}
"""Unauthenticated endpoints take small bodies only."""
BODY_TIMEOUT_S = 30.0
ANONYMOUS_IN_FLIGHT = 16
MAX_WAITING = 1000
"""Feed long-polls waiting at once (an asyncio event each, a socket each)."""
PER_CLIENT_WAITING = 2
"""A station waits on one long-poll; a second covers one its proxy cut unseen."""
SLOT_SCOPE_KEY = "wms.slot"

StationLookup = Callable[[str], str | None]
"""Bearer token → device id, or None (runs on a worker thread)."""


@dataclass(frozen=True)
class GuardLimits:
    max_in_flight: int
    per_client_in_flight: int
    anonymous_in_flight: int = ANONYMOUS_IN_FLIGHT
    max_body_bytes: int = MAX_BODY_BYTES
    body_timeout_s: float = BODY_TIMEOUT_S
    max_waiting: int = MAX_WAITING
    per_client_waiting: int = PER_CLIENT_WAITING


class _Refused(Exception):
    def __init__(self, status: int, code: str, message: str, retry_after_s: float | None = None):
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.retry_after_s = retry_after_s


class OverloadGuard:
    def __init__(
        self,
        app: ASGIApp,
        limits: GuardLimits,
        admin_key: Callable[[], str],
        station_of_token: StationLookup,
    ) -> None:
        self.app = app
        self.limits = limits
        self.admin_key = admin_key
        self.station_of_token = station_of_token
        # The event loop runs this middleware on one thread: plain counters are enough.
        self.in_flight = 0
        self.anonymous = 0
        self.by_client: Counter[str] = Counter()
        self.waiting = 0
        self.waiting_by_client: Counter[str] = Counter()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"] in EXEMPT_PATHS:
            await self.app(scope, receive, send)
            return
        headers = _headers(scope)
        limit = SMALL_BODY_PATHS.get(scope["path"], self.limits.max_body_bytes)
        try:
            declared = _content_length(headers)
            if declared is not None and declared > limit:
                raise _too_large(limit)
            client = await self._principal(headers, scope)
            anonymous = client.startswith("anonymous:")
            self._take_slot(client, anonymous)
        except _Refused as refusal:
            await _refuse(refusal, scope, receive, send)
            return
        slot = Slot(self, client, anonymous)
        scope[SLOT_SCOPE_KEY] = slot
        try:
            if declared or "transfer-encoding" in headers:
                try:
                    receive = await self._read_body(receive, limit)
                except _Refused as refusal:
                    await _refuse(refusal, scope, receive, send)
                    return
                except _Disconnected:
                    return
            await self.app(scope, receive, send)
        finally:
            if slot.held:
                self._give_back(client, anonymous)

    async def _principal(self, headers: dict[str, str], scope: Scope) -> str:
        admin_key = headers.get("x-admin-key")
        if admin_key is not None:
            expected = self.admin_key().encode()
            if hmac.compare_digest(admin_key.encode("latin-1"), expected):
                return "admin"
        authorization = headers.get("authorization", "")
        scheme, _, token = authorization.partition(" ")
        if scheme.lower() == "bearer" and 0 < len(token.strip()) <= 200:
            try:
                device_id = await anyio.to_thread.run_sync(self.station_of_token, token.strip())
            except Exception as error:  # a locked or unreachable database: come back later
                log.warning("token lookup failed: %s", type(error).__name__)
                raise _Refused(
                    503,
                    "DATABASE_BUSY",
                    "The OMS database is busy; retry later.",
                    retry_after_s=2,
                ) from error
            if device_id is not None:
                return "station:" + device_id
        # Never keyed on what a client may make up: an anonymous caller is its address.
        address = scope.get("client")
        return "anonymous:" + (str(address[0]) if address else "unknown")

    def _take_slot(self, client: str, anonymous: bool) -> None:
        limits = self.limits
        if anonymous:
            if self.anonymous >= limits.anonymous_in_flight:
                log.warning("unauthenticated requests at their limit (%d)", self.anonymous)
                raise _busy()
            per_client = min(limits.per_client_in_flight, limits.anonymous_in_flight)
        else:
            if self.in_flight >= limits.max_in_flight:
                log.warning("overloaded: %d requests in flight", self.in_flight)
                raise _busy()
            per_client = limits.per_client_in_flight
        if self.by_client[client] >= per_client:
            raise _Refused(
                429,
                "TOO_MANY_REQUESTS",
                "Too many requests at once from this client; retry later.",
                retry_after_s=1,
            )
        if anonymous:
            self.anonymous += 1
        else:
            self.in_flight += 1
        self.by_client[client] += 1

    def _give_back(self, client: str, anonymous: bool) -> None:
        if anonymous:
            self.anonymous -= 1
        else:
            self.in_flight -= 1
        self.by_client[client] -= 1
        if self.by_client[client] <= 0:
            del self.by_client[client]

    def _start_waiting(self, client: str) -> None:
        if self.waiting >= self.limits.max_waiting:
            log.warning("feed long-polls at their limit (%d)", self.waiting)
            raise _busy()
        if self.waiting_by_client[client] >= self.limits.per_client_waiting:
            raise _Refused(
                429,
                "TOO_MANY_REQUESTS",
                "This station already waits on the feed; retry later.",
                retry_after_s=1,
            )
        self.waiting += 1
        self.waiting_by_client[client] += 1

    def _stop_waiting(self, client: str) -> None:
        self.waiting -= 1
        self.waiting_by_client[client] -= 1
        if self.waiting_by_client[client] <= 0:
            del self.waiting_by_client[client]

    def _retake_slot(self, client: str, anonymous: bool) -> None:
        # Not refused: the request was admitted; it finishes with one short read.
        if anonymous:
            self.anonymous += 1
        else:
            self.in_flight += 1
        self.by_client[client] += 1

    async def _read_body(self, receive: Receive, limit: int) -> Receive:
        """The whole body within the deadline and the size limit, replayed to the app."""
        chunks: list[bytes] = []
        size = 0
        with anyio.move_on_after(self.limits.body_timeout_s) as deadline:
            while True:
                message = await receive()
                if message["type"] == "http.disconnect":
                    raise _Disconnected
                chunk = message.get("body", b"")
                size += len(chunk)
                if size > limit:
                    raise _too_large(limit)
                chunks.append(chunk)
                if not message.get("more_body", False):
                    break
        if deadline.cancelled_caught:
            raise _Refused(
                408,
                "REQUEST_TIMEOUT",
                f"The request body did not arrive within {self.limits.body_timeout_s:g} s.",
            )
        body = b"".join(chunks)
        if _NUL_ESCAPE.search(body):
            raise _Refused(
                422,
                "VALIDATION_FAILED",
                "The request holds a NUL character (\\u0000), which no text field may hold.",
            )
        replayed = False

        async def replay() -> Message:
            nonlocal replayed
            if not replayed:
                replayed = True
                return {"type": "http.request", "body": body, "more_body": False}
            return await receive()

        return replay


class Slot:
    """The request's place in the guard's accounting, for a route that waits (long-poll)."""

    def __init__(self, guard: OverloadGuard, client: str, anonymous: bool) -> None:
        self._guard = guard
        self._client = client
        self._anonymous = anonymous
        self.held = True

    @contextlib.contextmanager
    def waiting(self) -> Iterator[None]:
        """Hand the slot back for the block; counted as waiting instead. Raises
        :class:`ApiError` 503/429 when the waiting limits are reached."""
        guard = self._guard
        try:
            guard._start_waiting(self._client)
        except _Refused as refusal:
            raise ApiError(
                refusal.status,
                refusal.code,
                refusal.message,
                retry_after_s=refusal.retry_after_s,
            ) from None
        guard._give_back(self._client, self._anonymous)
        self.held = False
        try:
            yield
        finally:
            guard._stop_waiting(self._client)
            guard._retake_slot(self._client, self._anonymous)
            self.held = True


@contextlib.contextmanager
def waiting_outside_slots(scope: Scope) -> Iterator[None]:
    """:meth:`Slot.waiting` of this request, or nothing when no guard admitted it."""
    slot = scope.get(SLOT_SCOPE_KEY)
    if not isinstance(slot, Slot):
        yield
        return
    with slot.waiting():
        yield


# A JSON string can carry NUL only as the escape \u0000 (an odd run of backslashes before
# "u0000"); PostgreSQL text cannot hold it, so it is refused before any model sees it.
_NUL_ESCAPE = re.compile(rb"(?<!\\)(?:\\\\)*\\u0000")


class _Disconnected(Exception):
    pass


def _headers(scope: Scope) -> dict[str, str]:
    return {name.decode("latin-1"): value.decode("latin-1") for name, value in scope["headers"]}


def _content_length(headers: dict[str, str]) -> int | None:
    value = headers.get("content-length")
    if value is None:
        return None
    if not value.isdigit() or len(value) > 18:
        raise _Refused(400, "BAD_REQUEST", "The Content-Length header is not a valid length.")
    return int(value)


def _too_large(limit: int) -> _Refused:
    return _Refused(
        413,
        "PAYLOAD_TOO_LARGE",
        f"The request body is larger than this endpoint takes ({limit} bytes); "
        "send fewer events or rows per request.",
    )


def _busy() -> _Refused:
    return _Refused(503, "SERVER_BUSY", "The OMS is overloaded; retry later.", retry_after_s=2)


async def _refuse(refusal: _Refused, scope: Scope, receive: Receive, send: Send) -> None:
    response = error_response(
        refusal.status, refusal.code, refusal.message, retry_after_s=refusal.retry_after_s
    )
    if refusal.status in (400, 408, 413):
        # The unread rest of the body would be taken for the next request: close instead.
        response.headers["Connection"] = "close"
    await response(scope, receive, send)
