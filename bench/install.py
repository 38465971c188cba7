"""The installed bundle: its size on disk and how fast its commands start.

    python -m bench.install [BUNDLE_DIR] [--runs N]

BUNDLE_DIR defaults to the newest of dist/wms-floor and bench/out/dist/wms-floor (build it
with ``pyinstaller --noconfirm build_installer.spec``), or /opt/wms-floor once the .deb is
installed. Times, from spawning the process to its exit: ``wms-floor --version`` (the
cheapest start: the bootloader and the Python runtime) and ``wms-floor self-test`` (Qt
offscreen, a scratch store migrated, translations, sounds, the keyring). The self-test's
exit code is not judged here (a machine without a keyring fails that check, in the same
time). One warm-up run of each is not counted (it pays for the cold page cache once).
Not in the quick set: it needs a built bundle.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import tempfile
import time
from pathlib import Path

from bench.common import figure, load_average
from bench.startup import find_bundle

TIMEOUT_S = 120.0


def bundle_size_mb(folder: Path) -> float:
    # Symlinks (PyInstaller links Qt's libraries) are counted once, as their targets.
    files = (path for path in folder.rglob("*") if path.is_file() and not path.is_symlink())
    total = sum(path.stat().st_size for path in files)
    return total / 1e6


def time_command(command: list[str], env: dict[str, str]) -> float:
    started = time.perf_counter()
    subprocess.run(command, env=env, capture_output=True, timeout=TIMEOUT_S, check=False)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.install")
    parser.add_argument("bundle", nargs="?", type=Path, help="the bundle's folder")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    found = find_bundle()
    folder = args.bundle or (found.parent if found else None)
    if folder is None or not (folder / "wms-floor").exists():
        raise SystemExit("no bundle: pyinstaller --noconfirm build_installer.spec")
    executable = str(folder / "wms-floor")
    figure("bundle_size", bundle_size_mb(folder), "MB", str(folder))
    with tempfile.TemporaryDirectory() as home:
        env = {**os.environ, "HOME": home, "QT_QPA_PLATFORM": "offscreen"}
        for name, command in (
            ("start_version", [executable, "--version"]),
            ("start_self_test", [executable, "self-test"]),
        ):
            time_command(command, env)  # warm-up
            samples = [time_command(command, env) for _ in range(args.runs)]
            figure(
                f"{name}_median",
                statistics.median(samples),
                "s",
                f"max {max(samples):.3f} s, {args.runs} runs, {load_average()}",
            )


if __name__ == "__main__":
    main()
