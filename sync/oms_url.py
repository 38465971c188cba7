"""The one rule for the OMS URL the station enrols and syncs with.

The enrolment key and the station's token travel in the request headers, so they must not
cross a network in clear: ``https://`` only. Plain ``http://`` is accepted to a loopback
address (the demo, the tests: the traffic never leaves the computer), or anywhere when a test
lab sets ``allow_insecure_http = true`` in the station settings (the engine then logs a
warning at every start).
"""

from __future__ import annotations

import ipaddress
from urllib.parse import urlsplit


class InsecureOmsUrl(ValueError):
    """The OMS URL is not https:// (nor an allowed http:// one); the message says what to do."""


def is_loopback_host(host: str) -> bool:
    if host.lower().rstrip(".") == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def is_plain_http(url: str) -> bool:
    return urlsplit(url.strip()).scheme.lower() == "http"


def check_oms_url(url: str, *, allow_insecure_http: bool = False) -> str:
    """``url`` without a trailing slash, or :class:`InsecureOmsUrl` saying why it is refused."""
    parts = urlsplit(url.strip())
    scheme = parts.scheme.lower()
    host = parts.hostname or ""
    if scheme not in ("https", "http") or not host:
        raise InsecureOmsUrl(f"The OMS URL must look like https://oms.example.com (got {url!r}).")
    if scheme == "http" and not (is_loopback_host(host) or allow_insecure_http):
        raise InsecureOmsUrl(
            f"The OMS URL must start with https:// (got {url!r}): over plain http:// the "
            "enrolment key and the station's token would cross the network in clear. "
            "http:// is accepted only to this computer (localhost, 127.0.0.1), or in a test "
            "lab with allow_insecure_http = true in the station settings."
        )
    return url.strip().rstrip("/")
