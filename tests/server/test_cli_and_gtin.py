"""Small pieces: GS1 check digits, CLI arguments, demo seeding once."""

from __future__ import annotations

import pytest

from oms_server.cli import parse_args
from oms_server.demo import demo_skus, seed_demo
from oms_server.gtin import is_valid_gtin, make_gtin13
from tests.server.driver import OmsDriver


@pytest.mark.parametrize(
    "code", ["4006381333931", "5901234123457", "036000291452", "96385074", "10614141000415"]
)
def test_real_gtins_are_valid(code: str) -> None:
    assert is_valid_gtin(code)


@pytest.mark.parametrize("code", ["4006381333932", "590123412345", "ABCDEFGHIJKLM", ""])
def test_wrong_gtins_are_invalid(code: str) -> None:
    assert not is_valid_gtin(code)


def test_make_gtin13_completes_the_check_digit() -> None:
    assert make_gtin13("400638133393") == "4006381333931"
    with pytest.raises(ValueError):
        make_gtin13("12345")


def test_demo_skus_carry_distinct_valid_gtin13s() -> None:
    codes = [barcode.code for sku in demo_skus() for barcode in sku.barcodes]
    assert len(set(codes)) == len(codes)
    assert all(len(code) == 13 and is_valid_gtin(code) for code in codes)


def test_admin_key_comes_from_the_environment_unless_given(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("OMS_ADMIN_KEY", "from-env-0123")
    assert parse_args([]).admin_key == "from-env-0123"
    assert parse_args(["--admin-key", "given-0123"]).admin_key == "given-0123"
    defaults = parse_args([])
    assert (defaults.host, defaults.demo, defaults.fault_injection) == ("127.0.0.1", False, False)


def test_demo_data_is_seeded_once(demo_oms: OmsDriver) -> None:
    assert demo_oms.db is not None
    station = demo_oms.enrol()
    head = demo_oms.feed(station).next_cursor
    assert seed_demo(demo_oms.db) is False
    assert demo_oms.feed(station).next_cursor == head
