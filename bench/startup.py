"""Start-up: process start → the log-in screen shown, ready for a badge scan, large store.

    python -m bench.startup [--quick]

From source (``bench/startup_entry.py``: the ``wms-floor`` entry point plus the probe) and
from the PyInstaller bundle (``pyinstaller --noconfirm build_installer.spec``; this looks in
``dist/wms-floor`` and ``bench/out/dist/wms-floor``). Offscreen Qt, a settings file naming a
copy of the generated store. The probe is ``packaging/rthooks/rthook_startup_probe.py``,
inert unless ``WMS_FLOOR_STARTUP_PROBE`` is set: when the window first shows the log-in
screen it writes the time and the process's peak RSS, then quits the app. One warm-up start
is not counted (it pays for the cold page cache once).
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

from bench.common import (
    ROOT,
    WAREHOUSE,
    Scale,
    copy_store,
    figure,
    load_average,
    require_generated,
    scale_from_args,
)

READY_TIMEOUT_S = 120.0
BUNDLES = (
    ROOT / "dist" / "wms-floor" / "wms-floor",
    ROOT / "bench" / "out" / "dist" / "wms-floor" / "wms-floor",
)


def find_bundle() -> Path | None:
    found = [path for path in BUNDLES if path.exists()]
    return max(found, key=lambda path: path.stat().st_mtime) if found else None


def write_config(work: Path, db_path: Path) -> Path:
    config = work / "station.toml"
    config.write_text(
        f'db_path = "{db_path}"\n'
        f'warehouse_id = "{WAREHOUSE}"\n'
        'station_name = "BENCH"\n'
        'language = "en"\n'
        f'log_dir = "{work / "logs"}"\n',
        encoding="utf-8",
    )
    return config


def start_once(command: list[str], work: Path) -> tuple[float, float]:
    """Seconds from spawning the process to scan-ready, and its peak RSS in MB by then."""
    probe = work / "ready.txt"
    probe.unlink(missing_ok=True)
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "WMS_FLOOR_STARTUP_PROBE": str(probe)}
    log = (work / "station-output.txt").open("wb")
    spawned = time.time()
    process = subprocess.Popen(command, env=env, stdout=log, stderr=subprocess.STDOUT)
    try:
        process.wait(timeout=READY_TIMEOUT_S)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
    finally:
        log.close()
    if not probe.exists():
        tail = (work / "station-output.txt").read_text(errors="replace")[-2000:]
        raise RuntimeError(f"{command[0]} never became ready (exit {process.returncode}):\n{tail}")
    ready_at, peak_kb = probe.read_text().split()
    return float(ready_at) - spawned, int(peak_kb) / 1024


def not_measured(name: str, reason: str) -> None:
    for figure_name in (f"startup_{name}_median_ms", f"startup_{name}_max_ms"):
        figure(figure_name, "n/a", "ms", reason)
    figure(f"peak_rss_startup_{name}_mb", "n/a", "MB", reason)


def measure(name: str, command: list[str], work: Path, scale: Scale) -> None:
    start_once(command, work)  # warm-up
    runs = [start_once(command, work) for _ in range(scale.startup_reps)]
    seconds = [ready for ready, _ in runs]
    note = f"{len(runs)} starts after 1 warm-up, {scale.name} store; {load_average()}"
    figure(f"startup_{name}_median_ms", statistics.median(seconds) * 1000, "ms", note)
    figure(f"startup_{name}_max_ms", max(seconds) * 1000, "ms")
    figure(f"peak_rss_startup_{name}_mb", max(rss for _, rss in runs), "MB", "at scan-ready")


def main() -> None:
    scale = scale_from_args(__doc__ or "")
    folder = require_generated(scale)
    work = folder / "work-startup"
    db_path = copy_store(folder / "station.sqlite3", work / "station.sqlite3")
    config = write_config(work, db_path)
    source = [sys.executable, str(ROOT / "bench" / "startup_entry.py"), "--config", str(config)]
    measure("source", source, work, scale)
    bundle = find_bundle()
    if bundle is None:
        not_measured("bundle", "no bundle: run pyinstaller --noconfirm build_installer.spec")
        return
    try:
        measure("bundle", [str(bundle), "--config", str(config)], work, scale)
    except RuntimeError as exc:
        # A bundle that cannot start is a finding, not a broken benchmark: say why.
        last_line = str(exc).strip().splitlines()[-1]
        not_measured("bundle", f"{bundle} cannot start: {last_line}")


if __name__ == "__main__":
    main()
