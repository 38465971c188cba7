"""Turns one scanned string into what it carries: a command, GS1 data, a GTIN or a plain code.

GS1-128 and GS1 DataMatrix carry several element strings in one scan (GTIN, batch, expiry,
serial, SSCC), so a single scan can fill a whole pick or receive step. The string may start
with an AIM symbology identifier (``]C1``, ``]d2``, ``]Q3``) and uses the FNC1 group separator
``\\x1d`` between variable-length fields. Anything else is an internal code (bin, badge, SKU
barcode, order number) that the flow interprets by context.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from biip import ParseError, parse
from biip.gs1_messages import GS1Message

from app.scanning.commands import Command, parse_command

log = logging.getLogger("wms.scanning")

GROUP_SEPARATOR = "\x1d"
_GS1_SYMBOLOGY_IDS = ("]C1", "]d2", "]Q3", "]e0", "]J1")
_GTIN_LENGTHS = (8, 12, 13, 14)


class ScanKind(StrEnum):
    COMMAND = "command"
    GS1 = "gs1"  # a GS1 element string message (GS1-128, DataMatrix)
    GTIN = "gtin"  # a plain EAN/UPC/GTIN
    CODE = "code"  # an internal code: bin, badge, order, tracking number, SKU barcode


@dataclass(frozen=True)
class ParsedScan:
    raw: str
    kind: ScanKind
    code: str = ""
    """The text to look up by context: the raw text without symbology id or a GTIN."""
    command: Command | None = None
    gtin: str | None = None
    """As GTIN-14 (the form GS1 messages carry); see ``item_codes`` for lookups."""
    batch_no: str | None = None
    expiry_date: dt.date | None = None
    serial_no: str | None = None
    sscc: str | None = None
    problem: str | None = None
    """Why a GS1 scan could not be trusted (bad check digit, bad date); flows refuse it."""

    @property
    def item_codes(self) -> tuple[str, ...]:
        """Every spelling under which this item may be stored as a SKU barcode."""
        if self.gtin is None:
            return (self.code,) if self.code else ()
        return _gtin_spellings(self.gtin)


def parse_scan(raw: str) -> ParsedScan:
    """Never raises: an unreadable GS1 string is still a code the flow can refuse by context."""
    text = raw.strip("\r\n")
    command = parse_command(text)
    if command is not None:
        return ParsedScan(raw=raw, kind=ScanKind.COMMAND, code=command.value, command=command)
    body = text
    symbology = ""
    if len(text) >= 3 and text[0] == "]":
        symbology, body = text[:3], text[3:]
    if _looks_like_gs1_message(symbology, body):
        return _parse_gs1_message(raw, text)
    if body.isdigit() and len(body) in _GTIN_LENGTHS:
        gtin = _parse_plain_gtin(body)
        if gtin is not None:
            return ParsedScan(raw=raw, kind=ScanKind.GTIN, code=body, gtin=gtin)
    return ParsedScan(raw=raw, kind=ScanKind.CODE, code=body.replace(GROUP_SEPARATOR, ""))


def _looks_like_gs1_message(symbology: str, body: str) -> bool:
    # Only clear GS1 markers: a bare numeric badge such as "1001" must stay a plain code.
    if symbology in _GS1_SYMBOLOGY_IDS or GROUP_SEPARATOR in body or body.startswith("("):
        return True
    # A GS1-128 read without symbology id still starts with AI (01) + 14 digits or (00) + 18.
    return (body.startswith("01") and len(body) >= 16 and body[2:16].isdigit()) or (
        body.startswith("00") and len(body) == 20 and body.isdigit()
    )


def _parse_gs1_message(raw: str, text: str) -> ParsedScan:
    message: Any
    try:
        if text.startswith("("):
            message = GS1Message.parse_hri(text)
        else:
            result: Any = parse(text)
            message = result.gs1_message
            if message is None:
                raise ParseError(result.gs1_message_error or "not a GS1 message")
    except ParseError as error:
        log.info("unreadable GS1 scan: %s", error)
        return ParsedScan(raw=raw, kind=ScanKind.CODE, code=text, problem=str(error))
    for element in message.element_strings:
        problem = element.gtin_error or element.sscc_error
        if problem:
            log.info("unreadable GS1 scan: %s", problem)
            return ParsedScan(raw=raw, kind=ScanKind.CODE, code=text, problem=problem)
    fields: dict[str, Any] = {}
    for element in message.element_strings:
        fields[element.ai.ai] = element
    gtin = _element_value(fields, "01")
    batch_no = _element_value(fields, "10")
    serial_no = _element_value(fields, "21")
    sscc = _element_value(fields, "00")
    expiry = fields.get("17")
    expiry_date = expiry.date if expiry is not None else None
    return ParsedScan(
        raw=raw,
        kind=ScanKind.GS1,
        code=gtin or sscc or text,
        gtin=gtin,
        batch_no=batch_no,
        expiry_date=expiry_date,
        serial_no=serial_no,
        sscc=sscc,
    )


def _element_value(fields: dict[str, Any], ai: str) -> str | None:
    element = fields.get(ai)
    if element is None:
        return None
    value: str = element.value
    return value


def _parse_plain_gtin(digits: str) -> str | None:
    try:
        result: Any = parse(digits)
    except ParseError:
        return None
    if result.gtin is None:
        return None
    gtin14: str = result.gtin.as_gtin_14()
    return gtin14


def _gtin_spellings(gtin14: str) -> tuple[str, ...]:
    spellings = [gtin14, gtin14[1:]]  # GTIN-14 and EAN-13
    if gtin14.startswith("00"):
        spellings.append(gtin14[2:])  # UPC-A
    if gtin14.startswith("000000"):
        spellings.append(gtin14[6:])  # EAN-8
    return tuple(dict.fromkeys(spellings))
