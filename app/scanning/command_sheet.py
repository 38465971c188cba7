"""A printable PDF sheet of every command barcode (Code 128), labelled in English and Chinese.

Supervisors print it from the station and laminate it next to the scanner, so every floor
action can be triggered without touching the screen.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from reportlab.graphics.barcode import code128
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm as _reportlab_mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfbase.ttfonts import TTFError, TTFont
from reportlab.pdfgen import canvas

from app.scanning.commands import Command

log = logging.getLogger("wms.scanning")
mm: float = _reportlab_mm

# Chinese labels: a TrueType CJK font of the system is embedded when one is found (every PDF
# viewer shows it); otherwise reportlab's built-in CID font, which needs the viewer's Asian
# font support (Acrobat, most printers).
_CID_FONT = "STSong-Light"
_EMBEDDED_FONT = "StationCJK"
_CJK_FONT_CANDIDATES = (
    Path("C:/Windows/Fonts/msyh.ttc"),
    Path("C:/Windows/Fonts/simhei.ttf"),
    Path("C:/Windows/Fonts/simsun.ttc"),
    Path("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc"),
    Path("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc"),
    Path("/usr/share/fonts/truetype/arphic/uming.ttc"),
    Path("/System/Library/Fonts/STHeiti Medium.ttc"),
)
_MARGIN = 12 * mm
_COLUMNS = 2
_ROW_HEIGHT = 31 * mm
# Rows close up to this to keep every code on one page (a code needs 29 mm with its labels).
_MIN_ROW_HEIGHT = 29 * mm
_HEADING_HEIGHT = 12 * mm
_BAR_HEIGHT = 13 * mm
# 0.36 mm modules (14 mil): scannable at arm's length, and the longest code fits a column.
_BAR_WIDTH = 0.36 * mm


@dataclass(frozen=True)
class SheetTexts:
    """The sheet's words as (English, Chinese) pairs; an empty Chinese one is left out.

    This module holds no wording: the UI's catalogue (ui/command_texts.py and its
    translations) is the one source of every operator text, the sheet's labels too."""

    title: tuple[str, str]
    labels: Mapping[Command, tuple[str, str]]


def write_command_sheet(
    target: Path, texts: SheetTexts, commands: Sequence[Command] = tuple(Command)
) -> Path:
    """Writes the sheet to ``target`` (parents created) and returns it."""
    chinese_font = _chinese_font()
    target.parent.mkdir(parents=True, exist_ok=True)
    # Uncompressed pages keep the codes greppable in the file; the sheet is small anyway.
    pdf = canvas.Canvas(str(target), pagesize=A4, pageCompression=0)
    pdf.setTitle(texts.title[0])
    page_width, page_height = A4
    column_width = (page_width - 2 * _MARGIN) / _COLUMNS
    rows = -(-len(commands) // _COLUMNS)
    room = page_height - 2 * _MARGIN - _HEADING_HEIGHT
    row_height = min(_ROW_HEIGHT, max(_MIN_ROW_HEIGHT, room / max(rows, 1)))
    top = _draw_heading(pdf, texts.title, page_height - _MARGIN, chinese_font)
    for index, command in enumerate(commands):
        row, column = divmod(index, _COLUMNS)
        y = top - row * row_height
        if y - row_height < _MARGIN - 0.01:
            pdf.showPage()
            top = _draw_heading(pdf, texts.title, page_height - _MARGIN, chinese_font)
            top += row * row_height
            y = top - row * row_height
        labels = texts.labels[command]
        _draw_command(pdf, command, labels, (_MARGIN + column * column_width, y), chinese_font)
    pdf.save()
    log.info("command sheet written with %d codes", len(commands))
    return target


def _chinese_font() -> str:
    registered = pdfmetrics.getRegisteredFontNames()
    if _EMBEDDED_FONT in registered:
        return _EMBEDDED_FONT
    for candidate in _CJK_FONT_CANDIDATES:
        if not candidate.is_file():
            continue
        try:
            pdfmetrics.registerFont(TTFont(_EMBEDDED_FONT, str(candidate), subfontIndex=0))
        except (TTFError, OSError) as error:
            # e.g. CFF-outline fonts, which reportlab cannot embed.
            log.info("CJK font %s not usable: %s", candidate, error)
            continue
        return _EMBEDDED_FONT
    if _CID_FONT not in registered:
        pdfmetrics.registerFont(UnicodeCIDFont(_CID_FONT))
    return _CID_FONT


def _draw_heading(pdf: canvas.Canvas, title: tuple[str, str], y: float, chinese_font: str) -> float:
    pdf.setFont("Helvetica-Bold", 16)
    pdf.drawString(_MARGIN, y - 6 * mm, title[0])
    pdf.setFont(chinese_font, 12)
    pdf.drawString(_MARGIN + 62 * mm, y - 6 * mm, title[1])
    return y - _HEADING_HEIGHT


def _draw_command(
    pdf: canvas.Canvas,
    command: Command,
    labels: tuple[str, str],
    at: tuple[float, float],
    chinese_font: str,
) -> None:
    x, top = at
    pdf.setFont("Helvetica-Bold", 13)
    pdf.drawString(x, top - 5 * mm, labels[0])
    pdf.setFont(chinese_font, 12)
    pdf.drawString(x, top - 10 * mm, labels[1])
    barcode = code128.Code128(command.value, barHeight=_BAR_HEIGHT, barWidth=_BAR_WIDTH)
    barcode.drawOn(pdf, x - 4 * mm, top - 11 * mm - _BAR_HEIGHT - 1 * mm)
    pdf.setFont("Courier", 9)
    pdf.drawString(x, top - 11 * mm - _BAR_HEIGHT - 5 * mm, command.value)
