"""The station's label printer from its settings: the pack flow's ``LabelPrinter``.

The app's label job becomes the devices' layouts here (the domain and the devices do not
know each other). Printing blocks for at most the printer timeout per step: it runs on the
printer's own thread (station/print_worker.py), never on the UI thread nor the store worker.
"""

from __future__ import annotations

import logging
import os
import subprocess
import sys
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path

from app.services.label_jobs import LabelJob
from devices.labels.layouts import ContentLabel, Label, ShippingLabel, SsccLabel
from devices.labels.pdf import write_labels_pdf
from devices.labels.zebra import FaultKind, PrinterFault, send_zpl
from devices.labels.zpl import labels_zpl
from station.config import StationConfig

log = logging.getLogger("wms.printer")

PrinterListener = Callable[[str | None], None]
"""Told the printer's state after every job: None when it printed, else the fault kind."""


def job_labels(job: LabelJob) -> list[Label]:
    """Per package its shipping label then its SSCC label; the content label last."""
    labels: list[Label] = []
    for n in range(1, job.package_count + 1):
        labels.append(
            ShippingLabel(
                order_no=job.order_no,
                consignee=job.consignee,
                carrier=job.carrier,
                tracking_no=job.tracking_no,
                package_no=n,
                package_count=job.package_count,
                weight_kg=job.weight_kg,
            )
        )
        if n <= len(job.ssccs):
            labels.append(SsccLabel(job.ssccs[n - 1], job.order_no, n, job.package_count))
    labels.append(ContentLabel(job.order_no, job.contents, job.package_count))
    return labels


def _print_pdf(path: Path, printer_name: str | None) -> None:
    """Hands the PDF to the system's spooler (CUPS `lp`, or Windows' print verb)."""
    if sys.platform == "win32":  # pragma: no cover - Windows only
        os.startfile(str(path), "print")  # type: ignore[attr-defined]
        return
    command = ["lp", *(["-d", printer_name] if printer_name else []), str(path)]
    try:
        subprocess.run(command, check=True, capture_output=True, timeout=30)
    except (OSError, subprocess.SubprocessError) as exc:
        raise PrinterFault(FaultKind.FAILED, str(exc)) from exc


class StationLabelPrinter:
    def __init__(self, config: StationConfig, listener: PrinterListener | None = None) -> None:
        assert config.label_printer != "none" and config.gs1_company_prefix is not None
        self._config = config
        self.gs1_company_prefix = config.gs1_company_prefix
        self.sscc_extension = config.sscc_extension_digit
        self._listener = listener

    def send(self, labels: Sequence[Label]) -> None:
        """Raises PrinterFault when the labels did not go to the printer."""
        config = self._config
        if config.label_printer == "zpl":
            assert config.label_printer_host is not None
            data = labels_zpl(labels, config.label_printer_dpi, config.label_printer_zpl_font)
            send_zpl(
                config.label_printer_host,
                config.label_printer_port,
                data,
                config.label_printer_timeout_s,
                config.label_printer_host_status,
            )
            return
        with tempfile.TemporaryDirectory(prefix="wms-labels-") as folder:
            pdf = write_labels_pdf(Path(folder) / "labels.pdf", labels)
            _print_pdf(pdf, config.label_printer_system_name)

    def print_labels(self, job: LabelJob) -> str | None:
        try:
            self.send(job_labels(job))
        except PrinterFault as fault:
            log.warning("labels of %s not printed: %s", job.order_no, fault)
            self._tell(fault.kind.value)
            return fault.kind.value
        log.info("labels of %s printed (%d packages)", job.order_no, job.package_count)
        self._tell(None)
        return None

    def _tell(self, fault: str | None) -> None:
        if self._listener is not None:
            self._listener(fault)


def label_printer(
    config: StationConfig, listener: PrinterListener | None = None
) -> StationLabelPrinter | None:
    if config.label_printer == "none":
        return None
    return StationLabelPrinter(config, listener)
