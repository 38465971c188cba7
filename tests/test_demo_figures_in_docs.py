"""The README and docs/oms-api.md count the demo's SKUs, orders and deliveries as the demo
data (oms_server/demo.py) has them."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from oms_server.demo import demo_commands, demo_inbounds, demo_skus

ROOT = Path(__file__).resolve().parents[1]
NUMBERS = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "a dozen": 12,
}
_NUMBER = "|".join(NUMBERS)


def figure(doc: str, noun: str) -> int:
    text = " ".join((ROOT / doc).read_text(encoding="utf-8").split())
    found = re.findall(rf"\b({_NUMBER}) {noun}", text)
    assert found, f"{doc} does not say how many {noun} the demo has"
    assert len(set(found)) == 1, f"{doc} gives different counts of {noun}: {found}"
    return NUMBERS[found[0]]


@pytest.mark.parametrize("doc", ["README.md", "docs/oms-api.md"])
def test_docs_count_the_demo_skus_as_the_demo_has_them(doc: str) -> None:
    assert figure(doc, "SKUs") == len(demo_skus())


@pytest.mark.parametrize("doc", ["README.md", "docs/oms-api.md"])
def test_docs_count_the_demo_orders_as_the_demo_has_them(doc: str) -> None:
    assert figure(doc, "outbound orders") == len(demo_commands())
    assert figure(doc, "inbound") == len(demo_inbounds())
