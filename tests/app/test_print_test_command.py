"""`wms-floor print-test` (#16), seed 002 Step 7 "打包完成，称重；WMS生成运单号": IT checks
the label printer from the command line before the first parcel. Real loopback printer."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from station.main import main
from tests.support.fake_zebra import fake_zebra, refused_port


def _settings(tmp_path: Path, port: int) -> Path:
    path = tmp_path / "station.toml"
    path.write_text(
        'label_printer = "zpl"\nlabel_printer_host = "127.0.0.1"\n'
        f'label_printer_port = {port}\ngs1_company_prefix = "6901234"\n',
        encoding="utf-8",
    )
    return path


def test_print_test_sends_a_shipping_and_an_sscc_label(tmp_path: Path) -> None:
    with fake_zebra() as zebra:
        assert main(["print-test", "--config", str(_settings(tmp_path, zebra.port))]) == 0
        zpl = zebra.text()
    assert len(re.findall(r"\^XA", zpl)) == 2 and ">;>800" in zpl


def test_print_test_says_why_it_did_not_print(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["print-test", "--config", str(_settings(tmp_path, refused_port()))]) == 1
    assert "refused" in capsys.readouterr().err


def test_print_test_to_a_pdf(tmp_path: Path) -> None:
    out = tmp_path / "labels.pdf"
    assert main(["print-test", "--pdf", str(out)]) == 0
    assert out.read_bytes().startswith(b"%PDF") and out.read_bytes().count(b"/Type /Page\n") == 2
