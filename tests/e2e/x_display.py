"""A private X server (Xvfb) for tests that need a real window, and xdotool to drive it."""

from __future__ import annotations

import os
import random
import shutil
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest

X_TOOLS = ("Xvfb", "xdotool", "xdpyinfo")
"""Debian packages xvfb, xdotool, x11-utils (scripts/bootstrap.sh --system installs them)."""
START_DEADLINE_S = 30.0


def in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() in ("1", "true", "yes")


def require_x_tools() -> None:
    """Skip where the X tools are missing on a developer's machine; in CI that is a failure."""
    missing = [tool for tool in X_TOOLS if shutil.which(tool) is None]
    if not missing:
        return
    reason = (
        f"{', '.join(missing)} not installed: the real-window check needs xvfb, xdotool and "
        "x11-utils (bash scripts/bootstrap.sh --system installs them)"
    )
    if in_ci():
        pytest.fail(reason)
    pytest.skip(reason)


@dataclass
class XDisplay:
    name: str
    """e.g. ``:42``"""

    def env(self) -> dict[str, str]:
        return {"DISPLAY": self.name}

    def xdotool(self, *args: str, timeout_s: float = 60.0) -> str:
        result = subprocess.run(
            ["xdotool", *args],
            capture_output=True,
            text=True,
            env={**os.environ, **self.env()},
            timeout=timeout_s,
            check=False,
        )
        if result.returncode != 0:
            raise AssertionError(f"xdotool {' '.join(args)} failed: {result.stderr.strip()}")
        return result.stdout

    def find_window(self, name_pattern: str) -> str | None:
        result = subprocess.run(
            ["xdotool", "search", "--onlyvisible", "--name", name_pattern],
            capture_output=True,
            text=True,
            env={**os.environ, **self.env()},
            timeout=30,
            check=False,
        )
        windows = result.stdout.split()
        return windows[0] if result.returncode == 0 and windows else None

    def screenshot(self, target: Path) -> Path | None:
        """The whole screen as PNG (ImageMagick's ``import``), where it is installed."""
        if shutil.which("import") is None:
            return None
        subprocess.run(
            ["import", "-display", self.name, "-window", "root", str(target)],
            capture_output=True,
            timeout=60,
            check=True,
        )
        return target

    def answers(self) -> bool:
        result = subprocess.run(
            ["xdpyinfo", "-display", self.name],
            capture_output=True,
            timeout=30,
            check=False,
        )
        return result.returncode == 0


def _display_free(number: int) -> bool:
    return not (
        Path(f"/tmp/.X{number}-lock").exists() or Path(f"/tmp/.X11-unix/X{number}").exists()
    )


@contextmanager
def running_xvfb(log_file: Path, size: str = "1280x800x24") -> Iterator[XDisplay]:
    """Starts ``Xvfb`` on a free display number and waits until it answers ``xdpyinfo``.

    Numbers start at a random point well above the usual :0/:1 and :99 (xvfb-run), so runs
    at the same time on one machine do not meet; a number taken meanwhile makes Xvfb exit at
    once, and the next one is tried."""
    first = random.randrange(200, 900)
    for number in range(first, first + 50):
        if not _display_free(number):
            continue
        display = XDisplay(f":{number}")
        with log_file.open("ab") as log:
            process = subprocess.Popen(
                # -noreset: by default the server resets when its last client leaves (our
                # xdpyinfo probe), and a client connecting during the reset is refused.
                ["Xvfb", display.name, "-screen", "0", size, "-nolisten", "tcp", "-noreset"],
                stdout=subprocess.DEVNULL,
                stderr=log,
            )

        if not _answers_in_time(process, display):
            _stop(process)
            continue
        try:
            yield display
        finally:
            _stop(process)
        return
    log_text = log_file.read_text(errors="replace").strip()
    raise AssertionError(f"Xvfb did not start on any display from :{first}: {log_text}")


def _answers_in_time(process: subprocess.Popen[bytes], display: XDisplay) -> bool:
    deadline = time.monotonic() + START_DEADLINE_S
    while time.monotonic() < deadline:
        if process.poll() is not None:
            return False  # the display was taken meanwhile, or Xvfb cannot run here
        if display.answers():
            return True
        time.sleep(0.05)
    return False


def _stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
