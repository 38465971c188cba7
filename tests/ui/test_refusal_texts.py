"""Every refusal and message the core can produce has its words in ui/ and in Chinese.

The reasons are collected from the source with ``ast`` (every ``errors.X("reason", k=v)``
under app/), so a new raise without a text, or with placeholders that do not match its
values, fails here before an operator sees a bare key.
"""

from __future__ import annotations

import ast
import re
import string
import subprocess
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from app import errors
from app.flows.view import Message
from local_db.store import Store
from station.config import StationConfig
from tests.flows.seed import PICKER_BADGE, add_order, add_stock
from tests.ui.conftest import scan, type_number
from tests.ui.test_i18n import TS_FILE, _tool
from ui.command_texts import COMMAND_LABELS
from ui.launcher import Station, build_station
from ui.refusal_texts import REFUSALS
from ui.screens.flow_screens import MODE_SCREENS
from ui.texts import _ERROR_HEADLINES, _MESSAGES, _PROMPTS, message_text

ROOT = Path(__file__).resolve().parents[2]
ERROR_CLASSES = {
    name
    for name, value in vars(errors).items()
    if isinstance(value, type) and issubclass(value, errors.FloorError)
}
# Latin words a Chinese text may keep: scanned command names, units and acronyms.
KEPT_LATIN = {"PIN", "QC", "PASS", "FAIL", "SKU", "OMS", "kg", "NEXT", "TASK", "CONFIRM", "CANCEL"}
# Names and formats the operator types or reads on labels as they are (GS1, date patterns).
KEPT_LATIN |= {"GS", "YYYY", "MM", "DD", "YYMMDD"}


@dataclass(frozen=True)
class Raise:
    where: str
    reason: str | None
    params: frozenset[str] | None


def _raises() -> list[Raise]:
    found: list[Raise] = []
    for path in sorted((ROOT / "app").rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", None)
            if name not in ERROR_CLASSES:
                continue
            where = f"{path.relative_to(ROOT)}:{node.lineno}"
            first = node.args[0] if node.args else None
            literal = isinstance(first, ast.Constant) and isinstance(first.value, str)
            static = len(node.args) == 1 and all(k.arg for k in node.keywords)
            found.append(
                Raise(
                    where,
                    first.value if literal and isinstance(first, ast.Constant) else None,
                    frozenset(k.arg for k in node.keywords if k.arg) if static else None,
                )
            )
    return found


def _message_codes() -> list[tuple[str, str | None]]:
    """(where, code) of every ``Message(...)`` the flows build; None if not a bare literal."""
    found: list[tuple[str, str | None]] = []
    for path in sorted((ROOT / "app").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "Message":
                first = node.args[0] if node.args else None
                # A second positional string would be English prose again.
                prose = any(not isinstance(a, ast.Dict | ast.Name) for a in node.args[1:])
                where = f"{path.relative_to(ROOT)}:{node.lineno}"
                if isinstance(first, ast.Attribute) and first.attr == "code" and not prose:
                    continue  # a copy of a checked message or error, with new values
                if isinstance(first, ast.Constant) and isinstance(first.value, str) and not prose:
                    found.append((where, first.value))
                else:
                    found.append((where, None))
    return found


def _placeholders(text: str) -> set[str]:
    return {field for _, field, _, _ in string.Formatter().parse(text) if field}


def test_every_raise_names_a_literal_reason_with_plain_values() -> None:
    raises = _raises()
    assert len(raises) > 80  # the collector still finds the services' raises
    bad = [r.where for r in raises if r.reason is None or r.params is None]
    assert bad == [], "raise errors.X('reason', key=value): a literal reason, keyword values"
    assert all(" " not in (r.reason or "") for r in raises), "a reason is a key, not prose"


def test_every_reason_raised_has_its_text_with_the_same_placeholders() -> None:
    missing: list[str] = []
    mismatched: list[str] = []
    for raised in _raises():
        assert raised.reason is not None and raised.params is not None
        text = REFUSALS.get(raised.reason)
        if text is None:
            missing.append(f"{raised.where} {raised.reason}")
        elif _placeholders(text()) != raised.params:
            mismatched.append(f"{raised.where} {raised.reason}: {sorted(raised.params)}")
    assert missing == [], "add the reason to ui/refusal_texts.py"
    assert mismatched == [], "the raise's values and the text's placeholders differ"


def test_no_refusal_text_is_left_without_a_raise() -> None:
    raised = {r.reason for r in _raises()}
    assert sorted(set(REFUSALS) - raised) == []


def test_every_message_the_flows_build_has_its_text() -> None:
    codes = _message_codes()
    assert len(codes) > 40
    assert [where for where, code in codes if code is None] == [], "Message('code'), no prose"
    assert sorted({code for _, code in codes if code not in _MESSAGES}) == []
    shown_codes = {
        value.code
        for value in vars(errors).values()
        if isinstance(value, type) and issubclass(value, errors.FloorError)
    } - {errors.FloorError.code, errors.MalformedFeedEntry.code}  # feed refusals: records only
    assert sorted(shown_codes - set(_ERROR_HEADLINES)) == []


def _translations(context_name: str) -> dict[str, tuple[str, str | None]]:
    root = ET.parse(TS_FILE).getroot()
    found: dict[str, tuple[str, str | None]] = {}
    for context in root.iter("context"):
        if context.findtext("name") != context_name:
            continue
        for message in context.iter("message"):
            translation = message.find("translation")
            assert translation is not None
            found[message.findtext("source") or ""] = (
                translation.text or "",
                translation.get("type"),
            )
    return found


_TABLES: dict[str, Mapping[Any, Callable[[], str]]] = {
    "Refusals": REFUSALS,
    "Messages": _MESSAGES,
    "Errors": _ERROR_HEADLINES,
    "Prompts": _PROMPTS,
    "Commands": {command: lambda s=source: s for command, source in COMMAND_LABELS.items()},
    "Modes": {mode: screen.title for mode, screen in MODE_SCREENS.items()},
}


@pytest.mark.parametrize("context", list(_TABLES))
def test_every_text_has_a_finished_chinese_translation(context: str) -> None:
    table = _TABLES[context]
    translations = _translations(context)
    problems: list[str] = []
    for key, text in table.items():
        source = text()
        if source not in translations:
            problems.append(f"{key}: not in the .ts file (build-translations.sh --update)")
            continue
        chinese, kind = translations[source]
        if kind is not None or not chinese:
            problems.append(f"{key}: {kind or 'empty'}")
        elif _placeholders(chinese) != _placeholders(source):
            problems.append(f"{key}: placeholders {_placeholders(chinese)}")
        else:
            bare = re.sub(r"\{\w+\}", "", chinese)
            latin = set(re.findall(r"[A-Za-z]{2,}", bare)) - KEPT_LATIN
            if latin or ":" in bare or "(" in bare:
                problems.append(f"{key}: English words or half-width punctuation in {chinese!r}")
    assert problems == []


def test_a_refusal_and_a_flow_message_read_in_english() -> None:
    refusal = Message("OVER_PICK", {"qty": "2", "sku": "SKU-TEA", "bin": "A-1"}, "over_pick")
    assert message_text(refusal) == "Too many: only 2 more of SKU-TEA are needed from A-1."
    assert message_text(Message("picked", {"qty": "1", "sku": "SKU-TEA"})) == "Picked 1 × SKU-TEA."


@pytest.fixture
def chinese_station(
    qtbot: QtBot, store: Store, station_config: StationConfig, tmp_path: Path
) -> Iterator[Station]:
    """The real window in Chinese, with the .ts file compiled fresh for this test."""
    subprocess.run(
        [_tool("pyside6-lrelease"), "-silent", str(TS_FILE), "-qm", str(tmp_path / "zh.qm")],
        check=True,
        capture_output=True,
    )
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    config = station_config.model_copy(update={"language": "zh_CN"})
    built = build_station(config, store=store, start_sync=False, sounds=False)
    qtbot.addWidget(built.window)
    built.window.show()
    qtbot.waitUntil(lambda: built.window.last_view is not None)
    yield built
    for translator in built.translators:
        app.removeTranslator(translator)
    app.removeEventFilter(built.wedge)
    built.window.close()


def test_a_service_refusal_is_all_chinese_on_the_real_window(
    qtbot: QtBot, chinese_station: Station, store: Store
) -> None:
    add_stock(store, "A-01-02-03", "SKU-TEA", 10)
    add_order(store, "SO-ZH", [("SKU-TEA", 3)])
    scan(qtbot, chinese_station, PICKER_BADGE)
    scan(qtbot, chinese_station, "SO-ZH")
    scan(qtbot, chinese_station, "A-01-02-03")
    scan(qtbot, chinese_station, "4006381333931")  # one of three booked
    view = type_number(qtbot, chinese_station, "5")  # five in all: the pick service refuses
    assert view.flow.message is not None
    assert view.flow.message.reason == "over_pick"
    window = chinese_station.window
    shown = window.stack.currentWidget().message_label.text()
    assert shown
    bare = shown
    for value in view.flow.message.args.values():
        bare = bare.replace(value, "")
    assert re.findall(r"[A-Za-z]{2,}", bare) == [], shown
    assert shown.startswith("数量超出：")
