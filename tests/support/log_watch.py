"""Tests fail on an ERROR or CRITICAL log record nobody expected (qutebrowser's end-to-end
fixture does this): from station code running in the test's process (``wms.*`` loggers), and
from the programs a test starts (the reference OMS, the station), read from their log files
once they have stopped.

Station processes a test starts (a CLI run, a child that is SIGKILLed, the bundled exe) log
as the station does, to ``station.log`` in its log folder (station/logging_setup.py): each
test gets its own default log folder (``XDG_STATE_HOME`` points into a scratch folder while
it runs, and children inherit it), which is watched; a child given another ``log_dir`` is
watched with :meth:`LogWatch.watch_station_log`. A child script that is not the station's
CLI starts its logging with :func:`log_like_a_station`.

A test that provokes an error on purpose says so, with what it expects::

    @pytest.mark.expected_log_errors(r"feed entry .* skipped")

Each argument is a regular expression searched in ``"<logger>: <message>"`` (for a program's
log, in its log line); records it matches are allowed. Nothing else is weakened.
"""

from __future__ import annotations

import json
import logging
import os
import re
import shutil
import tempfile
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from station.logging_setup import LOG_FILE_NAME, configure_logging
from station.paths import default_log_dir

MARKER = "expected_log_errors"
# platformdirs puts the station's default log folder under it (Linux).
STATE_HOME = "XDG_STATE_HOME"
WATCHED_LOGGER_PREFIX = "wms"
ERROR_LEVELS = frozenset({"ERROR", "CRITICAL"})
# "2026-12-04 17:20:29,123 ERROR wms.oms_server: ..." (the OMS's and the station console's
# format) or uvicorn's own "ERROR:    Exception in ASGI application".
_TEXT_ERROR = re.compile(r"^(?:\S+ \S+ (?P<level>ERROR|CRITICAL) |(?P<uvicorn>ERROR|CRITICAL):)")


class _Collector(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.found: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        if record.name == WATCHED_LOGGER_PREFIX or record.name.startswith(
            WATCHED_LOGGER_PREFIX + "."
        ):
            self.found.append(f"{record.name}: {record.getMessage()}")


def text_log_errors(path: Path) -> list[str]:
    """ERROR/CRITICAL lines of a plain-text log (the OMS's stderr, a station's console)."""
    if not path.exists():
        return []
    lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
    return [line for line in lines if _TEXT_ERROR.match(line)]


def json_log_errors(path: Path) -> list[str]:
    """ERROR/CRITICAL records of the station's JSON-lines log file."""
    if not path.exists():
        return []
    found = []
    for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
        try:
            record = json.loads(line)
        except ValueError:
            continue
        if isinstance(record, dict) and record.get("level") in ERROR_LEVELS:
            found.append(f"{record.get('logger')}: {record.get('msg')}")
    return found


@dataclass
class LogWatch:
    """One test's watch: in-process records plus the log files of the programs it started."""

    expected: Sequence[re.Pattern[str]] = ()
    text_logs: list[Path] = field(default_factory=list)
    json_logs: list[Path] = field(default_factory=list)
    _collector: _Collector = field(default_factory=_Collector)

    def watch_text_log(self, path: Path) -> None:
        if path not in self.text_logs:
            self.text_logs.append(path)

    def watch_json_log(self, path: Path) -> None:
        if path not in self.json_logs:
            self.json_logs.append(path)

    def watch_station_log(self, log_dir: Path) -> None:
        """A station process logging to ``log_dir`` (its ``log_dir`` setting)."""
        self.watch_json_log(log_dir / LOG_FILE_NAME)

    def unexpected(self) -> list[str]:
        # (where, record): a pattern is matched against the record alone (one pattern allows
        # a record whether the test's own code or a child process logged it) and against
        # "<log file>: <record>" (a pattern that names the program's log).
        found = [("", record) for record in self._collector.found]
        for path in self.text_logs:
            found += [(f"{path.name}: ", line) for line in text_log_errors(path)]
        for path in self.json_logs:
            found += [(f"{path.name}: ", line) for line in json_log_errors(path)]
        return [
            where + record
            for where, record in found
            if not any(p.search(record) or p.search(where + record) for p in self.expected)
        ]


_current: LogWatch | None = None


def current() -> LogWatch | None:
    """The running test's watch (None outside pytest, e.g. in a script)."""
    return _current


def watch_station_log(log_dir: Path) -> None:
    """The running test watches a station process that logs to ``log_dir``."""
    watch = current()
    if watch is not None:
        watch.watch_station_log(log_dir)


def log_like_a_station() -> None:
    """For a child script standing in for a station process: log as the station does, to
    the default log folder (the running test's, inherited through the environment)."""
    configure_logging(default_log_dir(), console=False)


@contextmanager
def _own_state_folder() -> Iterator[Path]:
    """A scratch ``XDG_STATE_HOME`` for one test: the station's default log folder."""
    folder = Path(tempfile.mkdtemp(prefix="wms-test-state-"))
    previous = os.environ.get(STATE_HOME)
    os.environ[STATE_HOME] = str(folder)
    try:
        yield default_log_dir()
    finally:
        if previous is None:
            os.environ.pop(STATE_HOME, None)
        else:
            os.environ[STATE_HOME] = previous
        shutil.rmtree(folder, ignore_errors=True)


@contextmanager
def watching(expected: Sequence[str]) -> Iterator[LogWatch]:
    with _own_state_folder() as station_log_dir, _watching(expected) as watch:
        watch.watch_station_log(station_log_dir)
        yield watch


@contextmanager
def _watching(expected: Sequence[str]) -> Iterator[LogWatch]:
    global _current  # noqa: PLW0603 - one watch per running test
    watch = LogWatch(expected=[re.compile(pattern) for pattern in expected])
    # On the root logger: a test that reconfigures the station's "wms" logger (its handlers
    # are replaced) still has its records seen here.
    root = logging.getLogger()
    root.addHandler(watch._collector)
    _current = watch
    try:
        yield watch
    finally:
        _current = None
        root.removeHandler(watch._collector)
