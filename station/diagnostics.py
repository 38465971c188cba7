"""`wms-floor diagnostics FILE.zip`: what support needs from a station, in one file.

Logs and recent crash reports, the effective settings with their sources, versions, store
statistics with ``PRAGMA integrity_check``, sync status and backlog, open exceptions by type.
The store is opened read-only (``mode=ro``), never migrated, so it runs beside a working
station. Nothing secret or personal goes in: the token stays in the keyring, settings hold
none, logs were redacted when written and are redacted again here, and every consignee
field and PIN hash the store holds (and the token, if the keyring gives it) is masked in
every file of the zip, in case an older version wrote one out.
"""

from __future__ import annotations

import datetime as dt
import importlib.metadata
import platform
import sqlite3
import sys
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import create_engine, select
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from app.queries.exception_queue import open_counts_by_type
from local_db.models import Operator, OutboundOrder
from local_db.private_files import create_private_file
from station import __version__
from station.config import StationConfig
from station.config_layers import EffectiveConfig
from station.config_show import show_settings
from station.crash import crash_dir
from station.logging_setup import LOG_FILE_NAME, REDACTED, redact
from station.paths import default_log_dir
from sync.credentials import CredentialStoreUnavailable, NoTokenStored, load_token
from sync.outbox_queue import outbox_counts
from sync.state import (
    FEED_CURSOR,
    LAST_ERROR,
    LAST_PULL_AT,
    LAST_PUSH_AT,
    LAST_RECONCILE_AT,
    OMS_URL,
    STATION_ID,
    WAREHOUSE_ID,
    read_all_state,
)

RECENT_CRASH_REPORTS = 10
_SYNC_KEYS = (
    STATION_ID, WAREHOUSE_ID, OMS_URL, FEED_CURSOR, LAST_PUSH_AT, LAST_PULL_AT,
    LAST_RECONCILE_AT, LAST_ERROR,
)  # fmt: skip


@dataclass
class _Masks:
    """Values that must not leave the station, whatever text they turn up in."""

    values: set[str] = field(default_factory=set)

    def apply(self, text: str) -> str:
        text = redact(text)
        # Longest first, so a value containing another is masked whole.
        for value in sorted(self.values, key=len, reverse=True):
            text = text.replace(value, REDACTED)
        return text


@contextmanager
def _read_only(db_path: Path) -> Iterator[Session]:
    """A session that cannot write: SQLite refuses every write on a ``mode=ro`` connection."""
    uri = db_path.resolve().as_uri() + "?mode=ro"
    engine = create_engine(
        "sqlite://", creator=lambda: sqlite3.connect(uri, uri=True, check_same_thread=False)
    )
    try:
        with Session(engine) as session:
            yield session
    finally:
        engine.dispose()


def _versions() -> str:
    def version_of(package: str) -> str:
        try:
            return importlib.metadata.version(package)
        except importlib.metadata.PackageNotFoundError:
            return "not installed"

    return "\n".join(
        [
            f"wms-floor:  {__version__}",
            f"Python:     {sys.version.split()[0]} ({platform.python_implementation()})",
            # The package's version names its Qt (PySide6 x.y.z ships Qt x.y.z); read from
            # the metadata, because station/ does not import Qt.
            f"Qt:         PySide6 {version_of('PySide6')}",
            f"SQLite:     {sqlite3.sqlite_version}",
            f"SQLAlchemy: {version_of('SQLAlchemy')}",
            f"httpx:      {version_of('httpx')}",
            f"platform:   {platform.platform()}",
        ]
    )


def _store_report(db_path: Path, masks: _Masks) -> tuple[str, str, str]:
    """(store statistics, sync status, open exceptions) texts."""
    if not db_path.is_file():
        missing = f"no store at {db_path}"
        return missing, missing, missing
    sizes = [f"file:  {db_path} ({db_path.stat().st_size} bytes)"]
    for suffix in ("-wal", "-shm"):
        extra = db_path.with_name(db_path.name + suffix)
        if extra.exists():
            sizes.append(f"{suffix[1:]}:   {extra.stat().st_size} bytes")
    try:
        with _read_only(db_path) as session:
            masks.values |= _private_values(session)
            connection = session.connection().connection.driver_connection
            assert connection is not None
            integrity = [row[0] for row in connection.execute("PRAGMA integrity_check")]
            tables = [
                row[0]
                for row in connection.execute(
                    "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name"
                )
            ]
            counts = [f"  {table:<36}{_row_count(connection, table)}" for table in tables]
            state = read_all_state(session)
            backlog = outbox_counts(session)
            exceptions = open_counts_by_type(session)
    except (sqlite3.Error, DBAPIError) as exc:
        # A damaged or locked store is itself what support needs to know.
        problem = f"the store could not be read: {exc}"
        return "\n".join([*sizes, problem]), problem, problem
    store = "\n".join(
        [*sizes, "integrity_check: " + "; ".join(integrity), "rows per table:", *counts]
    )
    oldest = backlog.oldest_pending_at.isoformat() if backlog.oldest_pending_at else "-"
    sync = "\n".join(
        [
            *(f"{key + ':':<20}{state.get(key, '-')}" for key in _SYNC_KEYS),
            f"{'pending events:':<20}{backlog.pending} ({backlog.held} held)",
            f"{'oldest pending:':<20}{oldest}",
            f"{'rejected events:':<20}{backlog.rejected}",
        ]
    )
    masks.values |= _token(state.get(STATION_ID))
    opened = "\n".join(f"{kind:<28}{count}" for kind, count in exceptions.items())
    return store, sync, f"open exceptions: {sum(exceptions.values())}\n{opened}".rstrip()


def _row_count(connection: sqlite3.Connection, table: str) -> int:
    # The name comes from sqlite_master, quoted as an identifier.
    quoted = '"' + table.replace('"', '""') + '"'
    return int(connection.execute(f"SELECT count(*) FROM {quoted}").fetchone()[0])


def _private_values(session: Session) -> set[str]:
    """Consignee fields and PIN hashes, to be masked wherever they appear."""
    values: set[str] = set()
    for row in session.execute(
        select(
            OutboundOrder.consignee,
            OutboundOrder.phone,
            OutboundOrder.address,
            OutboundOrder.district,
        )
    ):
        values.update(str(value) for value in row if value and len(str(value)) >= 3)
    values.update(
        pin_hash for pin_hash in session.scalars(select(Operator.pin_hash)) if pin_hash is not None
    )
    return values


def _token(device_id: str | None) -> set[str]:
    if device_id is None:
        return set()
    try:
        return {load_token(device_id).reveal()}
    except (CredentialStoreUnavailable, NoTokenStored):
        return set()


def _log_files(config: StationConfig) -> list[tuple[str, Path]]:
    folder = config.log_dir or default_log_dir()
    logs = sorted(folder.glob(LOG_FILE_NAME + "*"))
    crashes = crash_dir(folder)
    reports = sorted(
        crashes.glob("*crash-*.txt"), key=lambda path: path.stat().st_mtime, reverse=True
    )[:RECENT_CRASH_REPORTS]
    faults = crashes / "native-faults.txt"
    found = [(f"logs/{path.name}", path) for path in logs]
    found += [(f"crashes/{path.name}", path) for path in reports]
    if faults.is_file():
        found.append((f"crashes/{faults.name}", faults))
    return found


def write_diagnostics(output: Path, effective: EffectiveConfig) -> None:
    config = effective.config
    masks = _Masks()
    store, sync, exceptions = _store_report(config.db_path, masks)
    made = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    texts = {
        "README.txt": f"wms-floor {__version__} diagnostics, written {made}\n",
        "settings.txt": show_settings(effective),
        "versions.txt": _versions(),
        "store.txt": store,
        "sync.txt": sync,
        "exceptions.txt": exceptions,
    }
    output.parent.mkdir(parents=True, exist_ok=True)
    # Like the logs it carries: this user's only until someone hands it to support.
    create_private_file(output)
    with zipfile.ZipFile(output, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, text in texts.items():
            archive.writestr(name, masks.apply(text) + "\n")
        for name, path in _log_files(config):
            try:
                text = path.read_text(encoding="utf-8", errors="replace")
            except OSError as exc:
                text = f"could not be read: {exc}"
            archive.writestr(name, masks.apply(text))
