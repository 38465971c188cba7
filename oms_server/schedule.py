"""A job run every ``interval_s`` inside the OMS process, for the app's lifespan: the alert
check, the claim sweep and the history prune each run on a worker thread (they read and
write the database), and a failure is logged and tried again at the next interval."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator, Callable

from sqlalchemy.exc import OperationalError


@contextlib.asynccontextmanager
async def every_interval(
    job: Callable[[], object],
    interval_s: float | None,
    *,
    what: str,
    logger: logging.Logger,
    first_now: bool = False,
    on_stop: Callable[[], None] | None = None,
) -> AsyncIterator[None]:
    """``interval_s`` None: no schedule. ``first_now``: run once at start, then wait.
    ``on_stop`` is called at exit before the job under way is awaited (to cut it short)."""
    if interval_s is None:
        yield
        return
    stop = asyncio.Event()
    task = asyncio.create_task(
        _loop(job, interval_s, stop, what=what, logger=logger, first_now=first_now)
    )
    try:
        yield
    finally:
        if on_stop is not None:
            on_stop()
        stop.set()
        await task


async def _loop(
    job: Callable[[], object],
    interval_s: float,
    stop: asyncio.Event,
    *,
    what: str,
    logger: logging.Logger,
    first_now: bool,
) -> None:
    wait_first = not first_now
    while True:
        if wait_first:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), interval_s)
        wait_first = True
        if stop.is_set():
            return
        try:
            await asyncio.to_thread(job)
        except OperationalError as exc:
            # The database is busy or away: the next run tries again.
            logger.warning("%s failed: %s", what, exc)
        except Exception:
            logger.exception("%s failed", what)
