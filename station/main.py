"""`wms-floor`: the station's one console command.

    wms-floor [--config FILE] [--db FILE]     start the station window
    wms-floor --demo [--demo-dir DIR]         start it against a local reference OMS with demo data
    wms-floor enroll --oms-url URL --warehouse WH --key KEY [--db FILE] [--ca-bundle FILE]
    wms-floor command-sheet OUT.pdf           print the sheet of command barcodes
    wms-floor check [--config FILE]           validate settings, migrate the store, print status
    wms-floor self-test [--config FILE]       check this installation works here (headless)

Heavy parts (Qt, the sync engine) are imported only by the subcommand that needs them, so the
scripted commands start fast and run on machines without a screen.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from local_db.errors import StoreDamaged, StoreUnavailable
from local_db.station_lock import StationAlreadyRunning, StationLock
from station import __version__
from station.config import ConfigError, StationConfig, load_config
from station.crash import CRASH_DIR_NAME, CrashRelay, install_crash_handlers
from station.demo_errors import DemoError
from station.exit_codes import ExitCode, exit_code_table
from station.logging_setup import LOG_FILE_NAME, configure_logging
from station.paths import default_log_dir

SUBCOMMANDS = {
    "enroll": "enrol this station with the OMS (the token goes into the OS keyring)",
    "check": "check the settings and the store, print enrolment and backlog; exit code = health",
    "self-test": "check this installation works here, headless (Qt, store, keyring, TLS)",
    "command-sheet": "write the sheet of command barcodes as a PDF",
    "machine-settings": "write the machine-wide settings file (run by the installers)",
    "prune": "delete accepted events and applied feed entries older than sync_history_days",
}
_RAW = argparse.RawDescriptionHelpFormatter


def _subcommand_list() -> str:
    width = max(map(len, SUBCOMMANDS))
    return "\n".join(f"  {name:<{width}}  {text}" for name, text in SUBCOMMANDS.items())


def _log_location() -> str:
    return (
        f"Logs: {default_log_dir() / LOG_FILE_NAME} (crash reports in "
        f"{default_log_dir() / CRASH_DIR_NAME}), or the log_dir setting's folder."
    )


def _run_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="wms-floor",
        usage="%(prog)s [options]  |  %(prog)s {" + ",".join(SUBCOMMANDS) + "} ...",
        description=(
            "Warehouse floor station: without a subcommand, opens the station window.\n\n"
            "subcommands (wms-floor SUBCOMMAND --help for each):\n" + _subcommand_list()
        ),
        epilog=_log_location(),
        formatter_class=_RAW,
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
    parser = argparse.ArgumentParser(
        prog="wms-floor check",
        description=(
            "Validate the settings, check the store file for damage (PRAGMA quick_check; a "
            "damaged file is never written to), migrate the store, and print enrolment, token "
            "presence, the outbox backlog and open exceptions. Never prints a secret. Safe to "
            "run while the station is running."
        ),
        epilog="exit codes:\n" + exit_code_table() + "\n\n" + _log_location(),
        formatter_class=_RAW,
    )
    parser.add_argument("--config", type=Path, help="settings file (TOML)")
    parser.add_argument("--db", type=Path, help="station store (overrides the settings file)")
    args = parser.parse_args(argv)
    config = _load(args.config, args.db)
    from station.check import describe_station

    report = describe_station(config)
    print(report.text)
    return report.exit_code


def _self_test(argv: Sequence[str]) -> int:
    parser = argparse.ArgumentParser(
        prog="wms-floor self-test",
        description=(
            "Check that this installation works on this machine, without a screen: Qt starts "
            "offscreen, a scratch store migrates, the translations and scan sounds load, the "
            "keyring stores and reads a secret with no terminal, the OMS URL's TLS certificate "
            "is trusted (skipped when no URL is set), and the enrolment. One line per check; "
            "not enrolled yet is reported, not failed. Never writes to the station's store."
        ),
        epilog="exit codes (the first failed check's):\n" + exit_code_table(),
        formatter_class=_RAW,
    )
    parser.add_argument("--config", type=Path, help="settings file (TOML)")
    parser.add_argument("--db", type=Path, help="station store (overrides the settings file)")
    args = parser.parse_args(argv)
    config = _load(args.config, args.db)
    from station.self_test import (
        check_enrolment,
        check_keyring,
        check_oms_tls,
        check_scratch_store,
        run_self_test,
    )
    from ui.self_check import QT_CHECKS

    checks = (*QT_CHECKS, check_scratch_store, check_keyring, check_oms_tls, check_enrolment)
    report = run_self_test(config, checks)
    print(report.text)
    return report.exit_code


def _command_sheet(argv: Sequence[str]) -> int:
    parser = argparse.ArgumentParser(
        prog="wms-floor command-sheet",
        description=(
            "Write the sheet of command barcodes (confirm, short, skip, undo, mode switches, "
            "log out, ...) as a one-page A4 PDF, with English and Chinese labels, to print "
            "and keep at the station."
        ),
    )
    parser.add_argument("output", type=Path, help="PDF file to write")
    args = parser.parse_args(argv)
    from app.scanning.command_sheet import write_command_sheet
    from ui.command_texts import command_sheet_texts

    write_command_sheet(args.output, command_sheet_texts())
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
        from station.demo import run_demo

        return run_demo(args.demo_dir)
    config = _load(args.config, args.db)
    crash_relay = _start_logging(config.log_dir or default_log_dir())
    from ui.launcher import run_station

    return run_station(config, demo=False, crash_relay=crash_relay)


def _enroll(argv: Sequence[str]) -> int:
    """Enrolment writes the station's identity: never beside a running station (one writer
    and one sync engine per store), so it holds the store's lock while it runs."""
    from station.enroll_cli import enroll_command

    if {"-h", "--help"} & set(argv):
        return enroll_command(argv)
    where = argparse.ArgumentParser(add_help=False)
    where.add_argument("--config", type=Path)
    where.add_argument("--db", type=Path)
    known, _rest = where.parse_known_args(argv)
    db_path = known.db or _load(known.config, None).db_path
    try:
        with StationLock(db_path):
            return enroll_command(argv)
    except StationAlreadyRunning as exc:
        print(f"wms-floor enroll: not enrolled. {exc}", file=sys.stderr)
        return ExitCode.ALREADY_RUNNING


def _prune(argv: Sequence[str]) -> int:
    """Like enrolment, never beside a running station (it prunes daily by itself)."""
    from station.prune_cli import parse_days, prune_parser, run_prune

    args = parse_days(prune_parser(), argv)
    config = _load(args.config, args.db)
    try:
        with StationLock(config.db_path):
            print(run_prune(config, args.days))
    except StationAlreadyRunning as exc:
        print(f"wms-floor prune: nothing pruned. {exc}", file=sys.stderr)
        return ExitCode.ALREADY_RUNNING
    return ExitCode.OK


def _machine_settings(argv: Sequence[str]) -> int:
    from station.machine_settings_file import machine_settings_command

    return machine_settings_command(argv)


_SUBCOMMAND_RUNNERS: dict[str, Callable[[Sequence[str]], int]] = {
    "enroll": _enroll,
    "check": _check,
    "self-test": _self_test,
    "command-sheet": _command_sheet,
    "prune": _prune,
    "machine-settings": _machine_settings,
}


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    try:
        if args and args[0] in _SUBCOMMAND_RUNNERS:
            return _SUBCOMMAND_RUNNERS[args[0]](args[1:])
        return _run_station(args)
    except ConfigError as exc:
        print(f"wms-floor: {exc}", file=sys.stderr)
        return ExitCode.USAGE
    except DemoError as exc:
        print(f"wms-floor --demo: {exc}", file=sys.stderr)
        return ExitCode.USAGE
    except StoreDamaged as exc:
        print(f"wms-floor: {exc.advice}", file=sys.stderr)
        return ExitCode.STORE_DAMAGED
    except StoreUnavailable as exc:
        print(f"wms-floor: {exc.message}", file=sys.stderr)
        return ExitCode.STORE_UNAVAILABLE


if __name__ == "__main__":
    sys.exit(main())
