"""The checked-in contract (oms_contract/openapi.json) must match what the server serves."""

from __future__ import annotations

from oms_server.export_openapi import OPENAPI_PATH, generate_openapi, render


def test_checked_in_openapi_matches_the_app() -> None:
    assert OPENAPI_PATH.read_text(encoding="utf-8") == render(generate_openapi()), (
        "oms_contract/openapi.json drifted: run `python -m oms_server.export_openapi`"
    )


def test_every_error_answer_is_documented_as_error_body() -> None:
    schema = generate_openapi()
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            for status, response in operation["responses"].items():
                if int(status) >= 400:
                    ref = response["content"]["application/json"]["schema"]["$ref"]
                    assert ref.endswith("/ErrorBody"), (method, path, status)
    assert "HTTPValidationError" not in schema["components"]["schemas"]
