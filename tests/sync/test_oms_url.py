"""#10.7: one rule for the OMS URL: https://, or http:// only to this computer or in a lab."""

from __future__ import annotations

import pytest

from sync.oms_url import InsecureOmsUrl, check_oms_url


@pytest.mark.parametrize(
    "url",
    [
        "https://oms.example.com/",
        "HTTPS://oms.example.com",
        "http://127.0.0.1:8700",
        "http://127.5.0.1:8700",
        "http://localhost:8700/",
        "http://[::1]:8700",
    ],
)
def test_accepted(url: str) -> None:
    assert check_oms_url(url) == url.strip().rstrip("/")


@pytest.mark.parametrize(
    "url",
    [
        "http://oms.example.com",
        "http://192.168.1.20:8700",
        "http://localhost.evil.example",
        "http://127.0.0.1.nip.io",
        "ftp://oms.example.com",
        "oms.example.com",
        "https://",
    ],
)
def test_refused(url: str) -> None:
    with pytest.raises(InsecureOmsUrl):
        check_oms_url(url)


def test_refusal_says_what_to_do() -> None:
    with pytest.raises(InsecureOmsUrl, match=r"must start with https://.*allow_insecure_http"):
        check_oms_url("http://oms.example.com")


def test_a_lab_setting_allows_plain_http() -> None:
    assert check_oms_url("http://oms.lab:8700/", allow_insecure_http=True) == "http://oms.lab:8700"
