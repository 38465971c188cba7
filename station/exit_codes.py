"""`wms-floor`'s exit codes: what a script or IT's monitoring can act on without reading text.

One code per state, so `wms-floor check; echo $?` tells IT which fix applies. Documented in
`wms-floor check --help` and the README's IT section (kept equal by tests/app/test_cli_help.py).
"""

from __future__ import annotations

from enum import IntEnum


class ExitCode(IntEnum):
    OK = 0
    FAILED = 1
    USAGE = 2
    STORE_DAMAGED = 3
    STORE_UNAVAILABLE = 4
    ALREADY_RUNNING = 5
    NOT_ENROLLED = 10
    KEYRING_UNAVAILABLE = 11
    TOKEN_MISSING = 12
    QT_UNAVAILABLE = 20
    FILES_MISSING = 21
    OMS_TLS_FAILED = 22


# What each code means, for --help and the README (the order they are listed in).
MEANINGS: dict[ExitCode, str] = {
    ExitCode.OK: "healthy: enrolled, token in the keyring, store readable and intact",
    ExitCode.FAILED: "the command failed (the message says why)",
    ExitCode.USAGE: "wrong arguments or a wrong value in the settings file",
    ExitCode.STORE_DAMAGED: "the store file is damaged: nothing was written to it; call IT",
    ExitCode.STORE_UNAVAILABLE: "the store cannot be opened (busy, read-only, disk full or I/O)",
    ExitCode.ALREADY_RUNNING: "a station is already running on this store",
    ExitCode.NOT_ENROLLED: "not enrolled: run wms-floor enroll",
    ExitCode.KEYRING_UNAVAILABLE: "no usable OS keyring (see docs/keyring.md)",
    ExitCode.TOKEN_MISSING: "enrolled, but the token is missing from the keyring: enrol again",
    ExitCode.QT_UNAVAILABLE: "self-test: Qt cannot start (a library missing from the install)",
    ExitCode.FILES_MISSING: "self-test: translations or sounds missing from the install",
    ExitCode.OMS_TLS_FAILED: "self-test: the OMS URL's TLS certificate failed or was unreachable",
}


def exit_code_table() -> str:
    return "\n".join(f"  {int(code):>2}  {MEANINGS[code]}" for code in ExitCode)
