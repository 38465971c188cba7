"""Every label's layout, in one place: shipping, SSCC (GS1-128) and carton content labels.

A layout is a list of plain drawing steps in millimetres on a 4x6 in (101.6 x 152.4 mm)
label, so the ZPL writer (any dpi) and the PDF writer draw the same label. Words on a label
are the carrier's and the order's (names, addresses, codes) plus fixed field captions in
English and Chinese, which carriers and pickers read on the box; they are not screen texts.
"""

from __future__ import annotations

from dataclasses import dataclass

LABEL_WIDTH_MM = 101.6
LABEL_HEIGHT_MM = 152.4
_LEFT = 5.0
_RIGHT = LABEL_WIDTH_MM - 5.0


@dataclass(frozen=True)
class Text:
    x: float
    y: float  # top edge, mm from the label's top
    height: float  # character height, mm
    text: str


@dataclass(frozen=True)
class Barcode:
    """Code 128; ``gs1`` makes it GS1-128 (FNC1 first, the human line shows the AI)."""

    x: float
    y: float
    height: float
    data: str
    gs1: bool = False


@dataclass(frozen=True)
class Line:
    """A horizontal rule across the label at ``y``."""

    y: float


Step = Text | Barcode | Line


@dataclass(frozen=True)
class ShippingLabel:
    order_no: str
    consignee: tuple[str, ...]  # name, phone, address lines as the carrier prints them
    carrier: str
    tracking_no: str
    package_no: int
    package_count: int
    weight_kg: str


@dataclass(frozen=True)
class SsccLabel:
    sscc: str  # the 18 digits, check digit included
    order_no: str
    package_no: int
    package_count: int


@dataclass(frozen=True)
class ContentLabel:
    order_no: str
    lines: tuple[tuple[str, int], ...]  # (SKU, units) in the box
    package_count: int


Label = ShippingLabel | SsccLabel | ContentLabel


def layout(label: Label) -> list[Step]:
    if isinstance(label, ShippingLabel):
        return _shipping(label)
    if isinstance(label, SsccLabel):
        return _sscc(label)
    return _content(label)


def _shipping(label: ShippingLabel) -> list[Step]:
    steps: list[Step] = [
        Text(_LEFT, 5, 9, label.carrier),
        Text(60, 7, 5, f"{label.package_no} / {label.package_count}"),
        Line(17),
        Text(_LEFT, 20, 3.5, "SHIP TO / 收件人"),
    ]
    y = 26.0
    for line in label.consignee[:6]:
        steps.append(Text(_LEFT, y, 5, line[:40]))
        y += 7
    steps += [
        Line(72),
        Text(_LEFT, 75, 3.5, "TRACKING / 运单号"),
        Barcode(_LEFT, 81, 30, label.tracking_no),
        Line(122),
        Text(_LEFT, 125, 4.5, f"ORDER / 订单 {label.order_no}"),
        Text(_LEFT, 133, 4.5, f"WEIGHT / 重量 {label.weight_kg} kg"),
        Text(_LEFT, 141, 4.5, f"PKG / 件 {label.package_no} of {label.package_count}"),
    ]
    return steps


def sscc_human(sscc: str) -> str:
    return f"(00) {sscc}"


def _sscc(label: SsccLabel) -> list[Step]:
    return [
        Text(_LEFT, 5, 6, "SSCC"),
        Text(_LEFT, 15, 4.5, f"ORDER / 订单 {label.order_no}"),
        Text(_LEFT, 23, 4.5, f"PKG / 件 {label.package_no} of {label.package_count}"),
        Line(32),
        Text(_LEFT, 40, 5, sscc_human(label.sscc)),
        Barcode(_LEFT, 50, 35, "00" + label.sscc, gs1=True),
    ]


def _content(label: ContentLabel) -> list[Step]:
    steps: list[Step] = [
        Text(_LEFT, 5, 6, "CONTENTS / 装箱清单"),
        Text(_LEFT, 15, 4.5, f"ORDER / 订单 {label.order_no}"),
        Barcode(_LEFT, 23, 15, label.order_no),
        Line(44),
    ]
    y = 48.0
    shown = label.lines[:14]
    for sku, units in shown:
        steps.append(Text(_LEFT, y, 4.5, f"{sku[:28]}"))
        steps.append(Text(_RIGHT - 20, y, 4.5, f"x {units}"))
        y += 6.5
    if len(label.lines) > len(shown):
        steps.append(Text(_LEFT, y, 4.5, f"+{len(label.lines) - len(shown)} more SKU"))
    total = sum(units for _, units in label.lines)
    steps += [
        Line(LABEL_HEIGHT_MM - 16),
        Text(_LEFT, LABEL_HEIGHT_MM - 12, 4.5, f"UNITS / 件数 {total}  PKGS {label.package_count}"),
    ]
    return steps
