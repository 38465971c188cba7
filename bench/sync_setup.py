"""A station enrolled with a real reference OMS process, both on private copies of the
generated databases. The station's token lives in an in-memory keyring for the run."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import keyring
from keyring.backend import KeyringBackend

from bench.common import WAREHOUSE, copy_store
from local_db.store import Store, open_store
from sync.client import OmsClient
from sync.credentials import load_token
from sync.enrolment import enroll
from sync.state import StationIdentity, station_identity
from tests.support.oms_process import RunningOms, start_oms_server


class MemoryKeyring(KeyringBackend):
    """Holds the bench station's token for the life of the process only."""

    priority = 1

    def __init__(self) -> None:
        super().__init__()  # type: ignore[no-untyped-call]
        self.secrets: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.secrets.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.secrets[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        self.secrets.pop((service, username), None)


@contextmanager
def oms_and_station(folder: Path, work: Path) -> Iterator[tuple[RunningOms, Store]]:
    """Start the OMS on a copy of ``oms.sqlite3``; enrol a copy of ``station.sqlite3``."""
    keyring.set_keyring(MemoryKeyring())
    oms_db = copy_store(folder / "oms.sqlite3", work / "oms" / "oms.sqlite3")
    station_db = copy_store(folder / "station.sqlite3", work / "station.sqlite3")
    oms = start_oms_server(work, database_url=f"sqlite:///{oms_db}", fault_injection=False)
    store: Store | None = None
    try:
        store = open_store(station_db)
        enroll(store, oms.base_url, WAREHOUSE, oms.enrolment_key, "bench station", None)
        yield oms, store
    finally:
        if store is not None:
            store.close()
        oms.stop()


def client_for(store: Store) -> tuple[OmsClient, StationIdentity]:
    with store.read_session() as session:
        identity = station_identity(session)
    return OmsClient(identity.oms_url, load_token(identity.station_id)), identity


def oms_count(oms: RunningOms, sql: str, *params: object) -> int:
    """A read straight from the OMS's SQLite file (WAL: never blocks the server)."""
    path = oms.database_url.removeprefix("sqlite:///")
    connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return int(connection.execute(sql, params).fetchone()[0])
    finally:
        connection.close()
