"""Chinese typography: full-width colons and parentheses everywhere (the .ts and the texts
the code joins), no lone "量）" wrapped onto a line of its own, and one font for the Chinese
and Latin text of a cell so neither sits lower than the other."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from PySide6.QtGui import QFont, QTextLayout
from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

from app.flows.view import FlowView, Mode, Prompt, PromptKey
from tests.ui.test_i18n import TS_FILE, chinese
from ui.screens.flow_screens import PickScreen
from ui.style import STATION_STYLESHEET
from ui.texts import detail_text

__all__ = ["chinese"]

HALF_WIDTH = re.compile(r"[:(),;?!]")
# Not prose: placeholders, `commands`, URL schemes (http://), and a file dialog's filter
# such as "(*.pdf)", which Qt parses and which must keep ASCII parentheses.
NOT_PROSE = re.compile(r"`[^`]*`|\{\w+\}|%n|\(\*\.\w+\)|[a-z]+://")


def translations() -> list[tuple[str, str]]:
    root = ET.parse(TS_FILE).getroot()
    found = []
    for message in root.iter("message"):
        source = message.findtext("source") or ""
        translation = message.find("translation")
        assert translation is not None
        texts = [translation.text or ""] + [form.text or "" for form in translation.iter()]
        found.extend((source, text) for text in texts if text.strip())
    return found


def test_every_chinese_translation_uses_full_width_punctuation() -> None:
    wrong = [
        (source, text)
        for source, text in translations()
        if HALF_WIDTH.search(NOT_PROSE.sub("", text))
    ]
    assert wrong == []
    unbalanced = [text for _, text in translations() if text.count("（") != text.count("）")]
    assert unbalanced == []


def test_details_joined_with_a_full_width_colon_in_chinese(qapp: object, chinese: None) -> None:
    assert detail_text("weight_kg", "0.7") == "重量（千克）：0.7"
    assert detail_text("packages", "1") == "包裹数：1"


def test_details_joined_with_a_colon_in_english(qapp: object) -> None:
    assert detail_text("weight_kg", "0.7") == "Weight (kg): 0.7"


def wrapped_lines(label: QLabel) -> list[str]:
    """The lines ``label`` breaks its text into at its current width."""
    text = label.text()
    layout = QTextLayout(text, label.font())
    layout.beginLayout()
    lines = []
    while True:
        line = layout.createLine()
        if not line.isValid():
            break
        line.setLineWidth(label.contentsRect().width())
        lines.append(text[line.textStart() : line.textStart() + line.textLength()])
    layout.endLayout()
    return lines


def test_long_chinese_prompt_leaves_no_lone_characters_on_a_line(
    qtbot: QtBot, chinese: None
) -> None:
    screen = PickScreen()
    screen.setStyleSheet(STATION_STYLESHEET)
    qtbot.addWidget(screen)
    screen.resize(1024, 520)
    screen.show()
    screen.show_view(
        FlowView(
            Mode.PICK,
            Prompt(PromptKey.SCAN_ITEM, {"sku": "LOT-HONEY-500"}),
            location_code="A-01-02-03",
            sku_id="LOT-HONEY-500",
            sku_name="蜂蜜 500 g",
            quantity_total=3,
        )
    )
    qtbot.waitExposed(screen)
    for label in (screen.prompt_label, screen.prompt_hint_label):
        lines = wrapped_lines(label)
        assert all(len(line.strip()) > 3 for line in lines), lines
    assert screen.prompt_label.text() == "请扫描商品 LOT-HONEY-500"
    assert screen.prompt_hint_label.text() == "如拿取多件，扫描后输入数量"


def font_families_used(text: str, font: QFont) -> set[str]:
    layout = QTextLayout(text, font)
    layout.beginLayout()
    layout.createLine()
    layout.endLayout()
    return {run.rawFont().familyName() for run in layout.glyphRuns()}


def test_chinese_and_latin_in_one_cell_come_from_one_font(qapp: object, chinese: None) -> None:
    # The task table's owner and SKU cells mix both scripts: "莲花贸易", "LOT-SOAP-01 香皂".
    families = font_families_used("LOT-SOAP-01 香皂 125 g 莲花贸易", QLabel().font())
    assert len(families) == 1, families
