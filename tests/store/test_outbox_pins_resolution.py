"""The outbox writer, PIN hashing, and the supervisor's resolution of rejected events."""

from __future__ import annotations

from sqlalchemy import delete, select

from app import errors
from app.outbox import load_payload, record_event
from app.supervision.rejected_events import resolve_rejected_event
from local_db.models import AuditLog, ExceptionRecord, OutboxEvent
from local_db.store import Store
from local_db.types import utc_now
from oms_contract.events import CancelOutcome, CancelResult
from oms_contract.pins import hash_pin, verify_pin
from tests.store.support import PICKER, SUPERVISOR, SUPERVISOR_PIN, get, refused, run


def _record(store: Store, order_no: str = "SO-1") -> OutboxEvent:
    """Written with plain SQL, read back through the ORM (types and defaults as it expects)."""
    payload = CancelResult(order_no=order_no, result=CancelOutcome.CANCELLED)
    recorded = run(store, lambda uow: record_event(uow, payload, PICKER))
    row = get(store, OutboxEvent, recorded.id)
    assert (row.event_id, row.station_seq) == (recorded.event_id, recorded.station_seq)
    return row


def test_events_get_ids_and_consecutive_station_numbers(store: Store) -> None:
    first, second = _record(store), _record(store, "SO-2")
    assert (first.station_seq, second.station_seq) == (1, 2)
    assert len(first.event_id) == 32
    assert first.event_id != second.event_id
    int(first.event_id, 16)
    assert first.order_no == "SO-1"
    assert first.status == "pending"
    assert first.occurred_at.tzinfo is not None
    assert abs(utc_now() - first.occurred_at).total_seconds() < 60
    assert (first.attempts, first.last_error, first.accepted_at) == (0, None, None)
    assert load_payload(first) == CancelResult(order_no="SO-1", result=CancelOutcome.CANCELLED)


def test_an_event_rolled_back_leaves_no_row_and_no_gap(store: Store) -> None:
    with store.unit_of_work() as uow:
        record_event(uow, CancelResult(order_no="X", result=CancelOutcome.CANCELLED), PICKER)
    assert _record(store).station_seq == 1


def test_pins() -> None:
    encoded = hash_pin("1234", iterations=2000)
    algorithm, iterations, salt, _ = encoded.split("$")
    assert (algorithm, iterations) == ("pbkdf2_sha256", "2000")
    assert len(salt) == 32
    assert verify_pin("1234", encoded)
    assert not verify_pin("1235", encoded)
    assert not verify_pin("", encoded)
    assert not verify_pin("1234", None)
    assert not verify_pin("1234", "md5$1$x$y")
    assert not verify_pin("1234", "pbkdf2_sha256$zero$x$y")
    assert not verify_pin("1234", "pbkdf2_sha256$0$x$y")
    assert hash_pin("1234", salt=b"8 bytes!", iterations=10) == hash_pin(
        "1234", salt=b"8 bytes!", iterations=10
    )
    assert hash_pin("1234", iterations=10) != hash_pin("1234", iterations=10)  # random salt


def test_the_seeded_supervisor_pin_verifies(store: Store) -> None:
    from local_db.models import Operator

    supervisor = get(store, Operator, SUPERVISOR)
    assert verify_pin(SUPERVISOR_PIN, supervisor.pin_hash)


def _reject(store: Store, event: OutboxEvent) -> None:
    with store.unit_of_work() as uow:
        row = uow.session.get(OutboxEvent, event.id)
        assert row is not None
        row.status = "rejected"
        row.reject_code = "UNKNOWN_ORDER"
        row.reject_message = "no such order"
        uow.session.add(
            ExceptionRecord(
                exception_type="OMS_REJECTED",
                order_no=row.order_no,
                severity="high",
                status="open",
                detail="rejected",
                created_at=utc_now(),
                outbox_event_id=row.id,
            )
        )
        uow.commit()


def test_retry_puts_a_rejected_event_back_in_the_queue(store: Store) -> None:
    event = _record(store)
    _reject(store, event)
    refused(
        store,
        lambda uow: resolve_rejected_event(uow, event.id, PICKER, "retry", "fixed"),
        errors.NotAllowed,
    )
    refused(
        store,
        lambda uow: resolve_rejected_event(uow, 999, SUPERVISOR, "retry"),
        errors.UnknownOutboxEvent,
    )
    refused(
        store,
        lambda uow: resolve_rejected_event(uow, event.id, SUPERVISOR, "shred"),  # type: ignore[arg-type]
        errors.InvalidInput,
    )
    run(store, lambda uow: resolve_rejected_event(uow, event.id, SUPERVISOR, "retry", "fixed"))
    row = get(store, OutboxEvent, event.id)
    assert (row.status, row.attempts, row.resolved_by) == ("pending", 0, SUPERVISOR)
    with store.read_session() as session:
        record = session.scalars(select(ExceptionRecord)).one()
        assert (record.status, record.resolution) == ("resolved", "retry: fixed")
        audit = session.scalars(select(AuditLog)).all()
        assert audit[-1].action == "retry_rejected_event"
    refused(
        store,
        lambda uow: resolve_rejected_event(uow, event.id, SUPERVISOR, "discard"),
        errors.NotAllowed,
    )


def test_discard_gives_a_rejected_event_up(store: Store) -> None:
    event = _record(store)
    _reject(store, event)
    run(store, lambda uow: resolve_rejected_event(uow, event.id, SUPERVISOR, "discard"))
    assert get(store, OutboxEvent, event.id).status == "discarded"


def test_station_numbers_keep_rising_after_rows_are_pruned(store: Store) -> None:
    _record(store)
    last = _record(store)
    with store.unit_of_work() as uow:
        uow.session.execute(delete(OutboxEvent))
        uow.commit()
    assert _record(store).station_seq == last.station_seq + 1
