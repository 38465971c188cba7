"""The station's sync bookkeeping in the ``sync_state`` key/value table."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Final

from sqlalchemy import select
from sqlalchemy.orm import Session

from local_db.models.sync import SyncState

FEED_CURSOR: Final = "feed_cursor"
STATION_ID: Final = "station_id"
WAREHOUSE_ID: Final = "warehouse_id"
OMS_URL: Final = "oms_url"
LAST_PUSH_AT: Final = "last_push_at"
LAST_PULL_AT: Final = "last_pull_at"
LAST_ERROR: Final = "last_error"
LAST_RECONCILE_AT: Final = "last_reconcile_at"


class NotEnrolled(Exception):
    """The station has no OMS identity yet."""

    def __init__(self) -> None:
        super().__init__(
            "This station is not enrolled with the OMS yet: run "
            "wms-floor enroll --oms-url URL --warehouse WH --key KEY"
        )


@dataclass(frozen=True)
class StationIdentity:
    station_id: str
    warehouse_id: str
    oms_url: str


def read_state(session: Session, key: str) -> str | None:
    return session.scalar(select(SyncState.value).where(SyncState.key == key))


def write_state(session: Session, key: str, value: str) -> None:
    row = session.get(SyncState, key)
    if row is None:
        session.add(SyncState(key=key, value=value))
    else:
        row.value = value


def clear_state(session: Session, key: str) -> None:
    row = session.get(SyncState, key)
    if row is not None:
        session.delete(row)


def read_all_state(session: Session) -> dict[str, str]:
    return {key: value for key, value in session.execute(select(SyncState.key, SyncState.value))}


def read_time(session: Session, key: str) -> dt.datetime | None:
    value = read_state(session, key)
    return dt.datetime.fromisoformat(value) if value else None


def write_time(session: Session, key: str, when: dt.datetime) -> None:
    write_state(session, key, when.astimezone(dt.UTC).isoformat())


def station_identity(session: Session) -> StationIdentity:
    state = read_all_state(session)
    try:
        return StationIdentity(state[STATION_ID], state[WAREHOUSE_ID], state[OMS_URL])
    except KeyError:
        raise NotEnrolled from None


def feed_cursor(session: Session) -> int:
    return int(read_state(session, FEED_CURSOR) or 0)
