"""What is wrong with sync, in the operator's words: one reason code, one text per code.

The technical detail (exception, errno, HTTP status) stays in the log and in the status bar's
tooltip for a supervisor; the floor sees what it means and that work goes on.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication

from sync.status import IMMEDIATE_PROBLEMS, SyncStatus

# Problems that do not heal by waiting: the banner shows them at once (the engine's list).
NEEDS_IT = IMMEDIATE_PROBLEMS

_TEXTS: dict[str, Callable[[], str]] = {
    "oms_unreachable": lambda: QCoreApplication.translate(
        "SyncProblems", "No connection to the OMS (network or OMS server down)."
    ),
    "tls_error": lambda: QCoreApplication.translate(
        "SyncProblems",
        "The station does not trust the OMS's security certificate. IT must set it up.",
    ),
    "token_rejected": lambda: QCoreApplication.translate(
        "SyncProblems", "The OMS no longer accepts this station. IT must enrol it again."
    ),
    "not_enrolled": lambda: QCoreApplication.translate(
        "SyncProblems",
        "Station not enrolled — IT: run `wms-floor enroll --oms-url URL --warehouse WH --key KEY`.",
    ),
    "keyring_unavailable": lambda: QCoreApplication.translate(
        "SyncProblems", "The station cannot open its key store (keyring). Call IT."
    ),
    "server_error": lambda: QCoreApplication.translate(
        "SyncProblems", "The OMS is busy or has a fault."
    ),
    "sync_failed": lambda: QCoreApplication.translate(
        "SyncProblems", "Sync with the OMS is failing."
    ),
    "insecure_url": lambda: QCoreApplication.translate(
        "SyncProblems", "The station's OMS address is not secure (http://). IT must fix it."
    ),
    "oms_refused": lambda: QCoreApplication.translate(
        "SyncProblems", "The OMS refused the station's request. Tell your supervisor."
    ),
    "oms_contract": lambda: QCoreApplication.translate(
        "SyncProblems", "The OMS answered something the station does not understand. Call IT."
    ),
    "store_unavailable": lambda: QCoreApplication.translate(
        "SyncProblems", "The station's database cannot be used right now (disk full or busy)."
    ),
    "internal_error": lambda: QCoreApplication.translate(
        "SyncProblems", "Syncing stopped on an error in the station; it was logged. Call IT."
    ),
}


# Words of sync's exception texts (sync/client.py, sync/credentials.py), first match wins.
_FAILURE_WORDS: tuple[tuple[str, str], ...] = (
    ("keyring", "keyring_unavailable"),
    ("certificate", "tls_error"),
    ("ssl", "tls_error"),
    ("cannot reach the oms", "oms_unreachable"),
    ("did not answer in time", "oms_unreachable"),
    ("busy or failing", "server_error"),
)


def sync_problem(status: SyncStatus) -> str | None:
    """The reason code of what keeps the station from syncing; None while healthy.

    Read from the exception texts the status carries today. When sync.status gets its own
    reason code (same names), this becomes ``return status.reason``.
    """
    own = getattr(status, "problem", None)  # sync.status's own reason code, where it has one
    if own is not None:
        return str(own)
    lowered = (status.last_error or "").lower()
    if not status.enrolled and "not enrolled" in lowered:
        code: str | None = "not_enrolled"
    elif status.needs_reenrolment:
        # NoTokenStored: the keyring holds no token for this station (never enrolled here).
        code = "not_enrolled" if "no oms token" in lowered else "token_rejected"
    elif status.failing_since is None:
        code = None
    else:
        found = (code for word, code in _FAILURE_WORDS if word in lowered)
        code = next(found, "sync_failed")
    return code


def unenrolled_login_text() -> str:
    """Why a badge is refused on a station that was never enrolled (its feed brought none)."""
    return QCoreApplication.translate(
        "SyncProblems",
        "This station is not enrolled with the OMS, so it knows no badges yet. IT: run "
        "`wms-floor enroll --oms-url URL --warehouse WH --key KEY`.",
    )


def problem_text(code: str) -> str:
    text = _TEXTS.get(code, _TEXTS["sync_failed"])
    return text()
