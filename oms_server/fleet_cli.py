"""``oms-server stations``: IT's view of the fleet, straight on the OMS database.

``list`` prints one line per station; ``revoke``, ``remove`` (a never-synced ghost only)
and ``rotate-token`` (picked up at the station's next report) act on one station. A refusal
prints its error code on stderr and exits 2.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from oms_server.db import Database
from oms_server.errors import ApiError
from oms_server.models import utc_now
from oms_server.schemas import StationView
from oms_server.services import enrolment, fleet

_COLUMNS = (
    "device_id",
    "warehouse",
    "name",
    "state",
    "contract",
    "version",
    "last_seen_at",
    "cursor_lag",
    "pending",
    "claims",
)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="oms-server stations", description=__doc__)
    parser.add_argument(
        "--database-url",
        default="sqlite:///./oms.sqlite3",
        help="sqlite:///path.sqlite3 (default) or postgresql+psycopg://user@host/db",
    )
    commands = parser.add_subparsers(dest="command", required=True)
    listing = commands.add_parser("list", help="every station, tab-separated")
    listing.add_argument("--warehouse", default=None, help="only this warehouse's stations")
    for name, text in (
        ("revoke", "the station stops syncing and shows 'revoked: re-enrol it'"),
        ("remove", "delete a station that never synced (a failed enrolment's ghost)"),
        ("rotate-token", "the station takes a new token at its next sync"),
    ):
        command = commands.add_parser(name, help=text)
        command.add_argument("device_id")
    return parser


def _row(view: StationView) -> str:
    values = (
        view.device_id,
        view.warehouse_id,
        view.station_name,
        view.state,
        view.contract_version,
        view.station_version,
        view.last_seen_at.isoformat() if view.last_seen_at else None,
        view.cursor_lag,
        view.pending_events,
        view.open_claims,
    )
    return "\t".join("-" if value is None or value == "" else str(value) for value in values)


def stations_command(argv: Sequence[str]) -> int:
    args = _parser().parse_args(argv)
    db = Database(args.database_url)
    try:
        db.create_schema()
        with db.write_transaction() as session:
            if args.command == "list":
                print("\t".join(_COLUMNS))
                for view in fleet.station_views(session, args.warehouse):
                    print(_row(view))
            elif args.command == "revoke":
                station = enrolment.revoke_station(session, args.device_id, utc_now())
                if station is None:
                    raise ApiError(404, "STATION_NOT_FOUND", f"No station {args.device_id}.")
                print(f"REVOKED={station.device_id}")
            elif args.command == "remove":
                fleet.remove_station(session, args.device_id)
                print(f"REMOVED={args.device_id}")
            else:
                fleet.request_rotation(session, args.device_id, utc_now())
                print(f"ROTATION_REQUESTED={args.device_id}")
    except ApiError as exc:
        print(f"oms-server stations: {exc.error_code}: {exc}", file=sys.stderr)
        return 2
    finally:
        db.dispose()
    return 0
