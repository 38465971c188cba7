"""One scan in, what it carries out: GS1-128 / DataMatrix, plain GTINs, commands, plain codes."""

from __future__ import annotations

import datetime as dt

import pytest

from app.scanning.commands import Command
from app.scanning.gs1 import ScanKind, parse_scan

GS = "\x1d"


def test_gs1_128_fills_gtin_batch_expiry_and_serial_in_one_scan() -> None:
    scan = parse_scan(f"]C10104006381333931{GS}10LOT7{GS}1726123121SN-0001")
    assert scan.kind is ScanKind.GS1
    assert scan.gtin == "04006381333931"
    assert scan.batch_no == "LOT7"
    assert scan.expiry_date == dt.date(2026, 12, 31)
    assert scan.serial_no == "SN-0001"
    assert "4006381333931" in scan.item_codes


def test_datamatrix_without_symbology_identifier() -> None:
    scan = parse_scan(f"010400638133393117270630{GS}10B-42")
    assert scan.kind is ScanKind.GS1
    assert (scan.batch_no, scan.expiry_date) == ("B-42", dt.date(2027, 6, 30))


def test_datamatrix_symbology_identifier() -> None:
    scan = parse_scan(f"]d20104006381333931{GS}21S9")
    assert (scan.gtin, scan.serial_no) == ("04006381333931", "S9")


def test_sscc() -> None:
    scan = parse_scan("00376130321109103420")
    assert scan.kind is ScanKind.GS1
    assert scan.sscc == "376130321109103420"
    assert scan.gtin is None


def test_human_readable_form_is_understood() -> None:
    scan = parse_scan("(01)04006381333931(10)LOT")
    assert (scan.gtin, scan.batch_no) == ("04006381333931", "LOT")


@pytest.mark.parametrize(
    ("raw", "spelling"),
    [
        ("4006381333931", "4006381333931"),
        ("036000291452", "036000291452"),
        ("96385074", "96385074"),
    ],
)
def test_plain_ean_upc(raw: str, spelling: str) -> None:
    scan = parse_scan(raw)
    assert scan.kind is ScanKind.GTIN
    assert raw in scan.item_codes
    assert scan.gtin is not None and len(scan.gtin) == 14


def test_bad_check_digit_is_flagged_not_trusted() -> None:
    scan = parse_scan("0104006381333932")
    assert scan.kind is ScanKind.CODE
    assert scan.problem is not None
    assert scan.gtin is None


def test_impossible_expiry_is_flagged() -> None:
    scan = parse_scan(f"]C10104006381333931{GS}17261341")
    assert scan.problem is not None


@pytest.mark.parametrize("raw", ["A-01-02-03", "1001", "SO-2026-0001", "BADGE-7"])
def test_internal_codes_stay_as_typed(raw: str) -> None:
    scan = parse_scan(raw)
    assert scan.kind is ScanKind.CODE
    assert scan.code == raw
    assert scan.item_codes == (raw,)
    assert scan.problem is None


def test_command_barcode() -> None:
    scan = parse_scan("cmd:confirm")
    assert scan.kind is ScanKind.COMMAND
    assert scan.command is Command.CONFIRM


def test_unknown_command_is_a_plain_code() -> None:
    assert parse_scan("CMD:NOPE").kind is ScanKind.CODE
