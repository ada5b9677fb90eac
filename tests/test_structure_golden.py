"""Golden structure tests: expected values were written by reading each seed document
(tests/golden/structure/*.json), never by dumping the parser's output."""

from __future__ import annotations

import datetime as dt

import pytest

from conftest import SEEDS, golden, parsed


def test_58_items_in_total() -> None:
    assert sum(len(parsed(s).items) for s in SEEDS) == 58


def test_layout(seed: str) -> None:
    assert parsed(seed).layout == golden("structure", seed)["layout"]


def test_meeting_header(seed: str) -> None:
    expected = golden("structure", seed)["meeting"]
    meeting = parsed(seed).meeting
    if expected is None:
        assert meeting is None
        return
    assert meeting is not None
    assert meeting.committee == expected["committee"]
    assert meeting.period == expected["period"]
    assert meeting.date == dt.date.fromisoformat(expected["date"])
    assert meeting.start_time == dt.time.fromisoformat(expected["start_time"])
    assert meeting.location == expected["location"]
    lines = {line.field.name: line.span.start_line for line in meeting.lines}
    assert lines == {
        "TITLE": expected["title_line"],
        "DATE": expected["date_line"],
        "PLACE": expected["location_line"],
    }


def test_table_of_contents(seed: str) -> None:
    expected = golden("structure", seed)["toc"]
    doc = parsed(seed)
    if not expected:
        assert doc.toc is None
        return
    assert doc.toc is not None
    got = [(e.title, e.page, e.span.start_line) for e in doc.toc.entries]
    assert got == [(e["title"], e["page"], e["line"]) for e in expected]
    # mapped to items by position
    assert [e.item_number for e in doc.toc.entries] == [i.number for i in doc.items]


def _items(seed: str) -> list[tuple[object, object]]:
    expected = golden("structure", seed)["items"]
    items = parsed(seed).items
    assert [i.number for i in items] == [e["number"] for e in expected]
    return list(zip(items, expected, strict=True))


def test_item_titles_and_lines(seed: str) -> None:
    for item, exp in _items(seed):
        assert item.title == exp["title"], item.number
        assert item.heading.span.start_line == exp["line"], item.number


def test_item_case_types(seed: str) -> None:
    for item, exp in _items(seed):
        assert (item.case_type.name if item.case_type else None) == exp["case_type"]
        assert item.case_type_raw == exp["case_type_raw"]


def test_case_numbers(seed: str) -> None:
    for item, exp in _items(seed):
        cn, want = item.case_number, exp["case_number"]
        assert cn is not None
        assert (cn.raw, cn.kle, cn.facet, cn.serial, cn.year, cn.span.start_line) == (
            want["raw"],
            want["kle"],
            want["facet"],
            want["serial"],
            want["year"],
            want["line"],
        ), item.number


def test_sections(seed: str) -> None:
    for item, exp in _items(seed):
        got = [(s.name, s.kind.name, s.heading.span.start_line) for s in item.sections]
        want = [(s["heading"], s["kind"], s["line"]) for s in exp["sections"]]
        assert got == want, f"item {item.number}"


@pytest.mark.parametrize("stem", SEEDS)
def test_no_structural_diagnostics_on_seeds(stem: str) -> None:
    # The seeds are well-formed: nothing unparsed, no misplaced blocks.
    doc = parsed(stem)
    assert [d.describe() for d in doc.diagnostics] == []
