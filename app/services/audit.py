"""The audit log: who did what to which record, before/after as JSON."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping
from decimal import Decimal
from typing import Protocol

from local_db.store import UnitOfWork
from local_db.types import to_sqlite_utc, utc_now

# Plain SQL: every floor action writes one, the pick scan on its hot path (see app.outbox).
_INSERT_AUDIT = (
    "INSERT INTO audit_log (occurred_at, operator, action, entity, entity_key, before_json, "
    "after_json, outbox_event_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
)


class OutboxRow(Protocol):
    """An outbox row as written (``RecordedEvent``) or loaded (``OutboxEvent``)."""

    @property
    def id(self) -> int: ...


AuditValue = str | int | bool | None | dt.date | Decimal | list[str]


def audit_json(values: Mapping[str, AuditValue] | None) -> str | None:
    """The audit log's JSON for before/after values (the one serialiser of audit rows)."""
    if values is None:
        return None
    return json.dumps(dict(values), default=str, ensure_ascii=False, sort_keys=True)


def record_audit(
    uow: UnitOfWork,
    *,
    operator: str,
    action: str,
    entity: str,
    entity_key: str,
    before: Mapping[str, AuditValue] | None = None,
    after: Mapping[str, AuditValue] | None = None,
    outbox_event: OutboxRow | None = None,
    occurred_at: dt.datetime | None = None,
) -> None:
    """Personal data (consignee, phone, address) must never be passed in ``before/after``."""
    uow.session.connection().exec_driver_sql(
        _INSERT_AUDIT,
        (
            to_sqlite_utc(occurred_at or utc_now()),
            operator,
            action,
            entity,
            entity_key,
            audit_json(before),
            audit_json(after),
            outbox_event.id if outbox_event is not None else None,
        ),
    )
