"""Tests fail on an ERROR or CRITICAL log record nobody expected (qutebrowser's end-to-end
fixture does this): from station code running in the test's process (``wms.*`` loggers), and
from the programs a test starts (the reference OMS, the station), read from their log files
once they have stopped.

A test that provokes an error on purpose says so, with what it expects::

    @pytest.mark.expected_log_errors(r"feed entry .* skipped")

Each argument is a regular expression searched in ``"<logger>: <message>"`` (for a program's
log, in its log line); records it matches are allowed. Nothing else is weakened.
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

MARKER = "expected_log_errors"
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

    def unexpected(self) -> list[str]:
        found = list(self._collector.found)
        for path in self.text_logs:
            found += [f"{path.name}: {line}" for line in text_log_errors(path)]
        for path in self.json_logs:
            found += [f"{path.name}: {line}" for line in json_log_errors(path)]
        return [line for line in found if not any(p.search(line) for p in self.expected)]


_current: LogWatch | None = None


def current() -> LogWatch | None:
    """The running test's watch (None outside pytest, e.g. in a script)."""
    return _current


@contextmanager
def watching(expected: Sequence[str]) -> Iterator[LogWatch]:
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
