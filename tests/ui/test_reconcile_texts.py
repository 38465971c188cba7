"""Reconciliation's exception codes are worded in English and Chinese (#12.1: every
difference says what it is and what to do; seed 003 对账差异自动分析)."""

from __future__ import annotations

import json

from oms_contract.sync_api import StockDifference
from sync.exception_details import STOCK_MISSING_AT_STATION
from sync.reconcile import RECONCILIATION_CODES, SELF_RESOLVED, difference_args
from tests.ui.test_refusal_texts import _translations
from ui.exception_texts import DETAILS, RESOLUTIONS, detail_text, resolution_text


def test_every_reconciliation_code_has_words_and_a_chinese_translation() -> None:
    for table, context, code in (
        *((DETAILS, "ExceptionDetails", code) for code in RECONCILIATION_CODES),
        (RESOLUTIONS, "Resolutions", SELF_RESOLVED),
    ):
        assert code in table, code
        chinese, kind = _translations(context).get(table[code](), ("", "missing"))
        assert chinese and kind is None, code


def test_a_difference_reads_with_its_figures_and_what_to_do() -> None:
    difference = StockDifference(
        owner_id="ACME", sku_id="ACME-MUG-01", station_qty=97, oms_qty=98, difference=-1
    )
    text = detail_text(STOCK_MISSING_AT_STATION, json.dumps(difference_args(difference)))
    assert text.startswith("ACME-MUG-01 (ACME): the bins hold 97, the OMS expects 98 (-1).")
    assert "count the SKU, then adjust" in text
    assert resolution_text(SELF_RESOLVED).startswith("Resolved by itself")
