"""Full stock reconciliation (the seed's 定时全量同步): the station sends its stock summary, the
OMS answers the differences, and each difference becomes a STOCK_DIFFERENCE exception record
for a supervisor. Nothing is corrected automatically: a difference means someone must count.

Runs on a schedule (``reconcile_every_h``, remembered as ``last_reconcile_at``) and on demand.

Never compares a SKU whose change has not reached the OMS yet: the snapshot is taken in the
same read as the outbox, and differences of SKUs named by a pending (or held) event, or by
the order of one, are left out, logged and counted (``ReconcileReport.skipped_skus``). Such
a "difference" is only the event in flight (docs/oms-api.md: snapshot with an empty outbox);
the next reconciliation compares them again.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from local_db.models.outbound import OutboundLine, OutboundOrder
from local_db.models.records import ExceptionRecord
from local_db.models.sync import OutboxEvent
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
    skipped_skus: int = 0


def _skus_named(value: Any, found: set[str]) -> None:
    if isinstance(value, dict):
        sku_id = value.get("sku_id")
        if isinstance(sku_id, str):
            found.add(sku_id)
        for item in value.values():
            _skus_named(item, found)
    elif isinstance(value, list):
        for item in value:
            _skus_named(item, found)


def unsynced_skus(session: Session) -> set[str]:
    """SKUs whose stock the OMS may not know yet: named by a pending (or held) outbox event,
    or on the order such an event is about (a status change can move that order's stock)."""
    found: set[str] = set()
    order_nos: set[str] = set()
    rows = session.execute(
        select(OutboxEvent.order_no, OutboxEvent.payload_json).where(
            OutboxEvent.status == "pending"
        )
    )
    for order_no, payload_json in rows:
        if order_no:
            order_nos.add(order_no)
        try:
            _skus_named(json.loads(payload_json), found)
        except ValueError:
            continue  # an unreadable row is rejected by the pusher; nothing to compare by
    for start in range(0, len(order_nos), 400):
        chunk = sorted(order_nos)[start : start + 400]
        found.update(
            session.scalars(
                select(OutboundLine.sku_id)
                .join(OutboundOrder, OutboundOrder.id == OutboundLine.order_id)
                .where(OutboundOrder.order_no.in_(chunk))
            )
        )
    return found


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
        with self._store.read_session() as session:  # one read: snapshot and outbox agree
            skipped = unsynced_skus(session)
            snapshot = self._take_snapshot(session, self._identity.warehouse_id)
        result = self._client.reconcile(snapshot)
        differences = [d for d in result.differences if d.sku_id not in skipped]
        if skipped:
            log.info(
                "Reconciliation leaves out %d SKU(s) with events not yet at the OMS: %s",
                len(skipped),
                ", ".join(sorted(skipped)[:20]),
            )
        now = utc_now()
        new_records = 0
        with self._store.unit_of_work() as uow:
            session = uow.session
            for difference in differences:
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
            "Reconciled %d stock lines: %d differences (%d new), %d SKU(s) left out",
            result.checked_lines,
            len(differences),
            new_records,
            len(skipped),
        )
        return ReconcileReport(
            result.checked_lines, len(differences), new_records, skipped_skus=len(skipped)
        )
