"""Every exception detail code any writer can write has its words, in English and Chinese
(#11.4): the codes come from the writers' own constants, and an AST walk proves the writers
use those constants instead of prose."""

from __future__ import annotations

import ast
import re
from collections.abc import Callable, Mapping
from pathlib import Path
from types import ModuleType

import pytest

from app import exception_details as app_details
from app.supervision.exceptions import REASONS, RESOLUTIONS, Resolution
from sync import exception_details as sync_details
from tests.ui.test_refusal_texts import KEPT_LATIN, _placeholders, _translations
from ui import exception_texts

ROOT = Path(__file__).resolve().parents[2]
NOT_HERE: set[str] = set()


def _codes(module: ModuleType) -> set[str]:
    return {
        value
        for name, value in vars(module).items()
        if name.isupper() and isinstance(value, str) and name == value
    }


def test_each_writer_module_lists_every_code_it_declares() -> None:
    for module in (app_details, sync_details):
        assert _codes(module) == set(module.DETAIL_CODES)


def test_every_code_has_its_text() -> None:
    written = set(app_details.DETAIL_CODES) | set(sync_details.DETAIL_CODES)
    assert sorted(written - set(exception_texts.DETAILS)) == []
    assert sorted(set(exception_texts.DETAILS) - written) == []


def _exception_record_calls() -> list[tuple[str, ast.Call]]:
    found = []
    for folder in ("app", "sync"):
        for path in sorted((ROOT / folder).rglob("*.py")):
            where = str(path.relative_to(ROOT))
            if where in NOT_HERE:
                continue
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if (
                    isinstance(node, ast.Call)
                    and isinstance(node.func, ast.Name)
                    and node.func.id == "ExceptionRecord"
                ):
                    found.append((f"{where}:{node.lineno}", node))
    return found


def test_writers_write_a_code_from_the_constants_and_no_prose() -> None:
    calls = _exception_record_calls()
    assert len(calls) >= 12
    problems = []
    for where, call in calls:
        keywords = {k.arg: k.value for k in call.keywords}
        if "detail" in keywords:
            problems.append(f"{where}: writes prose in detail")
        code = keywords.get("detail_code")
        from_constants = (
            isinstance(code, ast.Attribute)
            and isinstance(code.value, ast.Name)
            and code.value.id == "details"
        )
        # refuse_cursor passes the code its caller chose from the constants.
        if not from_constants and not (isinstance(code, ast.Name) and code.id == "code"):
            problems.append(f"{where}: detail_code not from exception_details")
    assert problems == []


_TABLES: dict[str, Mapping[str, Callable[[], str]]] = {
    "ExceptionDetails": exception_texts.DETAILS,
    "ExceptionTypes": exception_texts.TYPES,
    "Resolutions": exception_texts.RESOLUTIONS,
    "Reasons": exception_texts.REASONS,
    "OrderExceptionReasons": exception_texts.RAISE_REASONS,
}


@pytest.mark.parametrize("context", list(_TABLES))
def test_every_exception_text_has_a_finished_chinese_translation(context: str) -> None:
    translations = _translations(context)
    problems = []
    for key, text in _TABLES[context].items():
        source = text()
        chinese, kind = translations.get(source, ("", "missing"))
        if kind is not None or not chinese:
            problems.append(f"{key}: {kind or 'empty'}")
        elif _placeholders(chinese) != _placeholders(source):
            problems.append(f"{key}: placeholders {_placeholders(chinese)}")
        else:
            bare = re.sub(r"\{\w+\}", "", chinese)
            latin = set(re.findall(r"[A-Za-z]{2,}", bare)) - KEPT_LATIN
            if latin or ":" in bare or "(" in bare:
                problems.append(f"{key}: English or half-width punctuation in {chinese!r}")
    assert problems == []


def test_every_resolution_and_reason_has_words() -> None:
    resolutions = {r for allowed in RESOLUTIONS.values() for r in allowed} | {
        Resolution.ACKNOWLEDGED
    }
    assert sorted(resolutions - set(exception_texts.RESOLUTIONS)) == []
    reasons = {r for allowed in REASONS.values() for r in allowed}
    assert sorted(reasons - set(exception_texts.REASONS)) == []


def test_a_detail_reads_with_its_arguments() -> None:
    args = app_details.detail_args(qty=1, sku="SKU-TEA", bin="A-01", reason="NOT_FOUND")
    assert (
        exception_texts.detail_text(app_details.SHORT_PICK, args)
        == "Short pick of 1 × SKU-TEA at A-01 (Not found)."
    )


def test_a_raised_order_exception_reads_with_its_reason_in_words() -> None:
    """Seed 000 §5.1: 地址异常 → 人工处理. Every reason an operator can type has words."""
    from app.services.order_exception_raising import REASON_CODES

    assert sorted(exception_texts.RAISE_REASONS) == sorted(REASON_CODES)
    args = app_details.detail_args(reason="ADDRESS_PROBLEM", status="ALLOCATED", by="P1", note="")
    assert exception_texts.detail_text(app_details.ORDER_EXCEPTION_RAISED, args) == (
        "P1 stopped the order (ALLOCATED) for manual handling: Address problem."
    )


def test_an_old_record_shows_its_text_and_an_unworded_code_shows_plainly() -> None:
    assert exception_texts.detail_text(None, "{}", "Short pick of 2 x A") == "Short pick of 2 x A"
    assert (
        exception_texts.detail_text("STOCK_DIFFERENCE_FOUND", '{"sku": "A", "diff": "-2"}')
        == "STOCK_DIFFERENCE_FOUND (diff=-2, sku=A)"
    )
    assert exception_texts.detail_text("X", "not json") == "X"
