"""English and Simplified Chinese: every UI string translated, and the .qm loads."""

from __future__ import annotations

import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QLocale
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from app.flows.view import FlowView, Message, Mode, Prompt, PromptKey
from local_db.errors import StoreProblem, StoreUnavailable
from ui.i18n import install_translators, resolve_language
from ui.resources import translations_dir
from ui.screens.flow_screens import PickScreen
from ui.store_problems import store_failure_text
from ui.texts import message_text

ROOT = Path(__file__).resolve().parents[2]
TS_FILE = translations_dir() / "wms_floor_zh_CN.ts"


def _tool(name: str) -> str:
    local = Path(sys.executable).parent / name
    found = str(local) if local.exists() else shutil.which(name)
    if found is None:
        pytest.skip(f"{name} is not installed")
    return found


def _sources(ts_file: Path) -> set[tuple[str, str]]:
    root = ET.parse(ts_file).getroot()
    return {
        (context.findtext("name") or "", message.findtext("source") or "")
        for context in root.iter("context")
        for message in context.iter("message")
    }


def test_every_ui_string_is_in_the_ts_file_and_translated(tmp_path: Path) -> None:
    fresh = tmp_path / "fresh.ts"
    sources = sorted(str(path) for path in (ROOT / "ui").rglob("*.py"))
    subprocess.run(
        [_tool("pyside6-lupdate"), *sources, "-ts", str(fresh), "-silent"],
        check=True,
        capture_output=True,
    )
    assert _sources(fresh) <= _sources(TS_FILE), "run scripts/build-translations.sh --update"
    root = ET.parse(TS_FILE).getroot()
    unfinished = [
        message.findtext("source")
        for message in root.iter("message")
        if message.find("translation") is not None
        and message.find("translation").get("type") in ("unfinished", "vanished", "obsolete")  # type: ignore[union-attr]
    ]
    assert unfinished == []


@pytest.fixture
def chinese(tmp_path: Path) -> Iterator[None]:
    qm = tmp_path / "wms_floor_zh_CN.qm"
    subprocess.run(
        [_tool("pyside6-lrelease"), "-silent", str(TS_FILE), "-qm", str(qm)],
        check=True,
        capture_output=True,
    )
    app = QApplication.instance()
    assert app is not None
    font = QApplication.font()
    translators = install_translators(app, "zh_CN", directory=tmp_path)
    assert translators, "the compiled translation did not load"
    yield
    for translator in translators:
        app.removeTranslator(translator)
    QApplication.setFont(font)  # Chinese brings its own font: the next test gets the old one


def test_pick_screen_in_chinese(qtbot: QtBot, chinese: None) -> None:
    screen = PickScreen()
    qtbot.addWidget(screen)
    screen.show_view(
        FlowView(
            Mode.PICK,
            Prompt(PromptKey.SCAN_BIN, {"bin": "A-01-02-03"}),
            message=Message("wrong_bin", {"scanned": "B-1", "bin": "A-01-02-03"}),
            sku_id="SKU-TEA",
            quantity_total=3,
            quantity_done=1,
        )
    )
    assert screen.prompt_label.text() == "请扫描库位 A-01-02-03"
    assert screen.quantity_label.text() == "剩余：2 / 3"
    assert screen.message_label.text() == "库位错误：您扫描了 B-1，请前往 A-01-02-03。"
    assert screen.image_placeholder.text() == "无图片"


def test_service_refusal_is_chinese_headline_and_detail(chinese: None) -> None:
    args = {"qty": "2", "sku": "SKU-TEA", "bin": "A-1"}
    text = message_text(Message("OVER_PICK", args, reason="over_pick"))
    assert text == "数量超出：A-1 只需再拣 2 件 SKU-TEA。"


def test_english_has_no_translator_and_system_locale_decides() -> None:
    app = QApplication.instance()
    assert app is not None
    assert install_translators(app, "en") == []
    assert resolve_language("zh_CN") == "zh_CN"
    assert resolve_language("en") == "en"
    assert resolve_language("system", QLocale(QLocale.Language.Chinese)) == "zh_CN"
    assert resolve_language("system", QLocale(QLocale.Language.German)) == "en"


def test_store_problems_are_told_in_chinese(chinese: None) -> None:
    texts = {store_failure_text(StoreUnavailable(problem)) for problem in StoreProblem}
    assert len(texts) == len(StoreProblem)
    assert store_failure_text(StoreUnavailable(StoreProblem.FULL)) == (
        "工作站磁盘已满。未保存任何内容；请腾出空间（或联系 IT），然后重新扫描。"
    )
    assert all("未保存任何内容" in text for text in texts)
