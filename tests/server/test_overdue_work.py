"""Seed 000 §5.2 (处理超时未处理: ``@Scheduled(fixedRate = 300000)``, orders
``findByStatusAndCreatedBefore(PENDING_SHIP, now.minusHours(4))`` whose WMS order is null or
still CREATED → "订单…超时未处理"; §2.1's 截止时间 ``deadline``) at the OMS: the monitoring
figures per station (or per warehouse when no station has the work) and the alert rules of
the check, raised once and cleared when the work is done. The clock is injected; SQLite and
PostgreSQL."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import inspect

from oms_contract.events import CancelOutcome
from oms_server.alert_schedule import AlertChecker
from oms_server.db import Database
from oms_server.models import utc_now
from oms_server.schemas import AlertRule, MonitoringReport
from oms_server.services.monitoring import monitoring_report
from tests.server import payloads as p
from tests.server.driver import OmsDriver, StationSession
from tests.server.old_builds import forget_migrations
from tests.server.test_alert_check import Clock

DEMO_ORDERS = [f"SO-DEMO-{n:04d}" for n in range(1, 13)]
ORDER_RULES = (AlertRule.ORDER_NOT_STARTED, AlertRule.ORDER_PAST_DEADLINE)


def _report(oms: OmsDriver, now: dt.datetime) -> MonitoringReport:
    assert oms.db is not None
    with oms.db.read_session() as session:
        return monitoring_report(session, now, 3600, "WH01")


def _pull_all(oms: OmsDriver, station: StationSession) -> None:
    """The station reads the feed and acknowledges all of it (its cursor moves past it)."""
    page = oms.feed(station)
    oms.feed(station, after=max(entry.seq for entry in page.entries))


def _send(oms: OmsDriver, number: int, deadline: dt.datetime | None = None) -> str:
    command = p.command(number, ("ACME-MUG-01", 1)).model_copy(update={"deadline": deadline})
    response = oms.admin_post("/outbound-commands", command.model_dump(mode="json"))
    assert response.status_code == 201, response.text
    return command.order_no


def test_commands_unanswered_five_minutes_are_the_pulling_station_s(demo_oms: OmsDriver) -> None:
    """超时未处理 with ``wmsOrder == null``: a command no station answered five minutes on —
    counted for the station that pulled it; one no station pulled is the warehouse's."""
    puller = demo_oms.enrol(name="puller")
    demo_oms.enrol(name="idle")
    clock = Clock(utc_now())
    _pull_all(demo_oms, puller)
    demo_oms.push(puller, p.received("SO-DEMO-0001", "CMD-DEMO-0001"))
    assert demo_oms.db is not None
    checker = AlertChecker(demo_oms.db, None, clock=clock)

    assert _report(demo_oms, clock.at(4)).unanswered_commands.count == 0
    assert [a for a in checker.check_now().raised if a.rule is AlertRule.UNANSWERED_COMMAND] == []

    late = _send(demo_oms, 1)  # sent after the pull: no station has it
    figures = _report(demo_oms, clock.at(11)).unanswered_commands
    assert figures.count == 12 and figures.threshold_s == 300 and figures.alert
    assert figures.order_nos[:11] == DEMO_ORDERS[1:] and figures.order_nos[-1] == late
    by_subject = {s.subject: (s.count, s.order_nos[-1]) for s in figures.by_subject}
    assert by_subject == {puller.device_id: (11, "SO-DEMO-0012"), "WH01": (1, late)}

    raised = checker.check_now().raised
    unanswered = {a.subject: a for a in raised if a.rule is AlertRule.UNANSWERED_COMMAND}
    assert set(unanswered) == {puller.device_id, "WH01"}
    assert unanswered[puller.device_id].value >= 660 and unanswered["WH01"].threshold == 300
    assert unanswered["WH01"].unit == "s"
    assert checker.check_now().raised == []  # one open alert per rule and subject

    # The station answers everything it has; the warehouse's command is still unanswered.
    demo_oms.push(puller, *[p.received(o, o.replace("SO-", "CMD-")) for o in DEMO_ORDERS[1:]])
    cleared = checker.check_now().cleared
    assert [(a.rule, a.subject) for a in cleared] == [
        (AlertRule.UNANSWERED_COMMAND, puller.device_id)
    ]
    assert [s.subject for s in _report(demo_oms, clock.now).unanswered_commands.by_subject] == [
        "WH01"
    ]


def test_orders_not_started_in_four_hours_and_past_their_deadline(demo_oms: OmsDriver) -> None:
    """The seed's 4 h rule (created 4 h ago, the WMS order null or CREATED: here CREATED or
    RECEIVED, not picked) and the command's deadline; a cancelled order is done with."""
    station = demo_oms.enrol()
    start = utc_now()
    clock = Clock(start)
    due = _send(demo_oms, 1, deadline=start + dt.timedelta(minutes=30))
    _pull_all(demo_oms, station)
    demo_oms.push(
        station,
        p.received(due, "CMD-T-0001"),
        p.received("SO-DEMO-0001", "CMD-DEMO-0001"),
        p.status("SO-DEMO-0002", "PICKING"),
    )
    assert demo_oms.db is not None
    checker = AlertChecker(demo_oms.db, None, clock=clock)

    before = _report(demo_oms, clock.at(29))
    assert before.orders_past_deadline.count == 0 and before.orders_not_started.count == 0
    past = _report(demo_oms, clock.at(31)).orders_past_deadline
    assert (past.count, past.order_nos, past.threshold_s) == (1, [due], 0)
    assert [(s.subject, s.order_nos) for s in past.by_subject] == [(station.device_id, [due])]
    assert 60 <= (past.oldest_age_s or 0) < 120
    raised = [a for a in checker.check_now().raised if a.rule in ORDER_RULES]
    assert [(a.rule, a.subject) for a in raised] == [
        (AlertRule.ORDER_PAST_DEADLINE, station.device_id)
    ]

    # Four hours on: every order not started (SO-DEMO-0002 is being picked).
    not_started = _report(demo_oms, clock.at(4 * 60 + 1)).orders_not_started
    assert not_started.threshold_s == 4 * 3600
    assert sorted(not_started.order_nos) == sorted([due, *DEMO_ORDERS[:1], *DEMO_ORDERS[2:]])[:20]
    assert not_started.count == 12 and "SO-DEMO-0002" not in not_started.order_nos
    raised = [a for a in checker.check_now().raised if a.rule in ORDER_RULES]
    assert [(a.rule, a.subject) for a in raised] == [
        (AlertRule.ORDER_NOT_STARTED, station.device_id)
    ]
    assert raised[0].value >= 4 * 3600

    # The OMS cancels the late order and the station confirms: no longer past its deadline.
    assert demo_oms.admin_post(f"/outbound-commands/{due}/cancel").status_code == 202
    demo_oms.push(station, p.cancel_result(due, CancelOutcome.CANCELLED))
    cleared = [a for a in checker.check_now().cleared if a.rule in ORDER_RULES]
    assert [(a.rule, a.subject) for a in cleared] == [
        (AlertRule.ORDER_PAST_DEADLINE, station.device_id)
    ]
    assert _report(demo_oms, clock.now).orders_not_started.count == 11


def test_a_database_from_before_gets_the_columns_and_indexes(database_url: str) -> None:
    """Adopting a database from before migrations (``schema_adoption``) adds the columns and
    indexes an old ``outbound_order`` lacks; its orders count from their creation."""
    db = Database(database_url)
    try:
        db.create_schema()
        with db.engine.begin() as connection:
            for index in ("ix_outbound_order_status_created", "ix_outbound_order_status_deadline"):
                connection.exec_driver_sql(f"DROP INDEX {index}")
            for column in ("sent_at", "command_feed_seq", "deadline"):
                connection.exec_driver_sql(f"ALTER TABLE outbound_order DROP COLUMN {column}")
            forget_migrations(connection)
        db.create_schema()
        schema = inspect(db.engine)
        assert {"sent_at", "command_feed_seq", "deadline"} <= {
            c["name"] for c in schema.get_columns("outbound_order")
        }
        assert {"ix_outbound_order_status_created", "ix_outbound_order_status_deadline"} <= {
            i["name"] for i in schema.get_indexes("outbound_order")
        }
    finally:
        db.dispose()
