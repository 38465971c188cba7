"""The task list's order: workable by priority then deadline, held next, cancelled last."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import text

from app.queries.task_list import TaskFilter, fetch_tasks, task_page_query
from app.services.cancelling import cancel_outbound
from local_db.store import Store
from tests.flows.seed import add_order, add_stock


def test_order_of_the_task_list(store: Store) -> None:
    add_stock(store, "A-01-02-03", "SKU-TEA", 20)
    soon = dt.datetime(2026, 11, 22, 10, tzinfo=dt.UTC)
    later = soon + dt.timedelta(hours=5)
    add_order(store, "SO-LATE", [("SKU-TEA", 1)], priority=5, deadline=later)
    add_order(store, "SO-SOON", [("SKU-TEA", 1)], priority=5, deadline=soon)
    add_order(store, "SO-NODL", [("SKU-TEA", 1)], priority=5)
    add_order(store, "SO-LOW", [("SKU-TEA", 1)], priority=1, deadline=soon)
    add_order(store, "SO-HELD", [("SKU-PHONE", 1)], priority=9, expect="SHORTAGE")
    add_order(store, "SO-GONE", [("SKU-TEA", 1)], priority=9)
    with store.unit_of_work() as uow:
        cancel_outbound(uow, "SO-GONE", "OMS")
        uow.commit()
    now = dt.datetime.now(dt.UTC)
    with store.read_session() as session:
        rows = fetch_tasks(session, TaskFilter(), now, 0, 50)
        assert [row.order_no for row in rows] == [
            "SO-SOON",
            "SO-LATE",
            "SO-NODL",
            "SO-LOW",
            "SO-HELD",
            "SO-GONE",
        ]
        assert rows[4].held
        assert len(fetch_tasks(session, TaskFilter(), now, 0, 100)) == 6
        # Cancelled orders drop off the list after a day.
        assert len(fetch_tasks(session, TaskFilter(), now + dt.timedelta(days=2), 0, 100)) == 5
        assert [r.order_no for r in fetch_tasks(session, TaskFilter(), now, 2, 2)] == [
            "SO-NODL",
            "SO-LOW",
        ]
        assert fetch_tasks(session, TaskFilter(owner_id="NOBODY"), now, 0, 100) == []
        assert rows[0].unit_count == 1 and rows[0].line_count == 1


def test_a_page_of_the_task_list_is_an_index_range_scan(store: Store) -> None:
    # At 50,000 open orders a sort of every order took 20-50 ms on the UI thread; the
    # indexed key keeps a page to a range scan (BENCHMARKS.md has the figures).
    query = task_page_query(TaskFilter(), dt.datetime.now(dt.UTC), 0, 50)
    sql = str(query.compile(compile_kwargs={"literal_binds": True}))
    with store.read_session() as session:
        plan = " ".join(str(row) for row in session.execute(text("EXPLAIN QUERY PLAN " + sql)))
    assert "USING INDEX ix_outbound_order_task_queue" in plan
    assert "TEMP B-TREE" not in plan  # no sort step
