"""`wms-floor`: the station's one console command.

    wms-floor [--config FILE] [--db FILE]     start the station window
    wms-floor --demo [--demo-dir DIR]         start it against a local reference OMS with demo data
    wms-floor --demo-join DIR                 another station beside the demo running in DIR
    wms-floor enroll --oms-url URL --warehouse WH --key KEY [--db FILE] [--ca-bundle FILE]
    wms-floor command-sheet OUT.pdf           print the sheet of command barcodes
    wms-floor check [--config FILE]           validate settings, migrate the store, print status
    wms-floor self-test [--config FILE]       check this installation works here (headless)
    wms-floor config show                     every effective setting and where it came from
    wms-floor diagnostics OUT.zip             logs, settings, versions, store and sync state
    wms-floor print-test [--pdf OUT.pdf]      a test label to the label printer
    wms-floor backup [--to DIR]               back up the store (safe while the station runs)
    wms-floor restore FILE [--force]          replace the store by a backup
    wms-floor purge-personal-data             blank finished orders' consignee data now

Every command that reads the settings takes --config FILE, --db FILE and --set SETTING=VALUE
(repeatable; the command line wins over the files and the environment: station/config_layers).

Heavy parts (Qt, the sync engine) are imported only by the subcommand that needs them, so the
scripted commands start fast and run on machines without a screen.
"""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from local_db.errors import StoreDamaged, StoreUnavailable
from local_db.station_lock import StationAlreadyRunning, StationLock
from station import __version__
from station.config import ConfigError, StationConfig
from station.config_layers import EffectiveConfig, load_effective_config, text_value
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
    "config": "config show: print every effective setting and where it came from",
    "diagnostics": "write a zip for support: logs, settings, versions, store and sync state",
    "print-test": "print a test label on the label printer of the settings (or to a PDF)",
    "backup": "back up the store now (SQLite online backup; safe while the station runs)",
    "restore": "replace the store by a backup (refused while the station runs)",
    "purge-personal-data": "blank consignee data of orders finished personal_data_days ago",
}
_RAW = argparse.RawDescriptionHelpFormatter


def _subcommand_list() -> str:
    width = max(map(len, SUBCOMMANDS))
    return "\n".join(f"  {name:<{width}}  {text}" for name, text in SUBCOMMANDS.items())


def _log_location() -> str:
    try:
        config = load_effective_config().config
    except ConfigError:
        config = StationConfig()  # help still shows, with the defaults' place
    folder = config.log_dir or default_log_dir()
    return (
        f"Logs: {folder / LOG_FILE_NAME} (crash reports in {folder / CRASH_DIR_NAME}), "
        f"rotated at {config.log_file_max_mb} MB with {config.log_files_kept} older files "
        "kept (settings log_dir, log_file_max_mb, log_files_kept)."
    )


def _add_settings_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--config", type=Path, help="settings file (TOML)")
    parser.add_argument("--db", type=Path, help="station store (overrides the settings file)")
    parser.add_argument(
        "--set",
        action="append",
        default=[],
        metavar="SETTING=VALUE",
        help="set one setting for this run (wins over files and environment; repeatable)",
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
    _add_settings_options(parser)
    parser.add_argument(
        "--demo", action="store_true", help="start a local reference OMS with demo data first"
    )
    parser.add_argument(
        "--demo-dir", type=Path, help="keep the demo's OMS and station data here (default: temp)"
    )
    parser.add_argument(
        "--demo-join",
        type=Path,
        metavar="DEMO_DIR",
        help="open another station beside the demo running in DEMO_DIR (same OMS, same orders)",
    )
    return parser


def _effective(args: argparse.Namespace) -> EffectiveConfig:
    command_line: dict[str, tuple[object, str]] = {}
    if getattr(args, "db", None) is not None:
        command_line["db_path"] = (args.db, "--db")
    for assignment in getattr(args, "set", None) or []:
        setting, equals, text = assignment.partition("=")
        setting = setting.strip()
        if not equals or not setting:
            raise ConfigError(f"--set {assignment!r}: write it as --set SETTING=VALUE.")
        command_line[setting] = (text_value(setting, text), f"--set {setting}")
    return load_effective_config(getattr(args, "config", None), command_line)


def _load(args: argparse.Namespace) -> StationConfig:
    return _effective(args).config


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
    _add_settings_options(parser)
    args = parser.parse_args(argv)
    config = _load(args)
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
    _add_settings_options(parser)
    args = parser.parse_args(argv)
    config = _load(args)
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


def _config(argv: Sequence[str]) -> int:
    parser = argparse.ArgumentParser(
        prog="wms-floor config",
        description=(
            "show: print every effective setting with where it came from (default, machine "
            "file, user file, env, command line). Later wins: defaults, the machine file "
            "(WMS_FLOOR_SYSTEM_CONFIG names another), the user file (--config or "
            "WMS_FLOOR_CONFIG), WMS_FLOOR_<SETTING> variables, then --db/--set."
        ),
        formatter_class=_RAW,
    )
    parser.add_argument("action", choices=["show"])
    _add_settings_options(parser)
    args = parser.parse_args(argv)
    from station.config_show import show_settings

    print(show_settings(_effective(args)))
    return ExitCode.OK


def _diagnostics(argv: Sequence[str]) -> int:
    parser = argparse.ArgumentParser(
        prog="wms-floor diagnostics",
        description=(
            "Write a zip for support: the logs and recent crash reports, the effective "
            "settings with their sources, versions (app, Python, Qt, SQLite), store statistics "
            "and PRAGMA integrity_check (read-only: safe beside a running station), sync "
            "status and backlog, open exceptions by type. No token, key, PIN or consignee "
            "data goes in."
        ),
    )
    parser.add_argument("output", type=Path, help="zip file to write")
    _add_settings_options(parser)
    args = parser.parse_args(argv)
    from station.diagnostics import write_diagnostics

    effective = _effective(args)
    write_diagnostics(args.output, effective)
    print(f"Diagnostics written to {args.output}")
    return ExitCode.OK


def _start_logging(config: StationConfig) -> CrashRelay:
    """Logs and crash reports first, so even a failing start leaves a trace; the window
    listens to the returned relay to show a crash once it is up."""
    log_dir = config.log_dir or default_log_dir()
    configure_logging(
        log_dir,
        logging.getLevelNamesMapping()[config.log_level],
        max_mb=config.log_file_max_mb,
        backups=config.log_files_kept,
    )
    crash_relay = CrashRelay()
    install_crash_handlers(log_dir, on_crash=crash_relay)
    return crash_relay


def _run_station(argv: Sequence[str]) -> int:
    args = _run_parser().parse_args(argv)
    if args.demo:
        from station.demo import run_demo

        return run_demo(args.demo_dir)
    if args.demo_join:
        from station.demo_join import run_joined_demo

        return run_joined_demo(args.demo_join)
    config = _load(args)
    crash_relay = _start_logging(config)
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
    db_path = known.db or _load(known).db_path
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
    config = _load(args)
    return _without_a_running_station(
        "prune", "nothing pruned", config.db_path, lambda: run_prune(config, args.days)
    )


def _without_a_running_station(
    command: str, nothing_done: str, db_path: Path, work: Callable[[], str]
) -> int:
    """Commands that write the store hold its lock: never beside a running station (one
    writer and one sync engine per store)."""
    try:
        with StationLock(db_path):
            print(work())
    except StationAlreadyRunning as exc:
        print(f"wms-floor {command}: {nothing_done}. {exc}", file=sys.stderr)
        return ExitCode.ALREADY_RUNNING
    return ExitCode.OK


def _print_test(argv: Sequence[str]) -> int:
    from station.print_test import print_test_parser, run_print_test

    parser = print_test_parser()
    _add_settings_options(parser)
    args = parser.parse_args(argv)
    code, text = run_print_test(_load(args), args.pdf)
    print(text, file=sys.stdout if code == ExitCode.OK else sys.stderr)
    return code


def _backup(argv: Sequence[str]) -> int:
    """Reads only (the online backup API): runs beside the station."""
    from local_db.backup import BackupError
    from station.backup_cli import backup_parser, run_backup

    args = backup_parser().parse_args(argv)
    config = _load(args)
    try:
        print(run_backup(config, args.to))
    except BackupError as exc:
        print(f"wms-floor backup: {exc}", file=sys.stderr)
        return ExitCode.FAILED
    return ExitCode.OK


def _restore(argv: Sequence[str]) -> int:
    """Like enrolment, never beside a running station: it replaces the store."""
    from local_db.backup import BackupError
    from station.backup_cli import restore_parser, run_restore
    from station.restore import RestoreRefused

    args = restore_parser().parse_args(argv)
    config = _load(args)
    try:
        return _without_a_running_station(
            "restore",
            "nothing restored",
            config.db_path,
            lambda: run_restore(config, args.backup, args.force),
        )
    except (RestoreRefused, BackupError) as exc:
        print(f"wms-floor restore: nothing restored. {exc}", file=sys.stderr)
        return ExitCode.FAILED


def _purge_personal_data(argv: Sequence[str]) -> int:
    from station.backup_cli import purge_parser, run_purge

    args = purge_parser().parse_args(argv)
    config = _load(args)
    return _without_a_running_station(
        "purge-personal-data", "nothing purged", config.db_path, lambda: run_purge(config)
    )


def _machine_settings(argv: Sequence[str]) -> int:
    from station.machine_settings_file import machine_settings_command

    return machine_settings_command(argv)


_SUBCOMMAND_RUNNERS: dict[str, Callable[[Sequence[str]], int]] = {
    "enroll": _enroll,
    "check": _check,
    "self-test": _self_test,
    "command-sheet": _command_sheet,
    "prune": _prune,
    "config": _config,
    "diagnostics": _diagnostics,
    "print-test": _print_test,
    "backup": _backup,
    "restore": _restore,
    "purge-personal-data": _purge_personal_data,
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
