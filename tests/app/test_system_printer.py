"""A system printer by PDF (#16), seed 002 Step 7 "打包完成，称重；WMS生成运单号": the labels
go to the system's spooler as a 4x6 in PDF. CUPS' `lp` is played by a script on PATH that
keeps what it is handed (a real process, the station's real command line)."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from app.services.label_jobs import LabelJob
from station.config import StationConfig
from station.label_printing import StationLabelPrinter

JOB = LabelJob(
    "SO-P",
    ("王芳", "138", "杭州", "XX路"),
    "SF",
    "SF1",
    "1.5",
    2,
    ("069012340000000019", "069012340000000026"),
    (("SKU-TEA", 2),),
)


def _fake_lp(folder: Path, exit_code: int) -> None:
    script = folder / "lp"
    script.write_text(
        f'#!/bin/sh\nfor last; do :; done\ncp "$last" "{folder}/spooled.pdf"\n'
        f'echo "$@" > "{folder}/args"\nexit {exit_code}\n',
        encoding="utf-8",
    )
    script.chmod(script.stat().st_mode | stat.S_IEXEC)


def _printer() -> StationLabelPrinter:
    config = StationConfig(
        label_printer="pdf", label_printer_system_name="Zebra_GK420", gs1_company_prefix="6901234"
    )
    return StationLabelPrinter(config)


@pytest.mark.skipif(os.name == "nt", reason="CUPS' lp")
def test_labels_go_to_the_named_system_printer_as_a_pdf(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _fake_lp(tmp_path, 0)
    monkeypatch.setenv("PATH", f"{tmp_path}{os.pathsep}{os.environ['PATH']}")
    assert _printer().print_labels(JOB) is None
    pdf = (tmp_path / "spooled.pdf").read_bytes()
    assert pdf.startswith(b"%PDF") and pdf.count(b"/Type /Page\n") == 5
    assert (tmp_path / "args").read_text().startswith("-d Zebra_GK420 ")


@pytest.mark.skipif(os.name == "nt", reason="CUPS' lp")
def test_a_spooler_that_refuses_the_job_is_a_fault(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _fake_lp(tmp_path, 1)
    monkeypatch.setenv("PATH", f"{tmp_path}{os.pathsep}{os.environ['PATH']}")
    assert _printer().print_labels(JOB) == "failed"
