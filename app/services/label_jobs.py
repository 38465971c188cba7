"""What goes on an order's labels, and the SSCC serials that never repeat.

The serial counter lives in the store's key/value table (``sync_state``), advanced in the
unit of work that also records the labels in the audit trail; the caller commits it before
anything is printed, so a crash or a failed print never hands out the same SSCC twice.
"""

from __future__ import annotations

import itertools
import json
from dataclasses import dataclass
from decimal import Decimal
from typing import Protocol

from sqlalchemy import select, update

from app import errors
from app import exception_details as details
from app.services.audit import record_audit
from app.services.lookups import get_order
from app.services.sscc import sscc
from local_db.models import ExceptionRecord, OutboundOrder, Shipment, SyncState
from local_db.models.records import AuditLog
from local_db.store import UnitOfWork
from local_db.types import utc_now

SSCC_SERIAL_KEY = "sscc_last_serial"
LABELS_ACTION = "labels_prepared"
REPRINT_ACTION = "labels_reprinted"


@dataclass(frozen=True)
class LabelJob:
    """One order's labels: a shipping and an SSCC label per package, one content label."""

    order_no: str
    consignee: tuple[str, ...]
    carrier: str
    tracking_no: str
    weight_kg: str
    package_count: int
    ssccs: tuple[str, ...]
    contents: tuple[tuple[str, int], ...]


def next_sscc_serials(uow: UnitOfWork, count: int) -> list[int]:
    row = uow.session.get(SyncState, SSCC_SERIAL_KEY)
    last = int(row.value) if row is not None else 0
    serials = list(range(last + 1, last + 1 + count))
    if row is None:
        uow.session.add(SyncState(key=SSCC_SERIAL_KEY, value=str(serials[-1])))
    else:
        row.value = str(serials[-1])
    uow.session.flush()
    return serials


def _consignee(order: OutboundOrder) -> tuple[str, ...]:
    place = " ".join(p for p in (order.province, order.city, order.district) if p)
    return (order.consignee, order.phone, place, order.address)


def _contents(order: OutboundOrder) -> tuple[tuple[str, int], ...]:
    units: dict[str, int] = {}
    for line in order.lines:
        if line.picked_qty:
            units[line.sku_id] = units.get(line.sku_id, 0) + line.picked_qty
    return tuple(units.items())


def prepare_labels(
    uow: UnitOfWork,
    order_no: str,
    *,
    tracking_no: str,
    package_count: int,
    weight_kg: Decimal,
    gs1_company_prefix: str,
    sscc_extension: int,
    operator: str,
) -> LabelJob:
    order = get_order(uow.session, order_no)
    serials = next_sscc_serials(uow, package_count)
    codes = tuple(sscc(sscc_extension, gs1_company_prefix, n) for n in serials)
    record_audit(
        uow,
        operator=operator,
        action=LABELS_ACTION,
        entity="outbound_order",
        entity_key=order_no,
        after={"tracking_no": tracking_no, "package_count": package_count, "sscc": list(codes)},
    )
    return LabelJob(
        order_no=order_no,
        consignee=_consignee(order),
        carrier=order.carrier_code,
        tracking_no=tracking_no,
        weight_kg=str(weight_kg),
        package_count=package_count,
        ssccs=codes,
        contents=_contents(order),
    )


def shipped_label_job(uow: UnitOfWork, order_no: str, supervisor: str, operator: str) -> LabelJob:
    """A shipped order's labels again, with the SSCCs first printed for it; audited with
    the supervisor who allowed it."""
    order = get_order(uow.session, order_no)
    shipment = uow.session.scalars(select(Shipment).where(Shipment.order_id == order.id)).first()
    if shipment is None:
        raise errors.InvalidInput("reprint_not_shipped", order=order_no)
    printed = uow.session.scalars(
        select(AuditLog.after_json)
        .where(AuditLog.action == LABELS_ACTION, AuditLog.entity_key == order_no)
        .order_by(AuditLog.id.desc())
    ).first()
    ssccs = tuple(json.loads(printed or "{}").get("sscc", []))
    record_audit(
        uow,
        operator=operator,
        action=REPRINT_ACTION,
        entity="outbound_order",
        entity_key=order_no,
        after={"approved_by": supervisor, "tracking_no": shipment.tracking_no},
    )
    return LabelJob(
        order_no=order_no,
        consignee=_consignee(order),
        carrier=shipment.carrier_code,
        tracking_no=shipment.tracking_no,
        weight_kg=str(Decimal(shipment.weight_grams) / 1000),
        package_count=shipment.package_count,
        ssccs=ssccs,
        contents=_contents(order),
    )


PRINTER_FAULT_TYPE = "PRINTER_FAULT"


class LabelPrinter(Protocol):
    """The station's label printer (built by the composition root from the settings; the
    network or spooler work happens behind it). The pack flow only reads its SSCC settings:
    ``print_labels`` is called by the station's printing worker, never by a flow."""

    gs1_company_prefix: str
    sscc_extension: int

    def print_labels(self, job: LabelJob) -> str | None:
        """None when the labels went to the printer, else the fault's kind."""
        ...


_tickets = itertools.count(1)


@dataclass(frozen=True)
class PrintRequest:
    """A job a flow hands out to be printed off its thread; ``ticket`` is unique in the
    process, so a result that comes back to a flow that did not ask for it is ignored."""

    job: LabelJob
    ticket: int

    @classmethod
    def of(cls, job: LabelJob) -> PrintRequest:
        return cls(job, next(_tickets))

    def result(self, fault: str | None) -> PrintResult:
        return PrintResult(self.ticket, fault)


@dataclass(frozen=True)
class PrintResult:
    """What became of a :class:`PrintRequest`: ``fault`` None when the labels printed."""

    ticket: int
    fault: str | None


PRINTED_AFTER_FAULT = "LABELS_PRINTED"
"""Resolution code of a printer fault closed by itself: a retry printed the labels."""


def close_printer_fault(uow: UnitOfWork, order_no: str) -> None:
    """The order's labels printed after a fault: its open record closes by itself (the
    supervisor still finds it, resolved, in the queue's history)."""
    now = utc_now()
    uow.session.execute(
        update(ExceptionRecord)
        .where(
            ExceptionRecord.order_no == order_no,
            ExceptionRecord.exception_type == PRINTER_FAULT_TYPE,
            ExceptionRecord.status == "open",
        )
        .values(
            status="resolved",
            resolution_code=PRINTED_AFTER_FAULT,
            resolution=PRINTED_AFTER_FAULT,
            resolved_by="SYSTEM",
            resolved_at=now,
        )
        .execution_options(synchronize_session=False)
    )


def record_printer_fault(uow: UnitOfWork, order_no: str, fault: str, operator: str) -> None:
    """A fault that stopped packing goes to the supervisor's exception queue (it does not
    hold the order: a retry that prints lets the packer go on). One open record per order:
    retries against the same dead printer do not flood the queue."""
    already = uow.session.scalar(
        select(ExceptionRecord.id).where(
            ExceptionRecord.order_no == order_no,
            ExceptionRecord.exception_type == PRINTER_FAULT_TYPE,
            ExceptionRecord.status == "open",
        )
    )
    if already is not None:
        return
    uow.session.add(
        ExceptionRecord(
            exception_type=PRINTER_FAULT_TYPE,
            order_no=order_no,
            severity="medium",
            status="open",
            detail_code=details.PRINTER_FAULT,
            detail_args_json=details.detail_args(order=order_no, fault=fault, operator=operator),
            created_at=utc_now(),
        )
    )
