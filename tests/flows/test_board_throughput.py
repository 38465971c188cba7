"""Picks, lines and units per operator and hour today, from the audit rows the real pick
service writes."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select, update

from app.queries.board.throughput import PickTally, Tally, throughput_today
from app.services.picking import confirm_pick, short_pick
from local_db.models import OutboundOrder, PickTask
from local_db.models.master_data import Operator
from local_db.models.records import AuditLog
from local_db.store import Store
from tests.flows.seed import PICKER_BADGE, add_order, add_stock

TEA = "4006381333931"
OTHER = "BADGE-P2"


def _task_of(store: Store, order_no: str) -> PickTask:
    with store.read_session() as session:
        return session.scalars(
            select(PickTask).join(OutboundOrder).where(OutboundOrder.order_no == order_no)
        ).one()


def _pick(store: Store, order_no: str, quantity: int, operator: str) -> None:
    task = _task_of(store, order_no)
    with store.unit_of_work() as uow:
        confirm_pick(
            uow,
            task.id,
            location_code=task.location_code,
            barcode=TEA,
            quantity=quantity,
            operator=operator,
        )
        uow.commit()


def _audit_times(store: Store, *times: dt.datetime) -> None:
    """The pick rows' times, in the order they were written (the clock of a shift)."""
    with store.unit_of_work() as uow:
        ids = uow.session.scalars(
            select(AuditLog.id).where(AuditLog.action == "confirm_pick").order_by(AuditLog.id)
        ).all()
        assert len(ids) == len(times)
        for row_id, at in zip(ids, times, strict=True):
            uow.session.execute(
                update(AuditLog).where(AuditLog.id == row_id).values(occurred_at=at)
            )
        uow.commit()


def test_picks_lines_and_units_per_operator_and_hour(store: Store) -> None:
    with store.unit_of_work() as uow:
        uow.session.add(Operator(badge_code=OTHER, name="Wang Fang", role="operator"))
        uow.commit()
    add_stock(store, "A-01-02-03", "SKU-TEA", 50)
    add_order(store, "SO-Y", [("SKU-TEA", 1)])  # picked yesterday: not today's
    add_order(store, "SO-1", [("SKU-TEA", 3)])  # P1: 2 then 1 (two picks, one line, 3 units)
    add_order(store, "SO-2", [("SKU-TEA", 2)])  # P1: 2 at once in the next hour
    add_order(store, "SO-3", [("SKU-TEA", 4)])  # P2: 1 of 4 (a pick, no line finished)
    add_order(store, "SO-4", [("SKU-TEA", 2)])  # short pick by P2: no pick counted
    _pick(store, "SO-Y", 1, PICKER_BADGE)
    _pick(store, "SO-1", 2, PICKER_BADGE)
    _pick(store, "SO-1", 1, PICKER_BADGE)
    _pick(store, "SO-2", 2, PICKER_BADGE)
    _pick(store, "SO-3", 1, OTHER)
    task = _task_of(store, "SO-4")
    with store.unit_of_work() as uow:
        short_pick(uow, task.id, quantity=2, reason="DAMAGED", operator=OTHER)
        uow.commit()
    day_start = dt.datetime(2026, 11, 22, 0, tzinfo=dt.UTC)
    _audit_times(
        store,
        day_start - dt.timedelta(minutes=10),
        day_start + dt.timedelta(hours=8, minutes=5),
        day_start + dt.timedelta(hours=8, minutes=59),
        day_start + dt.timedelta(hours=9),
        day_start + dt.timedelta(hours=9, minutes=30),
    )
    now = day_start + dt.timedelta(hours=10, minutes=15)

    with store.read_session() as session:
        throughput = throughput_today(session, day_start, now)

    first, second = throughput.operators
    assert (first.badge, first.name) == (PICKER_BADGE, "Li Wei")
    assert first.today == Tally(picks=3, lines=2, units=5)
    assert first.hours_picking == 2
    assert first.picks_per_hour == 1.5 and first.lines_per_hour == 1.0
    assert (second.badge, second.name, second.today) == (OTHER, "Wang Fang", Tally(1, 0, 1))
    assert second.picks_per_hour == 1.0
    # Every hour of the day so far, for the chart: 00:00 .. 10:00.
    assert [hour.starts_at.hour for hour in throughput.hours] == list(range(11))
    assert throughput.hours[8].tally == Tally(picks=2, lines=1, units=3)
    assert throughput.hours[9].tally == Tally(picks=2, lines=1, units=3)
    assert sum((h.tally for h in throughput.hours), Tally()) == Tally(4, 2, 6)


def test_a_day_without_picks(store: Store) -> None:
    now = dt.datetime(2026, 11, 22, 2, 30, tzinfo=dt.UTC)
    with store.read_session() as session:
        throughput = throughput_today(session, now.replace(hour=0, minute=0), now)
    assert throughput.operators == ()
    assert [hour.tally for hour in throughput.hours] == [Tally()] * 3


def test_a_kept_tally_reads_only_the_new_picks_and_starts_afresh_each_day(store: Store) -> None:
    add_stock(store, "A-01-02-03", "SKU-TEA", 50)
    add_order(store, "SO-1", [("SKU-TEA", 3)])
    day_start = dt.datetime.now(dt.UTC) - dt.timedelta(hours=1)
    now = day_start + dt.timedelta(hours=2)
    tally = PickTally()
    _pick(store, "SO-1", 1, PICKER_BADGE)
    with store.read_session() as session:
        first = throughput_today(session, day_start, now, tally)
    assert first.operators[0].today == Tally(picks=1, lines=0, units=1)
    counted = tally.counted_upto
    _pick(store, "SO-1", 2, PICKER_BADGE)
    with store.read_session() as session:
        second = throughput_today(session, day_start, now, tally)
    # Both picks, the first one not read twice.
    assert second.operators[0].today == Tally(picks=2, lines=1, units=3)
    assert tally.counted_upto > counted
    with store.read_session() as session:
        unchanged = throughput_today(session, day_start, now, tally)
    assert unchanged.operators == second.operators
    # The next day: today's picks are yesterday's.
    tomorrow = day_start + dt.timedelta(days=1)
    with store.read_session() as session:
        next_day = throughput_today(session, tomorrow, tomorrow + dt.timedelta(hours=1), tally)
    assert next_day.operators == ()
