"""`wms-floor check`: what IT staff want to know about a station before they walk away.

Validates the settings (already done by the caller), opens the store (which migrates it),
and reports enrolment, the keyring, the outbox backlog and open exceptions — never a secret.
"""

from __future__ import annotations

from sqlalchemy import func, select

from app.config import StationConfig
from local_db.models import ExceptionRecord
from local_db.store import open_store
from sync.credentials import CredentialStoreUnavailable, NoTokenStored, load_token
from sync.push import outbox_counts
from sync.state import (
    FEED_CURSOR,
    LAST_PULL_AT,
    LAST_PUSH_AT,
    OMS_URL,
    STATION_ID,
    WAREHOUSE_ID,
    read_all_state,
)


def _token_status(device_id: str | None) -> str:
    if device_id is None:
        return "not enrolled: run wms-floor enroll --oms-url URL --warehouse WH --key KEY"
    try:
        load_token(device_id)
    except CredentialStoreUnavailable as exc:
        return f"UNAVAILABLE: {exc}"
    except NoTokenStored:
        return "MISSING from the keyring: enrol the station again"
    return "present in the OS keyring"


def describe_station(config: StationConfig) -> str:
    store = open_store(config.db_path)
    try:
        with store.read_session() as session:
            state = read_all_state(session)
            counts = outbox_counts(session)
            open_exceptions = session.scalar(
                select(func.count())
                .select_from(ExceptionRecord)
                .where(ExceptionRecord.status == "open")
            )
    finally:
        store.close()
    device_id = state.get(STATION_ID)
    oldest = counts.oldest_pending_at.isoformat() if counts.oldest_pending_at else "-"
    lines = [
        f"store:            {config.db_path} (schema up to date)",
        f"oms url:          {state.get(OMS_URL) or config.oms_url or '-'}",
        f"warehouse:        {state.get(WAREHOUSE_ID) or config.warehouse_id or '-'}",
        f"device id:        {device_id or '-'}",
        f"token:            {_token_status(device_id)}",
        f"feed cursor:      {state.get(FEED_CURSOR, '0')}",
        f"last push / pull: {state.get(LAST_PUSH_AT, '-')} / {state.get(LAST_PULL_AT, '-')}",
        f"outbox:           {counts.pending} pending ({counts.held} held), "
        f"{counts.rejected} rejected, oldest pending {oldest}",
        f"open exceptions:  {open_exceptions or 0}",
    ]
    return "\n".join(lines)
