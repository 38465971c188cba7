"""Full stock reconciliation (the seed's 定时全量同步): the station sends its stock summary, the
OMS answers the differences, and each difference becomes a STOCK_DIFFERENCE exception record
for a supervisor. Nothing is corrected automatically: a difference means someone must count.

Runs on a schedule (``reconcile_every_h``, remembered as ``last_reconcile_at``) and on demand.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from local_db.models.records import ExceptionRecord
from local_db.store import Store
from local_db.types import utc_now
from oms_contract.sync_api import StockDifference, StockSnapshot
from sync.client import OmsClient
from sync.state import LAST_RECONCILE_AT, StationIdentity, read_time, write_time

log = logging.getLogger("wms.sync.reconcile")

STOCK_DIFFERENCE = "STOCK_DIFFERENCE"
SnapshotTaker = Callable[[Session, str], StockSnapshot]


@dataclass(frozen=True)
class ReconcileReport:
    checked_lines: int
    differences: int
    new_records: int


def reconcile_due(last: dt.datetime | None, every_h: float, now: dt.datetime) -> bool:
    # A clock set backwards (last in the future) must not postpone reconciliation for ever.
    return last is None or last > now or now - last >= dt.timedelta(hours=every_h)


def _detail(difference: StockDifference) -> str:
    return (
        f"Owner {difference.owner_id}, SKU {difference.sku_id}: the station has "
        f"{difference.station_qty}, the OMS has {difference.oms_qty} "
        f"(difference {difference.difference:+d}). Count the SKU and adjust."
    )


class Reconciler:
    def __init__(
        self,
        store: Store,
        client: OmsClient,
        identity: StationIdentity,
        take_snapshot: SnapshotTaker,
    ) -> None:
        self._store = store
        self._client = client
        self._identity = identity
        self._take_snapshot = take_snapshot

    def last_run_at(self) -> dt.datetime | None:
        with self._store.read_session() as session:
            return read_time(session, LAST_RECONCILE_AT)

    def run(self) -> ReconcileReport:
        with self._store.read_session() as session:
            snapshot = self._take_snapshot(session, self._identity.warehouse_id)
        result = self._client.reconcile(snapshot)
        now = utc_now()
        new_records = 0
        with self._store.unit_of_work() as uow:
            session = uow.session
            for difference in result.differences:
                detail = _detail(difference)
                # The same unresolved difference found again tomorrow is one task, not two.
                already_open = session.scalar(
                    select(ExceptionRecord.id).where(
                        ExceptionRecord.exception_type == STOCK_DIFFERENCE,
                        ExceptionRecord.status == "open",
                        ExceptionRecord.sku_id == difference.sku_id,
                        ExceptionRecord.detail == detail,
                    )
                )
                if already_open is None:
                    session.add(
                        ExceptionRecord(
                            exception_type=STOCK_DIFFERENCE,
                            sku_id=difference.sku_id,
                            severity="medium",
                            status="open",
                            detail=detail,
                            created_at=now,
                        )
                    )
                    new_records += 1
            write_time(session, LAST_RECONCILE_AT, now)
            uow.commit()
        log.info(
            "Reconciled %d stock lines: %d differences (%d new)",
            result.checked_lines,
            len(result.differences),
            new_records,
        )
        return ReconcileReport(result.checked_lines, len(result.differences), new_records)
