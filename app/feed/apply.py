"""Applying one entry of the OMS warehouse feed to the station store.

Called by the sync engine inside one unit of work, together with the feed cursor. An entry
that cannot be applied raises :class:`app.errors.MalformedFeedEntry` and changes nothing
(its work runs in a savepoint that is rolled back).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from pydantic import ValidationError
from sqlalchemy import or_, select

from app import errors
from app.feed import FEED_OPERATOR
from app.feed.claims import apply_claim_entry
from app.feed.master_data import upsert_master_data
from app.feed.remote import apply_remote_event
from app.outbox import feed_basis, record_event
from app.services.allocation import (
    find_existing,
    receive_new_commands,
    receive_outbound_command,
)
from app.services.audit import record_audit
from app.services.cancelling import cancel_outbound
from app.services.command_refusals import (
    Refusal,
    judge_commands,
    record_refusal,
    refused_commands,
)
from local_db.models import InboundLine, InboundOrder, OutboundOrder, Owner, Sku, SyncState
from local_db.store import UnitOfWork
from local_db.types import utc_now
from oms_contract.claims import ClaimConflict, OrderClaimed, OrderClaimReleased
from oms_contract.documents import CancelRequest, OutboundCommand
from oms_contract.documents import InboundOrder as InboundDocument
from oms_contract.events import CancelOutcome, CancelResult
from oms_contract.sync_api import (
    CancelRequested,
    FeedEntry,
    InboundOrderCreated,
    MasterDataUpserted,
    OutboundCommandCreated,
    StationEventAccepted,
)


def apply_feed_entry(uow: UnitOfWork, entry: FeedEntry, station_id: str) -> str:
    """Apply ``entry``; return a short outcome text for the applied-feed log."""
    try:
        with uow.session.begin_nested(), feed_basis(uow, entry.seq - 1):
            return _dispatch(uow, entry, station_id)
    except errors.MalformedFeedEntry:
        raise
    except errors.FloorError as refusal:
        raise errors.MalformedFeedEntry(
            "feed_entry_refused", seq=entry.seq, refusal=str(refusal)
        ) from refusal


PageOutcome = str | errors.MalformedFeedEntry | ValidationError
"""An entry's outcome text, or why it was refused (it changed nothing)."""

# Keeps each IN (...) list well under SQLite's bound-parameter limit.
_CHUNK = 400


def apply_feed_page(
    uow: UnitOfWork, entries: Sequence[FeedEntry], station_id: str
) -> list[PageOutcome]:
    """Apply a page's entries in order; return one outcome per entry.

    The same effects as :func:`apply_feed_entry` for each entry in turn, but each run of
    consecutive outbound commands is received set-based (app.services.allocation).
    Other entries go through :func:`apply_feed_entry` in their own savepoint; a refused
    entry is returned as its error and changes nothing. Any other error propagates.
    """
    outcomes: list[PageOutcome] = []
    run: list[tuple[int, OutboundCommand]] = []
    run_bases: dict[str, int] = {}  # order_no → the entries applied before its command
    for entry in entries:
        body = entry.body
        if isinstance(body, OutboundCommandCreated):
            run_bases.setdefault(body.command.order_no, entry.seq - 1)
            run.append((len(outcomes), body.command))
            outcomes.append("")
            continue
        if isinstance(body, StationEventAccepted) and body.event.station_id == station_id:
            # The echo of our own event changes nothing (apply_remote_event skips it): no
            # savepoints for it. After a long offline stretch the feed holds thousands.
            outcomes.append(f"own event #{body.event.station_seq}, skipped")
            continue
        with feed_basis(uow, run_bases):
            _receive_run(uow, run, outcomes)
        run, run_bases = [], {}
        try:
            with uow.session.begin_nested():
                outcomes.append(apply_feed_entry(uow, entry, station_id))
        except (errors.MalformedFeedEntry, ValidationError) as refusal:
            outcomes.append(refusal)
    with feed_basis(uow, run_bases):
        _receive_run(uow, run, outcomes)
    return outcomes


@dataclass
class _Known:
    """An order already here, or received earlier in the run (status known afterwards)."""

    order_no: str
    status: str = ""


def _known_orders(uow: UnitOfWork, commands: list[OutboundCommand]) -> dict[str, _Known]:
    """The orders already here, by "c:" command_id and by "o:" order_no (one query per
    chunk of commands)."""
    known: dict[str, _Known] = {}
    for start in range(0, len(commands), _CHUNK):
        chunk = commands[start : start + _CHUNK]
        rows = uow.session.execute(
            select(OutboundOrder.command_id, OutboundOrder.order_no, OutboundOrder.status).where(
                or_(
                    OutboundOrder.command_id.in_([c.command_id for c in chunk]),
                    OutboundOrder.order_no.in_([c.order_no for c in chunk]),
                )
            )
        )
        for command_id, order_no, status in rows:
            known[f"c:{command_id}"] = known[f"o:{order_no}"] = _Known(order_no, status)
    return known


def _receive_run(
    uow: UnitOfWork, run: list[tuple[int, OutboundCommand]], outcomes: list[PageOutcome]
) -> None:
    """Decide each command of the run in order as _outbound_command would (order known, also
    from earlier in the run: duplicate; refused before: duplicate; wrong warehouse, unknown
    owner or SKU: refused with its FAIL receipt), then receive the new ones together. A
    refusal is written between the new commands before and after it, so the outbox keeps
    the feed's order."""
    if not run:
        return
    session = uow.session
    session.flush()
    commands = [command for _, command in run]
    known = _known_orders(uow, commands)
    refused = refused_commands(session, [c.order_no for c in commands])
    judged = judge_commands(session, commands, _station_warehouse(uow))
    new: list[tuple[int, OutboundCommand, _Known]] = []
    duplicates: list[tuple[int, _Known]] = []
    for (index, command), refusal in zip(run, judged, strict=True):
        order_no = command.order_no
        if (seen := known.get(f"c:{command.command_id}", known.get(f"o:{order_no}"))) is not None:
            duplicates.append((index, seen))
        elif command.command_id in refused:
            outcomes[index] = _already_refused(order_no)
        elif refusal is not None:
            _receive_new(uow, new, outcomes)
            new = []
            record_refusal(uow, command, refusal, FEED_OPERATOR)
            refused[command.command_id] = order_no
            outcomes[index] = _refused(order_no, refusal)
        else:
            # A later repeat in this run is a duplicate of this one.
            received = known[f"c:{command.command_id}"] = known[f"o:{order_no}"] = _Known(order_no)
            new.append((index, command, received))
    _receive_new(uow, new, outcomes)
    for index, seen in duplicates:
        outcomes[index] = f"duplicate: order {seen.order_no} already received ({seen.status})"


def _receive_new(
    uow: UnitOfWork, new: list[tuple[int, OutboundCommand, _Known]], outcomes: list[PageOutcome]
) -> None:
    statuses = receive_new_commands(uow, [c for _, c, _ in new], FEED_OPERATOR)
    for (index, command, received), status in zip(new, statuses, strict=True):
        received.status = status
        if status == "SHORTAGE":
            outcomes[index] = f"order {command.order_no} received, stock shortage"
        else:
            outcomes[index] = f"order {command.order_no} received and allocated"


def _refused(order_no: str, refusal: Refusal) -> str:
    return f"order {order_no} refused: {refusal.code.value}"


def _already_refused(order_no: str) -> str:
    return f"duplicate: order {order_no} already refused"


def _dispatch(uow: UnitOfWork, entry: FeedEntry, station_id: str) -> str:
    body = entry.body
    if isinstance(body, OutboundCommandCreated):
        return _outbound_command(uow, body.command)
    if isinstance(body, CancelRequested):
        return _cancel(uow, body.cancel)
    if isinstance(body, InboundOrderCreated):
        return _inbound_order(uow, body.inbound)
    if isinstance(body, MasterDataUpserted):
        return upsert_master_data(uow, body.master_data)
    if isinstance(body, StationEventAccepted):
        return apply_remote_event(uow, body.event, station_id, _station_warehouse(uow))
    if isinstance(body, OrderClaimed | OrderClaimReleased | ClaimConflict):
        return apply_claim_entry(uow, body, station_id)
    raise errors.MalformedFeedEntry("feed_entry_kind_unknown", seq=entry.seq)


def _station_warehouse(uow: UnitOfWork) -> str | None:
    state = uow.session.get(SyncState, "warehouse_id")
    return state.value if state is not None and state.value else None


def _check_warehouse(uow: UnitOfWork, warehouse_id: str, document: str) -> None:
    station_warehouse = _station_warehouse(uow)
    if station_warehouse is not None and warehouse_id != station_warehouse:
        raise errors.MalformedFeedEntry(
            "document_for_other_warehouse",
            document=document,
            warehouse=warehouse_id,
            station_warehouse=station_warehouse,
        )


def _outbound_command(uow: UnitOfWork, command: OutboundCommand) -> str:
    session = uow.session
    existing = find_existing(session, command)
    if existing is not None:
        return f"duplicate: order {existing.order_no} already received ({existing.status})"
    if command.command_id in refused_commands(session, [command.order_no]):
        return _already_refused(command.order_no)
    [refusal] = judge_commands(session, [command], _station_warehouse(uow))
    if refusal is not None:
        record_refusal(uow, command, refusal, FEED_OPERATOR)
        return _refused(command.order_no, refusal)
    order = receive_outbound_command(uow, command, FEED_OPERATOR)
    if order.status == "SHORTAGE":
        return f"order {order.order_no} received, stock shortage"
    return f"order {order.order_no} received and allocated"


def _cancel(uow: UnitOfWork, cancel: CancelRequest) -> str:
    from app.services.lookups import get_order  # noqa: PLC0415 - keeps the import graph flat

    _check_warehouse(uow, cancel.warehouse_id, cancel.order_no)
    try:
        order = get_order(uow.session, cancel.order_no)
    except errors.UnknownOrder as unknown:
        if refused_commands(uow.session, [cancel.order_no]):
            # Refused here, so nothing to stop: answer, so the OMS can close the order.
            record_event(
                uow,
                CancelResult(order_no=cancel.order_no, result=CancelOutcome.CANCELLED),
                FEED_OPERATOR,
            )
            return f"order {cancel.order_no} was refused here; cancel answered"
        refusal = errors.MalformedFeedEntry("cancel_of_unknown_order", order=cancel.order_no)
        raise refusal from unknown
    if order.status == "CANCELLED":
        # The OMS asked again: answer again, change nothing else.
        record_event(
            uow,
            CancelResult(order_no=order.order_no, result=CancelOutcome.CANCELLED),
            FEED_OPERATOR,
        )
        return f"order {order.order_no} was already cancelled"
    if order.handled_remotely:
        # Another station works this order; it answers the OMS and puts goods back.
        order.status = "CANCELLED"
        order.updated_at = utc_now()
        return f"order {order.order_no} cancelled (handled at another station)"
    outcome = cancel_outbound(uow, order.order_no, FEED_OPERATOR, cancel.reason)
    if outcome is CancelOutcome.REFUSED_ALREADY_SHIPPED:
        return f"cancel of {order.order_no} refused: already shipped"
    if order.cancelled_mid_pick:
        return f"order {order.order_no} cancelled mid-pick: goods to put back"
    return f"order {order.order_no} cancelled"


def _inbound_order(uow: UnitOfWork, document: InboundDocument) -> str:
    session = uow.session
    _check_warehouse(uow, document.warehouse_id, document.inbound_no)
    existing = session.scalar(
        select(InboundOrder).where(InboundOrder.inbound_no == document.inbound_no)
    )
    if existing is not None:
        return f"duplicate: inbound {document.inbound_no} already known"
    if session.get(Owner, document.owner_id) is None:
        raise errors.MalformedFeedEntry(
            "document_for_unknown_owner", document=document.inbound_no, owner=document.owner_id
        )
    for line in document.lines:
        if session.get(Sku, (document.owner_id, line.sku_id)) is None:
            raise errors.MalformedFeedEntry(
                "inbound_sku_unknown", inbound=document.inbound_no, sku=line.sku_id
            )
    inbound = InboundOrder(
        inbound_no=document.inbound_no,
        warehouse_id=document.warehouse_id,
        owner_id=document.owner_id,
        inbound_type=document.inbound_type.value,
        related_order_no=document.related_order_no,
        expected_at=document.expected_at,
        status="open",
        created_at=utc_now(),
    )
    inbound.lines = [
        InboundLine(
            line_no=number,
            sku_id=line.sku_id,
            expected_qty=line.expected_qty,
            expected_batch_no=line.batch_no,
            expected_expiry_date=line.expiry_date,
            received_qty=0,
            damaged_qty=0,
        )
        for number, line in enumerate(document.lines, start=1)
    ]
    session.add(inbound)
    session.flush()
    record_audit(
        uow,
        operator=FEED_OPERATOR,
        action="inbound_order_created",
        entity="inbound_order",
        entity_key=inbound.inbound_no,
        after={"lines": len(inbound.lines), "type": inbound.inbound_type},
    )
    return f"inbound {inbound.inbound_no} created"
