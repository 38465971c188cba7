"""The Qt half of `wms-floor self-test` (``station/self_test.py``): Qt starts offscreen and
draws a widget, the compiled translations load, the scan sounds are readable WAV files.

What an install most often lacks is exactly these: a Qt plugin or system library, the .qm
files (built at setup time) and data files the bundle spec must list.
"""

from __future__ import annotations

import os
import wave

from station.config import StationConfig
from station.exit_codes import ExitCode
from station.self_test import Check, CheckResult, failed, passed
from ui.i18n import SUPPORTED
from ui.resources import sounds_dir, translations_dir

SOUNDS = ("good", "bad")
_keep_alive: list[object] = []  # the QApplication lives as long as the process


def check_qt(config: StationConfig) -> CheckResult:
    # Headless by design: the self-test runs over SSH, from a package's post-install or in CI.
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    try:
        from PySide6.QtGui import QGuiApplication  # noqa: PLC0415
        from PySide6.QtWidgets import QApplication, QLabel  # noqa: PLC0415
    except ImportError as exc:
        return failed("qt", f"PySide6 cannot be imported: {exc}", ExitCode.QT_UNAVAILABLE)
    if QApplication.instance() is None:
        _keep_alive.append(QApplication(["wms-floor-self-test"]))
    label = QLabel("wms-floor self-test")
    image = label.grab().toImage()
    label.deleteLater()
    if image.isNull():
        return failed("qt", "Qt started but could not draw a widget", ExitCode.QT_UNAVAILABLE)
    return passed(
        "qt",
        f"Qt {qt_version()} started offscreen ({QGuiApplication.platformName()}) and drew a widget",
    )


def qt_version() -> str:
    from PySide6.QtCore import qVersion  # noqa: PLC0415

    return qVersion()


def check_translations(config: StationConfig) -> CheckResult:
    from PySide6.QtCore import QTranslator  # noqa: PLC0415

    folder = translations_dir()
    loaded: list[str] = []
    for language in SUPPORTED:
        if language == "en":
            continue  # the source texts
        translator = QTranslator()
        if not translator.load(f"wms_floor_{language}", str(folder)) or translator.isEmpty():
            return failed(
                "translations",
                f"wms_floor_{language}.qm missing or empty in {folder}",
                ExitCode.FILES_MISSING,
            )
        loaded.append(language)
    return passed("translations", f"loaded {', '.join(loaded)} from {folder}")


def check_sounds(config: StationConfig) -> CheckResult:
    folder = sounds_dir()
    for name in SOUNDS:
        path = folder / f"{name}.wav"
        try:
            with wave.open(str(path), "rb") as sound:
                frames = sound.getnframes()
        except (OSError, EOFError, wave.Error) as exc:
            return failed("sounds", f"{path}: {exc}", ExitCode.FILES_MISSING)
        if frames == 0:
            return failed("sounds", f"{path} holds no sound", ExitCode.FILES_MISSING)
    return passed("sounds", f"{', '.join(SOUNDS)} scan sounds readable in {folder}")


QT_CHECKS: tuple[Check, ...] = (check_qt, check_translations, check_sounds)
