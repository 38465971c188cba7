"""Labels as a PDF, one 4x6 in page per label, for a system printer (the command sheet's
reportlab path). Chinese words use reportlab's CID font (the printer's Asian font support)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from reportlab.graphics.barcode import code128
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen import canvas

from devices.labels.layouts import (
    LABEL_HEIGHT_MM,
    LABEL_WIDTH_MM,
    Barcode,
    Label,
    Line,
    Text,
    layout,
)

_FONT = "STSong-Light"


def write_labels_pdf(target: Path, labels: Sequence[Label]) -> Path:
    if _FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont(_FONT))
    target.parent.mkdir(parents=True, exist_ok=True)
    page = (LABEL_WIDTH_MM * mm, LABEL_HEIGHT_MM * mm)
    pdf = canvas.Canvas(str(target), pagesize=page, pageCompression=0)
    for label in labels:
        for step in layout(label):
            top = (LABEL_HEIGHT_MM - step.y) * mm
            if isinstance(step, Text):
                pdf.setFont(_FONT, step.height * mm)
                pdf.drawString(step.x * mm, top - step.height * mm, step.text)
            elif isinstance(step, Barcode):
                data = "\xf1" + step.data if step.gs1 else step.data
                bars = code128.Code128(
                    data, barHeight=step.height * mm, barWidth=0.33 * mm, quiet=False
                )
                bars.drawOn(pdf, step.x * mm, top - step.height * mm)
                if not step.gs1:  # the SSCC label shows its own, larger, above the bars
                    # The human-readable line, as ZPL's ^BC prints it under the bars.
                    pdf.setFont(_FONT, 3.5 * mm)
                    pdf.drawString(step.x * mm, top - (step.height + 4) * mm, step.data)
            elif isinstance(step, Line):
                pdf.setLineWidth(0.4 * mm)
                pdf.line(5 * mm, top, (LABEL_WIDTH_MM - 5) * mm, top)
        pdf.showPage()
    pdf.save()
    return target
