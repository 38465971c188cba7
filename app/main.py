"""`wms-floor`: the station's one console command.

    wms-floor [--config FILE] [--db FILE]     start the station window
    wms-floor --demo [--demo-dir DIR]         start it against a local reference OMS with demo data
    wms-floor enroll --oms-url URL --warehouse WH --key KEY [--db FILE] [--ca-bundle FILE]
    wms-floor command-sheet OUT.pdf           print the sheet of command barcodes
    wms-floor check [--config FILE]           validate settings, migrate the store, print status

Heavy parts (Qt, the sync engine) are imported only by the subcommand that needs them, so the
scripted commands start fast and run on machines without a screen.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from app import __version__
from app.config import ConfigError, StationConfig, load_config
from app.crash import CrashRelay, install_crash_handlers
from app.demo_errors import DemoError
from app.logging_setup import configure_logging
from app.paths import default_log_dir

SUBCOMMANDS = ("enroll", "command-sheet", "check")


def _run_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="wms-floor",
        description="Warehouse floor station. Subcommands: " + ", ".join(SUBCOMMANDS) + ".",
    )
    parser.add_argument("--version", action="version", version=f"wms-floor {__version__}")
    parser.add_argument("--config", type=Path, help="settings file (TOML)")
    parser.add_argument("--db", type=Path, help="station store (overrides the settings file)")
    parser.add_argument(
        "--demo", action="store_true", help="start a local reference OMS with demo data first"
    )
    parser.add_argument(
        "--demo-dir", type=Path, help="keep the demo's OMS and station data here (default: temp)"
    )
    return parser


def _load(config_path: Path | None, db_path: Path | None) -> StationConfig:
    config = load_config(config_path)
    if db_path is not None:
        config = config.model_copy(update={"db_path": db_path})
    return config


def _check(argv: Sequence[str]) -> int:
    parser = argparse.ArgumentParser(prog="wms-floor check")
    parser.add_argument("--config", type=Path)
    parser.add_argument("--db", type=Path)
    args = parser.parse_args(argv)
    config = _load(args.config, args.db)
    from app.station_check import describe_station

    print(describe_station(config))
    return 0


def _command_sheet(argv: Sequence[str]) -> int:
    parser = argparse.ArgumentParser(prog="wms-floor command-sheet")
    parser.add_argument("output", type=Path, help="PDF file to write")
    args = parser.parse_args(argv)
    from app.scanning.command_sheet import write_command_sheet

    write_command_sheet(args.output)
    print(f"Command barcodes written to {args.output}")
    return 0


def _start_logging(log_dir: Path) -> CrashRelay:
    """Logs and crash reports first, so even a failing start leaves a trace; the window
    listens to the returned relay to show a crash once it is up."""
    configure_logging(log_dir)
    crash_relay = CrashRelay()
    install_crash_handlers(log_dir, on_crash=crash_relay)
    return crash_relay


def _run_station(argv: Sequence[str]) -> int:
    args = _run_parser().parse_args(argv)
    if args.demo:
        from app.demo import run_demo

        return run_demo(args.demo_dir)
    config = _load(args.config, args.db)
    crash_relay = _start_logging(config.log_dir or default_log_dir())
    from ui.launcher import run_station

    return run_station(config, demo=False, crash_relay=crash_relay)


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    try:
        if args and args[0] == "enroll":
            from sync.cli import enroll_command

            return enroll_command(args[1:])
        if args and args[0] == "command-sheet":
            return _command_sheet(args[1:])
        if args and args[0] == "check":
            return _check(args[1:])
        return _run_station(args)
    except ConfigError as exc:
        print(f"wms-floor: {exc}", file=sys.stderr)
        return 2
    except DemoError as exc:
        print(f"wms-floor --demo: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
