"""The station's OMS bearer token, kept in the operating system's keyring.

The token never goes into the settings file, the database or a log line: it lives in the
keyring under service ``wms-floor`` with the device id as user name, and in memory only as a
:class:`Token`, whose ``repr``/``str`` are redacted so a stray ``log.info("%s", token)`` or a
traceback cannot leak it.
"""

from __future__ import annotations

import contextlib
import getpass
import io
import logging
import secrets
import sys
import threading
import weakref
from collections.abc import Iterator
from typing import Final

import keyring
import keyring.errors
from jaraco.classes import properties
from keyring.backend import KeyringBackend
from keyring.backends import chainer, fail

log = logging.getLogger("wms.sync.credentials")

KEYRING_SERVICE: Final = "wms-floor"

_NO_BACKEND_HELP: Final = (
    "No usable OS keyring was found to keep the station's OMS token ({backend}). "
    "Use a Secret Service keyring (gnome-keyring) unlocked when the station's user logs in, "
    "also on a headless kiosk. See docs/keyring.md."
)
_PROMPTING_HELP: Final = (
    "The keyring {backend} needs a password typed at a terminal ({problem}), so the station "
    "could not start unattended with it and nothing was sent to the OMS. Use a Secret "
    "Service keyring (gnome-keyring) unlocked at login instead. See docs/keyring.md."
)
_PROBE_SERVICE: Final = "wms-floor-probe"

# Backends that would "work" but keep the token nowhere, or in a clear-text file: that is the
# settings-file anti-pattern with extra steps, so the station refuses them.
_REFUSED_BACKENDS: Final = frozenset(
    {
        "keyring.backends.null.Keyring",
        "keyrings.alt.file.PlaintextKeyring",
    }
)


class SessionOnlyKeyring(KeyringBackend):
    """Keeps secrets in this process's memory only, and only where it is set explicitly
    (``keyring.set_keyring``): by the demo on a machine with no OS keyring, and by tests.

    Its priority raises, so keyring's automatic discovery never picks it (or chains it) just
    because the class was imported.
    """

    @properties.classproperty
    def priority(cls) -> float:
        raise RuntimeError("SessionOnlyKeyring is used only when set explicitly")

    def __init__(self) -> None:
        super().__init__()  # type: ignore[no-untyped-call]
        self.secrets: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.secrets.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.secrets[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        if self.secrets.pop((service, username), None) is None:
            raise keyring.errors.PasswordDeleteError(username)


class CredentialStoreUnavailable(Exception):
    """The keyring cannot keep the token; the message tells the operator what to install."""


class _WouldPrompt(Exception):
    """A keyring backend asked for input: the station runs without a terminal."""


# The guard swaps process-wide hooks: one keyring call at a time.
_guard_lock = threading.RLock()


def _refuse_prompt(prompt: str = "", stream: object = None) -> str:
    raise _WouldPrompt("it asked for a password")


@contextlib.contextmanager
def _no_prompt() -> Iterator[None]:
    """Keyring calls never wait for a typed password: ``getpass`` raises and stdin reads
    as empty (``input()`` then raises EOFError), whatever backend is installed."""
    with _guard_lock:
        saved_getpass, saved_stdin = getpass.getpass, sys.stdin
        getpass.getpass = _refuse_prompt
        sys.stdin = io.StringIO("")
        try:
            yield
        finally:
            getpass.getpass, sys.stdin = saved_getpass, saved_stdin


# Backends that stored and read back a secret without asking anything, in this process.
_proven: weakref.WeakSet[KeyringBackend] = weakref.WeakSet()


class NoTokenStored(Exception):
    """This device id has no token in the keyring: the station must be enrolled (again)."""


class Token:
    """A bearer token that never prints itself."""

    __slots__ = ("_secret",)

    def __init__(self, secret: str) -> None:
        if not secret:
            raise ValueError("an OMS token cannot be empty")
        self._secret = secret

    def reveal(self) -> str:
        """The secret itself, for the Authorization header and the keyring only."""
        return self._secret

    def __repr__(self) -> str:
        return "Token('***')"

    __str__ = __repr__

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Token) and other._secret == self._secret

    def __hash__(self) -> int:
        return hash(self._secret)


def _backend_name(backend: KeyringBackend) -> str:
    cls = type(backend)
    return f"{cls.__module__}.{cls.__qualname__}"


def usable_backend() -> KeyringBackend:
    """The active keyring backend, or :class:`CredentialStoreUnavailable` if it cannot hold
    a secret safely (no backend at all, the null backend, a plain-text file) or only with a
    password typed at a terminal (keyrings.alt's encrypted file, ...).

    The first call per backend stores, reads back and deletes a throw-away secret with
    prompts refused, so a backend that would ask is found before any OMS call. In a chain
    of backends the first that passes is used."""
    candidates = _candidate_backends()
    first_problem: CredentialStoreUnavailable | None = None
    for backend in candidates:
        try:
            return _proven_backend(backend)
        except CredentialStoreUnavailable as problem:
            first_problem = first_problem or problem
    assert first_problem is not None
    raise first_problem


def _proven_backend(backend: KeyringBackend) -> KeyringBackend:
    if backend in _proven:
        return backend
    name = _backend_name(backend)
    probe = secrets.token_urlsafe(16)
    try:
        with _no_prompt():
            backend.set_password(_PROBE_SERVICE, "probe", probe)
            read_back = backend.get_password(_PROBE_SERVICE, "probe")
            with contextlib.suppress(keyring.errors.PasswordDeleteError):
                backend.delete_password(_PROBE_SERVICE, "probe")
    except (_WouldPrompt, EOFError) as exc:
        problem = str(exc) or "it read a password from standard input"
        raise CredentialStoreUnavailable(
            _PROMPTING_HELP.format(backend=name, problem=problem)
        ) from None
    except Exception as exc:  # backends raise anything; all of it means "unusable"
        raise CredentialStoreUnavailable(
            f"The keyring {name} cannot be used ({type(exc).__name__}: {exc}). "
            "Unlock the keyring, or see docs/keyring.md."
        ) from None
    if read_back != probe:
        raise CredentialStoreUnavailable(
            f"The keyring {name} did not give back what was stored in it. See docs/keyring.md."
        )
    _proven.add(backend)
    return backend


def _candidate_backends() -> list[KeyringBackend]:
    try:
        backend = keyring.get_keyring()
    except Exception as exc:  # a configured backend that cannot load raises anything
        raise CredentialStoreUnavailable(
            "The keyring backend set for this station (PYTHON_KEYRING_BACKEND or keyring's "
            f"keyringrc.cfg) cannot be loaded ({type(exc).__name__}: {exc}). "
            "See docs/keyring.md."
        ) from None
    if isinstance(backend, fail.Keyring):
        raise CredentialStoreUnavailable(_NO_BACKEND_HELP.format(backend="none available"))
    if isinstance(backend, chainer.ChainerBackend):
        # Never hand out the chain itself: it writes to its first member that accepts, which
        # may well be a refused one (keyrings.alt's plain-text file ranks high).
        chained: list[KeyringBackend] = [
            b for b in backend.backends if _backend_name(b) not in _REFUSED_BACKENDS
        ]
        if not chained:
            raise CredentialStoreUnavailable(_NO_BACKEND_HELP.format(backend="none available"))
        return chained  # the chain is sorted by priority, best first
    name = _backend_name(backend)
    if name in _REFUSED_BACKENDS:
        raise CredentialStoreUnavailable(
            _NO_BACKEND_HELP.format(backend=f"{name} would keep it in clear text or nowhere")
        )
    return [backend]


def store_token(device_id: str, token: Token) -> None:
    """Store the token and read it back: only a token known to be kept is confirmed."""
    backend = usable_backend()
    try:
        with _no_prompt():
            backend.set_password(KEYRING_SERVICE, device_id, token.reveal())
            kept = backend.get_password(KEYRING_SERVICE, device_id)
    except (keyring.errors.KeyringError, _WouldPrompt, EOFError) as exc:
        # The backend's own message may be long but never contains the secret.
        raise CredentialStoreUnavailable(
            f"The keyring refused to store the OMS token ({type(exc).__name__}: {exc}). "
            "Unlock the keyring and enrol again. See docs/keyring.md."
        ) from exc
    if kept != token.reveal():
        raise CredentialStoreUnavailable(
            "The keyring did not give back the OMS token just stored in it. See docs/keyring.md."
        )
    log.info("OMS token stored in keyring %s for device %s", _backend_name(backend), device_id)


def load_token(device_id: str) -> Token:
    backend = usable_backend()
    try:
        with _no_prompt():
            secret = backend.get_password(KEYRING_SERVICE, device_id)
    except (keyring.errors.KeyringError, _WouldPrompt, EOFError) as exc:
        raise CredentialStoreUnavailable(
            f"The keyring could not be read ({type(exc).__name__}: {exc}). "
            "Unlock the keyring, then sync again. See docs/keyring.md."
        ) from exc
    if not secret:
        raise NoTokenStored(
            f"No OMS token for device {device_id} in the keyring: enrol the station again "
            "(wms-floor enroll --oms-url URL --warehouse WH --key KEY)."
        )
    return Token(secret)


def forget_token(device_id: str) -> None:
    backend = usable_backend()
    try:
        with _no_prompt():
            backend.delete_password(KEYRING_SERVICE, device_id)
    except keyring.errors.PasswordDeleteError:
        log.info("No OMS token to forget for device %s", device_id)
