"""HTTP routes, one module per area; all under /api/v1."""

from __future__ import annotations

from typing import Any

from oms_contract.sync_api import ErrorBody

ERROR_RESPONSES: dict[int | str, dict[str, Any]] = {
    status: {"model": ErrorBody, "description": description}
    for status, description in {
        400: "Malformed JSON",
        401: "Missing or invalid credentials",
        422: "A field failed validation (`field` names it)",
        429: "Too many requests from this client (see Retry-After)",
        503: "Overloaded or database busy (see Retry-After)",
    }.items()
}


def responses(*extra: int) -> dict[int | str, dict[str, Any]]:
    descriptions = {403: "Another warehouse", 404: "Not found", 409: "A broken business rule"}
    merged = dict(ERROR_RESPONSES)
    for status in extra:
        merged[status] = {"model": ErrorBody, "description": descriptions[status]}
    return merged
