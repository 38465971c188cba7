"""``oms-server claims``: order claims straight on the OMS database, for IT and supervisors.

``list`` prints the live claims, one per line; ``grant ORDER DEVICE`` gives an order's claim
to a station of its warehouse (taking it from its holder), ``release ORDER`` frees it. Both
are audited like a supervisor's re-assignment (``--by``) and go on the warehouse's feed. A
refusal prints its error code on stderr and exits 2.
"""

from __future__ import annotations

import argparse
import getpass
import sys
from collections.abc import Sequence

from oms_contract.claims import DEFAULT_LEASE_S, MAX_BLOCK_LEASE_S
from oms_server.db import Database
from oms_server.errors import ApiError, NotFound
from oms_server.models import OutboundOrder, utc_now
from oms_server.schemas import ClaimView
from oms_server.services import claim_views, claims

_COLUMNS = (
    "order_no",
    "warehouse",
    "device_id",
    "station",
    "how",
    "granted_at",
    "lease_expires_at",
    "granted_by",
)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="oms-server claims", description=__doc__)
    parser.add_argument(
        "--database-url",
        default="sqlite:///./oms.sqlite3",
        help="sqlite:///path.sqlite3 (default) or postgresql+psycopg://user@host/db",
    )
    commands = parser.add_subparsers(dest="command", required=True)
    listing = commands.add_parser("list", help="the live claims, tab-separated")
    listing.add_argument("--warehouse", default=None, help="only this warehouse's claims")
    grant = commands.add_parser("grant", help="give an order's claim to a station")
    grant.add_argument("order_no")
    grant.add_argument("device_id")
    grant.add_argument(
        "--lease-s",
        type=_lease_s,
        default=DEFAULT_LEASE_S,
        metavar="SECONDS",
        help=f"the claim's lease (default {DEFAULT_LEASE_S}, at most {MAX_BLOCK_LEASE_S})",
    )
    release = commands.add_parser("release", help="free an order's claim")
    release.add_argument("order_no")
    for command in (grant, release):
        command.add_argument(
            "--by", default=None, help="who decided, for the audit (default: cli:<user>)"
        )
    return parser


def _lease_s(text: str) -> int:
    if not text.isdigit() or not 60 <= int(text) <= MAX_BLOCK_LEASE_S:
        raise argparse.ArgumentTypeError(f"60 to {MAX_BLOCK_LEASE_S} seconds, not {text!r}")
    return int(text)


def _row(view: ClaimView) -> str:
    values = (
        view.order_no,
        view.warehouse_id,
        view.device_id,
        view.station_name,
        view.how,
        view.granted_at.isoformat(timespec="seconds"),
        view.lease_expires_at.isoformat(timespec="seconds"),
        view.granted_by,
    )
    return "\t".join("-" if value is None or value == "" else str(value) for value in values)


def claims_command(argv: Sequence[str]) -> int:
    args = _parser().parse_args(argv)
    db = Database(args.database_url)
    try:
        db.create_schema()
        if args.command == "list":
            with db.read_session() as session:
                views = claim_views.claim_views(session, args.warehouse, utc_now())
            print("\t".join(_COLUMNS))
            for view in views:
                print(_row(view))
            return 0
        by = args.by or f"cli:{getpass.getuser()}"
        to_device_id = args.device_id if args.command == "grant" else None
        with db.write_transaction() as session:
            order = session.get(OutboundOrder, args.order_no)
            if order is None:
                raise NotFound("ORDER_NOT_FOUND", f"Order {args.order_no} is not known.")
            state = claims.reassign(
                session,
                order.warehouse_id,
                args.order_no,
                to_device_id=to_device_id,
                granted_by=by,
                lease_s=getattr(args, "lease_s", DEFAULT_LEASE_S),
                now=utc_now(),
            )
        if state.closed:
            print(f"CLOSED={state.order_no}")
        elif state.holder_device_id is not None:
            print(f"GRANTED={state.order_no}\t{state.holder_device_id}")
        else:
            print(f"RELEASED={state.order_no}")
    except ApiError as exc:
        print(f"oms-server claims: {exc.error_code}: {exc}", file=sys.stderr)
        return 2
    finally:
        db.dispose()
    return 0
