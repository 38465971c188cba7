"""Interpreter settings for a station process: how its threads share the GIL and when the
cyclic garbage collector runs. The station (ui.launcher) applies them, and so do the
benchmarks that stand in for it: the sync ones through bench/sync_setup.py, bench.scan_ui
through the launcher itself.
"""

from __future__ import annotations

import gc
import sys
from typing import Final

# How long a Python thread may hold the GIL while another waits for it (default 5 ms). A
# scan's answer crosses three threads (UI -> store -> UI) while the sync thread may be
# working; at 5 ms each hand-over could wait that long (measured: median answer 8.1 -> 4.1 ms
# at 1 ms under load, bench.scan_ui). The throughput cost is a few more GIL switches.
GIL_SWITCH_INTERVAL_S: Final = 0.001

# Collections of the youngest generation start after this many new container objects
# (Python's default: 700). A feed page makes hundreds of thousands of short-lived tuples and
# lists, most of them freed by reference counting; at 700 the collector ran thousands of
# times a pull and full collections followed (13 % of the pull's samples, py-spy --native).
# The older generations' factors are raised with it, so a full collection stays rare.
GC_THRESHOLDS: Final = (50_000, 20, 100)


def tune_interpreter() -> None:
    """Apply the station's GIL and collector settings (at start-up, before threads run)."""
    sys.setswitchinterval(GIL_SWITCH_INTERVAL_S)
    gc.set_threshold(*GC_THRESHOLDS)


def settle_long_lived_objects() -> None:
    """Move everything built so far out of the collector's way.

    Called once the station is built: its Qt wrappers, SQLAlchemy's mappers and caches and
    the contract's models live as long as the process, so a full collection need only walk
    what was made since. Before, each one paused every thread 50-100 ms (gc.callbacks during
    bench.scan_ui), long enough to land in a scan's answer.
    """
    gc.freeze()
