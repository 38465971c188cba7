"""What can go wrong talking to the OMS, sorted by what the station should do about it."""

from __future__ import annotations

from typing import Literal

from pydantic import ValidationError

from oms_contract.sync_api import ErrorBody


class OmsError(Exception):
    """Base of every OMS sync failure; ``str()`` is an operator-readable message."""


TransientCause = Literal["unreachable", "tls", "server"]


class TransientError(OmsError):
    """Try again later: no connection, a timeout, 429 or a 5xx. Nothing was decided.

    ``cause``: ``unreachable`` (no connection, timeout, dropped), ``tls`` (the OMS's
    certificate is not trusted, or TLS failed), ``server`` (the OMS answered 429 / 5xx)."""

    def __init__(
        self,
        message: str,
        retry_after_s: float | None = None,
        *,
        cause: TransientCause = "unreachable",
    ) -> None:
        super().__init__(message)
        self.retry_after_s = retry_after_s
        self.cause: TransientCause = cause


class AuthError(OmsError):
    """401: the OMS no longer knows this station's token; the station must be enrolled again
    (or, when enrolling, the enrolment key was refused)."""

    def __init__(self, message: str, body: ErrorBody | None = None) -> None:
        super().__init__(message)
        self.body = body


class ContractError(OmsError):
    """The OMS answered something that is not the agreed contract. Logged, nothing changed."""


class FeedCursorRefused(ContractError):
    """The feed page would move the station's cursor past entries it never received."""


class RejectedRequest(OmsError):
    """A 4xx with the OMS's error body: the request itself was refused."""

    def __init__(self, status_code: int, body: ErrorBody) -> None:
        super().__init__(
            f"OMS refused the request ({status_code} {body.error_code}): {body.message}"
        )
        self.status_code = status_code
        self.body = body


def validation_summary(error: ValidationError, limit: int = 5) -> str:
    """Where and why a payload failed validation, without the values (they may be personal)."""
    problems = [
        f"{'.'.join(str(part) for part in item['loc']) or '<root>'}: {item['msg']}"
        for item in error.errors(include_input=False, include_url=False)[:limit]
    ]
    more = error.error_count() - len(problems)
    return "; ".join(problems) + (f" (+{more} more)" if more > 0 else "")
