"""Distinct good/bad scan sounds; a plain system beep where Qt Multimedia is not usable."""

from __future__ import annotations

import logging

from PySide6.QtCore import QObject, QUrl
from PySide6.QtWidgets import QApplication

from ui.resources import sounds_dir

log = logging.getLogger("wms.ui")

_fallback_logged = False


class ScanSounds(QObject):
    def __init__(self, parent: QObject | None = None, enabled: bool = True) -> None:
        super().__init__(parent)
        self.enabled = enabled
        self.last_played: str | None = None
        self._effects: dict[str, QObject] = {}
        if enabled:
            self._load_effects()

    @property
    def uses_sound_effects(self) -> bool:
        return bool(self._effects)

    def play(self, good: bool) -> None:
        name = "good" if good else "bad"
        self.last_played = name
        if not self.enabled:
            return
        effect = self._effects.get(name)
        if effect is not None:
            effect.play()  # type: ignore[attr-defined]
            return
        QApplication.beep()
        if not good:
            # Two beeps for a refusal, so the plain fallback still tells good from bad.
            QApplication.beep()

    def _load_effects(self) -> None:
        try:
            from PySide6.QtMultimedia import QMediaDevices, QSoundEffect  # noqa: PLC0415
        except ImportError as error:
            _log_fallback(str(error))
            return
        if QMediaDevices.defaultAudioOutput().isNull():
            # No sound card or sound server (a kiosk PC without speakers, a CI box): a sound
            # effect would only warn "format not supported" on every scan.
            _log_fallback("no audio output device")
            return
        for name in ("good", "bad"):
            effect = QSoundEffect(self)
            effect.setSource(QUrl.fromLocalFile(str(sounds_dir() / f"{name}.wav")))
            effect.setVolume(1.0)
            self._effects[name] = effect


def _log_fallback(reason: str) -> None:
    global _fallback_logged  # noqa: PLW0603 - log the missing audio once per process
    if not _fallback_logged:
        _fallback_logged = True
        log.warning("Qt Multimedia unavailable (%s): scans answered with beeps", reason)
