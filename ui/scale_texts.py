"""The scale's faults and states in the operator's words (codes from devices/ and app/)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication

from app.flows.scale_input import ScaleReading, ScaleState

FAULTS: dict[str, Callable[[], str]] = {
    "timeout": lambda: QCoreApplication.translate(
        "Scale", "the scale does not answer (switched off, wrong port or baud rate?)"
    ),
    "garbled": lambda: QCoreApplication.translate(
        "Scale", "the scale sends unreadable data (wrong protocol or baud rate?)"
    ),
    "overload": lambda: QCoreApplication.translate(
        "Scale", "overload: the package is heavier than the scale can weigh"
    ),
    "underload": lambda: QCoreApplication.translate(
        "Scale", "underload: below zero, take everything off and zero the scale"
    ),
    "busy": lambda: QCoreApplication.translate("Scale", "the scale is busy and gives no weight"),
    "scale_error": lambda: QCoreApplication.translate("Scale", "the scale refused the request"),
    "wrong_unit": lambda: QCoreApplication.translate(
        "Scale", "the scale weighs in another unit than the station's settings say"
    ),
    "disconnected": lambda: QCoreApplication.translate(
        "Scale", "the scale's cable is unplugged or its port went away"
    ),
}


def fault_text(code: str) -> str:
    text = FAULTS.get(code)
    return text() if text is not None else code


def state_text(reading: ScaleReading) -> str:
    """The status bar's words for the scale."""
    state = reading.state
    if state is ScaleState.NOT_CONFIGURED:
        return QCoreApplication.translate("Scale", "Scale: not configured")
    if state is ScaleState.FAULT:
        return QCoreApplication.translate("Scale", "Scale: fault")
    if state is ScaleState.WAITING:
        return QCoreApplication.translate("Scale", "Scale: waiting")
    return QCoreApplication.translate("Scale", "Scale: ready")
