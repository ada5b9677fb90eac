"""The tables plugin on the five seed documents, against tests/golden/tables/<stem>.json.

The golden files were written by a separate reader from the documents (not from this
plugin's output). Each lists every table of a document in order with its lines, kind, shape,
totals, unit, merge history and a sample of cells (rows 0-based over header + body rows).
A cell's ``number``/``dkk`` are compared when the golden file gives them; a cell listed
without ``number`` must have none.
"""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

import referat
from referat_tables import TABLES, Table

TESTS = Path(__file__).resolve().parents[1]
FIXTURES = TESTS / "fixtures"
GOLDEN = TESTS / "golden" / "tables"
STEMS = sorted(p.stem for p in GOLDEN.glob("*.json"))


def _tables(stem: str) -> tuple[referat.Referat, list[Table]]:
    doc = referat.parse_file(FIXTURES / f"{stem}.txt", plugins=["tables"])
    failures = [d for d in doc.diagnostics if d.code == "plugin-failed"]
    assert not failures, failures
    return doc, [table for item in doc.items for table in item.get(TABLES) or ()]


def _golden(stem: str) -> list[dict[str, Any]]:
    data = json.loads((GOLDEN / f"{stem}.json").read_text(encoding="utf-8"))
    tables: list[dict[str, Any]] = data["tables"]
    return tables


def test_every_fixture_has_a_golden_file() -> None:
    assert sorted(p.stem for p in FIXTURES.glob("*.txt")) == STEMS


@pytest.mark.parametrize("stem", STEMS)
def test_table_list(stem: str) -> None:
    _, tables = _tables(stem)
    found = [(t.span.start_line, t.span.end_line, t.kind) for t in tables]
    expected = [(g["first_line"], g["last_line"], g["kind"]) for g in _golden(stem)]
    assert found == expected


def _cases() -> list[tuple[str, int]]:
    return [(stem, index) for stem in STEMS for index in range(len(_golden(stem)))]


@pytest.fixture(scope="module")
def parsed() -> dict[str, tuple[referat.Referat, list[Table]]]:
    return {stem: _tables(stem) for stem in STEMS}


@pytest.mark.parametrize(("stem", "index"), _cases(), ids=str)
def test_table_shape(
    stem: str, index: int, parsed: dict[str, tuple[referat.Referat, list[Table]]]
) -> None:
    golden = _golden(stem)[index]
    _, tables = parsed[stem]
    table = next(t for t in tables if t.span.start_line == golden["first_line"])
    assert table.span.end_line == golden["last_line"]
    assert table.columns == golden["columns"]
    assert len(table.header_rows) == golden["header_rows"]
    assert len(table.body_rows) == golden["body_rows"]
    assert [row.label for row in table.total_rows] == golden["total_rows"]
    column = table.total_column
    label = table.header_rows[-1].cells[column].text if column is not None else None
    assert label == golden["total_column"]
    assert table.unit == golden["unit"]
    parts = [[p.start_line, p.end_line] for p in table.parts]
    assert (parts if len(parts) > 1 else None) == golden["merged_from"]


@pytest.mark.parametrize(("stem", "index"), _cases(), ids=str)
def test_sample_cells(
    stem: str, index: int, parsed: dict[str, tuple[referat.Referat, list[Table]]]
) -> None:
    golden = _golden(stem)[index]
    doc, tables = parsed[stem]
    table = next(t for t in tables if t.span.start_line == golden["first_line"])
    for sample in golden["sample_cells"]:
        cell = table.cell(sample["row"], sample["col"])
        assert cell is not None, sample
        assert cell.text == sample["text"], sample
        expected = Decimal(sample["number"]) if "number" in sample else None
        assert cell.number == expected, sample
        if "dkk" in sample:
            assert cell.dkk == Decimal(sample["dkk"]), sample
        assert doc.source_text(cell.span) == cell.raw


@pytest.mark.parametrize("stem", STEMS)
def test_spans_nest(stem: str, parsed: dict[str, tuple[referat.Referat, list[Table]]]) -> None:
    doc, tables = parsed[stem]
    for table in tables:
        assert all(part in table.span for part in table.parts)
        for row in table.rows:
            assert row.span in table.span
            for cell in row.cells:
                assert cell.span in row.span
                assert doc.source_text(cell.span) == cell.raw


def test_json_round_trip(parsed: dict[str, tuple[referat.Referat, list[Table]]]) -> None:
    doc, tables = parsed["002_833b6cf798256107"]
    back = referat.loads(referat.dumps(doc))
    assert [t for item in back.items for t in item.get(TABLES) or ()] == tables
