"""`wms-floor check` exits non-zero, with a code of its own, for each unhealthy state (#17.12),
and its help and the README list the same codes."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import keyring
import pytest
from keyring.backends import fail

from local_db.models import ExceptionRecord
from local_db.store import open_store
from station.exit_codes import MEANINGS, ExitCode
from station.main import main
from sync.credentials import SessionOnlyKeyring, Token, store_token
from sync.state import STATION_ID, write_state

ROOT = Path(__file__).resolve().parents[2]
DEVICE = "ST-0A1B2C3D4E5F"


@pytest.fixture
def memory_keyring() -> Iterator[SessionOnlyKeyring]:
    previous = keyring.get_keyring()
    backend = SessionOnlyKeyring()
    keyring.set_keyring(backend)
    try:
        yield backend
    finally:
        keyring.set_keyring(previous)


@pytest.fixture
def enrolled_store(tmp_path: Path) -> Path:
    db = tmp_path / "station.sqlite3"
    store = open_store(db)
    with store.unit_of_work() as uow:
        write_state(uow.session, STATION_ID, DEVICE)
        uow.commit()
    store.close()
    return db


def check(db: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    code = main(["check", "--db", str(db)])
    return code, capsys.readouterr().out


def test_healthy_station_exits_0(
    enrolled_store: Path, memory_keyring: SessionOnlyKeyring, capsys: pytest.CaptureFixture[str]
) -> None:
    store_token(DEVICE, Token("st_" + "x" * 40))
    code, out = check(enrolled_store, capsys)
    assert code == ExitCode.OK == 0
    assert "present in the OS keyring" in out


def test_not_enrolled_exits_10(
    tmp_path: Path, memory_keyring: SessionOnlyKeyring, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out = check(tmp_path / "station.sqlite3", capsys)
    assert code == ExitCode.NOT_ENROLLED == 10
    assert "not enrolled" in out


def test_keyring_unavailable_exits_11(
    enrolled_store: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    previous = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    try:
        code, out = check(enrolled_store, capsys)
    finally:
        keyring.set_keyring(previous)
    assert code == ExitCode.KEYRING_UNAVAILABLE == 11
    assert "token:            UNAVAILABLE" in out


def test_token_missing_exits_12(
    enrolled_store: Path, memory_keyring: SessionOnlyKeyring, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out = check(enrolled_store, capsys)
    assert code == ExitCode.TOKEN_MISSING == 12
    assert "MISSING from the keyring" in out


def test_codes_are_distinct_and_documented_in_help_and_readme(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert len({int(code) for code in ExitCode}) == len(ExitCode)
    with pytest.raises(SystemExit):
        main(["check", "--help"])
    help_text = capsys.readouterr().out
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for code in ExitCode:
        assert f"{int(code):>2}  {MEANINGS[code]}" in help_text
        assert f"| `{int(code)}` | {MEANINGS[code]} |" in readme


def test_check_lists_the_open_exceptions_by_type(
    enrolled_store: Path, memory_keyring: SessionOnlyKeyring, capsys: pytest.CaptureFixture[str]
) -> None:
    store_token(DEVICE, Token("st_" + "x" * 40))
    store = open_store(enrolled_store)
    with store.unit_of_work() as uow:
        for kind in ("SHORT_PICK", "STOCK_SHORTAGE", "SHORT_PICK"):
            uow.session.add(ExceptionRecord(exception_type=kind))
        uow.session.add(ExceptionRecord(exception_type="FEED_REFUSED", status="resolved"))
        uow.commit()
    store.close()
    _code, out = check(enrolled_store, capsys)
    assert "open exceptions:  3\n" in out
    assert "  SHORT_PICK:                 2\n" in out
    assert "  STOCK_SHORTAGE:             1\n" in out
    assert "FEED_REFUSED" not in out
