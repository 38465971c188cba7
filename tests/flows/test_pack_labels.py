"""Labels printed in the pack flow (#16), seed 002 Step 7: "打包完成，称重；WMS生成运单号，
反馈给OMS" — weighed and counted, the station's labels print before the tracking step, and
an order whose labels did not print is not shipped. The printer is a real TCP listener on
loopback behind the station's own printer adapter (station/label_printing.py). The flow hands
its jobs out and waits; here the test prints each one and hands the result back, as the
station's printing worker does (tests/app/test_print_worker.py runs that thread)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select

from app.flows.base import FlowContext, OperatorInfo
from app.flows.pack_flow import PackFlow
from app.flows.registry import default_flows
from app.flows.session import StationSession
from app.flows.view import Feedback, FlowView, Mode, PromptKey
from app.scanning.commands import Command
from app.scanning.gs1 import parse_scan
from app.services.label_jobs import SSCC_SERIAL_KEY, PrintRequest
from local_db.models import AuditLog, ExceptionRecord, Shipment, SyncState
from local_db.store import Store, open_store
from oms_contract.pins import hash_pin
from station.config import StationConfig
from station.label_printing import StationLabelPrinter
from tests.flows.picking_helpers import pick_everything
from tests.flows.seed import (
    PICKER_BADGE,
    SUPERVISOR_BADGE,
    SUPERVISOR_PIN,
    add_order,
    add_stock,
    seed_master_data,
)
from tests.support.fake_zebra import FakeZebra, fake_zebra, host_status, refused_port

TEA = "4006381333931"
PREFIX = "6901234"


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    opened = open_store(tmp_path / "station.sqlite3")
    seed_master_data(opened, hash_pin(SUPERVISOR_PIN, iterations=1000))
    yield opened
    opened.close()


def printer_at(port: int) -> StationLabelPrinter:
    config = StationConfig(
        label_printer="zpl",
        label_printer_host="127.0.0.1",
        label_printer_port=port,
        label_printer_timeout_s=2,
        gs1_company_prefix=PREFIX,
    )
    return StationLabelPrinter(config)


def view_of(result: object) -> FlowView:
    assert isinstance(result, FlowView), result
    return result


def print_now(flow: PackFlow, printer: StationLabelPrinter, answer: object) -> FlowView:
    """The answer that handed labels out says "printing"; the job is printed and its result
    handed back, and the flow's answer to that is returned."""
    assert view_of(answer).prompt.key is PromptKey.PRINTING_LABELS
    request = flow.take_print_request()
    assert request is not None and flow.take_print_request() is None  # handed out once
    return flow.on_print_result(request.result(printer.print_labels(request.job)))


def weighed(store: Store, printer: StationLabelPrinter, order_no: str = "SO-L") -> PackFlow:
    add_stock(store, "A-01-02-03", "SKU-TEA", 50)
    add_order(store, order_no, [("SKU-TEA", 2)])
    pick_everything(store, order_no, {"SKU-TEA": TEA})
    context = FlowContext(
        store, OperatorInfo(PICKER_BADGE, "Li Wei", "operator"), "WH1", label_printer=printer
    )
    flow = PackFlow(context, order_no)
    flow.on_scan(parse_scan(TEA))
    flow.on_scan(parse_scan(TEA))
    assert view_of(flow.on_number("1.5")).prompt.key is PromptKey.TYPE_PACKAGE_COUNT
    return flow


def shipped(store: Store) -> list[Shipment]:
    with store.read_session() as session:
        return list(session.scalars(select(Shipment)))


def test_labels_print_after_the_package_count_before_the_tracking_step(store: Store) -> None:
    with fake_zebra() as zebra:
        printer = printer_at(zebra.port)
        flow = weighed(store, printer)
        view = print_now(flow, printer, flow.on_number("2"))
        zpl = zebra.text()
    assert view.feedback is Feedback.GOOD and view.prompt.key is PromptKey.SCAN_TRACKING
    assert shipped(store) == []  # printed first; the tracking step ships
    assert len(re.findall(r"\^XA", zpl)) == 5  # per package shipping + SSCC, one content
    printed = dict(view.details)["label_tracking"]
    assert zpl.count(f"^FD>:{printed}^FS") == 2
    view = view_of(flow.on_command(Command.NEW_TRACKING))  # ships with the printed number
    assert view.message is not None and view.message.code == "shipped"
    assert [s.tracking_no for s in shipped(store)] == [printed]


def test_sscc_serials_are_committed_and_never_repeat(store: Store) -> None:
    with fake_zebra() as zebra:
        printer = printer_at(zebra.port)
        flow = weighed(store, printer)
        print_now(flow, printer, flow.on_number("2"))
        first = zebra.text()
        flow.on_command(Command.UNDO)  # count changed: new labels, new serials
        print_now(flow, printer, flow.on_number("1"))
        second = zebra.text()
    codes = re.findall(r">;>800(\d{18})", first + second)
    assert len(codes) == 3 and len(set(codes)) == 3
    assert all(code.startswith("0" + PREFIX) for code in codes)
    with store.read_session() as session:
        assert session.get(SyncState, SSCC_SERIAL_KEY).value == "3"  # type: ignore[union-attr]


def test_an_order_is_not_shipped_on_labels_that_did_not_print_and_a_retry_works(
    store: Store,
) -> None:
    dead = printer_at(refused_port())
    flow = weighed(store, dead)
    view = print_now(flow, dead, flow.on_number("1"))
    assert view.feedback is Feedback.BAD and view.prompt.key is PromptKey.RETRY_LABELS
    assert view.message is not None and view.message.args["fault"] == "refused"
    view = view_of(flow.on_scan(parse_scan("SF1234567890123")))  # no tracking step
    assert view.feedback is Feedback.BAD and shipped(store) == []
    assert view_of(flow.on_command(Command.NEW_TRACKING)).feedback is Feedback.BAD
    assert shipped(store) == []
    view = print_now(flow, dead, flow.on_command(Command.REPRINT))
    assert view.prompt.key is PromptKey.RETRY_LABELS
    with store.read_session() as session:
        record = session.scalars(select(ExceptionRecord)).one()
        assert (record.exception_type, record.detail_code) == ("PRINTER_FAULT", "PRINTER_FAULT")
    with fake_zebra() as zebra:  # the printer is back: a retry prints, then the tracking step
        view = print_now(flow, printer_at(zebra.port), flow.on_command(Command.REPRINT))
        assert zebra.text().count("^XA") == 3
    assert view.feedback is Feedback.GOOD and view.prompt.key is PromptKey.SCAN_TRACKING
    with store.read_session() as session:  # the fault closed by itself once the labels printed
        record = session.scalars(select(ExceptionRecord)).one()
        assert (record.status, record.resolution_code) == ("resolved", "LABELS_PRINTED")
    view_of(flow.on_command(Command.NEW_TRACKING))
    assert len(shipped(store)) == 1


@pytest.mark.parametrize(
    "status", [host_status(paper_out=True), host_status(head_open=True)], ids=["paper", "head"]
)
def test_paper_out_or_head_open_stops_before_the_tracking_step(store: Store, status: bytes) -> None:
    with fake_zebra(status) as zebra:
        printer = printer_at(zebra.port)
        flow = weighed(store, printer)
        view = print_now(flow, printer, flow.on_number("1"))
        assert zebra.text() == ""
    assert view.prompt.key is PromptKey.RETRY_LABELS and shipped(store) == []


def _ship(zebra: FakeZebra, flow: PackFlow, printer: StationLabelPrinter) -> None:
    print_now(flow, printer, flow.on_number("1"))
    zebra.text()
    flow.on_command(Command.NEW_TRACKING)


def test_reprinting_a_shipped_orders_labels_needs_a_supervisor_and_is_audited(
    store: Store,
) -> None:
    with fake_zebra() as zebra:
        printer = printer_at(zebra.port)
        flow = weighed(store, printer)
        _ship(zebra, flow, printer)
        assert len(shipped(store)) == 1
        view = view_of(flow.on_command(Command.REPRINT))
        assert view.prompt.key is PromptKey.SCAN_SUPERVISOR_BADGE
        view = view_of(flow.on_scan(parse_scan(PICKER_BADGE)))  # not a supervisor
        assert view.feedback is Feedback.BAD and zebra.connections == 1
        flow.on_scan(parse_scan(SUPERVISOR_BADGE))
        assert view_of(flow.on_number("0000")).feedback is Feedback.BAD  # wrong PIN
        assert zebra.connections == 1  # nothing printed
        flow.on_command(Command.REPRINT)
        flow.on_scan(parse_scan(SUPERVISOR_BADGE))
        view = print_now(flow, printer, flow.on_number(SUPERVISOR_PIN))
        again = zebra.text()
    assert view.message is not None and view.message.code == "labels_reprinted"
    assert again.count("^XA") == 3 and shipped(store)[0].tracking_no in again
    with store.read_session() as session:
        audit = session.scalars(select(AuditLog).where(AuditLog.action == "labels_reprinted")).one()
    assert SUPERVISOR_BADGE in (audit.after_json or "")


def test_any_shipped_orders_labels_from_the_order_step_with_a_supervisor(store: Store) -> None:
    with fake_zebra() as zebra:
        printer = printer_at(zebra.port)
        flow = weighed(store, printer)
        _ship(zebra, flow, printer)
        context = FlowContext(
            store, OperatorInfo(PICKER_BADGE, "Li Wei", "operator"), "WH1", label_printer=printer
        )
        flow = PackFlow(context)  # a new pack screen, no order open
        view = view_of(flow.on_command(Command.REPRINT))
        assert view.message is not None and view.message.code == "reprint_which_order"
        view = view_of(flow.on_scan(parse_scan("SO-L")))
        assert view.prompt.key is PromptKey.SCAN_SUPERVISOR_BADGE
        assert view_of(flow.on_scan(parse_scan(SUPERVISOR_BADGE))).wants_number
        view = print_now(flow, printer, flow.on_number(SUPERVISOR_PIN))
        assert view.message is not None and view.message.code == "labels_reprinted"
        assert zebra.text().count("^XA") == 3
        add_order(store, "SO-OPEN", [("SKU-TEA", 1)])
        flow.on_command(Command.CANCEL)
        flow = PackFlow(context)
        flow.on_command(Command.REPRINT)
        view = view_of(flow.on_scan(parse_scan("SO-OPEN")))  # not shipped: nothing to reprint
    assert view.feedback is Feedback.BAD and view.message is not None
    assert (
        view.message.code == "reprint_not_shipped_yet" and zebra.connections == 2
    )  # print, reprint


def test_while_the_labels_print_every_scan_is_answered_at_once_and_nothing_ships(
    store: Store,
) -> None:
    """#16 "nothing blocks": the flow does not wait on the printer; until its result is
    back, scans, numbers and commands are refused at once (no shipping, no second job)."""
    with fake_zebra() as zebra:
        printer = printer_at(zebra.port)
        flow = weighed(store, printer)
        assert view_of(flow.on_number("1")).prompt.key is PromptKey.PRINTING_LABELS
        request = flow.take_print_request()
        assert request is not None
        for answer in (
            flow.on_scan(parse_scan("SF1234567890123")),
            flow.on_command(Command.NEW_TRACKING),
            flow.on_command(Command.REPRINT),
            flow.on_command(Command.UNDO),
            flow.on_number("2"),
        ):
            view = view_of(answer)
            assert view.feedback is Feedback.BAD and view.message is not None
            assert view.message.code == "labels_printing"
        assert flow.take_print_request() is None and shipped(store) == []
        # A result for a job this flow did not hand out changes nothing.
        stray = PrintRequest.of(request.job).result(None)
        view = flow.on_print_result(stray)
        assert view.prompt.key is PromptKey.PRINTING_LABELS and view.feedback is Feedback.NONE
        view = flow.on_print_result(request.result(printer.print_labels(request.job)))
        assert zebra.text().count("^XA") == 3
    assert view.prompt.key is PromptKey.SCAN_TRACKING
    flow.on_command(Command.NEW_TRACKING)
    assert [s.tracking_no for s in shipped(store)] == [request.job.tracking_no]


def test_a_shipped_orders_reprint_that_did_not_print_says_so_for_that_order(
    store: Store,
) -> None:
    with fake_zebra() as zebra:
        printer = printer_at(zebra.port)
        flow = weighed(store, printer)
        _ship(zebra, flow, printer)
    flow.on_command(Command.REPRINT)
    flow.on_scan(parse_scan(SUPERVISOR_BADGE))
    view = print_now(flow, printer_at(refused_port()), flow.on_number(SUPERVISOR_PIN))
    assert view.feedback is Feedback.BAD and view.prompt.key is PromptKey.FLOW_DONE
    assert view.message is not None and view.message.code == "labels_not_reprinted"
    assert view.message.args == {"order": "SO-L", "fault": "refused"}
    assert len(shipped(store)) == 1


def test_the_session_hands_each_job_out_once_and_drops_a_result_nobody_waits_for(
    store: Store,
) -> None:
    """Through the station session as the window drives it: the answer that starts printing
    carries the job (the next does not); a packer who leaves meanwhile (CANCEL) is not
    answered by the late result, and the order is not shipped on it."""
    add_stock(store, "A-01-02-03", "SKU-TEA", 50)
    add_order(store, "SO-S", [("SKU-TEA", 1)])
    pick_everything(store, "SO-S", {"SKU-TEA": TEA})
    with fake_zebra() as zebra:
        printer = printer_at(zebra.port)
        session = StationSession(store, "WH1", default_flows(), label_printer=printer)
        session.handle_scan(PICKER_BADGE)
        session.handle_scan("SO-S")
        session.handle_scan(TEA)
        session.handle_number("1.5")
        started = session.handle_number("1")
        assert started.flow.prompt.key is PromptKey.PRINTING_LABELS
        request = started.print_request
        assert request is not None and request.job.order_no == "SO-S"
        waiting = session.handle_scan(TEA)
        assert waiting.print_request is None and waiting.flow.feedback is Feedback.BAD
        assert session.handle_scan("CMD:CANCEL").flow.mode is Mode.TASKS
        late = session.handle_print_result(request.result(printer.print_labels(request.job)))
        zebra.text()
    assert late.flow.mode is Mode.TASKS and late.flow.feedback is Feedback.NONE
    assert shipped(store) == []
