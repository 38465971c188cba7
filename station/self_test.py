"""`wms-floor self-test`: does this installation work on this machine, without a screen?

One line per check, so IT staff see at once what an install lacks; the exit code is the first
failure's (``station/exit_codes.py``). The Qt parts (offscreen window, translations, sounds)
are in ``ui/self_check.py``; the checks here need no Qt: a scratch store migrated from
nothing, the keyring holding a secret with every prompt refused, the OMS URL's TLS, and the
station's own enrolment. Nothing here writes to the station's store or prints a secret.
"""

from __future__ import annotations

import socket
import ssl
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal
from urllib.parse import urlsplit

from local_db.errors import StoreDamaged, StoreUnavailable
from local_db.store import open_store
from station.config import StationConfig
from station.exit_codes import ExitCode
from sync.credentials import (
    CredentialStoreUnavailable,
    NoTokenStored,
    load_token,
    usable_backend,
)
from sync.state import OMS_URL, STATION_ID, read_all_state

TLS_TIMEOUT_S = 10.0

Status = Literal["ok", "skip", "info", "FAIL"]


@dataclass(frozen=True)
class CheckResult:
    name: str
    status: Status
    detail: str
    failure: ExitCode | None = None


def passed(name: str, detail: str) -> CheckResult:
    return CheckResult(name, "ok", detail)


def failed(name: str, detail: str, code: ExitCode) -> CheckResult:
    return CheckResult(name, "FAIL", detail, code)


Check = Callable[[StationConfig], CheckResult]


@dataclass(frozen=True)
class SelfTestReport:
    text: str
    exit_code: ExitCode


def run_self_test(config: StationConfig, checks: Sequence[Check]) -> SelfTestReport:
    """Runs every check (one failing does not hide the next) and sums them up."""
    results = [_guarded(check, config) for check in checks]
    width = max(len(result.name) for result in results) + 1
    lines = [
        f"{result.name + ':':<{width}} {result.status:<4}  {result.detail}" for result in results
    ]
    failures = [result for result in results if result.failure is not None]
    if failures:
        first = failures[0].failure
        assert first is not None
        names = ", ".join(result.name for result in failures)
        lines.append(f"self-test: FAILED ({names}), exit code {int(first)} ({first.name.lower()})")
        return SelfTestReport("\n".join(lines), first)
    lines.append("self-test: passed")
    return SelfTestReport("\n".join(lines), ExitCode.OK)


def _guarded(check: Check, config: StationConfig) -> CheckResult:
    try:
        return check(config)
    except Exception as exc:  # a check that breaks is a failed check, not a traceback
        return failed(
            check.__name__.removeprefix("check_"), f"{type(exc).__name__}: {exc}", ExitCode.FAILED
        )


def check_scratch_store(config: StationConfig) -> CheckResult:
    """The migrations shipped with the install build a new store from nothing."""
    with tempfile.TemporaryDirectory(prefix="wms-floor-self-test-") as folder:
        try:
            store = open_store(Path(folder) / "scratch.sqlite3")
        except StoreUnavailable as exc:
            return failed("store", f"a scratch store cannot be made: {exc.message}", exc_code(exc))
        store.close()
    return passed("store", "a scratch store was created and migrated to the newest schema")


def exc_code(exc: StoreUnavailable) -> ExitCode:
    return ExitCode.STORE_DAMAGED if isinstance(exc, StoreDamaged) else ExitCode.STORE_UNAVAILABLE


def check_keyring(config: StationConfig) -> CheckResult:
    """The same probe enrolment makes: store, read back and delete a throw-away secret."""
    try:
        backend = usable_backend()
    except CredentialStoreUnavailable as exc:
        return failed("keyring", str(exc), ExitCode.KEYRING_UNAVAILABLE)
    kind = type(backend)
    return passed("keyring", f"{kind.__module__}.{kind.__qualname__} stored and read a secret")


def _enrolled_state(config: StationConfig) -> dict[str, str] | None:
    if not config.db_path.exists():
        return None
    store = open_store(config.db_path, integrity="quick")
    try:
        with store.read_session() as session:
            return read_all_state(session)
    finally:
        store.close()


def check_enrolment(config: StationConfig) -> CheckResult:
    """Not enrolled yet is normal right after an install: said, not failed."""
    try:
        state = _enrolled_state(config)
    except StoreUnavailable as exc:
        return failed("enrolment", f"{config.db_path}: {exc.message}", exc_code(exc))
    device_id = (state or {}).get(STATION_ID)
    if device_id is None:
        return CheckResult(
            "enrolment", "info", f"not enrolled yet ({config.db_path}): run wms-floor enroll"
        )
    try:
        load_token(device_id)
    except CredentialStoreUnavailable as exc:
        return failed("enrolment", f"enrolled as {device_id}; {exc}", ExitCode.KEYRING_UNAVAILABLE)
    except NoTokenStored:
        return failed(
            "enrolment",
            f"enrolled as {device_id}, but its token is missing from the keyring: enrol again",
            ExitCode.TOKEN_MISSING,
        )
    return passed("enrolment", f"enrolled as {device_id}, token in the keyring")


def oms_url_of(config: StationConfig) -> str | None:
    """The enrolled URL wins over the settings file's, as for the sync engine."""
    try:
        state = _enrolled_state(config)
    except StoreUnavailable:
        state = None
    return (state or {}).get(OMS_URL) or config.oms_url


def check_oms_tls(config: StationConfig) -> CheckResult:
    """A TLS handshake with the OMS, verified as the sync engine verifies it (the site's
    ca_bundle, else the system's trust store)."""
    url = oms_url_of(config)
    if url is None:
        return CheckResult("oms tls", "skip", "no OMS URL configured or enrolled: nothing to check")
    parts = urlsplit(url)
    if parts.scheme != "https" or parts.hostname is None:
        return CheckResult("oms tls", "skip", f"{url} is not HTTPS (allow_insecure_http)")
    port = parts.port or 443
    context = ssl.create_default_context(cafile=str(config.ca_bundle) if config.ca_bundle else None)
    try:
        with (
            socket.create_connection((parts.hostname, port), timeout=TLS_TIMEOUT_S) as raw,
            context.wrap_socket(raw, server_hostname=parts.hostname) as tls,
        ):
            cert = tls.getpeercert() or {}
            version = tls.version()
    except ssl.SSLCertVerificationError as exc:
        return failed(
            "oms tls",
            f"{url}: certificate not trusted ({exc.verify_message}); for a company CA set "
            "ca_bundle in the settings",
            ExitCode.OMS_TLS_FAILED,
        )
    except (OSError, ssl.SSLError) as exc:
        return failed("oms tls", f"{url}: {exc}", ExitCode.OMS_TLS_FAILED)
    return passed("oms tls", f"{url}: {version}, certificate valid until {cert.get('notAfter')}")
