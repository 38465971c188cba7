"""The printer's own thread (#16 "nothing blocks the UI thread"), seed 002 Step 7 "打包完成，
称重；WMS生成运单号": jobs print one after the other, off the caller's thread, and a job
the printer adapter crashes on comes back as a fault (the order must not ship on it)."""

from __future__ import annotations

import threading

import pytest

from app.services.label_jobs import LabelJob, PrintRequest, PrintResult
from station.config import StationConfig
from station.label_printing import StationLabelPrinter
from station.print_worker import THREAD_NAME, PrintWorker
from tests.support.fake_zebra import fake_zebra

JOB = LabelJob("SO-W", ("王芳",), "SF", "SF1", "1.5", 1, ("069012340000000019",), (("SKU", 1),))


def _run(worker: PrintWorker, requests: list[PrintRequest]) -> list[tuple[PrintResult, str]]:
    results: list[tuple[PrintResult, str]] = []
    all_back = threading.Event()

    def done(result: PrintResult) -> None:
        results.append((result, threading.current_thread().name))
        if len(results) == len(requests):
            all_back.set()

    for request in requests:
        worker.submit(request, done)
    assert all_back.wait(30)
    return results


def test_jobs_print_in_order_on_the_printers_thread() -> None:
    with fake_zebra() as zebra:
        config = StationConfig(
            label_printer="zpl",
            label_printer_host="127.0.0.1",
            label_printer_port=zebra.port,
            gs1_company_prefix="6901234",
        )
        worker = PrintWorker(StationLabelPrinter(config))
        requests = [PrintRequest.of(JOB), PrintRequest.of(JOB)]
        results = _run(worker, requests)
        worker.close()
    assert [r.ticket for r, _ in results] == [q.ticket for q in requests]
    assert [r.fault for r, _ in results] == [None, None]
    assert {name for _, name in results} == {THREAD_NAME} and zebra.connections == 2


class _BrokenLayout:
    """A printer adapter with a bug (e.g. a layout that raises on some order's data)."""

    gs1_company_prefix = "6901234"
    sscc_extension = 0

    def print_labels(self, job: LabelJob) -> str | None:
        raise ValueError(job.order_no)


@pytest.mark.expected_log_errors("labels of SO-W failed")
def test_a_job_the_adapter_crashes_on_is_a_fault_not_a_silent_success() -> None:
    worker = PrintWorker(_BrokenLayout())
    [(result, _)] = _run(worker, [PrintRequest.of(JOB)])
    worker.close()
    assert result.fault == "failed"
