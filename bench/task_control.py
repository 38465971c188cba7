"""Task control on the generated store (``python -m bench.task_control [--quick]``): NEXT TASK
and pages of the task list with orders held and assigned (migration 0006), medians of 15.

Not in the default set: run it after ``python -m bench.generate``."""

from __future__ import annotations

import datetime as dt
import statistics
import time
from collections.abc import Callable

from sqlalchemy import text

from bench.common import copy_store, figure, scale_from_args

REPS = 15
OPERATOR = "BENCH-ASSIGNEE"


def _median_ms(action: Callable[[], object]) -> float:
    samples = []
    for _ in range(REPS):
        started = time.perf_counter()
        action()
        samples.append((time.perf_counter() - started) * 1000)
    return statistics.median(samples)


def main() -> None:
    from app.queries.pick_tasks import next_workable_order
    from app.queries.task_list import TaskFilter, fetch_tasks
    from local_db.store import open_store

    scale = scale_from_args(__doc__ or "")
    path = copy_store(scale.folder / "station.sqlite3", scale.folder / "task_control.sqlite3")
    started = time.perf_counter()
    store = open_store(path)  # migrates a store generated before 0006
    figure("task_control_open_s", time.perf_counter() - started, "s", "incl. migration")
    with store.unit_of_work() as uow:
        # One order in 2,500 assigned to one operator, one in 250 held.
        uow.session.execute(
            text("UPDATE outbound_order SET assigned_to = :op WHERE id % 2500 = 0"),
            {"op": OPERATOR},
        )
        uow.session.execute(
            text("UPDATE outbound_order SET hold_reason = 'OTHER' WHERE id % 250 = 1")
        )
        uow.commit()
    now = dt.datetime.now(dt.UTC)
    middle = scale.orders // 2

    def page(offset: int, operator: str | None) -> object:
        with store.read_session() as session:
            return fetch_tasks(session, TaskFilter(), now, offset, 50, operator=operator)

    figures = {
        "next_task_assignee_ms": lambda: next_workable_order(store, operator=OPERATOR),
        "next_task_other_ms": lambda: next_workable_order(store, operator="BENCH-OTHER"),
        "task_page_first_ms": lambda: page(0, None),
        "task_page_first_assignee_ms": lambda: page(0, OPERATOR),
        "task_page_middle_ms": lambda: page(middle, None),
        "task_page_middle_assignee_ms": lambda: page(middle, OPERATOR),
    }
    for name, action in figures.items():
        figure(name, _median_ms(action), "ms", f"median of {REPS}")
    store.close()


if __name__ == "__main__":
    main()
