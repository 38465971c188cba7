"""The log watch of tests/conftest.py bites: an ERROR from station code, from a station
process the test started (its station.log) or from the real OMS process fails the test that
did not declare it, and only that."""

from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]

CHILD_CONFTEST = """
from tests.conftest import memory_keyring, no_unexpected_log_errors, pytest_configure
from tests.support.fixtures import oms_demo_server
"""

CHILD_TESTS = """
import logging
import sqlite3

import pytest

def test_station_error_nobody_expected():
    logging.getLogger("wms.sync.engine").error("OMS sync failed: boom")

@pytest.mark.expected_log_errors(r"^wms\\.sync\\.engine: OMS sync failed")
def test_station_error_declared():
    logging.getLogger("wms.sync.engine").error("OMS sync failed: boom")

def test_critical_from_a_thread_of_station_code():
    import threading
    worker = threading.Thread(target=lambda: logging.getLogger("wms.crash").critical("uncaught"))
    worker.start()
    worker.join()

def test_other_libraries_are_not_the_station():
    logging.getLogger("httpx").error("not ours")

@pytest.mark.expected_log_errors()
def test_a_declaration_must_say_what():
    pass

CHILD_STATION = (
    "import logging; from tests.support.log_watch import log_like_a_station; "
    "log_like_a_station(); logging.getLogger('wms.sync.pull').error('feed page refused: boom')"
)

def _run_a_station_child():
    import os, subprocess, sys
    subprocess.run([sys.executable, "-c", CHILD_STATION], check=True, env=dict(os.environ))

def test_station_child_error_nobody_expected():
    _run_a_station_child()

@pytest.mark.expected_log_errors(r"^wms\\.sync\\.pull: feed page refused")
def test_station_child_error_declared():
    _run_a_station_child()

def _break_the_oms(oms):
    with sqlite3.connect(oms.workdir / "oms.sqlite3") as db:  # a value the OMS cannot read
        db.execute("UPDATE outbound_order SET package_count = 'many'")
    db.close()
    assert oms.admin_get("/orders/SO-DEMO-0001").status_code == 500

def test_oms_error_nobody_expected(oms_demo_server):
    _break_the_oms(oms_demo_server)

@pytest.mark.expected_log_errors(r"ERROR wms\\.oms_server: unexpected error")
def test_oms_error_declared(oms_demo_server):
    _break_the_oms(oms_demo_server)
"""


@pytest.mark.slow
def test_unexpected_errors_fail_their_test(
    pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The child runs in a scratch folder: it finds the repository's tests package only here.
    monkeypatch.setenv("PYTHONPATH", str(REPO))
    pytester.makeconftest(CHILD_CONFTEST)
    pytester.makepyfile(test_child=CHILD_TESTS)
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider", "-rA")
    report = result.stdout.str()
    # A test that logged what it did not declare fails at teardown, once its programs stopped.
    failed = {
        line.split("::")[1].split()[0]
        for line in result.stdout.lines
        if line.startswith("ERROR test_child.py::")
    }
    assert failed == {
        "test_station_error_nobody_expected",
        "test_critical_from_a_thread_of_station_code",
        "test_a_declaration_must_say_what",
        "test_oms_error_nobody_expected",
        "test_station_child_error_nobody_expected",
    }, report
    result.assert_outcomes(passed=8, errors=5)
    assert "station.log: wms.sync.pull: feed page refused: boom" in report
    assert "wms.sync.engine: OMS sync failed: boom" in report
    assert "oms-stderr-1.txt: " in report and "ERROR wms.oms_server: unexpected error" in report
