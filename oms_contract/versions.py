"""The contract's version and its compatibility rule (seed 003 names interface version
compatibility as a risk: fleets upgrade station by station).

Every request and every answer carries ``X-WMS-Contract: <version>``; a request without it
is version 1 (stations from before the header). The rule, in docs/oms-api.md:

- **Readers of the other side's output tolerate fields they do not know** (from version 2):
  the station reads the OMS's answers and feed entries with :data:`TOLERANT` (unknown fields
  are kept in ``model_extra``, not lost, and change nothing the station does).
- **The OMS is upgraded first and answers each station in its own version**, back to
  :data:`OLDEST_SUPPORTED`: a station of version 1 refuses unknown fields, so the OMS sends it
  only the fields version 1 knows (:func:`known_to`).
- **The OMS's own input stays strict**: an event, an enrolment or a stock snapshot with a
  field the OMS does not know is refused (422), because accepting it would drop what the
  field says and apply the rest (a stock movement booked without its qualifier). A station
  newer than the OMS is refused as a whole before its body is read (409
  ``CONTRACT_VERSION_TOO_NEW``): its events stay queued until the OMS is upgraded.
"""

from __future__ import annotations

from typing import Any, Final, Literal

from pydantic import BaseModel

CONTRACT_VERSION: Final = 4
"""This build's version. 1: before the header, readers refuse unknown fields. 2: the header;
readers tolerate unknown fields; the OMS answers version-1 stations in version 1. 3: an
outbound command's item may name the batch to ship (``OutboundItem.batch_no``); a station
older than 3 would ignore it and ship any batch, so the OMS withholds such a command from it
(``oms_server.services.feed.body_for_reader``); and a receipt line's ``disposition`` (returns:
RESTOCK, DAMAGED, QUARANTINE), which the OMS leaves out for version-1 stations (version 2
ignores it; the movements carry what every station books).
4: order claims (oms_contract/claims.py): the claim endpoints and the feed's ``order_claimed``,
``order_claim_released`` and ``claim_conflict`` entries, which the OMS never serves to an older
station (it does not know their kind)."""

OLDEST_SUPPORTED: Final = 1
"""The oldest station version the OMS still answers in its own form."""

CONTRACT_HEADER: Final = "X-WMS-Contract"

TOLERANT: Final[Literal["allow"]] = "allow"
"""How a reader validates the other side's output: unknown fields are kept, not refused."""

ADDED_IN: Final = "added_in"
"""``Field(json_schema_extra={"added_in": N})`` marks a field a later version added: the OMS
leaves it out for stations older than N. Version 3 marks ``OutboundItem.batch_no`` and
``InboundReceivedLine.disposition``; a field whose value changes what the station must do
(``batch_no``) is not merely left out when it is set: the OMS withholds the whole entry from an
older reader (see the feed service)."""


def requested_version(header: str | None) -> int | None:
    """The version a request declares (1 without the header); None if it is not a number."""
    if header is None:
        return 1
    text = header.strip()
    if not text.isdigit() or len(text) > 6:
        return None
    return int(text)


def known_to(model: BaseModel, version: int) -> dict[str, Any]:
    """``model`` as JSON values a reader of ``version`` accepts: fields unknown to this build
    (kept in ``model_extra`` by a tolerant read) and fields added after ``version`` are left
    out, at every depth."""
    dumped = model.model_dump(mode="json")
    _prune(model, dumped, version)
    return dumped


def _added_after(model: BaseModel, version: int) -> set[str]:
    later = set()
    for name, field in type(model).model_fields.items():
        extra = field.json_schema_extra
        added = extra.get(ADDED_IN) if isinstance(extra, dict) else None
        if isinstance(added, int) and added > version:
            later.add(name)
    return later


def _prune(value: Any, dumped: Any, version: int) -> None:
    if isinstance(value, BaseModel) and isinstance(dumped, dict):
        for name in set(value.model_extra or {}) | _added_after(value, version):
            dumped.pop(name, None)
        for name in type(value).model_fields:
            if name in dumped:
                _prune(getattr(value, name), dumped[name], version)
    elif isinstance(value, list | tuple) and isinstance(dumped, list):
        for item, dumped_item in zip(value, dumped, strict=False):
            _prune(item, dumped_item, version)
    elif isinstance(value, dict) and isinstance(dumped, dict):
        for key, item in value.items():
            if key in dumped:
                _prune(item, dumped[key], version)
