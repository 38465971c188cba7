"""``oms-server``: run the reference OMS; ``--demo`` seeds a warehouse to play with.

Prints machine-readable lines on stdout (``ENROLMENT_KEY=``, ``ADMIN_KEY=``, ``OMS_URL=``,
and with ``--demo`` ``DEMO_WAREHOUSE_ID=``) before serving, for scripts and test fixtures.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
from collections.abc import Sequence

import uvicorn

from oms_server.app import (
    DEFAULT_MAX_IN_FLIGHT,
    DEFAULT_PER_CLIENT_IN_FLIGHT,
    create_app,
    server_context_of,
)
from oms_server.demo import DEMO_WAREHOUSE_ID, seed_demo
from oms_server.http_protocol import HEAD_TIMEOUT_S, uvicorn_options
from oms_server.overload import BODY_TIMEOUT_S
from oms_server.services.enrolment import create_enrolment_key

DEFAULT_DATABASE_URL = "sqlite:///./oms.sqlite3"
GRACEFUL_SHUTDOWN_S = 10


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="oms-server", description=__doc__)
    parser.add_argument(
        "--host",
        default="127.0.0.1",
        help="address to listen on (default: 127.0.0.1, this machine only; 0.0.0.0 for all "
        "interfaces, behind a TLS-terminating reverse proxy)",
    )
    parser.add_argument(
        "--port", type=int, default=8700, help="TCP port to listen on (default: 8700)"
    )
    parser.add_argument(
        "--database-url",
        default=DEFAULT_DATABASE_URL,
        help="sqlite:///path.sqlite3 (default) or postgresql+psycopg://user@host/db",
    )
    parser.add_argument(
        "--admin-key",
        default=os.environ.get("OMS_ADMIN_KEY"),
        help="Key for OMS-side endpoints (X-Admin-Key); env OMS_ADMIN_KEY; random if unset.",
    )
    parser.add_argument("--demo", action="store_true", help="Seed demo data (once).")
    parser.add_argument(
        "--fault-injection",
        action="store_true",
        help="Test only: enable POST /api/v1/_faults (injected 429/503, dropped answers).",
    )
    parser.add_argument("--max-in-flight", type=int, default=DEFAULT_MAX_IN_FLIGHT)
    parser.add_argument("--per-client-in-flight", type=int, default=DEFAULT_PER_CLIENT_IN_FLIGHT)
    parser.add_argument(
        "--head-timeout-s",
        type=float,
        default=HEAD_TIMEOUT_S,
        help="Seconds a client may take to send a request head.",
    )
    parser.add_argument(
        "--body-timeout-s",
        type=float,
        default=BODY_TIMEOUT_S,
        help="Seconds a client may take to send a request body (408 after).",
    )
    parser.add_argument("--log-level", default="info")
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    logging.basicConfig(
        level=args.log_level.upper(),
        stream=sys.stderr,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )
    app = create_app(
        args.database_url,
        admin_key=args.admin_key,
        fault_injection=args.fault_injection,
        max_in_flight=args.max_in_flight,
        per_client_in_flight=args.per_client_in_flight,
        body_timeout_s=args.body_timeout_s,
    )
    context = server_context_of(app)
    with context.db.write_transaction() as session:
        enrolment_key = create_enrolment_key(session, None, label="printed at start")
    if args.demo:
        seed_demo(context.db)
        print(f"DEMO_WAREHOUSE_ID={DEMO_WAREHOUSE_ID}")
    print(f"ENROLMENT_KEY={enrolment_key}")
    print(f"ADMIN_KEY={context.admin_key}")
    print(f"OMS_URL=http://{args.host}:{args.port}")
    sys.stdout.flush()
    uvicorn.run(
        app,
        host=args.host,
        port=args.port,
        log_level="warning",
        access_log=False,
        timeout_graceful_shutdown=GRACEFUL_SHUTDOWN_S,
        **uvicorn_options(args.head_timeout_s),
    )
    context.db.dispose()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
