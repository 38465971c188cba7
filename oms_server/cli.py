"""``oms-server``: run the reference OMS; ``--demo`` seeds a warehouse to play with.

Prints machine-readable lines on stdout (``ADMIN_KEY=``, ``OMS_URL=``, and with ``--demo``
``DEMO_WAREHOUSE_ID=`` and ``ENROLMENT_KEY=``, a key for the demo warehouse) before serving,
for scripts and test fixtures. Outside the demo no enrolment key is made at start: an
administrator makes one per warehouse, with ``oms-server enrolment-key`` or the admin API.
"""

from __future__ import annotations

import argparse
import datetime as dt
import logging
import os
import sys
from collections.abc import Sequence

import uvicorn

from oms_contract.claims import DEFAULT_LEASE_S, MAX_BLOCK_LEASE_S
from oms_server.alert_schedule import DEFAULT_CHECK_INTERVAL_S
from oms_server.app import (
    DEFAULT_MAX_IN_FLIGHT,
    DEFAULT_PER_CLIENT_IN_FLIGHT,
    create_app,
    server_context_of,
)
from oms_server.claim_schedule import DEFAULT_SWEEP_INTERVAL_S
from oms_server.claims_cli import claims_command
from oms_server.db import Database
from oms_server.db_cli import EXIT_SCHEMA_TOO_NEW, db_command
from oms_server.demo import DEMO_WAREHOUSE_ID, demo_enrolment_key, seed_demo
from oms_server.errors import ApiError
from oms_server.fleet_cli import stations_command
from oms_server.http_protocol import HEAD_TIMEOUT_S, FeedWaitingServer, uvicorn_options
from oms_server.overload import BODY_TIMEOUT_S
from oms_server.retention_schedule import DEFAULT_KEEP_DAYS, MIN_KEEP_DAYS
from oms_server.schema_migrations import SchemaTooNew
from oms_server.services.enrolment import create_enrolment_key, ensure_warehouse

DEFAULT_DATABASE_URL = "sqlite:///./oms.sqlite3"
GRACEFUL_SHUTDOWN_S = 10


def _database_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--database-url",
        default=DEFAULT_DATABASE_URL,
        help="sqlite:///path.sqlite3 (default) or postgresql+psycopg://user@host/db",
    )


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="oms-server",
        description=__doc__,
        epilog="Other commands: oms-server enrolment-key --warehouse WH [...]; oms-server "
        "stations list|revoke|remove|rotate-token; oms-server claims list|grant|release; "
        "oms-server db upgrade|current|history (see their --help). Every start migrates the "
        "database to the newest schema first.",
    )
    parser.add_argument(
        "--host",
        default="127.0.0.1",
        help="address to listen on (default: 127.0.0.1, this machine only; 0.0.0.0 for all "
        "interfaces, behind a TLS-terminating reverse proxy)",
    )
    parser.add_argument(
        "--port", type=int, default=8700, help="TCP port to listen on (default: 8700)"
    )
    _database_option(parser)
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
    parser.add_argument(
        "--alert-check-interval-s",
        type=float,
        default=DEFAULT_CHECK_INTERVAL_S,
        help="Seconds between the scheduled alert checks (default: 60; 0: none, "
        "POST /api/v1/alerts/check runs one).",
    )
    parser.add_argument(
        "--sync-history-days",
        type=_history_days,
        default=DEFAULT_KEEP_DAYS,
        help="Feed entries every station acknowledged and rejected-event records older than "
        "this are pruned once a day (default: 90; 0: never; at least 31 otherwise, the "
        "monitoring window). Accepted event ids are kept forever.",
    )
    parser.add_argument(
        "--claim-lease-s",
        type=_lease_s,
        default=_lease_s(os.environ.get("OMS_CLAIM_LEASE_S", str(DEFAULT_LEASE_S))),
        help=f"An order claim's lease in seconds (default: {DEFAULT_LEASE_S}, env "
        "OMS_CLAIM_LEASE_S): a station that stops renewing loses its orders after this long.",
    )
    parser.add_argument(
        "--claim-sweep-interval-s",
        type=float,
        default=DEFAULT_SWEEP_INTERVAL_S,
        help="Seconds between the sweeps that record expired claims on the feed (default: "
        "60; 0: none; an expired claim is free either way).",
    )
    parser.add_argument("--log-level", default="info")
    return parser.parse_args(argv)


def _lease_s(text: str) -> int:
    if not text.strip().isdigit() or not 1 <= int(text) <= MAX_BLOCK_LEASE_S:
        raise argparse.ArgumentTypeError(
            f"a claim's lease: 1 to {MAX_BLOCK_LEASE_S} seconds, not {text!r}"
        )
    return int(text)


def _history_days(text: str) -> float:
    try:
        days = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number of days: {text!r}") from None
    if days != 0 and not MIN_KEEP_DAYS <= days <= 3650:
        raise argparse.ArgumentTypeError(
            f"{days:g} days: 0 (never prune) or {MIN_KEEP_DAYS:g} to 3650 days "
            "(monitoring reads up to 30 days of events)"
        )
    return days


def _key_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="oms-server enrolment-key",
        description="Make an enrolment key for one warehouse and print it (ENROLMENT_KEY=...). "
        "Give it to the IT person enrolling the stations; it is shown once.",
    )
    _database_option(parser)
    parser.add_argument("--warehouse", required=True, help="the warehouse id, e.g. WH01")
    parser.add_argument(
        "--create-warehouse",
        action="store_true",
        help="create the warehouse if it does not exist yet",
    )
    parser.add_argument("--max-uses", type=int, default=1, help="stations it may enrol (1)")
    parser.add_argument(
        "--expires-in-hours", type=float, default=24.0, help="lifetime of the key (24 h)"
    )
    parser.add_argument("--label", default="", help="a note for the audit, e.g. 'packing 3'")
    return parser


def enrolment_key_command(argv: Sequence[str]) -> int:
    args = _key_parser().parse_args(argv)
    db = Database(args.database_url)
    try:
        db.create_schema()
        with db.write_transaction() as session:
            if args.create_warehouse:
                ensure_warehouse(session, args.warehouse)
            key, row = create_enrolment_key(
                session,
                args.warehouse,
                label=args.label,
                max_uses=args.max_uses,
                lifetime=dt.timedelta(hours=args.expires_in_hours),
            )
            expires_at = row.expires_at
    except (ApiError, ValueError) as exc:
        print(f"oms-server enrolment-key: {exc}", file=sys.stderr)
        return 2
    finally:
        db.dispose()
    assert expires_at is not None
    print(f"ENROLMENT_KEY={key}")
    print(f"WAREHOUSE_ID={args.warehouse}")
    print(f"MAX_USES={args.max_uses}")
    print(f"EXPIRES_AT={expires_at.isoformat()}")
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    try:
        if argv[:1] == ["enrolment-key"]:
            return enrolment_key_command(argv[1:])
        if argv[:1] == ["stations"]:
            return stations_command(argv[1:])
        if argv[:1] == ["claims"]:
            return claims_command(argv[1:])
        if argv[:1] == ["db"]:
            return db_command(argv[1:])
        return serve(parse_args(argv))
    except SchemaTooNew as exc:
        # Every command migrates first: none may write to a schema it does not know.
        print(f"oms-server: {exc}", file=sys.stderr)
        return EXIT_SCHEMA_TOO_NEW


def serve(args: argparse.Namespace) -> int:
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
        alert_check_interval_s=args.alert_check_interval_s,
        sync_history_days=args.sync_history_days,
        claim_lease_s=args.claim_lease_s,
        claim_sweep_interval_s=args.claim_sweep_interval_s,
    )
    context = server_context_of(app)
    if args.demo:
        seed_demo(context.db)
        print(f"DEMO_WAREHOUSE_ID={DEMO_WAREHOUSE_ID}")
        # Demo only: a key for WH01 with a use limit and an expiry, printed for convenience.
        print(f"ENROLMENT_KEY={demo_enrolment_key(context.db)}")
    print(f"ADMIN_KEY={context.admin_key}")
    print(f"OMS_URL=http://{args.host}:{args.port}")
    sys.stdout.flush()
    config = uvicorn.Config(
        app,
        host=args.host,
        port=args.port,
        log_level="warning",
        access_log=False,
        timeout_graceful_shutdown=GRACEFUL_SHUTDOWN_S,
        **uvicorn_options(args.head_timeout_s),
    )
    FeedWaitingServer(config, context.feed_waiters).run()
    context.db.dispose()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
