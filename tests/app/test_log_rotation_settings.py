"""Log files rotate by size with the log_file_max_mb / log_files_kept settings (#15), and
`wms-floor --help` says where they are and how they rotate.

No seed clause speaks of log files; this is issue #15's fleet roll-out.
"""

from __future__ import annotations

import faulthandler
import logging
import sys
import threading
from pathlib import Path

from station.config import StationConfig
from station.main import _start_logging
from tests.app.test_cli_help import help_of


def test_the_station_log_rotates_at_the_configured_size_keeping_the_configured_files(
    tmp_path: Path,
) -> None:
    config = StationConfig(log_dir=tmp_path / "logs", log_file_max_mb=1, log_files_kept=2)
    hooks = (sys.excepthook, threading.excepthook)
    _start_logging(config)  # as `wms-floor` starts the station
    log = logging.getLogger("wms.test.rotation")
    line = "x" * 1000
    try:
        for _ in range(4000):  # about 4 MB: rotates three times
            log.info(line)
    finally:
        sys.excepthook, threading.excepthook = hooks
        faulthandler.disable()
        for handler in list(logging.getLogger("wms").handlers):
            handler.close()
            logging.getLogger("wms").removeHandler(handler)
    names = sorted(path.name for path in (tmp_path / "logs").glob("station.log*"))
    assert names == ["station.log", "station.log.1", "station.log.2"]
    for path in (tmp_path / "logs").glob("station.log*"):
        assert path.stat().st_size <= 1024 * 1024


def test_help_prints_the_log_location_and_rotation() -> None:
    text = help_of("station.main")
    assert "rotated at 5 MB with 5 older files kept" in text
    assert "log_file_max_mb" in text
