"""Labels to a Zebra-class printer over raw TCP 9100 (#16): seed 002 Step 7 "打包完成，称重；
WMS生成运单号" — the parcel leaves packing with its labels. A real loopback listener plays
the printer: it records the ZPL and answers ~HS healthy, out of paper or head open."""

from __future__ import annotations

import re

import pytest

from app.services.sscc import gs1_check_digit, sscc
from devices.labels.layouts import ContentLabel, ShippingLabel, SsccLabel
from devices.labels.zebra import FaultKind, PrinterFault, parse_host_status, send_zpl
from devices.labels.zpl import label_zpl, labels_zpl
from tests.support.fake_zebra import fake_zebra, host_status, refused_port, silent_zebra

SSCC = sscc(0, "6901234", 42)
CONSIGNEE = ("王芳", "138", "浙江省 杭州市", "XX路")


def _labels(packages: int = 2) -> list[ShippingLabel | SsccLabel | ContentLabel]:
    labels: list[ShippingLabel | SsccLabel | ContentLabel] = []
    for n in range(1, packages + 1):
        labels.append(
            ShippingLabel(
                "SO-1", ("王芳", "138", "浙江省 杭州市", "XX路"), "SF", "SF123", n, packages, "1.2"
            )
        )
        labels.append(SsccLabel(sscc(0, "6901234", n), "SO-1", n, packages))
    labels.append(ContentLabel("SO-1", (("SKU-TEA", 3),), packages))
    return labels


def test_sscc_has_18_digits_and_the_gs1_check_digit() -> None:
    # GS1's worked example: 0 0614141 123456789 -> check digit 0.
    assert sscc(0, "0614141", 123456789) == "006141411234567890"
    assert len(SSCC) == 18 and int(SSCC[-1]) == gs1_check_digit(SSCC[:-1])
    with pytest.raises(ValueError):
        sscc(0, "6901234", 10**9)  # does not fit: refused, never cut


def test_healthy_printer_gets_one_label_per_package_with_barcodes() -> None:
    with fake_zebra() as printer:
        send_zpl("127.0.0.1", printer.port, labels_zpl(_labels(2)), 5, check_status=True)
        zpl = printer.text()
    labels = re.findall(r"\^XA.*?\^XZ", zpl, re.S)
    assert len(labels) == 5  # 2 shipping + 2 SSCC + 1 content
    assert sum("^FDSF" in label for label in labels) == 2  # the carrier on each shipping label
    assert zpl.count("^BCN") == 5  # tracking x2, SSCC x2, order on the content label
    assert "^FD>:SF123^FS" in zpl  # tracking number as Code 128
    for n in (1, 2):  # GS1-128: subset C, FNC1, AI 00, the 18 digits with check digit
        assert f"^FD>;>800{sscc(0, '6901234', n)}^FS" in zpl
    assert "1 of 2" in zpl and "2 of 2" in zpl
    assert "王芳" in zpl and "^CI28" in zpl


def test_layout_sizes_for_203_and_300_dpi() -> None:
    label = _labels(1)[0]
    assert "^PW812" in label_zpl(label, 203) and "^LL1218" in label_zpl(label, 203)
    assert "^PW1200" in label_zpl(label, 300) and "^LL1800" in label_zpl(label, 300)


def test_field_data_cannot_start_a_command() -> None:
    label = ShippingLabel("SO^XZ~JR", ("a",), "SF", "T1", 1, 1, "1")
    assert "SO_5EXZ_7EJR" in label_zpl(label)


@pytest.mark.parametrize(
    ("status", "kind"),
    [
        (host_status(paper_out=True), FaultKind.PAPER_OUT),
        (host_status(head_open=True), FaultKind.HEAD_OPEN),
        (host_status(paused=True), FaultKind.PAUSED),
    ],
)
def test_printer_faults_from_host_status_send_nothing(status: bytes, kind: FaultKind) -> None:
    with fake_zebra(status) as printer:
        with pytest.raises(PrinterFault) as fault:
            send_zpl("127.0.0.1", printer.port, labels_zpl(_labels(1)), 5, check_status=True)
        assert printer.text() == ""  # no label sent into a printer that cannot print it
    assert fault.value.kind is kind


def test_connection_refused() -> None:
    with pytest.raises(PrinterFault) as fault:
        send_zpl("127.0.0.1", refused_port(), b"^XA^XZ", 5, check_status=True)
    assert fault.value.kind is FaultKind.REFUSED


def test_a_printer_that_does_not_answer_times_out() -> None:
    with silent_zebra() as printer, pytest.raises(PrinterFault) as fault:
        send_zpl("127.0.0.1", printer.port, b"^XA^XZ", 0.5, check_status=True)
    assert fault.value.kind is FaultKind.TIMEOUT


def test_without_host_status_the_labels_just_go() -> None:
    with silent_zebra() as printer:
        send_zpl("127.0.0.1", printer.port, b"^XA^XZ", 5, check_status=False)
        assert printer.text() == "^XA^XZ"


def test_host_status_parsing() -> None:
    assert not parse_host_status(host_status()).paper_out
    assert parse_host_status(host_status(head_open=True)).head_open
    with pytest.raises(ValueError):
        parse_host_status(b"garbage")
