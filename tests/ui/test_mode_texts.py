"""The UI side of every mode is declared once (MODE_SCREENS: title and screen), and every
code a mode can show, every command and the printed sheet have their words in English and
Chinese, from the one catalogue (ui/ texts + resources/translations)."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from app.flows.registry import MODES, ModeSpec
from app.flows.view import Mode
from app.scanning.command_sheet import SheetTexts
from app.scanning.commands import Command
from tests.ui.test_i18n import TS_FILE, _tool
from tests.ui.test_refusal_texts import _translations
from ui.command_texts import COMMAND_LABELS, SHEET_TITLE, command_label, command_sheet_texts
from ui.screens.flow_screens import MODE_SCREENS, mode_title
from ui.screens.step_screen import StepScreen
from ui.texts import _MESSAGES, _PROMPTS

ROOT = Path(__file__).resolve().parents[2]
DOC = ROOT / "docs" / "command-barcodes.md"


@pytest.fixture
def catalogue(tmp_path: Path) -> SheetTexts:
    """The sheet's texts from the .ts compiled fresh (the checked-in .ts, not a stale .qm)."""
    subprocess.run(
        [
            _tool("pyside6-lrelease"),
            "-silent",
            str(TS_FILE),
            "-qm",
            str(tmp_path / "wms_floor_zh_CN.qm"),
        ],
        check=True,
        capture_output=True,
    )
    return command_sheet_texts(tmp_path)


def _finished(context: str, source: str) -> bool:
    chinese, kind = _translations(context).get(source, ("", "missing"))
    return bool(chinese) and kind is None


def test_every_mode_has_one_screen_entry_and_a_title() -> None:
    # A dict keyed by mode: at most one entry each; here, at least one.
    assert set(MODE_SCREENS) == set(Mode)
    titles = [mode_title(mode) for mode in Mode]
    assert all(titles) and len(set(titles)) == len(titles)


@pytest.mark.parametrize("spec", MODES, ids=lambda spec: spec.mode.value)
def test_every_mode_has_its_screen_title_command_and_texts_in_both_languages(
    spec: ModeSpec,
) -> None:
    entry = MODE_SCREENS[spec.mode]
    if spec.flow is not None and spec.mode is not Mode.TASKS:
        assert entry.screen is not None and issubclass(entry.screen, StepScreen)
    assert _finished("Modes", entry.title()), f"{spec.mode}: title not translated"
    if spec.mode is not Mode.LOGIN:
        assert spec.command is not None and _finished("Commands", COMMAND_LABELS[spec.command])
    missing = [key.value for key in spec.prompts if key not in _PROMPTS]
    missing += [code for code in spec.messages if code not in _MESSAGES]
    assert missing == [], "add the words to ui/texts.py"
    untranslated = [key.value for key in spec.prompts if not _finished("Prompts", _PROMPTS[key]())]
    untranslated += [code for code in spec.messages if not _finished("Messages", _MESSAGES[code]())]
    assert untranslated == [], "translate them in resources/translations/wms_floor_zh_CN.ts"


def test_no_message_text_is_left_without_a_mode_that_shows_it() -> None:
    declared = set().union(*(spec.messages for spec in MODES))
    assert sorted(set(_MESSAGES) - declared) == [], "a text no mode shows: remove it"


def test_the_window_builds_the_declared_screens(qtbot: QtBot) -> None:
    screens = {mode: entry.screen() for mode, entry in MODE_SCREENS.items() if entry.screen}
    for screen in screens.values():
        qtbot.addWidget(screen)
    assert set(screens) == {Mode.PICK, Mode.PACK, Mode.RECEIVE, Mode.COUNT, Mode.SUPERVISOR}
    assert all(screen.buttons for screen in screens.values())


def test_every_command_has_one_label_in_both_languages() -> None:
    assert set(COMMAND_LABELS) == set(Command)
    assert all(_finished("Commands", source) for source in COMMAND_LABELS.values())
    assert command_label(Command.SHORT) == "Short (not enough in bin)"


def test_the_printed_sheet_takes_both_languages_from_the_catalogue(catalogue: SheetTexts) -> None:
    texts = catalogue
    assert texts.title == (SHEET_TITLE, "指令条码")
    assert texts.labels[Command.NEXT_TASK] == ("Next task", "下一个任务")
    assert set(texts.labels) == set(Command)
    assert all(english and chinese for english, chinese in texts.labels.values())
    assert all(re.search(r"[\u4e00-\u9fff]", chinese) for _, chinese in texts.labels.values())


def test_the_printed_sheet_is_english_only_without_the_compiled_catalogue(
    tmp_path: Path,
) -> None:
    texts = command_sheet_texts(tmp_path)  # an empty folder
    assert texts.labels[Command.CONFIRM] == ("Confirm", "")


def _doc_rows() -> list[list[str]]:
    text = DOC.read_text(encoding="utf-8")
    table = text.split("## The codes", 1)[1].split("\n## ", 1)[0]
    rows = [line for line in table.splitlines() if line.startswith("| `CMD:")]
    return [[cell.strip() for cell in row.strip().strip("|").split("|")] for row in rows]


def test_the_docs_list_every_command_with_its_labels(catalogue: SheetTexts) -> None:
    texts = catalogue
    expected = [[f"`{command.value}`", *texts.labels[command]] for command in Command]
    found = [row[:3] for row in _doc_rows()]
    rows = "\n".join(f"| {' | '.join(row)} | ... |" for row in expected)
    assert found == expected, f"docs/command-barcodes.md, 'The codes', should read:\n{rows}"
