"""``oms-server db``: the OMS database's schema revision, for IT.

``upgrade`` migrates to the newest revision this build knows (what every start does; run it
on its own to migrate before a rolling start, or to see it done). ``current`` prints the
database's revision and how it stands against this build, ``history`` the revisions this
build knows. Machine-readable ``KEY=value`` lines on stdout; a database a newer build
migrated exits 3 with the reason on stderr.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from typing import Final

from oms_server import schema_migrations
from oms_server.db import Database

DEFAULT_DATABASE_URL: Final = "sqlite:///./oms.sqlite3"
EXIT_SCHEMA_TOO_NEW: Final = 3


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="oms-server db", description=__doc__)
    parser.add_argument(
        "--database-url",
        default=DEFAULT_DATABASE_URL,
        help="sqlite:///path.sqlite3 (default) or postgresql+psycopg://user@host/db",
    )
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("upgrade", help="migrate to the newest revision (as every start does)")
    commands.add_parser("current", help="the database's revision and this build's newest")
    commands.add_parser("history", help="the revisions this build knows, oldest first")
    return parser


def db_command(argv: Sequence[str]) -> int:
    args = _parser().parse_args(argv)
    if args.command == "history":
        _print_history()
        return 0
    db = Database(args.database_url)
    try:
        if args.command == "upgrade":
            done = db.create_schema()
            print(f"FROM={done.before or 'none'}")
            print(f"ADOPTED={'yes' if done.adopted else 'no'}")
            print(f"REVISION={done.after}")
            return 0
        with db.read_session() as session:  # on SQLite a plain BEGIN: no write lock
            current = schema_migrations.current_revision(session.connection())
        return _print_current(current)
    finally:
        db.dispose()


def _print_current(current: str | None) -> int:
    head = schema_migrations.head_revision()
    if current is None:
        state = "unversioned"  # empty, or made before migrations: the next start migrates
    elif current == head:
        state = "at-head"
    elif current in schema_migrations.revisions():
        state = "behind"
    else:
        state = "too-new"
    print(f"REVISION={current or 'none'}")
    print(f"HEAD={head}")
    print(f"STATE={state}")
    if state == "too-new":
        print(
            f"oms-server db: {schema_migrations.SchemaTooNew(current or '', head)}", file=sys.stderr
        )
        return EXIT_SCHEMA_TOO_NEW
    return 0


def _print_history() -> None:
    scripts = schema_migrations.script_directory()
    for revision in schema_migrations.revisions():
        script = scripts.get_revision(revision)
        assert script is not None
        print(f"{revision}\t{script.doc.splitlines()[0] if script.doc else ''}")
