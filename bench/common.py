"""What every benchmark shares: the scale, the output folder, figures and their statistics."""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import sqlite3
import statistics
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# Generated data and work copies; a test points this elsewhere so runs cannot collide.
OUT = Path(os.environ.get("WMS_BENCH_OUT") or ROOT / "bench" / "out")
WAREHOUSE = "WH-BENCH"
SEED = 20261122


@dataclass(frozen=True)
class Scale:
    name: str
    owners: int
    skus: int
    bins: int
    stock_rows: int
    orders: int
    outbox_events: int
    feed_commands: int
    scan_reps: int
    ui_reps: int
    online_picks: int
    startup_reps: int

    @property
    def folder(self) -> Path:
        return OUT / self.name


FULL = Scale(
    name="full",
    owners=20,
    skus=100_000,
    bins=20_000,
    stock_rows=500_000,
    orders=50_000,
    outbox_events=100_000,
    feed_commands=50_000,
    scan_reps=1000,
    ui_reps=300,
    online_picks=300,
    startup_reps=5,
)
QUICK = Scale(
    name="quick",
    owners=4,
    skus=2_000,
    bins=400,
    stock_rows=10_000,
    orders=400,
    outbox_events=2_000,
    feed_commands=300,
    scan_reps=40,
    ui_reps=15,
    online_picks=15,
    startup_reps=1,
)


def scale_from_args(description: str, argv: Sequence[str] | None = None) -> Scale:
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--quick", action="store_true", help="tiny scale, few repetitions")
    args = parser.parse_args(argv)
    return QUICK if args.quick else FULL


def figure(name: str, value: float | str, unit: str, note: str = "") -> None:
    """One machine-readable line per figure (the quick test looks for every name)."""
    shown = value if isinstance(value, str) else f"{value:.3f}"
    tail = f"  # {note}" if note else ""
    print(f"FIGURE {name} {shown} {unit}{tail}", flush=True)


def percentile(samples: Sequence[float], fraction: float) -> float:
    """Nearest-rank percentile (no interpolation: p99 of 1000 samples is the 990th)."""
    ordered = sorted(samples)
    rank = max(1, min(len(ordered), round(fraction * len(ordered) + 0.5)))
    return ordered[rank - 1]


def latency_figures(prefix: str, samples_s: Sequence[float], note: str = "") -> None:
    ms = [s * 1000 for s in samples_s]
    figure(f"{prefix}_median_ms", statistics.median(ms), "ms", note)
    figure(f"{prefix}_p99_ms", percentile(ms, 0.99), "ms", f"n={len(ms)}")


def peak_rss_figure(process: str) -> None:
    """This process's peak resident set (Linux reports kB)."""
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    figure(f"peak_rss_{process}_mb", peak_kb / 1024, "MB")


def copy_store(source: Path, target: Path) -> Path:
    """A private copy of a generated SQLite file (benchmarks change what they touch)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    for suffix in ("", "-wal", "-shm"):
        Path(str(target) + suffix).unlink(missing_ok=True)
    shutil.copyfile(source, target)
    return target


def checkpoint(db_path: Path) -> None:
    """Fold the WAL into the main file so a plain file copy is the whole database."""
    connection = sqlite3.connect(db_path)
    try:
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        connection.close()


def require_generated(scale: Scale) -> Path:
    folder = scale.folder
    if not (folder / "station.sqlite3").exists() or not (folder / "oms.sqlite3").exists():
        quick = " --quick" if scale.name == "quick" else ""
        sys.exit(f"no generated data in {folder}: run python -m bench.generate{quick}")
    return folder


def load_average() -> str:
    one, five, _ = os.getloadavg()
    return f"load {one:.2f}/{five:.2f}"
