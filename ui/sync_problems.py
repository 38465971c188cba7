"""What is wrong with sync, in the operator's words: the engine's reason code
(:class:`sync.status.SyncProblem`), one text per code.

The technical detail (exception, errno, HTTP status) stays in the log and in the status bar's
tooltip for a supervisor; the floor sees what it means and that work goes on.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication

from sync.status import IMMEDIATE_PROBLEMS, SyncProblem
from sync.versions import UpdateNotice, UpdateState

# Problems that do not heal by waiting: the banner shows them at once (the engine's list).
NEEDS_IT = IMMEDIATE_PROBLEMS

_TEXTS: dict[SyncProblem, Callable[[], str]] = {
    SyncProblem.OMS_UNREACHABLE: lambda: QCoreApplication.translate(
        "SyncProblems", "No connection to the OMS (network or OMS server down)."
    ),
    SyncProblem.TLS_ERROR: lambda: QCoreApplication.translate(
        "SyncProblems",
        "The station does not trust the OMS's security certificate. IT must set it up.",
    ),
    SyncProblem.TOKEN_REJECTED: lambda: QCoreApplication.translate(
        "SyncProblems", "The OMS no longer accepts this station. IT must enrol it again."
    ),
    SyncProblem.STATION_REVOKED: lambda: QCoreApplication.translate(
        "SyncProblems", "This station was revoked at the OMS: IT must re-enrol it."
    ),
    SyncProblem.NOT_ENROLLED: lambda: QCoreApplication.translate(
        "SyncProblems",
        "Station not enrolled — IT: run `wms-floor enroll --oms-url URL --warehouse WH --key KEY`.",
    ),
    SyncProblem.KEYRING_UNAVAILABLE: lambda: QCoreApplication.translate(
        "SyncProblems", "The station cannot open its key store (keyring). Call IT."
    ),
    SyncProblem.SERVER_ERROR: lambda: QCoreApplication.translate(
        "SyncProblems", "The OMS is busy or has a fault."
    ),
    SyncProblem.INSECURE_URL: lambda: QCoreApplication.translate(
        "SyncProblems", "The station's OMS address is not secure (http://). IT must fix it."
    ),
    SyncProblem.OMS_REFUSED: lambda: QCoreApplication.translate(
        "SyncProblems", "The OMS refused the station's request. Tell your supervisor."
    ),
    SyncProblem.OMS_CONTRACT: lambda: QCoreApplication.translate(
        "SyncProblems", "The OMS answered something the station does not understand. Call IT."
    ),
    SyncProblem.STORE_UNAVAILABLE: lambda: QCoreApplication.translate(
        "SyncProblems", "The station's database cannot be used right now (disk full or busy)."
    ),
    SyncProblem.INTERNAL_ERROR: lambda: QCoreApplication.translate(
        "SyncProblems", "Syncing stopped on an error in the station; it was logged. Call IT."
    ),
    SyncProblem.UPDATE_REQUIRED: lambda: QCoreApplication.translate(
        "SyncProblems",
        "This station's software is older than the OMS accepts: syncing stopped. IT must "
        "install the update.",
    ),
}


def update_text(notice: UpdateNotice) -> str:
    """The status bar's line for IT and supervisors (no self-update: someone installs it)."""
    if notice.state is UpdateState.REQUIRED:
        text = QCoreApplication.translate(
            "SyncProblems", "Update required: version {minimum} or newer (this station: {current})"
        )
    else:
        text = QCoreApplication.translate(
            "SyncProblems", "Update available: version {recommended} (this station: {current})"
        )
    return text.format(
        minimum=notice.minimum or "", recommended=notice.recommended or "", current=notice.current
    )


def unenrolled_login_text() -> str:
    """Why a badge is refused on a station that was never enrolled (its feed brought none)."""
    return QCoreApplication.translate(
        "SyncProblems",
        "This station is not enrolled with the OMS, so it knows no badges yet. IT: run "
        "`wms-floor enroll --oms-url URL --warehouse WH --key KEY`.",
    )


def problem_text(problem: SyncProblem) -> str:
    return _TEXTS[problem]()
