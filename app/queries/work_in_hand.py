"""Who has what in progress since when: orders being picked (from their booked picks) and
unconfirmed receipts, pack checks and counts (from their kept scans), for the supervisor's
task control. Orders on hold or assigned are listed too, so the page shows every decision
still in force."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import text
from sqlalchemy.orm import Session

from local_db.store import Store


@dataclass(frozen=True)
class WorkInHand:
    kind: str
    """``pick``, ``receive``, ``pack`` or ``count``."""
    key: str
    """The order, inbound order or bin."""
    operator: str | None
    """Who worked it last (``None``: released to whoever takes it next)."""
    since: dt.datetime | None
    last_activity: dt.datetime | None
    done: int
    """Units picked so far (pick), or scans kept (the others)."""
    assigned_to: str | None = None
    hold_reason: str | None = None


@dataclass(frozen=True)
class TaskControlPicture:
    """What the supervisor's task-control page shows, read in one session."""

    work: list[WorkInHand]
    orders: list[ControlledOrder]
    operators: list[tuple[str, str]]
    """(badge, name) of every active operator, to assign to or hand work over to."""


@dataclass(frozen=True)
class ControlledOrder:
    """An open order with a supervisor's decision in force (held or assigned)."""

    order_no: str
    status: str
    priority: int
    hold_reason: str | None
    held_by: str | None
    assigned_to: str | None


# Orders being picked here: who booked the last pick, the first and last pick's time.
_PICKING = text(
    """
SELECT o.order_no, o.assigned_to, o.hold_reason,
       (SELECT t2.picked_by FROM pick_task AS t2 WHERE t2.order_id = o.id
          AND t2.picked_by IS NOT NULL ORDER BY t2.picked_at DESC, t2.id DESC LIMIT 1),
       min(t.picked_at), max(t.picked_at), coalesce(sum(t.picked_qty), 0)
FROM outbound_order AS o
LEFT JOIN pick_task AS t ON t.order_id = o.id AND t.picked_at IS NOT NULL
WHERE o.status = 'PICKING' AND o.handled_remotely = 0
GROUP BY o.id
ORDER BY min(t.picked_at), o.id
"""
)
_OPEN_SCANS = text(
    """
SELECT w.work_kind, w.work_key,
       (SELECT w2.operator FROM work_in_progress_scan AS w2 WHERE w2.work_kind = w.work_kind
          AND w2.work_key = w.work_key ORDER BY w2.id DESC LIMIT 1),
       min(w.scanned_at), max(w.scanned_at), count(*)
FROM work_in_progress_scan AS w
GROUP BY w.work_kind, w.work_key
ORDER BY min(w.scanned_at), min(w.id)
"""
)
_CONTROLLED = text(
    """
SELECT order_no, status, priority, hold_reason, held_by, assigned_to FROM outbound_order
WHERE (hold_reason IS NOT NULL OR assigned_to IS NOT NULL)
  AND status NOT IN ('SHIPPED', 'CANCELLED')
ORDER BY order_no
"""
)


_OPERATORS = text("SELECT badge_code, name FROM operator WHERE active = 1 ORDER BY badge_code")


def _time(value: str | None) -> dt.datetime | None:
    """A stored UTC time read by plain SQL (min/max lose the column's type)."""
    if value is None:
        return None
    return dt.datetime.fromisoformat(value).replace(tzinfo=dt.UTC)


def work_in_hand(session: Session) -> list[WorkInHand]:
    """Everything in progress at this station, oldest first (picks, then kept scans)."""
    found = [
        WorkInHand(
            "pick",
            order_no,
            picker,
            _time(first),
            _time(last),
            int(units),
            assigned_to=assigned_to,
            hold_reason=hold_reason,
        )
        for order_no, assigned_to, hold_reason, picker, first, last, units in session.execute(
            _PICKING
        )
    ]
    found += [
        WorkInHand(kind, key, operator or None, _time(first), _time(last), int(scans))
        for kind, key, operator, first, last, scans in session.execute(_OPEN_SCANS)
    ]
    return found


def controlled_orders(session: Session) -> list[ControlledOrder]:
    """Open orders a supervisor holds or assigned (the partial index and a short list)."""
    return [ControlledOrder(*row) for row in session.execute(_CONTROLLED)]


def task_control_picture(store: Store) -> TaskControlPicture:
    with store.read_session() as session:
        return TaskControlPicture(
            work_in_hand(session),
            controlled_orders(session),
            [(str(badge), str(name)) for badge, name in session.execute(_OPERATORS)],
        )
