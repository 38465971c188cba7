"""Writes the app's OpenAPI schema to ``oms_contract/openapi.json`` (``--check``: compare only).

python -m oms_server.export_openapi          # regenerate after changing the API
python -m oms_server.export_openapi --check  # exit 1 when the checked-in file drifted
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import oms_contract
from oms_server.app import create_app, server_context_of

OPENAPI_PATH = Path(oms_contract.__file__).parent / "openapi.json"


def generate_openapi() -> dict[str, Any]:
    # An in-memory database: the schema does not depend on the data.
    app = create_app("sqlite://", admin_key="schema-export")
    try:
        return app.openapi()
    finally:
        server_context_of(app).db.dispose()


def render(schema: dict[str, Any]) -> str:
    return json.dumps(schema, indent=2, ensure_ascii=False) + "\n"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--check", action="store_true")
    parser.add_argument("--output", type=Path, default=OPENAPI_PATH)
    args = parser.parse_args(argv)
    text = render(generate_openapi())
    if args.check:
        current = args.output.read_text(encoding="utf-8") if args.output.exists() else ""
        if current != text:
            print(f"{args.output} is out of date: run python -m oms_server.export_openapi")
            return 1
        return 0
    args.output.write_text(text, encoding="utf-8")
    print(f"wrote {args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
