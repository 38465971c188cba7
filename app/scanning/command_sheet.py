"""A printable PDF sheet of every command barcode (Code 128), labelled in English and Chinese.

Supervisors print it from the station and laminate it next to the scanner, so every floor
action can be triggered without touching the screen.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from pathlib import Path

from reportlab.graphics.barcode import code128
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm as _reportlab_mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen import canvas

from app.scanning.commands import COMMAND_LABELS, COMMAND_LABELS_ZH, Command

log = logging.getLogger("wms.scanning")

# A CID font ships inside reportlab itself: Chinese labels need no font file on the station.
_CHINESE_FONT = "STSong-Light"
mm: float = _reportlab_mm
_MARGIN = 15 * mm
_ROW_HEIGHT = 32 * mm
_BAR_HEIGHT = 14 * mm
_BAR_WIDTH = 0.42 * mm  # wide enough for worn scanners at arm's length


def write_command_sheet(
    target: Path, commands: Sequence[Command] = tuple(Command), title: str = "Command barcodes"
) -> Path:
    """Writes the sheet to ``target`` (parents created) and returns it."""
    if _CHINESE_FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont(_CHINESE_FONT))
    target.parent.mkdir(parents=True, exist_ok=True)
    # Uncompressed pages keep the codes greppable in the file; the sheet is small anyway.
    pdf = canvas.Canvas(str(target), pagesize=A4, pageCompression=0)
    pdf.setTitle(title)
    _, page_height = A4
    y = page_height - _MARGIN
    y = _draw_heading(pdf, title, y)
    for command in commands:
        if y - _ROW_HEIGHT < _MARGIN:
            pdf.showPage()
            y = _draw_heading(pdf, title, page_height - _MARGIN)
        _draw_command(pdf, command, y)
        y -= _ROW_HEIGHT
    pdf.save()
    log.info("command sheet written with %d codes", len(commands))
    return target


def _draw_heading(pdf: canvas.Canvas, title: str, y: float) -> float:
    pdf.setFont("Helvetica-Bold", 16)
    pdf.drawString(_MARGIN, y - 6 * mm, title)
    pdf.setFont(_CHINESE_FONT, 12)
    pdf.drawString(_MARGIN, y - 12 * mm, "指令条码")
    return y - 18 * mm


def _draw_command(pdf: canvas.Canvas, command: Command, top: float) -> None:
    barcode = code128.Code128(command.value, barHeight=_BAR_HEIGHT, barWidth=_BAR_WIDTH)
    barcode.drawOn(pdf, _MARGIN, top - _BAR_HEIGHT - 2 * mm)
    text_x = _MARGIN + max(barcode.width, 80 * mm) + 8 * mm
    pdf.setFont("Helvetica-Bold", 14)
    pdf.drawString(text_x, top - 7 * mm, COMMAND_LABELS[command])
    pdf.setFont(_CHINESE_FONT, 13)
    pdf.drawString(text_x, top - 13 * mm, COMMAND_LABELS_ZH[command])
    pdf.setFont("Courier", 10)
    pdf.drawString(_MARGIN, top - _BAR_HEIGHT - 7 * mm, command.value)
