"""Command codes are fixed, unique, labelled, and printable."""

from __future__ import annotations

from pathlib import Path

from app.scanning.command_sheet import SheetTexts, write_command_sheet
from app.scanning.commands import Command, parse_command
from ui.command_texts import command_sheet_texts


def _sheet(target: Path, texts: SheetTexts | None = None) -> Path:
    return write_command_sheet(target, texts or command_sheet_texts())


def test_every_command_parses_back() -> None:
    for command in Command:
        assert parse_command(command.value) is command
        assert parse_command(f"  {command.value.lower()}\r") is command


def test_non_commands() -> None:
    assert parse_command("A-01-02-03") is None
    assert parse_command("CMD:") is None


def test_codes_are_stable() -> None:
    # Printed sheets live for years on the floor: changing a code breaks them.
    assert Command.CONFIRM.value == "CMD:CONFIRM"
    assert Command.LOGOUT.value == "CMD:LOGOUT"
    assert Command.MODE_PICK.value == "CMD:MODE:PICK"


def test_command_sheet_is_a_pdf_with_every_code(tmp_path: Path) -> None:
    target = tmp_path / "sheet.pdf"
    _sheet(target)
    data = target.read_bytes()
    assert data.startswith(b"%PDF")
    assert len(data) > 2000


def test_command_sheet_lists_each_code_in_text(tmp_path: Path) -> None:
    data = _sheet(tmp_path / "out" / "sheet.pdf").read_bytes()
    for command in Command:
        assert f"({command.value})".encode() in data


def test_command_sheet_prints_the_labels_it_is_given(tmp_path: Path) -> None:
    texts = command_sheet_texts()
    data = _sheet(tmp_path / "sheet.pdf", texts).read_bytes()
    assert b"(Next task)" in data and b"(Command barcodes)" in data
    relabelled = SheetTexts(
        title=("Scan sheet", ""), labels={**texts.labels, Command.CONFIRM: ("Okay then", "")}
    )
    data = _sheet(tmp_path / "other.pdf", relabelled).read_bytes()
    assert b"(Okay then)" in data and b"(Scan sheet)" in data
    assert b"(Confirm)" not in data


def test_command_sheet_fits_two_pages_and_names_a_chinese_font(tmp_path: Path) -> None:
    data = _sheet(tmp_path / "sheet.pdf").read_bytes()
    # Two A4 pages of two columns: the floor's codes, then the stock actions.
    assert b"/Count 2 " in data
    assert b"STSong-Light" in data or b"StationCJK" in data


def test_commands_match_on_ascii_only() -> None:
    # Unicode case folding would read these as CMD:CONFIRM (fi ligature, dotless i).
    assert "cmd:conﬁrm".upper() == "CMD:CONFIRM"
    assert "cmd:confırm".upper() == "CMD:CONFIRM"
    assert parse_command("cmd:conﬁrm") is None
    assert parse_command("cmd:confırm") is None
    assert parse_command("ＣＭＤ:CONFIRM") is None  # full-width letters
    assert parse_command("CMD:CONFIRM\u00a0") is None  # a no-break space is not a scanner's


def test_a_ligature_command_is_an_ordinary_code_to_the_scan_parser() -> None:
    from app.scanning.gs1 import ScanKind, parse_scan

    scan = parse_scan("cmd:conﬁrm\r")
    assert scan.command is None
    assert scan.kind is ScanKind.CODE
