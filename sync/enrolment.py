"""Enrolling a station with the OMS: one enrolment key in, a device id and a token out.

The device id, warehouse and OMS URL go into ``sync_state``; the token goes into the OS
keyring only. Nothing is spent on a token the station cannot keep:

1. the keyring is probed (a throw-away secret stored and read back, prompts refused)
   *before* the OMS is called;
2. the OMS answers a *pending* enrolment; the token is stored in the keyring and read back;
3. only then the station confirms with that token, and the OMS counts the key's use (and
   revokes the token of the device this store was enrolled as before).

If step 2 or 3 fails the pending enrolment expires at the OMS: the key stays usable and no
station is left behind.
"""

from __future__ import annotations

import logging
from pathlib import Path

import httpx
from pydantic import ValidationError

from local_db.store import Store
from oms_contract.sync_api import EnrolRequest
from sync.client import OmsClient, ProxyChoice
from sync.credentials import Token, forget_token, store_token, usable_backend
from sync.errors import AuthError, ContractError, TransientError, validation_summary
from sync.oms_url import InsecureOmsUrl, check_oms_url
from sync.state import OMS_URL, STATION_ID, WAREHOUSE_ID, read_all_state, write_state

log = logging.getLogger("wms.sync.enrolment")


_CONFIRM_ATTEMPTS = 3


class EnrolmentError(Exception):
    """The enrolment cannot go ahead; the message says why and what to do."""


def _confirm(
    oms_url: str,
    token: Token,
    ca_bundle: Path | None,
    transport: httpx.BaseTransport | None,
    proxy: ProxyChoice,
) -> None:
    """Confirming is idempotent at the OMS, so a lost answer is simply asked again."""
    with OmsClient(oms_url, token, ca_bundle=ca_bundle, proxy=proxy, transport=transport) as client:
        for attempt in range(1, _CONFIRM_ATTEMPTS + 1):
            try:
                client.confirm_enrolment()
                return
            except TransientError:
                if attempt == _CONFIRM_ATTEMPTS:
                    raise
                log.info("Confirming the enrolment failed (attempt %d); trying again", attempt)
            except AuthError as exc:
                reason = f"{exc.body.error_code}: {exc.body.message}" if exc.body else str(exc)
                raise EnrolmentError(
                    f"The OMS did not confirm the enrolment ({reason}). Enrol again; ask the "
                    "OMS administrator for a new key if this one has been used up."
                ) from exc


def enroll(  # noqa: PLR0917 (the signature the team brief agreed on)
    store: Store,
    oms_url: str,
    warehouse_id: str,
    enrolment_key: str,
    station_name: str = "",
    ca_bundle: Path | None = None,
    *,
    transport: httpx.BaseTransport | None = None,
    allow_insecure_http: bool = False,
    proxy: ProxyChoice = ProxyChoice(),  # noqa: B008 - frozen, so one default is safe
) -> str:
    """Enrol this station's store with the OMS and return the new device id.

    Raises :class:`EnrolmentError`, :class:`sync.credentials.CredentialStoreUnavailable` or
    one of :mod:`sync.errors`; on any of them the store is unchanged.
    """
    try:
        # Before anything is sent: over plain http:// the key and the token would travel in clear.
        check_oms_url(oms_url, allow_insecure_http=allow_insecure_http)
    except InsecureOmsUrl as exc:
        raise EnrolmentError(str(exc)) from None
    with store.read_session() as session:
        previous = read_all_state(session)
    old_device = previous.get(STATION_ID)
    try:
        request = EnrolRequest(
            enrolment_key=enrolment_key,
            warehouse_id=warehouse_id,
            station_name=station_name,
            replaces_device_id=old_device,
        )
    except ValidationError as exc:
        raise EnrolmentError(f"Cannot enrol: {validation_summary(exc)}") from None
    enrolled_for = previous.get(WAREHOUSE_ID)
    if enrolled_for is not None and enrolled_for != request.warehouse_id:
        raise EnrolmentError(
            f"This station's store belongs to warehouse {enrolled_for}; it cannot be enrolled "
            f"for {request.warehouse_id}. Use a new store (--db) for another warehouse."
        )
    usable_backend()

    with OmsClient(oms_url, ca_bundle=ca_bundle, proxy=proxy, transport=transport) as client:
        try:
            answer = client.enrol(request)
        except AuthError as exc:
            reason = f"{exc.body.error_code}: {exc.body.message}" if exc.body else str(exc)
            raise EnrolmentError(
                f"The OMS refused the enrolment key ({reason}). Ask the OMS administrator "
                "for a valid key."
            ) from exc
    if answer.warehouse_id != request.warehouse_id:
        raise ContractError(
            f"The OMS enrolled the station for warehouse {answer.warehouse_id}, "
            f"not {request.warehouse_id}."
        )
    token = Token(answer.token)
    store_token(answer.device_id, token)  # reads it back: raises unless it is kept
    try:
        _confirm(oms_url, token, ca_bundle, transport, proxy)
    except BaseException:
        forget_token(answer.device_id)
        raise
    with store.unit_of_work() as uow:
        write_state(uow.session, STATION_ID, answer.device_id)
        write_state(uow.session, WAREHOUSE_ID, answer.warehouse_id)
        write_state(uow.session, OMS_URL, oms_url.rstrip("/"))
        uow.commit()
    if old_device is not None and old_device != answer.device_id:
        forget_token(old_device)
    log.info("Enrolled as device %s for warehouse %s", answer.device_id, answer.warehouse_id)
    return answer.device_id
