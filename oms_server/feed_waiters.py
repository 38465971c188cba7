"""Long-poll of the feed: one wake-up per warehouse, set after a commit that appended to it.

A feed request with ``wait_s`` that finds nothing new waits here on an ``asyncio.Event``
(no DB connection, no worker thread). Every write transaction that appended to a
warehouse's feed marks the warehouse on its session (:func:`mark_appended`);
``Database.write_transaction`` hands the marked warehouses to :meth:`FeedWaiters.notify`
after the commit, from the worker thread that committed, and the event loop wakes every
waiter of those warehouses at once.

One OMS process is assumed: a commit made by another process (a second OMS behind the same
PostgreSQL) wakes nobody here, and its entries reach the waiting stations when their wait
runs out (at most ``wait_s`` late, never lost).
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Iterable

from sqlalchemy.orm import Session

MAX_FEED_WAIT_S = 30
"""The longest wait a feed request may ask for; below common proxy read timeouts (60 s)."""
_APPENDED = "wms.feed_appended"


def mark_appended(session: Session, warehouse_id: str) -> None:
    """This transaction appended to ``warehouse_id``'s feed: wake its waiters after commit."""
    session.info.setdefault(_APPENDED, set()).add(warehouse_id)


def appended_in(session: Session) -> frozenset[str]:
    return frozenset(session.info.pop(_APPENDED, ()))


class FeedWaiters:
    """Per warehouse, the event the current waiters wait on; replaced at each wake-up."""

    def __init__(self) -> None:
        self._events: dict[str, asyncio.Event] = {}
        self._loop: asyncio.AbstractEventLoop | None = None
        self.closed = False

    def watch(self, warehouse_id: str) -> asyncio.Event:
        """Taken *before* reading the feed, so a commit between the read and the wait still
        wakes the waiter (its event is already set)."""
        self._loop = asyncio.get_running_loop()
        event = self._events.get(warehouse_id)
        if event is None:
            event = self._events[warehouse_id] = asyncio.Event()
        if self.closed:
            event.set()
        return event

    def notify(self, warehouse_ids: Iterable[str]) -> None:
        """From any thread (the worker thread that committed)."""
        loop = self._loop
        ids = tuple(warehouse_ids)
        if loop is None or not ids or loop.is_closed():
            return  # nobody has ever waited in this process
        with contextlib.suppress(RuntimeError):  # the loop closed meanwhile
            loop.call_soon_threadsafe(self._wake, ids)

    def close(self) -> None:
        """Shutdown: every waiter answers now, and no new request waits."""
        self.closed = True
        for event in self._events.values():
            event.set()
        self._events.clear()

    def waiting_warehouses(self) -> int:
        return len(self._events)

    def _wake(self, warehouse_ids: tuple[str, ...]) -> None:
        for warehouse_id in warehouse_ids:
            event = self._events.pop(warehouse_id, None)
            if event is not None:
                event.set()
