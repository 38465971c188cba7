"""Scans of unconfirmed work (receipt, pack verification, count) kept in the store.

Each scan is one small committed insert, so a crash or kill before CONFIRM loses nothing;
the flow reads the scans back when the same work is opened again (after a restart, by the
same or another operator). Booking the work deletes its scans in the booking's own
transaction, so a scan is never both booked and still pending. Plain SQL: this runs on
every scan (see BENCHMARKS.md, ``bench.wip_scan``).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any, Literal

from sqlalchemy import text

from local_db.store import Store, UnitOfWork
from local_db.types import to_sqlite_utc, utc_now

WorkKind = Literal["receive", "pack", "count"]

_INSERT = text(
    "INSERT INTO work_in_progress_scan (work_kind, work_key, operator, payload_json, scanned_at)"
    " VALUES (:kind, :key, :operator, :payload, :at)"
)
_LAST_ID = text(
    "SELECT max(id) FROM work_in_progress_scan WHERE work_kind = :kind AND work_key = :key"
)


@dataclass(frozen=True)
class OpenWork:
    kind: WorkKind
    key: str
    scans: int


def add_scan(
    store: Store, kind: WorkKind, key: str, operator: str, payload: dict[str, Any]
) -> None:
    with store.unit_of_work() as uow:
        uow.session.execute(
            _INSERT,
            {
                "kind": kind,
                "key": key,
                "operator": operator,
                "payload": json.dumps(payload, sort_keys=True),
                "at": to_sqlite_utc(utc_now()),
            },
        )
        uow.commit()


def replace_last(store: Store, kind: WorkKind, key: str, payload: dict[str, Any]) -> None:
    """The last scan stands for something else now (e.g. a typed carton quantity)."""
    with store.unit_of_work() as uow:
        last = uow.session.execute(_LAST_ID, {"kind": kind, "key": key}).scalar()
        if last is not None:
            uow.session.execute(
                text("UPDATE work_in_progress_scan SET payload_json = :payload WHERE id = :id"),
                {"payload": json.dumps(payload, sort_keys=True), "id": last},
            )
        uow.commit()


def remove_last(store: Store, kind: WorkKind, key: str) -> None:
    with store.unit_of_work() as uow:
        last = uow.session.execute(_LAST_ID, {"kind": kind, "key": key}).scalar()
        if last is not None:
            uow.session.execute(
                text("DELETE FROM work_in_progress_scan WHERE id = :id"), {"id": last}
            )
        uow.commit()


def clear(uow: UnitOfWork, kind: WorkKind, key: str) -> None:
    """Inside the booking's unit of work: the scans are booked, so they are no longer open."""
    uow.session.execute(
        text("DELETE FROM work_in_progress_scan WHERE work_kind = :kind AND work_key = :key"),
        {"kind": kind, "key": key},
    )


def clear_now(store: Store, kind: WorkKind, key: str) -> None:
    """Drop the scans of work that can no longer be confirmed; writes only if there are any."""
    if not load_scans(store, kind, key):
        return
    with store.unit_of_work() as uow:
        clear(uow, kind, key)
        uow.commit()


def load_scans(store: Store, kind: WorkKind, key: str) -> list[dict[str, Any]]:
    """The open scans of one piece of work, oldest first; a damaged row is skipped."""
    with store.read_connection() as connection:
        rows = connection.execute(
            text(
                "SELECT payload_json FROM work_in_progress_scan"
                " WHERE work_kind = :kind AND work_key = :key ORDER BY id"
            ),
            {"kind": kind, "key": key},
        ).all()
    scans = []
    for (payload_json,) in rows:
        try:
            payload = json.loads(payload_json)
        except ValueError:
            continue
        if isinstance(payload, dict):
            scans.append(payload)
    return scans


def open_work_of(store: Store, operator: str) -> OpenWork | None:
    """The operator's most recent unconfirmed work, to resume it after a log-in or restart."""
    with store.read_connection() as connection:
        row = connection.execute(
            text(
                "SELECT work_kind, work_key FROM work_in_progress_scan WHERE operator = :operator"
                " ORDER BY id DESC LIMIT 1"
            ),
            {"operator": operator},
        ).first()
        if row is None:
            return None
        kind, key = row
        count = connection.execute(
            text(
                "SELECT count(*) FROM work_in_progress_scan"
                " WHERE work_kind = :kind AND work_key = :key"
            ),
            {"kind": kind, "key": key},
        ).scalar_one()
    return OpenWork(kind, key, int(count))
