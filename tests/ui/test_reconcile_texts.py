"""Reconciliation's exception codes are worded in English and Chinese (#12.1: every
difference says what it is and what to do; seed 003 对账差异自动分析)."""

from __future__ import annotations

from oms_contract.sync_api import StockDifference
from sync.reconcile import (
    RECONCILIATION_CODES,
    SELF_RESOLVED,
    STOCK_MISSING_AT_STATION,
    difference_args,
)
from tests.ui.test_refusal_texts import _translations
from ui.texts import _EXCEPTION_DETAILS, exception_detail_text


def test_every_reconciliation_code_has_words_and_a_chinese_translation() -> None:
    for code in (*RECONCILIATION_CODES, SELF_RESOLVED):
        assert code in _EXCEPTION_DETAILS, code
        source = _EXCEPTION_DETAILS[code]()
        chinese, kind = _translations("Exceptions").get(source, ("", "missing"))
        assert chinese and kind is None, code


def test_a_difference_reads_with_its_figures_and_what_to_do() -> None:
    difference = StockDifference(
        owner_id="ACME", sku_id="ACME-MUG-01", station_qty=97, oms_qty=98, difference=-1
    )
    text = exception_detail_text(STOCK_MISSING_AT_STATION, difference_args(difference))
    assert text.startswith("ACME-MUG-01 (ACME): the bins hold 97, the OMS expects 98 (-1).")
    assert "count the SKU, then adjust" in text
