"""HTTP client for the OMS station endpoints (enrol, feed, push, reconciliation).

Every failure leaves as one of the typed errors in :mod:`sync.errors`, so the engine decides
between "retry later", "re-enrol" and "tell a person" without looking at HTTP details. TLS is
always verified: against the configured CA bundle, or the system's trust store.
"""

from __future__ import annotations

import email.utils
import logging
import ssl
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final, TypeVar

import httpx
from pydantic import BaseModel, ValidationError

from oms_contract import API_PREFIX
from oms_contract.claims import (
    ClaimBlockAnswer,
    ClaimBlockRequest,
    ClaimReassign,
    ClaimRelease,
    ClaimRenewal,
    ClaimRenewalAnswer,
    ClaimRequest,
    ClaimState,
)
from oms_contract.events import EventEnvelope
from oms_contract.station_versions import STATION_VERSION_HEADER, StationVersions
from oms_contract.sync_api import (
    EnrolConfirmed,
    EnrolRequest,
    EnrolResponse,
    ErrorBody,
    PushRequest,
    PushResponse,
    ReconciliationResult,
    StationProgress,
    StationReport,
    StationReportAnswer,
    StockSnapshot,
    TokenRotated,
)
from oms_contract.versions import CONTRACT_HEADER, CONTRACT_VERSION, TOLERANT
from sync.credentials import Token
from sync.errors import (
    AuthError,
    ContractError,
    RejectedRequest,
    TransientCause,
    TransientError,
    validation_summary,
)
from sync.feed_page import TolerantFeedPage, parse_feed_page

log = logging.getLogger("wms.sync.client")

DEFAULT_TIMEOUT: Final = httpx.Timeout(30.0, connect=5.0)
Model = TypeVar("Model", bound=BaseModel)


@dataclass(frozen=True)
class ProxyChoice:
    """How requests reach the OMS: the system's proxy settings (HTTPS_PROXY, NO_PROXY, ...)
    by default, or one proxy URL, or none at all (``system=False`` without a URL)."""

    url: str | None = None
    system: bool = True

    def httpx_arguments(self) -> dict[str, Any]:
        # trust_env also reads SSL_CERT_FILE; the CA bundle is passed as verify= either way.
        return {"proxy": self.url, "trust_env": self.system and self.url is None}


def tls_verification(ca_bundle: Path | None) -> ssl.SSLContext | bool:
    """``verify=`` for httpx: the site's CA bundle if configured, else the system trust."""
    if ca_bundle is None:
        return True
    return ssl.create_default_context(cafile=str(ca_bundle))


def _is_tls_failure(exc: BaseException) -> bool:
    """An ``ssl`` error anywhere behind an httpx transport error (handshake, protocol)."""
    current: BaseException | None = exc
    for _ in range(5):
        if current is None:
            return False
        if isinstance(current, ssl.SSLError):
            return True
        current = current.__cause__ or current.__context__
    return False


def _json_body(model: BaseModel) -> dict[str, Any]:
    """``httpx`` arguments for a model as the request body, serialized by pydantic in one
    pass (no dict of Python values and ``json.dumps`` in between)."""
    return {
        "content": model.model_dump_json().encode(),
        "headers": {"Content-Type": "application/json"},
    }


def retry_after_seconds(value: str | None, now: float | None = None) -> float | None:
    """Retry-After as seconds: either delta-seconds or an HTTP date."""
    if not value:
        return None
    value = value.strip()
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - (time.time() if now is None else now))


class OmsClient:
    """One OMS base URL, one station token (or none, for enrolment)."""

    def __init__(
        self,
        base_url: str,
        token: Token | None = None,
        *,
        ca_bundle: Path | None = None,
        proxy: ProxyChoice = ProxyChoice(),
        timeout: httpx.Timeout = DEFAULT_TIMEOUT,
        transport: httpx.BaseTransport | None = None,
        station_version: str | None = None,
    ) -> None:
        # Every request says which contract version the station speaks (oms_contract/versions.py).
        headers = {"Accept": "application/json", CONTRACT_HEADER: str(CONTRACT_VERSION)}
        if station_version is not None:
            # ... and its software version, for the OMS's update policy (sync.versions).
            headers[STATION_VERSION_HEADER] = station_version
        if token is not None:
            headers["Authorization"] = f"Bearer {token.reveal()}"
        self._http = httpx.Client(
            base_url=base_url.rstrip("/") + API_PREFIX,
            headers=headers,
            timeout=timeout,
            verify=tls_verification(ca_bundle),
            transport=transport,
            **proxy.httpx_arguments(),
            follow_redirects=False,
        )

    def __enter__(self) -> OmsClient:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def close(self) -> None:
        self._http.close()

    def __repr__(self) -> str:
        # Never show the headers: they carry the token.
        return f"OmsClient({str(self._http.base_url)!r})"

    # --- endpoints ------------------------------------------------------------------------

    def enrol(self, request: EnrolRequest) -> EnrolResponse:
        response = self._send("POST", "/stations/enrol", **_json_body(request))
        return self._parse(response, EnrolResponse)

    def confirm_enrolment(self) -> EnrolConfirmed:
        """With the new (pending) token: the station kept it, the key's use may count."""
        response = self._send("POST", "/stations/enrol/confirm")
        return self._parse(response, EnrolConfirmed)

    def report(self, report: StationReport) -> StationReportAnswer:
        response = self._send("POST", "/stations/me/report", **_json_body(report))
        return self._parse(response, StationReportAnswer)

    def rotate_token(self) -> TokenRotated:
        """A new token; the current one works until the new one is first used."""
        response = self._send("POST", "/stations/me/token")
        return self._parse(response, TokenRotated)

    def feed(
        self, warehouse_id: str, after: int, limit: int, *, wait_s: int = 0
    ) -> TolerantFeedPage:
        """``wait_s`` > 0: a long-poll, the OMS answers once there is an entry (or the time
        ran out); the client's read timeout must be longer (sync/live_feed.py)."""
        params = {"after": after, "limit": limit}
        if wait_s > 0:
            params["wait_s"] = wait_s
        response = self._send("GET", f"/warehouses/{warehouse_id}/feed", params=params)
        return parse_feed_page(self._json(response))

    def station_progress(self) -> StationProgress:
        """How far the OMS has this station's events (a restore compares its backup)."""
        return self._parse(self._send("GET", "/stations/me/progress"), StationProgress)

    def station_versions(self, warehouse_id: str) -> StationVersions | None:
        """The warehouse's minimum and recommended station versions; None from an OMS that
        publishes none (older than this endpoint: 404)."""
        try:
            response = self._send("GET", f"/warehouses/{warehouse_id}/station-versions")
        except RejectedRequest as exc:
            if exc.status_code == 404 and exc.body.error_code in {"NOT_FOUND", "HTTP_404"}:
                return None
            raise
        return self._parse(response, StationVersions)

    def push(self, events: list[EventEnvelope]) -> PushResponse:
        response = self._send("POST", "/events", **_json_body(PushRequest(events=events)))
        return self._parse(response, PushResponse)

    def reconcile(self, snapshot: StockSnapshot) -> ReconciliationResult:
        response = self._send(
            "POST",
            f"/warehouses/{snapshot.warehouse_id}/reconciliation",
            **_json_body(snapshot),
        )
        return self._parse(response, ReconciliationResult)

    # --- order claims (#14; oms_contract/claims.py) --------------------------------------

    def claim(self, order_no: str) -> ClaimState:
        request = ClaimRequest(order_no=order_no)
        return self._parse(self._send("POST", "/claims", **_json_body(request)), ClaimState)

    def renew_claims(self, order_nos: list[str]) -> ClaimRenewalAnswer:
        request = ClaimRenewal(order_nos=order_nos)
        response = self._send("POST", "/claims/renew", **_json_body(request))
        return self._parse(response, ClaimRenewalAnswer)

    def release_claim(self, order_no: str) -> None:
        """Idempotent at the OMS: releasing a claim one does not hold changes nothing."""
        self._send("POST", "/claims/release", **_json_body(ClaimRelease(order_no=order_no)))

    def block_claims(self, order_nos: list[str], lease_s: int, granted_by: str) -> ClaimBlockAnswer:
        request = ClaimBlockRequest(order_nos=order_nos, lease_s=lease_s, granted_by=granted_by)
        response = self._send("POST", "/claims/block", **_json_body(request))
        return self._parse(response, ClaimBlockAnswer)

    def reassign_claim(
        self, order_no: str, to_device_id: str | None, granted_by: str
    ) -> ClaimState | None:
        """The OMS's answer as a claim state when it gives one (tolerant: an empty body is
        a plain acknowledgement)."""
        request = ClaimReassign(order_no=order_no, to_device_id=to_device_id, granted_by=granted_by)
        response = self._send("POST", "/claims/reassign", **_json_body(request))
        if not response.content or response.content.strip() in (b"", b"null", b"{}"):
            return None
        return self._parse(response, ClaimState)

    # --- plumbing -------------------------------------------------------------------------

    def _send(self, method: str, path: str, **kwargs: Any) -> httpx.Response:
        try:
            response = self._http.request(method, path, **kwargs)
        except httpx.TimeoutException as exc:
            raise TransientError(f"The OMS did not answer in time ({type(exc).__name__}).") from exc
        except httpx.ConnectError as exc:
            if "CERTIFICATE_VERIFY_FAILED" in str(exc):
                # Not the network's fault: the station does not trust the OMS's certificate.
                raise TransientError(
                    "The OMS's TLS certificate is not trusted by this station. If the OMS uses "
                    "a company CA, set ca_bundle in the station settings (or --ca-bundle).",
                    cause="tls",
                ) from exc
            cause: TransientCause = "tls" if _is_tls_failure(exc) else "unreachable"
            raise TransientError(
                f"Cannot reach the OMS ({type(exc).__name__}: {exc}).", cause=cause
            ) from exc
        except httpx.TransportError as exc:
            # Connect errors, dropped connections, TLS failures: the request may or may not
            # have reached the OMS; the event ids make a resend safe.
            raise TransientError(
                f"Cannot reach the OMS ({type(exc).__name__}: {exc}).",
                cause="tls" if _is_tls_failure(exc) else "unreachable",
            ) from exc
        self._raise_for_status(response)
        return response

    def _raise_for_status(self, response: httpx.Response) -> None:
        status = response.status_code
        if status < 400:
            return
        body = self._error_body(response)
        if status == 401:
            reason = f" ({body.error_code}: {body.message})" if body else ""
            raise AuthError(
                f"The OMS does not accept this station's credentials{reason}: "
                "enrol the station again.",
                body,
            )
        if status == 429 or status >= 500:
            retry_after = retry_after_seconds(response.headers.get("Retry-After"))
            if retry_after is None and body is not None:
                retry_after = body.retry_after_s
            detail = f"{body.error_code}: {body.message}" if body else response.reason_phrase
            raise TransientError(
                f"The OMS is busy or failing ({status} {detail}).", retry_after, cause="server"
            )
        if body is None:
            body = ErrorBody(
                error_code=f"HTTP_{status}", message=response.reason_phrase or "refused"
            )
        raise RejectedRequest(status, body)

    @staticmethod
    def _error_body(response: httpx.Response) -> ErrorBody | None:
        try:
            return ErrorBody.model_validate_json(response.content, extra=TOLERANT)
        except ValidationError:
            return None

    def _json(self, response: httpx.Response) -> Any:
        try:
            return response.json()
        except ValueError as exc:
            log.error("OMS %s answered with a body that is not JSON", response.request.url.path)
            raise ContractError(
                f"The OMS answered {response.request.url.path} with a body that is not JSON."
            ) from exc

    def _parse(self, response: httpx.Response, model: type[Model]) -> Model:
        # Validated straight from the bytes (pydantic's JSON parser): no dict of the whole
        # answer built in Python first. Fields a newer OMS added are tolerated (kept in
        # model_extra, used by nothing): the contract's compatibility rule.
        try:
            return model.model_validate_json(response.content, extra=TOLERANT)
        except ValidationError as exc:
            if any(error["type"] == "json_invalid" for error in exc.errors()):
                path = response.request.url.path
                log.error("OMS %s answered with a body that is not JSON", path)
                raise ContractError(
                    f"The OMS answered {path} with a body that is not JSON."
                ) from exc
            summary = validation_summary(exc)
            log.error("OMS answer breaks the contract (%s): %s", model.__name__, summary)
            raise ContractError(
                f"The OMS answer to {response.request.url.path} breaks the contract: {summary}"
            ) from exc
