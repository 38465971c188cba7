"""What the sync engine's exception records say happened, as codes with arguments.

sync/ does not import app/: these are its own constants. ``ui/exception_texts.py`` words them.
"""

from __future__ import annotations

import json
from typing import Final

FEED_ENTRY_SKIPPED: Final = "FEED_ENTRY_SKIPPED"
"""``seq``, ``kind``, ``about``, ``code``, ``reason``: one feed entry could not be applied."""
EVENT_REFUSED_BY_OMS: Final = "EVENT_REFUSED_BY_OMS"
"""``event_type``, ``seq``, ``code``, ``message``: the OMS (or the station) refused an event."""
FEED_MORE_WITHOUT_ENTRIES: Final = "FEED_MORE_WITHOUT_ENTRIES"
"""``cursor``: the OMS says there is more but sends nothing."""
FEED_CURSOR_JUMPED: Final = "FEED_CURSOR_JUMPED"
"""``cursor``, ``next``: the OMS moves the cursor without entries."""
FEED_CURSOR_PAST_LAST: Final = "FEED_CURSOR_PAST_LAST"
"""``cursor``, ``next``, ``last``: the OMS moves the cursor past its last entry."""
STOCK_SURPLUS_AT_STATION: Final = "STOCK_SURPLUS_AT_STATION"
"""``owner_id``, ``sku_id``, ``station_qty``, ``oms_qty``, ``difference``: reconciliation
found more in the bins than the OMS expects (sync/reconcile.py)."""
STOCK_MISSING_AT_STATION: Final = "STOCK_MISSING_AT_STATION"
"""The same arguments: fewer in the bins than the OMS expects."""

DETAIL_CODES: Final = (
    FEED_ENTRY_SKIPPED,
    EVENT_REFUSED_BY_OMS,
    FEED_MORE_WITHOUT_ENTRIES,
    FEED_CURSOR_JUMPED,
    FEED_CURSOR_PAST_LAST,
    STOCK_SURPLUS_AT_STATION,
    STOCK_MISSING_AT_STATION,
)
"""Every code sync writes (the texts test checks each has words in every language)."""


def detail_args(**args: object) -> str:
    """The arguments as the JSON object stored in ``detail_args_json`` (values as text)."""
    return json.dumps({key: str(value) for key, value in args.items()}, sort_keys=True)
