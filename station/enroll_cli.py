"""``wms-floor enroll``: enrol this station with the OMS from a terminal."""

from __future__ import annotations

import argparse
import getpass
import sys
from collections.abc import Sequence
from pathlib import Path

from local_db.store import StoreError, open_store
from station.config import load_config
from station.sync_wiring import proxy_choice
from sync.credentials import CredentialStoreUnavailable
from sync.enrolment import EnrolmentError, enroll
from sync.errors import OmsError


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="wms-floor enroll",
        description="Enrol this station with the OMS. The token is kept in the OS keyring.",
    )
    parser.add_argument("--oms-url", required=True, help="e.g. https://oms.example.com")
    parser.add_argument("--warehouse", required=True, help="the warehouse id, e.g. WH1")
    parser.add_argument(
        "--key", required=True, help="the enrolment key from the OMS ('-' reads it from stdin)"
    )
    parser.add_argument("--name", default="", help="station name shown at the OMS")
    parser.add_argument("--db", type=Path, help="station store (default: from the settings)")
    parser.add_argument("--config", type=Path, help="settings file (TOML)")
    parser.add_argument("--ca-bundle", type=Path, help="CA bundle for the OMS's certificate")
    return parser


def _key_from_stdin() -> str:
    """'--key -': a piped key (scripts, ``… | wms-floor enroll``), or typed unseen on a
    terminal. Either way it stays out of the shell history and the process list."""
    if sys.stdin.isatty():
        return getpass.getpass("Enrolment key: ").strip()
    return sys.stdin.readline().strip()


def enroll_command(argv: Sequence[str]) -> int:
    args = _parser().parse_args(argv)
    key = _key_from_stdin() if args.key == "-" else args.key
    if not key:
        print("wms-floor enroll: no enrolment key was given on stdin.", file=sys.stderr)
        return 2
    config = load_config(args.config)
    db_path = args.db or config.db_path
    ca_bundle = args.ca_bundle or config.ca_bundle
    if ca_bundle is not None and not ca_bundle.is_file():
        print(f"wms-floor enroll: CA bundle {ca_bundle} does not exist.", file=sys.stderr)
        return 2
    try:
        store = open_store(db_path)
    except StoreError as exc:
        print(f"wms-floor enroll: cannot open the station store {db_path}: {exc}", file=sys.stderr)
        return 1
    try:
        device_id = enroll(
            store,
            args.oms_url,
            args.warehouse,
            key,
            args.name,
            ca_bundle,
            allow_insecure_http=config.allow_insecure_http,
            proxy=proxy_choice(config),
        )
    except (EnrolmentError, CredentialStoreUnavailable, OmsError) as exc:
        print(f"wms-floor enroll: not enrolled. {exc}", file=sys.stderr)
        return 1
    finally:
        store.close()
    print(
        f"Enrolled with {args.oms_url} as device {device_id} for warehouse {args.warehouse}.\n"
        f"Station store: {db_path}. The OMS token is kept in the OS keyring."
    )
    return 0
