"""`wms-floor print-test`: one test label to the configured printer (or a PDF file)."""

from __future__ import annotations

import argparse
from pathlib import Path

from app.services.sscc import sscc
from devices.labels.layouts import ShippingLabel, SsccLabel
from devices.labels.pdf import write_labels_pdf
from devices.labels.zebra import PrinterFault
from station.config import StationConfig
from station.exit_codes import ExitCode
from station.label_printing import StationLabelPrinter

_TEST_ORDER = "TEST-LABEL"


def print_test_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="wms-floor print-test",
        description=(
            "Print a test shipping label and a test SSCC label (serial 0, never used for a "
            "parcel) on the label printer of the settings, or write them to a PDF with --pdf."
        ),
    )
    # --config, --db and --set are added by station.main, like every settings-reading command.
    parser.add_argument("--pdf", type=Path, help="write the labels to this PDF instead")
    return parser


def sample_labels(config: StationConfig) -> list[ShippingLabel | SsccLabel]:
    prefix = config.gs1_company_prefix or "0000000"
    return [
        ShippingLabel(
            _TEST_ORDER,
            ("Test / 测试", config.station_name or "wms-floor"),
            "TEST",
            "TEST0000000001",
            1,
            1,
            "0.0",
        ),
        SsccLabel(sscc(config.sscc_extension_digit, prefix, 0), _TEST_ORDER, 1, 1),
    ]


def run_print_test(config: StationConfig, pdf: Path | None) -> tuple[int, str]:
    labels = sample_labels(config)
    if pdf is not None:
        write_labels_pdf(pdf, labels)
        return ExitCode.OK, f"Test labels written to {pdf}"
    if config.label_printer == "none":
        return ExitCode.USAGE, "No label printer in the settings (label_printer = 'none')."
    try:
        StationLabelPrinter(config).send(labels)
    except PrinterFault as fault:
        return ExitCode.FAILED, f"Test label not printed: {fault}"
    return ExitCode.OK, f"Test label sent to the {config.label_printer} printer."
