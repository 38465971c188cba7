"""Purging consignees' personal data (#15): ``personal_data_days`` after an order shipped or
was cancelled, its consignee's name, phone, street address and district are blanked in the
store. The order itself (number, lines, status, carrier, province and city, the stock card,
the audit trail) stays: the floor's history needs it, and none of it names a person.

Personal data never reaches the outbox payloads of later events, the audit rows or the
exception records (``app.services.audit``, ``app.services.order_exception_raising``), so
the order row is the one place to purge. Short batches, each its own unit of work, so a scan
never waits behind the purge. Run daily by the station process and by
``wms-floor purge-personal-data``.
"""

from __future__ import annotations

import datetime as dt
import logging
from typing import Final

from local_db.store import Store
from local_db.types import to_sqlite_utc, utc_now

log = logging.getLogger("wms.personal_data")

DEFAULT_KEEP_DAYS: Final = 30.0
PURGED: Final = ""
BATCH_SIZE: Final = 500

# updated_at is the order's last change: its shipping or cancellation for a finished order.
_DUE = """
SELECT id FROM outbound_order
WHERE status IN ('SHIPPED', 'CANCELLED') AND updated_at < ?
  AND (consignee != '' OR phone != '' OR address != '' OR district != '')
ORDER BY id LIMIT ?
"""
_PURGE = (
    "UPDATE outbound_order SET consignee = '', phone = '', address = '', district = '' "
    "WHERE id IN ({})"
)


def purge_personal_data(
    store: Store,
    keep_days: float = DEFAULT_KEEP_DAYS,
    *,
    now: dt.datetime | None = None,
    batch_size: int = BATCH_SIZE,
) -> int:
    """Blank the personal data of orders finished more than ``keep_days`` ago; how many."""
    cutoff = to_sqlite_utc((now or utc_now()) - dt.timedelta(days=keep_days))
    purged = 0
    while True:
        with store.unit_of_work() as uow:
            connection = uow.session.connection()
            ids = [row_id for (row_id,) in connection.exec_driver_sql(_DUE, (cutoff, batch_size))]
            if ids:
                marks = ", ".join("?" * len(ids))
                connection.exec_driver_sql(_PURGE.format(marks), tuple(ids))
            uow.commit()
        purged += len(ids)
        if len(ids) < batch_size:
            break
    if purged:
        log.info("personal data purged from %d finished orders", purged)
    return purged
