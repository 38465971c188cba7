"""The benchmarks keep working: ``python -m bench --quick`` runs every one at a tiny scale
and prints every figure. Their numbers are not judged here (see BENCHMARKS.md)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from bench.__main__ import EXPECTED_FIGURES

ROOT = Path(__file__).resolve().parents[2]
TIMEOUT_S = 600  # generous: a loaded CI machine; the quick set normally takes under a minute


def test_quick_benchmarks_print_every_figure(tmp_path: Path) -> None:
    # Own data folder: a second run at the same time (another checkout's CI) cannot collide.
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "WMS_BENCH_OUT": str(tmp_path)}
    done = subprocess.run(
        [sys.executable, "-m", "bench", "--quick"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=TIMEOUT_S,
        check=False,
    )
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    printed = {
        line.split()[1]: line.split()[2]
        for line in done.stdout.splitlines()
        if line.startswith("FIGURE ")
    }
    missing = [name for name in EXPECTED_FIGURES if name not in printed]
    assert not missing, done.stdout[-3000:]
    # A number (or "n/a" for the bundle when it was not built), never an empty field.
    for name in EXPECTED_FIGURES:
        value = printed[name]
        assert value == "n/a" or float(value) >= 0, (name, value)


def test_the_board_benchmark_reads_a_day_of_work(tmp_path: Path) -> None:
    """``bench.board`` alone at the quick scale: it prints its figures, and the day it
    writes into its copy is one the board sees (shipped, picked, at risk, synced)."""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "WMS_BENCH_OUT": str(tmp_path)}
    for module in ("bench.generate", "bench.board"):
        done = subprocess.run(
            [sys.executable, "-m", module, "--quick"],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=TIMEOUT_S,
            check=False,
        )
        assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    printed = [line.split()[1] for line in done.stdout.splitlines() if line.startswith("FIGURE ")]
    assert "board_refresh_median_ms" in printed and "board_refresh_p95_ms" in printed

    from app.queries.board import BoardSettings, read_board
    from bench.board import DAY_START, NOW
    from local_db.store import open_store

    store = open_store(tmp_path / "quick" / "work-board" / "board.sqlite3")
    try:
        board = read_board(store, NOW, DAY_START, BoardSettings())
    finally:
        store.close()
    assert board.orders.shipped_today > 0 and board.orders.packed > 0
    assert board.at_risk.count > 0
    assert sum(o.today.picks for o in board.throughput.operators) > 0
    assert all(gauge.sample > 0 for gauge in board.sync)
    assert sum(e.count for e in board.exceptions) == 300
