"""Loads the UI language: English (source) or Simplified Chinese, from settings or the locale."""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from ui.resources import translations_dir

log = logging.getLogger("wms.ui")

SUPPORTED = ("en", "zh_CN")


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
