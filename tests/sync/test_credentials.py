"""The OMS token lives in the keyring only, never prints, and a missing keyring says what to do."""

from __future__ import annotations

import logging
from pathlib import Path

import keyring
import keyring.backend
import pytest
from jaraco.classes import properties
from keyring.backends import chainer, fail
from keyrings.alt.file import PlaintextKeyring

from sync.credentials import (
    KEYRING_SERVICE,
    CredentialStoreUnavailable,
    NoTokenStored,
    SessionOnlyKeyring,
    Token,
    forget_token,
    load_token,
    store_token,
)

SECRET = "s3cr3t-token-value-0123456789"


def test_token_round_trips_through_the_keyring(memory_keyring: SessionOnlyKeyring) -> None:
    store_token("dev-1", Token(SECRET))
    assert memory_keyring.secrets == {(KEYRING_SERVICE, "dev-1"): SECRET}
    assert load_token("dev-1").reveal() == SECRET
    forget_token("dev-1")
    assert memory_keyring.secrets == {}
    forget_token("dev-1")  # forgetting twice is harmless


def test_missing_token_asks_for_enrolment() -> None:
    with pytest.raises(NoTokenStored, match="wms-floor enroll"):
        load_token("dev-unknown")


def test_token_never_prints(caplog: pytest.LogCaptureFixture) -> None:
    token = Token(SECRET)
    caplog.set_level(logging.DEBUG)
    logging.getLogger("wms.test").info("token is %s / %r / %s", token, token, [token])
    store_token("dev-1", token)
    assert SECRET not in repr(token)
    assert SECRET not in str(token)
    assert SECRET not in caplog.text


def test_empty_token_is_refused() -> None:
    with pytest.raises(ValueError, match="empty"):
        Token("")


@pytest.mark.parametrize(
    "backend_factory",
    [
        pytest.param(fail.Keyring, id="fail"),
        pytest.param(PlaintextKeyring, id="plaintext"),
    ],
)
def test_unusable_keyring_names_the_documented_alternative(backend_factory: type) -> None:
    keyring.set_keyring(backend_factory())
    with pytest.raises(CredentialStoreUnavailable) as caught:
        store_token("dev-1", Token(SECRET))
    message = str(caught.value)
    assert "Secret Service keyring (gnome-keyring) unlocked" in message
    assert "docs/keyring.md" in message
    with pytest.raises(CredentialStoreUnavailable):
        load_token("dev-1")


def test_chainer_without_backends_is_unusable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(chainer.ChainerBackend, "backends", [])
    keyring.set_keyring(chainer.ChainerBackend())
    with pytest.raises(CredentialStoreUnavailable, match="No usable OS keyring"):
        load_token("dev-1")


def test_keyring_errors_become_operator_messages(memory_keyring: SessionOnlyKeyring) -> None:
    def locked(service: str, username: str, password: str) -> None:
        raise keyring.errors.KeyringLocked("the keyring is locked")

    memory_keyring.set_password = locked  # type: ignore[method-assign]
    with pytest.raises(CredentialStoreUnavailable, match="Unlock the keyring"):
        store_token("dev-1", Token(SECRET))


class SecondBestKeyring(SessionOnlyKeyring):
    """A viable backend ranked below keyrings.alt's plain-text file, as an OS keyring may be."""

    @properties.classproperty
    def priority(cls) -> float:
        return 0.2


def test_a_chain_never_writes_the_token_to_the_plain_text_file(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    # keyring chains every viable backend, best first: here the plain-text file, then ours.
    plain_file = tmp_path / "keyring_pass.cfg"
    monkeypatch.setattr(PlaintextKeyring, "file_path", str(plain_file))
    plain, second_best = PlaintextKeyring(), SecondBestKeyring()
    monkeypatch.setattr(chainer.ChainerBackend, "backends", [plain, second_best])
    keyring.set_keyring(chainer.ChainerBackend())

    store_token("dev-1", Token(SECRET))

    assert second_best.secrets == {(KEYRING_SERVICE, "dev-1"): SECRET}
    assert not plain_file.exists()
    assert load_token("dev-1") == Token(SECRET)


def test_the_session_keyring_is_never_chosen_by_itself() -> None:
    # Importing the class (the demo, the tests) must not make keyring discover it.
    assert not SessionOnlyKeyring.viable
    viable = {type(b) for b in keyring.backend.get_all_keyring()}
    assert SessionOnlyKeyring not in viable


def test_a_configured_backend_that_cannot_load_is_a_clear_refusal(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # As keyring does for PYTHON_KEYRING_BACKEND=keyrings.alt.file.EncryptedKeyring without
    # pycryptodome: the backend's priority check raises while loading.
    def cannot_load() -> keyring.backend.KeyringBackend:
        raise RuntimeError("pycryptodome/x required")

    monkeypatch.setattr(keyring, "get_keyring", cannot_load)
    with pytest.raises(CredentialStoreUnavailable, match=r"cannot be loaded .*pycryptodome"):
        load_token("dev-1")
