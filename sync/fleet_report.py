"""The station's report to the OMS (its version, its outbox backlog) and token rotation.

Rotation never leaves the station without a working token: the OMS keeps the old token
valid until the new one is first used. So the new token is stored in the keyring (and read
back) before anything uses it; a crash in between leaves the old token in the keyring, still
valid, and the next report rotates again.
"""

from __future__ import annotations

import logging

from local_db.store import Store
from oms_contract.sync_api import StationReport
from sync.client import OmsClient
from sync.credentials import Token, store_token
from sync.errors import RejectedRequest
from sync.outbox_queue import outbox_counts
from sync.state import StationIdentity

log = logging.getLogger("wms.sync.fleet")


class OmsWithoutReports(Exception):
    """The OMS predates ``POST /stations/me/report`` (404): the station stops asking."""


def send_report(store: Store, client: OmsClient, station_version: str | None) -> bool:
    """Report; True when the OMS asks for a new token."""
    with store.read_session() as session:
        pending = outbox_counts(session).pending
    try:
        answer = client.report(
            StationReport(station_version=station_version, pending_events=pending)
        )
    except RejectedRequest as exc:
        if exc.status_code == 404:
            raise OmsWithoutReports(str(exc)) from exc
        raise
    return answer.rotate_token


def rotate_token(client: OmsClient, identity: StationIdentity) -> None:
    """Take a new token and keep it in the keyring. The caller must drop ``client`` (it still
    sends the old token) and use the new one: its first use retires the old one."""
    rotated = client.rotate_token()
    store_token(identity.station_id, Token(rotated.token))
    log.info("New OMS token stored for device %s", identity.station_id)
