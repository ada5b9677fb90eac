"""Golden test: the economics of every ``Økonomi`` section of the five fixtures.

The expected values in ``tests/golden/economics/<stem>.json`` were written by a separate reader
from the documents, not from this plugin's output. For each item with an ``Økonomi`` section the
list of amounts with ``in_economy_section=True`` must match exactly (set and order), values as
``Decimal``, and the "no economic consequences" sentence must match (line and text).
"""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

import referat
from referat.models import Referat, SectionKind
from referat_economics import ECONOMY
from referat_economics.models import Amount, Economy

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "fixtures"
GOLDEN = ROOT / "tests" / "golden" / "economics"
STEMS = sorted(path.stem for path in FIXTURES.glob("*.txt"))


def _golden(stem: str) -> dict[str, Any]:
    path = GOLDEN / f"{stem}.json"
    if not path.is_file():
        pytest.skip(f"no golden file {path.name}")
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data


_DOCS: dict[str, Referat] = {}


def _doc(stem: str) -> Referat:
    if stem not in _DOCS:
        text = (FIXTURES / f"{stem}.txt").read_text(encoding="utf-8")
        _DOCS[stem] = referat.parse(text, source=f"{stem}.txt", plugins=["tables", "economics"])
    return _DOCS[stem]


def _decimal(value: str | None) -> Decimal | None:
    return None if value is None else Decimal(value)


def _years(amount: Amount) -> dict[str, Any] | None:
    if amount.years is None:
        return None
    return {
        "raw": amount.years.raw,
        "from": amount.years.start,
        "to": amount.years.end,
        "annual": amount.years.annual,
    }


def _actual(amount: Amount) -> dict[str, Any]:
    return {
        "line": amount.span.start_line,
        "raw": amount.raw,
        "value": amount.value,
        "value_to": amount.value_to,
        "qualifier": amount.qualifier,
        "years": _years(amount),
    }


def _expected(amount: dict[str, Any]) -> dict[str, Any]:
    return {
        "line": amount["line"],
        "raw": amount["raw"],
        "value": _decimal(amount["value"]),
        "value_to": _decimal(amount["value_to"]),
        "qualifier": amount["qualifier"],
        "years": amount["years"],
    }


def _economy(doc: Referat, number: int) -> Economy:
    item = doc.item(number)
    assert item is not None, f"item {number} not found"
    economy = item.get(ECONOMY)
    assert economy is not None, f"item {number}: no economics result"
    return economy


@pytest.mark.parametrize("stem", STEMS)
def test_items_with_an_economy_section(stem: str) -> None:
    golden = _golden(stem)
    doc = _doc(stem)
    expected = [(item["number"], item["economy_heading_line"]) for item in golden["items"]]
    actual = []
    for item in doc.items:
        section = item.section(SectionKind.ECONOMY)
        if section is not None:
            economy = item.get(ECONOMY)
            assert economy is not None and economy.span == section.span
            actual.append((item.number, section.span.start_line))
    assert actual == expected


@pytest.mark.parametrize("stem", STEMS)
def test_economy_section_amounts(stem: str) -> None:
    golden = _golden(stem)
    doc = _doc(stem)
    for item in golden["items"]:
        economy = _economy(doc, item["number"])
        actual = [_actual(a) for a in economy.amounts if a.in_economy_section]
        expected = [_expected(a) for a in item["amounts"]]
        assert actual == expected, f"item {item['number']}"
        for amount in economy.section_amounts:
            assert economy.span is not None and amount.span in economy.span
            assert doc.source_text(amount.span).split() == amount.raw.split()


@pytest.mark.parametrize("stem", STEMS)
def test_no_consequences(stem: str) -> None:
    golden = _golden(stem)
    doc = _doc(stem)
    for item in golden["items"]:
        economy = _economy(doc, item["number"])
        found = economy.no_consequences
        expected = item["no_consequences"]
        if expected is None:
            assert found is None, f"item {item['number']}: {found}"
            continue
        assert found is not None, f"item {item['number']}: expected {expected['text']!r}"
        assert (found.span.start_line, found.text) == (expected["line"], expected["text"])
        assert doc.source_text(found.span).split() == found.text.split()
