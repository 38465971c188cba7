"""Named loggers per subsystem, rotating JSON-lines files, personal data and secrets redacted.

Subsystems log under ``wms.<name>`` (wms.store, wms.sync, wms.ui, ...). Every record passes a
redaction filter before it is written anywhere, so a consignee's name, phone or address and a
bearer token cannot reach a log file even if a caller formats them into a message.
"""

from __future__ import annotations

import json
import logging
import logging.handlers
import re
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from local_db.private_files import FILE_MODE, create_private_file, private_folder, tighten

ROOT_LOGGER = "wms"
LOG_FILE_NAME = "station.log"
MAX_MB = 5  # the log_file_max_mb and log_files_kept settings' defaults
BACKUPS = 5

# Field names of personal data in seed 000's OutboundCommand, plus secrets.
_SENSITIVE_KEYS = ("consignee", "phone", "address", "token", "password", "pin", "enrolment_key")
_KEY_NAMES = "|".join(_SENSITIVE_KEYS)
_KEY_VALUE = re.compile(
    rf"""(?P<key>["']?(?:{_KEY_NAMES})["']?\s*[:=]\s*)(?P<value>"[^"]*"|'[^']*'|[^,;}}\n]+)""",
    re.IGNORECASE,
)
_BEARER = re.compile(r"(?P<key>Bearer\s+)[A-Za-z0-9._~+/=-]+", re.IGNORECASE)
# A pydantic validation error repeats the offending input, e.g. ``[type=string_too_long,
# input_value='Zhang San …', input_type=str]``: the value runs up to its ``input_type``.
_PYDANTIC_INPUT = re.compile(
    r"(?P<key>input_value=).*?(?=, input_type=|\]?$)", re.MULTILINE | re.DOTALL
)
# A SQLAlchemy error lists the statement's bound values (consignee fields among them) on
# one line: ``[parameters: ('SO-1', 'Zhang San', ...)]``. The SQL itself stays.
_SQL_PARAMETERS = re.compile(r"(?P<key>\[parameters:\s*).*$", re.MULTILINE)
# Station tokens and enrolment keys the reference OMS issues (``oms_server.services
# .enrolment``), wherever they appear without a key name in front.
_BARE_SECRET = re.compile(r"\b(?P<key>st_|ek_)[A-Za-z0-9_-]{16,}")
# "PIN 1234", "pin: 1234", "PIN #1234": a supervisor PIN written out in words.
_PIN_WORDS = re.compile(
    r"(?P<key>\bPINs?(?:\s+(?:code|number|is|was))?\s*[:=#]?\s*)['\"]?\d+['\"]?",
    re.IGNORECASE,
)
REDACTED = "[redacted]"

_PATTERNS = (_PYDANTIC_INPUT, _SQL_PARAMETERS, _KEY_VALUE, _BEARER, _BARE_SECRET, _PIN_WORDS)


def redact(text: str) -> str:
    """Mask personal data and secrets in free text."""
    # Bare digit runs are left alone: GTINs and tracking numbers are what support needs to see.
    for pattern in _PATTERNS:
        text = pattern.sub(_keep_key, text)
    return text


def _keep_key(match: re.Match[str]) -> str:
    return match.group("key") + REDACTED


class RedactingFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        record.msg = redact(record.getMessage())
        record.args = None
        return True


class JsonLinesFormatter(logging.Formatter):
    """One JSON object per line, so tests and support staff can read the logs by machine."""

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "ts": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "msg": record.getMessage(),
        }
        if record.exc_info:
            entry["exc"] = redact(self.formatException(record.exc_info))
        return json.dumps(entry, ensure_ascii=False)


class PrivateRotatingFileHandler(logging.handlers.RotatingFileHandler):
    """Creates the log and every rotated successor readable by this user only (0600), and
    tightens files an older version left world-readable."""

    def _open(self) -> Any:
        # Rotation renames this file to .1, .2, ...: they keep its mode.
        create_private_file(Path(self.baseFilename))
        return super()._open()


class RedactingConsoleFormatter(logging.Formatter):
    """The terminal's (or service journal's) lines: tracebacks are redacted like the file's."""

    def __init__(self) -> None:
        super().__init__("%(asctime)s %(levelname)s %(name)s: %(message)s")

    def formatException(self, ei: Any) -> str:
        return redact(super().formatException(ei))


def configure_logging(
    log_dir: Path,
    level: int = logging.INFO,
    console: bool = True,
    *,
    max_mb: int = MAX_MB,
    backups: int = BACKUPS,
) -> Path:
    """Send ``wms.*`` records to a file rotated at ``max_mb`` with ``backups`` older files
    kept (and to stderr); returns the log file's path."""
    private_folder(log_dir)
    log_file = log_dir / LOG_FILE_NAME
    for backup in range(1, backups + 1):
        tighten(log_dir / f"{LOG_FILE_NAME}.{backup}", FILE_MODE)
    root = logging.getLogger(ROOT_LOGGER)
    root.setLevel(level)
    for handler in list(root.handlers):
        root.removeHandler(handler)
        handler.close()
    file_handler = PrivateRotatingFileHandler(
        log_file, maxBytes=max_mb * 1024 * 1024, backupCount=backups, encoding="utf-8"
    )
    file_handler.setFormatter(JsonLinesFormatter())
    handlers: list[logging.Handler] = [file_handler]
    if console:
        stream = logging.StreamHandler()
        stream.setFormatter(RedactingConsoleFormatter())
        handlers.append(stream)
    for handler in handlers:
        handler.addFilter(RedactingFilter())
        root.addHandler(handler)
    return log_file
