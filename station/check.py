"""`wms-floor check`: what IT staff want to know about a station before they walk away.

Validates the settings (already done by the caller), checks the store file (``PRAGMA
quick_check``: a damaged file is reported, never written to), opens the store (which
migrates it), and reports enrolment, the keyring, the outbox backlog and open exceptions —
never a secret. The answer's ``exit_code`` names the first unhealthy state found.
"""

from __future__ import annotations

from dataclasses import dataclass

from app.queries.exception_queue import open_counts_by_type
from local_db.store import open_store
from station.config import StationConfig
from station.exit_codes import ExitCode
from sync.credentials import CredentialStoreUnavailable, NoTokenStored, load_token
from sync.outbox_queue import outbox_counts
from sync.state import (
    FEED_CURSOR,
    LAST_PULL_AT,
    LAST_PUSH_AT,
    OMS_URL,
    STATION_ID,
    WAREHOUSE_ID,
    read_all_state,
)


@dataclass(frozen=True)
class StationReport:
    text: str
    exit_code: ExitCode


def _token_status(device_id: str | None) -> tuple[str, ExitCode]:
    if device_id is None:
        return (
            "not enrolled: run wms-floor enroll --oms-url URL --warehouse WH --key KEY",
            ExitCode.NOT_ENROLLED,
        )
    try:
        load_token(device_id)
    except CredentialStoreUnavailable as exc:
        return f"UNAVAILABLE: {exc}", ExitCode.KEYRING_UNAVAILABLE
    except NoTokenStored:
        return "MISSING from the keyring: enrol the station again", ExitCode.TOKEN_MISSING
    return "present in the OS keyring", ExitCode.OK


def describe_station(config: StationConfig) -> StationReport:
    """Raises :class:`local_db.errors.StoreUnavailable` (``StoreDamaged`` among them) when the
    store cannot be read; the caller maps it to its exit code."""
    store = open_store(config.db_path, integrity="quick")
    try:
        with store.read_session() as session:
            state = read_all_state(session)
            counts = outbox_counts(session)
            open_exceptions = open_counts_by_type(session)
    finally:
        store.close()
    device_id = state.get(STATION_ID)
    token, exit_code = _token_status(device_id)
    oldest = counts.oldest_pending_at.isoformat() if counts.oldest_pending_at else "-"
    lines = [
        f"store:            {config.db_path} (intact, schema up to date)",
        f"oms url:          {state.get(OMS_URL) or config.oms_url or '-'}",
        f"warehouse:        {state.get(WAREHOUSE_ID) or config.warehouse_id or '-'}",
        f"device id:        {device_id or '-'}",
        f"token:            {token}",
        f"feed cursor:      {state.get(FEED_CURSOR, '0')}",
        f"last push / pull: {state.get(LAST_PUSH_AT, '-')} / {state.get(LAST_PULL_AT, '-')}",
        f"outbox:           {counts.pending} pending ({counts.held} held), "
        f"{counts.rejected} rejected, oldest pending {oldest}",
        f"open exceptions:  {sum(open_exceptions.values())}",
        # One line per type, so IT staff can tell the supervisor what waits (#13.1).
        *(f"  {kind + ':':<28}{count}" for kind, count in open_exceptions.items()),
        f"health:           {exit_code.name.lower().replace('_', ' ')} "
        f"(exit code {int(exit_code)})",
    ]
    return StationReport("\n".join(lines), exit_code)
