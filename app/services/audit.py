"""The audit log: who did what to which record, before/after as JSON."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping
from decimal import Decimal

from local_db.models import AuditLog, OutboxEvent
from local_db.store import UnitOfWork
from local_db.types import utc_now

AuditValue = str | int | bool | None | dt.date | Decimal | list[str]


def _to_json(values: Mapping[str, AuditValue] | None) -> str | None:
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
    outbox_event: OutboxEvent | None = None,
) -> AuditLog:
    """Personal data (consignee, phone, address) must never be passed in ``before/after``."""
    row = AuditLog(
        occurred_at=utc_now(),
        operator=operator,
        action=action,
        entity=entity,
        entity_key=entity_key,
        before_json=_to_json(before),
        after_json=_to_json(after),
        outbox_event_id=outbox_event.id if outbox_event is not None else None,
    )
    uow.session.add(row)
    return row
