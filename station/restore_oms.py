"""What the OMS knows of this station's events, asked before a restore (#15): the highest
station number it accepted. Best effort: an OMS out of reach, a missing token or an OMS
without the endpoint answer None, and the restore compares with the live store only."""

from __future__ import annotations

import logging
import sqlite3
from pathlib import Path

import httpx

from sync.client import OmsClient
from sync.credentials import CredentialStoreUnavailable, NoTokenStored, load_token
from sync.errors import OmsError
from sync.oms_url import InsecureOmsUrl, check_oms_url
from sync.state import OMS_URL, STATION_ID

log = logging.getLogger("wms.restore")

_IDENTITY = "SELECT key, value FROM sync_state WHERE key IN (?, ?)"
# A restore waits for this answer: short, it is only a check.
_TIMEOUT = httpx.Timeout(10.0, connect=5.0)


def _identity(db_path: Path) -> tuple[str, str] | None:
    connection = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
    try:
        state = dict(connection.execute(_IDENTITY, (STATION_ID, OMS_URL)).fetchall())
    finally:
        connection.close()
    if STATION_ID not in state or OMS_URL not in state:
        return None
    return state[STATION_ID], state[OMS_URL]


def oms_highest_seq(
    backup: Path, *, ca_bundle: Path | None = None, allow_insecure_http: bool = False
) -> int | None:
    """The highest station number the OMS accepted from the backup's station, or None."""
    identity = _identity(backup)
    if identity is None:
        return None  # never enrolled: the OMS has nothing of it
    station_id, oms_url = identity
    try:
        url = check_oms_url(oms_url, allow_insecure_http=allow_insecure_http)
        token = load_token(station_id)
        with OmsClient(url, token, ca_bundle=ca_bundle, timeout=_TIMEOUT) as client:
            return client.station_progress().highest_accepted_seq
    except (OmsError, NoTokenStored, CredentialStoreUnavailable, InsecureOmsUrl) as exc:
        log.warning("Restore: the OMS could not be asked (%s); the store is compared only", exc)
        return None
