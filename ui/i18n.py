"""Loads the UI language: English (source) or Simplified Chinese, from settings or the locale."""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator
from PySide6.QtGui import QFontDatabase, QGuiApplication

from ui.resources import translations_dir

log = logging.getLogger("wms.ui")

SUPPORTED = ("en", "zh_CN")

# One font for the Chinese and the Latin text of a screen: with a Latin-only font first, the
# Chinese glyphs come from a fallback font with other metrics and sit lower than the Latin
# text beside them (table cells, "重量（千克）：0.7"). These fonts carry both scripts.
CHINESE_FONT_FAMILIES = (
    "Noto Sans CJK SC",
    "Source Han Sans SC",
    "Microsoft YaHei",
    "PingFang SC",
    "WenQuanYi Micro Hei",
)


def resolve_language(setting: str, system_locale: QLocale | None = None) -> str:
    """``"system"`` follows the OS locale: any Chinese locale gets zh_CN, the rest English."""
    if setting in SUPPORTED:
        return setting
    locale = system_locale or QLocale.system()
    return "zh_CN" if locale.language() == QLocale.Language.Chinese else "en"


def install_translators(
    app: QCoreApplication, language: str, directory: Path | None = None
) -> list[QTranslator]:
    """Installs the station's and Qt's own translations; keep the returned list alive."""
    if language == "en":
        return []
    use_script_font(app, language)
    installed: list[QTranslator] = []
    station = QTranslator(app)
    folder = directory or translations_dir()
    if station.load(f"wms_floor_{language}", str(folder)):
        app.installTranslator(station)
        installed.append(station)
    else:
        # The .qm files are built at setup time (scripts/build-translations.sh).
        log.warning("no compiled translation for %s in %s; showing English", language, folder)
    qt_base = QTranslator(app)
    qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    if qt_base.load(f"qtbase_{language}", qt_dir):
        app.installTranslator(qt_base)
        installed.append(qt_base)
    return installed


def use_script_font(app: QCoreApplication, language: str) -> None:
    """Puts the first installed font that covers the language's script and Latin first."""
    if language != "zh_CN" or not isinstance(app, QGuiApplication):
        return
    installed = set(QFontDatabase.families())
    families = [family for family in CHINESE_FONT_FAMILIES if family in installed]
    if not families:
        log.warning("no font for Chinese and Latin text found; using the system's fallback")
        return
    font = QGuiApplication.font()
    font.setFamilies([*families, *font.families()])
    QGuiApplication.setFont(font)
