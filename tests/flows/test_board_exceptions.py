"""The live board's open exceptions by type and age."""

from __future__ import annotations

import datetime as dt

from app.queries.board.exceptions import open_exceptions
from local_db.models.records import ExceptionRecord
from local_db.store import Store


def test_open_exceptions_by_type_and_age(store: Store) -> None:
    # Bands: under 1 h, 1 h up to 4 h, 4 h and over (each boundary on its upper side).
    now = dt.datetime(2026, 11, 22, 12, tzinfo=dt.UTC)
    ages = {
        "SHORT_PICK": [dt.timedelta(minutes=5), dt.timedelta(minutes=59), dt.timedelta(hours=1)],
        "OMS_REJECTED": [dt.timedelta(hours=4) - dt.timedelta(seconds=1), dt.timedelta(hours=4)],
    }
    with store.unit_of_work() as uow:
        for exception_type, type_ages in ages.items():
            for age in type_ages:
                uow.session.add(
                    ExceptionRecord(exception_type=exception_type, created_at=now - age)
                )
        uow.session.add(
            ExceptionRecord(exception_type="COUNT_DIFFERENCE", status="resolved", created_at=now)
        )
        uow.commit()
    with store.read_session() as session:
        found = open_exceptions(session, now)
    short, rejected = found
    assert (short.exception_type, short.count, short.by_age) == ("SHORT_PICK", 3, (2, 1, 0))
    assert short.oldest_age == dt.timedelta(hours=1)
    assert (rejected.exception_type, rejected.count, rejected.by_age) == (
        "OMS_REJECTED",
        2,
        (0, 1, 1),
    )
    assert rejected.oldest_age == dt.timedelta(hours=4)
