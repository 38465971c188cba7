"""Full stock reconciliation (the seed's 定时全量同步): the station sends its stock summary, the
OMS answers the differences, and each difference becomes a STOCK_DIFFERENCE exception record
for a supervisor. Nothing is corrected automatically: a difference means someone must count.

Runs on a schedule (``reconcile_every_h``, remembered as ``last_reconcile_at``) and on demand.

Never compares a SKU whose change has not reached the OMS yet: the snapshot is taken in the
same read as the outbox, and differences of SKUs named by a pending (or held) event, or by
the order of one, are left out, logged and counted (``ReconcileReport.skipped_skus``). Such
a "difference" is only the event in flight (docs/oms-api.md: snapshot with an empty outbox);
the next reconciliation compares them again.

The OMS compares like with like: the station's bins against what the OMS expects in them
(its on-hand less damaged units and units picked for orders not yet shipped), so picking
before shipping is no difference (#12.1).

Each difference is one open record per owner/SKU with a code (``STOCK_SURPLUS_AT_STATION``:
more in the bins than the OMS expects; ``STOCK_MISSING_AT_STATION``: fewer) and its figures
as JSON arguments; the UI words them (ui/texts.py). A record whose SKU agrees at a later
reconciliation closes itself (``SELF_RESOLVED``, audited): the difference was an event
in flight (another station's, accepted after this station last read the feed) or someone
already booked the correction.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Final

from sqlalchemy import select
from sqlalchemy.orm import Session

from local_db.models.outbound import OutboundLine, OutboundOrder
from local_db.models.records import AuditLog, ExceptionRecord
from local_db.models.sync import OutboxEvent
from local_db.store import Store
from local_db.types import utc_now
from oms_contract.sync_api import StockDifference, StockSnapshot
from sync.client import OmsClient
from sync.exception_details import STOCK_MISSING_AT_STATION, STOCK_SURPLUS_AT_STATION
from sync.state import LAST_RECONCILE_AT, StationIdentity, read_time, write_time

log = logging.getLogger("wms.sync.reconcile")

STOCK_DIFFERENCE = "STOCK_DIFFERENCE"
SELF_RESOLVED: Final = "SELF_RESOLVED"
"""``resolution_code`` of a difference a later reconciliation found gone (audited)."""
RECONCILIATION_CODES = frozenset({STOCK_SURPLUS_AT_STATION, STOCK_MISSING_AT_STATION})
RECONCILIATION_OPERATOR = "SYSTEM:RECONCILE"
"""``resolved_by`` and audit operator of what reconciliation closes by itself."""
SnapshotTaker = Callable[[Session, str], StockSnapshot]


@dataclass(frozen=True)
class ReconcileReport:
    checked_lines: int
    differences: int
    new_records: int
    skipped_skus: int = 0
    self_resolved: int = 0


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


def difference_code(difference: StockDifference) -> str:
    """More in the bins than the OMS expects (goods found or received without a booking),
    or fewer (goods lost, taken or shipped without a booking): two things to look for."""
    return STOCK_SURPLUS_AT_STATION if difference.difference > 0 else STOCK_MISSING_AT_STATION


def difference_args(difference: StockDifference) -> dict[str, str]:
    """The code's arguments for the UI's wording (strings, as ``Message`` args are)."""
    return {
        "owner_id": difference.owner_id,
        "sku_id": difference.sku_id,
        "station_qty": str(difference.station_qty),
        "oms_qty": str(difference.oms_qty),
        "difference": f"{difference.difference:+d}",
    }


def _args_of(record: ExceptionRecord) -> dict[str, Any]:
    try:
        args = json.loads(record.detail_args_json or "{}")
    except ValueError:
        return {}
    return args if isinstance(args, dict) else {}


def _written_by_reconciliation(record: ExceptionRecord) -> bool:
    """Counts and feed conflicts write STOCK_DIFFERENCE records too: those are not ours to
    close. Records from before codes said "..., the OMS has N (difference ...)"."""
    if record.detail_code is not None:
        return record.detail_code in RECONCILIATION_CODES
    return "the OMS has" in (record.detail or "")


def _owner_of(record: ExceptionRecord) -> str | None:
    """The record's owner (None for records written before codes: they named it in prose)."""
    owner = _args_of(record).get("owner_id")
    return owner if isinstance(owner, str) else None


def _audit(
    session: Session, record: ExceptionRecord, action: str, after: dict[str, Any], now: dt.datetime
) -> None:
    session.add(
        AuditLog(
            occurred_at=now,
            operator=RECONCILIATION_OPERATOR,
            action=action,
            entity="exception_record",
            entity_key=str(record.id),
            before_json=json.dumps({"status": record.status}, sort_keys=True),
            after_json=json.dumps(after, sort_keys=True),
        )
    )


@dataclass
class _Outcome:
    new_records: int = 0
    self_resolved: int = 0


def record_differences(
    session: Session,
    differences: list[StockDifference],
    left_out: set[str],
    now: dt.datetime,
) -> _Outcome:
    """One open record per owner/SKU that differs; open records whose SKU agrees now (and
    was compared, not left out) are closed as SELF_RESOLVED and audited."""
    outcome = _Outcome()
    open_records = [
        record
        for record in session.scalars(
            select(ExceptionRecord).where(
                ExceptionRecord.exception_type == STOCK_DIFFERENCE,
                ExceptionRecord.status == "open",
            )
        )
        if _written_by_reconciliation(record)
    ]
    found = {(d.owner_id, d.sku_id): d for d in differences}
    for record in open_records:
        owner = _owner_of(record)
        still = [key for key in found if key[1] == record.sku_id and owner in (None, key[0])]
        if still or record.sku_id in left_out:
            continue
        _audit(
            session,
            record,
            "stock_difference_self_resolved",
            {"status": "resolved", "resolution_code": SELF_RESOLVED},
            now,
        )
        record.status = "resolved"
        record.resolution_code = SELF_RESOLVED
        record.resolved_by = RECONCILIATION_OPERATOR
        record.resolved_at = now
        outcome.self_resolved += 1
    for key, difference in found.items():
        code, args = difference_code(difference), difference_args(difference)
        # The same unresolved difference found again tomorrow is one task, not two; if its
        # figures moved, the task shows today's.
        open_record = next(
            (
                r
                for r in open_records
                if r.status == "open" and r.sku_id == key[1] and _owner_of(r) in (None, key[0])
            ),
            None,
        )
        if open_record is not None:
            if (open_record.detail_code, _args_of(open_record)) != (code, args):
                _audit(
                    session,
                    open_record,
                    "stock_difference_changed",
                    {"detail_code": code, **args},
                    now,
                )
                open_record.detail_code = code
                open_record.detail_args_json = json.dumps(args, sort_keys=True)
            continue
        session.add(
            ExceptionRecord(
                exception_type=STOCK_DIFFERENCE,
                sku_id=difference.sku_id,
                severity="medium",
                status="open",
                detail_code=code,
                detail_args_json=json.dumps(args, sort_keys=True),
                created_at=now,
            )
        )
        outcome.new_records += 1
    return outcome


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
        with self._store.unit_of_work() as uow:
            outcome = record_differences(uow.session, differences, skipped, now)
            write_time(uow.session, LAST_RECONCILE_AT, now)
            uow.commit()
        log.info(
            "Reconciled %d stock lines: %d differences (%d new, %d resolved themselves), "
            "%d SKU(s) left out",
            result.checked_lines,
            len(differences),
            outcome.new_records,
            outcome.self_resolved,
            len(skipped),
        )
        return ReconcileReport(
            result.checked_lines,
            len(differences),
            outcome.new_records,
            skipped_skus=len(skipped),
            self_resolved=outcome.self_resolved,
        )
