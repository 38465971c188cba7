"""The wait of one long-polling feed request: until its warehouse is woken, its time runs
out, or its client goes away (a proxy that cut it), on the event loop alone."""

from __future__ import annotations

import asyncio
from typing import Literal

from starlette.types import Receive

WaitOutcome = Literal["woken", "timeout", "disconnected"]


async def wait_for_wake(wake: asyncio.Event, wait_s: float, receive: Receive) -> WaitOutcome:
    woken = asyncio.ensure_future(wake.wait())
    gone = asyncio.ensure_future(_disconnect(receive))
    try:
        done, _ = await asyncio.wait({woken, gone}, timeout=wait_s, return_when="FIRST_COMPLETED")
    finally:
        for task in (woken, gone):
            task.cancel()
    if woken in done:
        return "woken"
    if gone in done:
        return "disconnected"
    return "timeout"


async def _disconnect(receive: Receive) -> None:
    # A GET has no body to read: the next message that matters is the client leaving.
    while (await receive())["type"] != "http.disconnect":
        pass
