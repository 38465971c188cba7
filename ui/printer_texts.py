"""What the operator reads about the label printer: its state and each fault, in plain words."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication

# Keys are devices.labels.zebra.FaultKind values (and the flow's fault codes).
_FAULTS: dict[str, Callable[[], str]] = {
    "not_configured": lambda: QCoreApplication.translate(
        "Printer", "no label printer is set up for this station"
    ),
    "unreachable": lambda: QCoreApplication.translate(
        "Printer", "the label printer cannot be reached (check its cable or network and power)"
    ),
    "refused": lambda: QCoreApplication.translate(
        "Printer", "the label printer refused the connection (is it switched on and ready?)"
    ),
    "timeout": lambda: QCoreApplication.translate(
        "Printer", "the label printer did not answer in time"
    ),
    "paper_out": lambda: QCoreApplication.translate(
        "Printer", "the label printer is out of labels: load a new roll"
    ),
    "head_open": lambda: QCoreApplication.translate(
        "Printer", "the label printer's head is open: close it"
    ),
    "paused": lambda: QCoreApplication.translate(
        "Printer", "the label printer is paused: press its pause button"
    ),
    "failed": lambda: QCoreApplication.translate(
        "Printer", "the system printer did not take the labels"
    ),
}


def printer_fault_text(kind: str) -> str:
    text = _FAULTS.get(kind)
    return text() if text is not None else kind


def printer_state_text(fault: str | None, configured: bool) -> str:
    """The status bar's short line."""
    if not configured:
        return QCoreApplication.translate("Printer", "Printer: not configured")
    if fault is None:
        return QCoreApplication.translate("Printer", "Printer: ready")
    return QCoreApplication.translate("Printer", "Printer fault: {fault}").format(
        fault=printer_fault_text(fault)
    )
