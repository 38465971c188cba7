"""The contract version on every request and answer (oms_contract/versions.py has the rule).

A request declares its version in ``X-WMS-Contract`` (none: version 1). A version this OMS
does not speak yet is refused before the body is read (409 ``CONTRACT_VERSION_TOO_NEW``: the
station keeps its events and retries; upgrade the OMS first); one that is not a number is a
400. The version is left in ``request.state.contract_version`` for the routes that answer
older stations in their own form, and every answer says this OMS's version.
"""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI
from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from oms_contract.versions import CONTRACT_HEADER, CONTRACT_VERSION, requested_version
from oms_server.errors import error_response

_HEADER_KEY = CONTRACT_HEADER.lower().encode("latin-1")
_ANSWER_VERSION = str(CONTRACT_VERSION)


class ContractVersionMiddleware:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = None
        for name, value in scope["headers"]:
            if name == _HEADER_KEY:
                declared = value.decode("latin-1")
        version = requested_version(declared)

        async def send_with_version(message: Message) -> None:
            if message["type"] == "http.response.start":
                MutableHeaders(scope=message)[CONTRACT_HEADER] = _ANSWER_VERSION
            await send(message)

        if version is None or version < 1:
            response = error_response(
                400, "CONTRACT_VERSION_INVALID", f"{CONTRACT_HEADER} must be a version number."
            )
        elif version > CONTRACT_VERSION:
            response = error_response(
                409,
                "CONTRACT_VERSION_TOO_NEW",
                f"This OMS speaks contract version {CONTRACT_VERSION}; the request is version "
                f"{version}. Upgrade the OMS before its stations (docs/oms-api.md).",
            )
        else:
            scope.setdefault("state", {})["contract_version"] = version
            await self.app(scope, receive, send_with_version)
            return
        response.headers["Connection"] = "close"  # the body was not read
        await response(scope, receive, send_with_version)


def document_contract_version(app: FastAPI) -> None:
    """The header in the OpenAPI: a parameter of every operation, a header of every answer."""
    build = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is not None:
            return app.openapi_schema
        schema = build()
        parameter = {
            "name": CONTRACT_HEADER,
            "in": "header",
            "required": False,
            "description": "The contract version the caller speaks (none: 1). A version above "
            f"this OMS's ({CONTRACT_VERSION}) is refused with 409 CONTRACT_VERSION_TOO_NEW; "
            "older stations are answered in their own version. See docs/oms-api.md.",
            "schema": {"type": "integer", "minimum": 1},
            "example": CONTRACT_VERSION,
        }
        header = {
            "description": "The contract version this OMS speaks.",
            "schema": {"type": "integer"},
            "example": CONTRACT_VERSION,
        }
        for operations in schema.get("paths", {}).values():
            for operation in operations.values():
                operation.setdefault("parameters", []).append(parameter)
                for answer in operation.get("responses", {}).values():
                    answer.setdefault("headers", {})[CONTRACT_HEADER] = header
        app.openapi_schema = schema
        return schema

    app.openapi = openapi  # type: ignore[method-assign]
