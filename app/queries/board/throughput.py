"""Picks, lines and units per operator and per hour today, from the audit log.

Every confirmed pick writes one ``confirm_pick`` audit row (app/services/picking.py): who,
when, the task, its picked quantity before and after, and whether the task is done. A *pick*
is one such confirmation, a *line* is a pick task finished (one SKU from one bin for one
order line), a *unit* is one piece picked. Short picks book no units and are not counted.
An operator's rate is per hour they picked in (hours of the day with at least one pick), so
a break or a shift that began late does not lower it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from sqlalchemy import select, text
from sqlalchemy.orm import Session

from app.queries.board.timeline import first_id_since
from local_db.models.master_data import Operator
from local_db.types import to_sqlite_utc

# One group per operator and hour since the day began (a real hour, so a clock change does
# not fold two hours into one); the units are the picked quantity the row added.
_PICKS_BY_OPERATOR_HOUR = text(
    "SELECT operator, "
    "CAST((julianday(occurred_at) - julianday(:day_start)) * 24 AS INTEGER) AS hour, "
    "count(*), "
    "sum(coalesce(json_extract(after_json, '$.status') = 'done', 0)), "
    "sum(coalesce(json_extract(after_json, '$.picked_qty'), 0) "
    "    - coalesce(json_extract(before_json, '$.picked_qty'), 0)) "
    "FROM audit_log WHERE id > :after AND id <= :upto AND occurred_at >= :day_start "
    "AND action = 'confirm_pick' GROUP BY operator, hour"
)


@dataclass(frozen=True)
class Tally:
    picks: int = 0
    lines: int = 0
    units: int = 0

    def __add__(self, other: Tally) -> Tally:
        return Tally(self.picks + other.picks, self.lines + other.lines, self.units + other.units)


@dataclass(frozen=True)
class OperatorThroughput:
    badge: str
    name: str
    today: Tally
    hours_picking: int
    """Hours of the day with at least one pick."""

    @property
    def picks_per_hour(self) -> float:
        return self.today.picks / self.hours_picking if self.hours_picking else 0.0

    @property
    def lines_per_hour(self) -> float:
        return self.today.lines / self.hours_picking if self.hours_picking else 0.0


@dataclass(frozen=True)
class HourThroughput:
    starts_at: dt.datetime
    """The hour's start (UTC); the board labels it in local time."""
    tally: Tally


@dataclass(frozen=True)
class Throughput:
    operators: tuple[OperatorThroughput, ...]
    """Most picks first."""
    hours: tuple[HourThroughput, ...]
    """Every hour from the day's start to now, empty ones included (a chart's x axis)."""


@dataclass
class PickTally:
    """The day's picks counted so far, kept between refreshes by whoever refreshes (the board
    page), so each refresh reads only the audit rows written since the last one: audit rows
    are appended, never changed, and their ids rise in commit order. Used on one thread at a
    time (the store thread); a new day starts it afresh."""

    day_start: dt.datetime | None = None
    counted_upto: int = 0
    """Audit rows up to this id are in ``cells``."""
    cells: dict[tuple[str, int], Tally] = field(default_factory=dict)
    """(operator, hour since the day began) → what they picked in it."""

    def catch_up(self, session: Session, day_start: dt.datetime) -> None:
        upto = int(
            session.connection().exec_driver_sql("SELECT max(id) FROM audit_log").scalar() or 0
        )
        if self.day_start != day_start or upto < self.counted_upto:
            # A new day (or a store that went back, e.g. restored): count the day again.
            self.day_start, self.cells = day_start, {}
            first = first_id_since(session, "audit_log.occurred_at", day_start)
            self.counted_upto = upto if first is None else first - 1
        if upto == self.counted_upto:
            return
        rows = session.execute(
            _PICKS_BY_OPERATOR_HOUR,
            {"after": self.counted_upto, "upto": upto, "day_start": to_sqlite_utc(day_start)},
        ).all()
        for operator, hour, picks, lines, units in rows:
            key = (str(operator), int(hour))
            self.cells[key] = self.cells.get(key, Tally()) + Tally(
                int(picks), int(lines or 0), int(units or 0)
            )
        self.counted_upto = upto


def throughput_today(
    session: Session, day_start: dt.datetime, now: dt.datetime, tally: PickTally | None = None
) -> Throughput:
    """``tally``: the caller's running count (only new audit rows are read); without one the
    whole day is read."""
    tally = tally if tally is not None else PickTally()
    tally.catch_up(session, day_start)
    by_operator: dict[str, dict[int, Tally]] = {}
    by_hour: dict[int, Tally] = {}
    for (operator, hour), cell in tally.cells.items():
        by_operator.setdefault(operator, {})[hour] = cell
        by_hour[hour] = by_hour.get(hour, Tally()) + cell
    names = _operator_names(session, list(by_operator))
    operators = [
        OperatorThroughput(
            badge=badge,
            name=names.get(badge, ""),
            today=sum(hours.values(), Tally()),
            hours_picking=len(hours),
        )
        for badge, hours in by_operator.items()
    ]
    operators.sort(key=lambda o: (-o.today.picks, o.badge))
    hours_so_far = max(0, int((now - day_start).total_seconds() // 3600)) + 1
    last_hour = max([hours_so_far - 1, *by_hour])
    hours = tuple(
        HourThroughput(day_start + dt.timedelta(hours=hour), by_hour.get(hour, Tally()))
        for hour in range(last_hour + 1)
    )
    return Throughput(tuple(operators), hours)


def _operator_names(session: Session, badges: list[str]) -> dict[str, str]:
    if not badges:
        return {}
    rows = session.execute(
        select(Operator.badge_code, Operator.name).where(Operator.badge_code.in_(badges))
    )
    return {badge: name for badge, name in rows}
