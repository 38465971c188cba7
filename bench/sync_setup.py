"""A station enrolled with a real reference OMS process, both on private copies of the
generated databases. The station's token lives in an in-memory keyring for the run."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import keyring

from bench.common import WAREHOUSE, copy_store
from local_db.store import Store, open_store
from station.process_settings import settle_long_lived_objects, tune_interpreter
from sync.client import OmsClient
from sync.credentials import SessionOnlyKeyring, load_token
from sync.enrolment import enroll
from sync.state import StationIdentity, station_identity
from tests.support.oms_process import RunningOms, start_oms_server


@contextmanager
def oms_and_station(folder: Path, work: Path) -> Iterator[tuple[RunningOms, Store]]:
    """Start the OMS on a copy of ``oms.sqlite3``; enrol a copy of ``station.sqlite3``. The
    process runs with the station's interpreter settings, as ui.launcher applies them."""
    tune_interpreter()
    keyring.set_keyring(SessionOnlyKeyring())
    oms_db = copy_store(folder / "oms.sqlite3", work / "oms" / "oms.sqlite3")
    station_db = copy_store(folder / "station.sqlite3", work / "station.sqlite3")
    oms = start_oms_server(work, database_url=f"sqlite:///{oms_db}", fault_injection=False)
    store: Store | None = None
    try:
        # As the station opens its store (ui.launcher): WAL checkpoints on their own thread.
        store = open_store(station_db, background_checkpoints=True)
        enroll(
            store, oms.base_url, WAREHOUSE, oms.enrolment_key_for(WAREHOUSE), "bench station", None
        )
        settle_long_lived_objects()
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
