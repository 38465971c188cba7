"""Run the whole benchmark set: ``python -m bench [--quick] [--reuse-data] [--only NAME ...]``.

Generates the data (unless ``--reuse-data`` finds it), then runs every benchmark as its own
process (so each one's peak RSS is the station's alone), echoes their ``FIGURE`` lines and
ends with the largest station RSS seen and a results file in ``bench/out/<scale>/``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import shutil
import subprocess
import sys
import time

from bench.common import FULL, QUICK, ROOT, figure

BENCHMARKS = (
    "scan_service",
    "wip_scan",
    "scan_ui",
    "push",
    "pull",
    "pull_floor",
    "online",
    "startup",
    "board",
)
EXPECTED_FIGURES = (
    "generate_s",
    "scan_service_median_ms",
    "scan_service_p99_ms",
    "scan_raw_sqlite_median_ms",
    "scan_raw_sqlite_p99_ms",
    "scan_service_to_raw_p99_ratio",
    "scan_service_to_raw_median_ratio",
    "wip_receive_scan_median_ms",
    "wip_receive_scan_p99_ms",
    "wip_count_scan_median_ms",
    "wip_count_scan_p99_ms",
    "wip_insert_median_ms",
    "wip_insert_p99_ms",
    "scan_ui_answer_median_ms",
    "scan_ui_answer_p99_ms",
    "scan_ui_painted_median_ms",
    "scan_ui_painted_p99_ms",
    "push_drain_s",
    "push_events_per_s",
    "push_station_cpu_ms_per_event",
    "pull_s",
    "pull_entries_per_s",
    "pull_floor_s",
    "pull_floor_entries_per_s",
    "pull_to_floor_ratio",
    "online_pick_to_oms_median_ms",
    "online_pick_to_oms_p95_ms",
    "online_pick_to_oms_p99_ms",
    "startup_source_median_ms",
    "startup_source_max_ms",
    "startup_bundle_median_ms",
    "startup_bundle_max_ms",
    "board_refresh_median_ms",
    "board_refresh_p95_ms",
    "board_refresh_cpu_median_ms",
    "board_first_refresh_median_ms",
    "board_first_refresh_cpu_median_ms",
    "peak_rss_station_mb",
)


def machine() -> str:
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in open("/proc/cpuinfo", encoding="utf-8")  # noqa: SIM115
            if line.startswith("model name")
        ),
        platform.processor(),
    )
    disk = shutil.disk_usage(ROOT)
    return (
        f"{os.cpu_count()} cores, {cpu}; disk {disk.total / 2**30:.0f} GB "
        f"({disk.free / 2**30:.0f} GB free); Python {platform.python_version()}"
    )


def run(module: str, quick: bool, lines: list[str]) -> None:
    command = [sys.executable, "-m", f"bench.{module}", *(["--quick"] if quick else [])]
    started = time.perf_counter()
    process = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, text=True)
    assert process.stdout is not None
    for line in process.stdout:
        print(line, end="", flush=True)
        if line.startswith("FIGURE "):
            lines.append(line.rstrip("\n"))
    if process.wait() != 0:
        raise SystemExit(f"bench.{module} failed with exit code {process.returncode}")
    print(f"# bench.{module} took {time.perf_counter() - started:.1f} s", flush=True)


def derived_ratio(lines: list[str], name: str, numerator: str, denominator: str) -> None:
    """A figure computed from two others of this run (when both ran)."""
    values = {line.split()[1]: line.split()[2] for line in lines}
    if numerator in values and denominator in values:
        ratio = float(values[numerator]) / float(values[denominator])
        figure(name, ratio, "x", f"{numerator} / {denominator}")
        lines.append(f"FIGURE {name} {ratio:.3f} x")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="tiny scale, few repetitions (CI)")
    parser.add_argument("--reuse-data", action="store_true", help="skip generation if present")
    parser.add_argument("--only", nargs="*", choices=BENCHMARKS, help="run only these")
    args = parser.parse_args()
    scale = QUICK if args.quick else FULL
    print(f"# {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC, {scale.name} scale; {machine()}")
    lines: list[str] = []
    present = (scale.folder / "station.sqlite3").exists() and (
        scale.folder / "oms.sqlite3"
    ).exists()
    if args.reuse_data and present:
        print(f"# reusing the data in {scale.folder}")
    else:
        run("generate", args.quick, lines)
    for module in args.only or BENCHMARKS:
        run(module, args.quick, lines)
    derived_ratio(lines, "pull_to_floor_ratio", "pull_s", "pull_floor_s")
    peaks = [
        float(line.split()[2])
        for line in lines
        if line.split()[1].startswith("peak_rss_") and line.split()[2] != "n/a"
    ]
    if peaks:
        figure("peak_rss_station_mb", max(peaks), "MB", "largest of the station processes above")
        lines.append(f"FIGURE peak_rss_station_mb {max(peaks):.3f} MB")
    results = scale.folder / "results.txt"
    results.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"# figures written to {results}")


if __name__ == "__main__":
    main()
