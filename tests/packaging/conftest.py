"""The PyInstaller bundle, built once per test session and shared by every packaging test
(the bundle test, the .deb, the MSI): building it takes about two minutes of CI."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
BUILD_TIMEOUT_S = 900


@pytest.fixture(scope="session")
def bundle(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """The bundle's executable, dist/wms-floor/wms-floor in a session folder.
    WMS_FLOOR_TEST_BUNDLE names one already built from this tree (local runs only)."""
    prebuilt = os.environ.get("WMS_FLOOR_TEST_BUNDLE")
    if prebuilt:
        yield Path(prebuilt)
        return
    work = tmp_path_factory.mktemp("bundle")
    built = subprocess.run(
        [
            sys.executable,
            "-m",
            "PyInstaller",
            "--noconfirm",
            "--distpath",
            str(work / "dist"),
            "--workpath",
            str(work / "build"),
            str(ROOT / "build_installer.spec"),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=BUILD_TIMEOUT_S,
        check=False,
    )
    assert built.returncode == 0, built.stderr[-4000:]
    executable = work / "dist" / "wms-floor" / "wms-floor"
    assert executable.exists()
    yield executable
