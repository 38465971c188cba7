"""Writes docs/screenshots/label-*.png: each label of a sample order rendered from the PDF
layout with Qt offscreen (QtPdf), at 203 dpi, as the README shows them.

    QT_QPA_PLATFORM=offscreen .venv/bin/python scripts/label_previews.py
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from PySide6.QtCore import QSize
from PySide6.QtGui import QGuiApplication, QImage, QPainter
from PySide6.QtPdf import QPdfDocument

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from app.services.sscc import sscc  # noqa: E402
from devices.labels.layouts import (  # noqa: E402
    LABEL_HEIGHT_MM,
    LABEL_WIDTH_MM,
    ContentLabel,
    Label,
    ShippingLabel,
    SsccLabel,
)
from devices.labels.pdf import write_labels_pdf  # noqa: E402

SAMPLE: dict[str, Label] = {
    "label-shipping": ShippingLabel(
        "SO-20261204-0042",
        ("王芳", "138****5678", "浙江省 杭州市 西湖区", "XX路XX号"),
        "SF",
        "SF1234567890123",
        1,
        2,
        "1.25",
    ),
    "label-sscc": SsccLabel(sscc(0, "6901234", 42), "SO-20261204-0042", 1, 2),
    "label-content": ContentLabel("SO-20261204-0042", (("SKU-TEA", 3), ("SKU-PHONE", 1)), 2),
}


def render(label: Label, dpi: int = 203) -> QImage:
    with tempfile.TemporaryDirectory() as folder:
        pdf = write_labels_pdf(Path(folder) / "label.pdf", [label])
        document = QPdfDocument()
        document.load(str(pdf))
        size = QSize(round(LABEL_WIDTH_MM / 25.4 * dpi), round(LABEL_HEIGHT_MM / 25.4 * dpi))
        image = document.render(0, size)
        document.close()
    # Paper is white: the PDF page has no background of its own.
    page = QImage(image.size(), QImage.Format.Format_RGB32)
    page.fill(0xFFFFFF)
    painter = QPainter(page)
    painter.drawImage(0, 0, image)
    painter.end()
    return page


def main() -> int:
    QGuiApplication.instance() or QGuiApplication(sys.argv)
    out = ROOT / "docs" / "screenshots"
    for name, label in SAMPLE.items():
        render(label).save(str(out / f"{name}.png"))
        print(out / f"{name}.png")
    return 0


if __name__ == "__main__":
    sys.exit(main())
