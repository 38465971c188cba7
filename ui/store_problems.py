"""What the operator is told when a store operation failed: one text per
:class:`local_db.errors.StoreProblem` (the store's English ``message`` is for the log), and
the domain's refusals in their own words."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication

from app.errors import FloorError
from local_db.errors import StoreProblem, StoreUnavailable
from ui.texts import refusal_text

_TEXTS: dict[StoreProblem, Callable[[], str]] = {
    StoreProblem.FULL: lambda: QCoreApplication.translate(
        "StoreProblems",
        "The station's disk is full. Nothing was saved; free some space (or call IT), "
        "then scan again.",
    ),
    StoreProblem.BUSY: lambda: QCoreApplication.translate(
        "StoreProblems",
        "The station's database is busy (another program holds it). Nothing was saved; "
        "scan again in a moment.",
    ),
    StoreProblem.READ_ONLY: lambda: QCoreApplication.translate(
        "StoreProblems",
        "The station's database cannot be written (read-only file or folder). Nothing was "
        "saved; call IT.",
    ),
    StoreProblem.CORRUPT: lambda: QCoreApplication.translate(
        "StoreProblems",
        "The station's database file is damaged. Nothing was saved; stop scanning and call IT.",
    ),
    StoreProblem.IO: lambda: QCoreApplication.translate(
        "StoreProblems",
        "The station's disk could not be read or written. Nothing was saved; call IT.",
    ),
}


def store_failure_text(problem: StoreUnavailable) -> str:
    """The operator's text for ``problem``, in the station's language."""
    return _TEXTS[problem.problem]()


def failure_text(failure: StoreUnavailable | FloorError) -> str:
    """A dialog's error line for a typed failure from the store gateway."""
    if isinstance(failure, StoreUnavailable):
        return store_failure_text(failure)
    return refusal_text(failure)  # the refusal's reason, in the station's language
