"""Labels as ZPL II, written here rather than with a PyPI package.

Why not `zpl` (0.1.x) or `simple_zpl2` (0.3.x): both are untyped 0.x releases, `zpl` pulls
Pillow in, and what we print is five commands (^FO, ^A, ^BC, ^GB, ^FD) on one layout
module; a few typed lines with the escaping done once cost less than the dependency.
"""

from __future__ import annotations

from collections.abc import Sequence

from devices.labels.layouts import (
    LABEL_HEIGHT_MM,
    LABEL_WIDTH_MM,
    Barcode,
    Label,
    Line,
    Text,
    layout,
)

SUPPORTED_DPI = (203, 300)
_MM_PER_INCH = 25.4


def _dots(mm: float, dpi: int) -> int:
    return round(mm * dpi / _MM_PER_INCH)


def _field_data(text: str) -> str:
    """^FH with '_' as escape: '^', '~' and '_' in data become hex, so an order number or
    an address cannot end the field or start a command."""
    return "".join(f"_{ord(c):02X}" if c in "^~_" else c for c in text)


def label_zpl(label: Label, dpi: int = 203, font: str = "0") -> str:
    """One label, ^XA to ^XZ. ``font`` "0" is the printer's scalable font; a path such as
    ``E:ANMDS.TTF`` names a font on the printer (Chinese consignees need one with CJK)."""
    if dpi not in SUPPORTED_DPI:
        raise ValueError(f"dpi {dpi}: 203 or 300")
    module = 2 if dpi == 203 else 3  # ~0.25 mm bars at either resolution
    out = [
        "^XA",
        "^CI28",  # field data is UTF-8
        f"^PW{_dots(LABEL_WIDTH_MM, dpi)}",
        f"^LL{_dots(LABEL_HEIGHT_MM, dpi)}",
    ]
    for step in layout(label):
        if isinstance(step, Text):
            h = _dots(step.height, dpi)
            face = f"^A0N,{h},{h}" if font == "0" else f"^A@N,{h},{h},{font}"
            pos = f"^FO{_dots(step.x, dpi)},{_dots(step.y, dpi)}"
            out.append(f"{pos}{face}^FH_^FD{_field_data(step.text)}^FS")
        elif isinstance(step, Barcode):
            h = _dots(step.height, dpi)
            # Start in subset C for all-digit data (GS1: >; then >8 = FNC1), else subset B.
            if step.gs1:
                data = ">;>8" + step.data
            elif step.data.isdigit() and len(step.data) % 2 == 0:
                data = ">;" + step.data
            else:
                data = ">:" + _field_data(step.data)
            pos = f"^FO{_dots(step.x, dpi)},{_dots(step.y, dpi)}"
            out.append(f"{pos}^BY{module}^BCN,{h},Y,N,N^FH_^FD{data}^FS")
        elif isinstance(step, Line):
            width = _dots(LABEL_WIDTH_MM - 10, dpi)
            out.append(f"^FO{_dots(5, dpi)},{_dots(step.y, dpi)}^GB{width},3,3^FS")
    out.append("^XZ")
    return "\n".join(out) + "\n"


def labels_zpl(labels: Sequence[Label], dpi: int = 203, font: str = "0") -> bytes:
    return "".join(label_zpl(label, dpi, font) for label in labels).encode("utf-8")
