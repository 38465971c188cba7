"""Station sequence numbers: the next is one past both ``max(station_seq)`` and the
high-water mark in sync state. A number the OMS may have seen (committed)
is never handed out again: not after a rolled-back unit of work, a rolled-back savepoint,
a station killed mid-transaction, nor after accepted rows are pruned from the outbox."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

from sqlalchemy import delete, func, select

from app.outbox import LAST_STATION_SEQ, record_event, record_events
from local_db.models import OutboxEvent, SyncState
from local_db.store import Store, open_store
from local_db.types import utc_now
from oms_contract.events import CancelOutcome, CancelResult


def _payload(n: int) -> CancelResult:
    return CancelResult(order_no=f"SO-{n}", result=CancelOutcome.CANCELLED)


def _record(store: Store, count: int, *, commit: bool = True) -> list[int]:
    with store.unit_of_work() as uow:
        numbers = [record_event(uow, _payload(n), "P1").station_seq for n in range(count)]
        if commit:
            uow.commit()
    return numbers


def _committed(store: Store) -> list[int]:
    with store.read_session() as session:
        return list(session.scalars(select(OutboxEvent.station_seq).order_by(OutboxEvent.id)))


def test_numbers_rise_within_and_across_units_of_work(store: Store) -> None:
    assert _record(store, 3) == [1, 2, 3]
    assert _record(store, 2) == [4, 5]
    with store.unit_of_work() as uow:
        first = record_event(uow, _payload(0), "P1").station_seq
        many = record_events(uow, [_payload(n) for n in range(3)], "P1")
        last = record_event(uow, _payload(9), "P1").station_seq
        uow.commit()
    assert (first, last) == (6, 10)
    assert len(many) == 3
    assert _committed(store) == list(range(1, 11))


def test_an_outbox_row_the_session_has_not_written_yet_counts(store: Store) -> None:
    _record(store, 2)
    with store.unit_of_work() as uow:
        uow.session.add(
            OutboxEvent(
                event_id="written-by-the-orm",
                station_seq=7,
                event_type="cancel_result",
                payload_json=_payload(7).model_dump_json(),
                operator="P1",
                occurred_at=utc_now(),
            )
        )
        assert record_event(uow, _payload(8), "P1").station_seq == 8
        uow.commit()
    assert _committed(store) == [1, 2, 7, 8]


def test_a_rolled_back_unit_of_work_reuses_no_committed_number(store: Store) -> None:
    _record(store, 3)
    _record(store, 4, commit=False)  # never committed: the OMS cannot have seen 4..7
    assert _record(store, 2) == [4, 5]
    assert _committed(store) == [1, 2, 3, 4, 5]


def test_a_rolled_back_savepoint_hands_its_numbers_out_again_without_a_clash(
    store: Store,
) -> None:
    _record(store, 2)
    with store.unit_of_work() as uow:
        record_event(uow, _payload(1), "P1")  # 3
        try:
            with uow.session.begin_nested():
                record_events(uow, [_payload(2), _payload(3)], "P1")  # 4, 5
                record_event(uow, _payload(4), "P1")  # 6
                raise RuntimeError("the entry is refused")
        except RuntimeError:
            pass
        after = [record_event(uow, _payload(n), "P1").station_seq for n in range(3)]
        uow.commit()
    assert after == [4, 5, 6]
    assert _committed(store) == [1, 2, 3, 4, 5, 6]


def test_a_savepoint_rolled_back_before_the_mark_existed(store: Store) -> None:
    with store.unit_of_work() as uow:
        try:
            with uow.session.begin_nested():
                record_event(uow, _payload(1), "P1")  # creates the mark, then is undone
                raise RuntimeError("refused")
        except RuntimeError:
            pass
        assert uow.session.get(SyncState, LAST_STATION_SEQ) is None
        assert record_event(uow, _payload(2), "P1").station_seq == 1
        uow.commit()


def test_pruned_accepted_rows_do_not_bring_numbers_back(store: Store) -> None:
    _record(store, 5)
    with store.unit_of_work() as uow:
        uow.session.execute(delete(OutboxEvent))
        uow.commit()
    assert _record(store, 1) == [6]


def test_a_mark_behind_the_outbox_is_overtaken(store: Store) -> None:
    """Rows written without the mark (e.g. an older version): the outbox's max counts."""
    _record(store, 4)
    with store.unit_of_work() as uow:
        mark = uow.session.get(SyncState, LAST_STATION_SEQ)
        assert mark is not None
        mark.value = "1"
        uow.commit()
    assert _record(store, 2) == [5, 6]


def _kill_mid_transaction(db_path: Path) -> None:
    """A child process records events in a unit of work and is SIGKILLed before commit."""
    child = f"""
import os, signal
from pathlib import Path
from app.outbox import record_event, record_events
from local_db.store import open_store
from oms_contract.events import CancelOutcome, CancelResult
store = open_store(Path({str(db_path)!r}))
with store.unit_of_work() as uow:
    p = CancelResult(order_no="SO-K", result=CancelOutcome.CANCELLED)
    record_event(uow, p, "P1")
    record_events(uow, [p, p, p], "P1")
    uow.session.flush()
    os.kill(os.getpid(), signal.SIGKILL)
"""
    result = subprocess.run(
        [sys.executable, "-c", child],
        cwd=Path(__file__).resolve().parents[2],
        env={**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])},
        check=False,
        timeout=120,
    )
    assert result.returncode == -signal.SIGKILL


def test_a_station_killed_mid_transaction_reuses_no_committed_number(store: Store) -> None:
    _record(store, 3)
    db_path = store.db_path
    store.close()
    _kill_mid_transaction(db_path)
    reopened = open_store(db_path)
    try:
        assert _committed(reopened) == [1, 2, 3]
        assert _record(reopened, 2) == [4, 5]
        with reopened.read_session() as session:
            assert session.scalar(select(func.count(OutboxEvent.id))) == 5
    finally:
        reopened.close()
