"""The one error shape (``oms_contract.sync_api.ErrorBody``) for every non-2xx answer."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from sqlalchemy.exc import IntegrityError, OperationalError
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from oms_contract.sync_api import ErrorBody

log = logging.getLogger("wms.oms_server")


class ApiError(Exception):
    """A refusal with a stable ``error_code`` the client can act on."""

    def __init__(
        self,
        status_code: int,
        error_code: str,
        message: str,
        *,
        field: str | None = None,
        retry_after_s: float | None = None,
    ) -> None:
        super().__init__(message)
        self.status_code = status_code
        self.error_code = error_code
        self.message = message
        self.field = field
        self.retry_after_s = retry_after_s


class RuleViolation(ApiError):
    """A broken business rule: 409 on OMS-side calls, ``rejected`` for a pushed event."""

    def __init__(self, error_code: str, message: str) -> None:
        super().__init__(409, error_code, message)


class NotFound(ApiError):
    def __init__(self, error_code: str, message: str) -> None:
        super().__init__(404, error_code, message)


def error_response(
    status_code: int,
    error_code: str,
    message: str,
    *,
    field: str | None = None,
    retry_after_s: float | None = None,
) -> JSONResponse:
    body = ErrorBody(
        error_code=error_code, message=message[:500], field=field, retry_after_s=retry_after_s
    )
    headers = {}
    if retry_after_s is not None:
        headers["Retry-After"] = str(max(1, round(retry_after_s)))
    return JSONResponse(
        body.model_dump(mode="json"), status_code=status_code, headers=headers or None
    )


_HTTP_CODES = {
    400: "BAD_REQUEST",
    401: "UNAUTHORIZED",
    403: "FORBIDDEN",
    404: "NOT_FOUND",
    405: "METHOD_NOT_ALLOWED",
    413: "PAYLOAD_TOO_LARGE",
    415: "UNSUPPORTED_MEDIA_TYPE",
}


def _field_of(loc: Sequence[Any]) -> str:
    parts = [str(part) for part in loc]
    if parts and parts[0] in {"body", "query", "path", "header"}:
        parts = parts[1:]
    return ".".join(parts) or "body"


async def _on_api_error(_request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, ApiError)
    return error_response(
        exc.status_code,
        exc.error_code,
        exc.message,
        field=exc.field,
        retry_after_s=exc.retry_after_s,
    )


async def _on_validation_error(_request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    errors = list(exc.errors())
    first = errors[0] if errors else {"loc": (), "msg": "invalid request", "type": ""}
    if first.get("type") == "json_invalid":
        return error_response(
            400, "MALFORMED_JSON", "The request body is not valid JSON.", field="body"
        )
    field = _field_of(first.get("loc", ()))
    message = f"{field}: {first.get('msg', 'invalid value')}"
    if len(errors) > 1:
        message += f" (and {len(errors) - 1} more)"
    return error_response(422, "VALIDATION_FAILED", message, field=field)


async def _on_http_error(_request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, StarletteHTTPException)
    code = _HTTP_CODES.get(exc.status_code, "HTTP_ERROR")
    message = str(exc.detail) if exc.detail else code.replace("_", " ").lower()
    return error_response(exc.status_code, code, message)


async def _on_database_error(_request: Request, exc: Exception) -> JSONResponse:
    # A locked/busy database is the environment's fault: tell the client to come back.
    log.warning("database unavailable: %s", type(exc).__name__)
    return error_response(
        503, "DATABASE_BUSY", "The OMS database is busy; retry later.", retry_after_s=2
    )


async def _on_integrity_error(_request: Request, exc: Exception) -> JSONResponse:
    # Two writers raced on a unique key the warehouse lock does not cover (e.g. the same
    # command_id sent to two warehouses at once): the loser changed nothing and may retry.
    log.warning("unique key conflict: %s", type(exc).__name__)
    return error_response(
        409, "CONCURRENT_CONFLICT", "A concurrent request changed the same record; retry."
    )


class UnexpectedErrors:
    """A bug in a route answers 500 ``INTERNAL_ERROR`` and is logged once, with its traceback.

    Not an exception handler for ``Exception``: Starlette calls such a handler and then
    raises the exception again for the server, so uvicorn logged every bug a second time
    ("Exception in ASGI application") after the answer had gone out. Installed innermost of
    the middlewares, just outside the handlers of the known errors."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        answered = False

        async def watched_send(message: Message) -> None:
            nonlocal answered
            answered = answered or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, receive, watched_send)
        except Exception as exc:
            log.exception("unexpected error", exc_info=exc)
            if answered:
                raise  # too late for a 500: the server closes the connection
            response = error_response(500, "INTERNAL_ERROR", "The OMS hit an unexpected error.")
            await response(scope, receive, send)


def install_error_handlers(app: FastAPI) -> None:
    app.add_exception_handler(ApiError, _on_api_error)
    app.add_exception_handler(RequestValidationError, _on_validation_error)
    app.add_exception_handler(StarletteHTTPException, _on_http_error)
    app.add_exception_handler(OperationalError, _on_database_error)
    app.add_exception_handler(IntegrityError, _on_integrity_error)
    app.add_middleware(UnexpectedErrors)
