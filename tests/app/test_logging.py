"""Logs are JSON lines with personal data and secrets redacted, whatever the caller formats."""

from __future__ import annotations

import json
import logging
from pathlib import Path

from station.logging_setup import REDACTED, configure_logging, redact


def test_redact_masks_personal_data_and_tokens() -> None:
    text = redact(
        'command C1 consignee=Zhang San, phone: 13800138000; {"address": "88 Nanjing Rd"} '
        "Authorization: Bearer abc.DEF-123"
    )
    for secret in ("Zhang", "San", "13800138000", "Nanjing", "abc.DEF-123"):
        assert secret not in text
    assert text.count(REDACTED) == 4


def test_redact_keeps_warehouse_facts() -> None:
    text = "picked 3 x 4006381333931 at A-01-02-03 for SO-1001, tracking SF1234567890"
    assert redact(text) == text


def test_log_file_is_json_lines_and_redacted(tmp_path: Path) -> None:
    log_file = configure_logging(tmp_path, console=False)
    logging.getLogger("wms.sync").warning("pushing for consignee=%s", "Li Si")
    for handler in logging.getLogger("wms").handlers:
        handler.flush()
    entries = [json.loads(line) for line in log_file.read_text(encoding="utf-8").splitlines()]
    assert entries[-1]["logger"] == "wms.sync"
    assert entries[-1]["level"] == "WARNING"
    assert "Li Si" not in entries[-1]["msg"]
    assert REDACTED in entries[-1]["msg"]
