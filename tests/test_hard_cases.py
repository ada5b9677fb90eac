"""The structural hard cases of the seed inventory (tests/golden/structure/hard_cases.json,
written by reading the documents)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest

from conftest import GOLDEN, parsed
from referat import (
    Heading,
    ListBlock,
    ListItem,
    Paragraph,
    Referat,
    TableBlock,
)
from referat.leaves import structural_leaves

CASES: list[dict[str, Any]] = json.loads(
    (GOLDEN / "structure" / "hard_cases.json").read_text(encoding="utf-8")
)


def case(number: int, prefix: str) -> dict[str, Any]:
    for entry in CASES:
        if entry["case"] == number and entry["file"].startswith(prefix):
            return entry["expect"]  # type: ignore[no-any-return]
    raise LookupError(number)


def stem(prefix: str) -> str:
    return next(e["file"][:-4] for e in CASES if e["file"].startswith(prefix))


def blocks(doc: Referat) -> Iterator[Any]:
    yield from doc.front
    for item in doc.items:
        yield from item.preamble
        for section in item.sections:
            yield from section.blocks


def leaf_at(doc: Referat, line: int) -> Any:
    for leaf in structural_leaves(doc):
        if leaf.span.start_line <= line <= leaf.span.end_line:
            return leaf
    raise LookupError(line)


def block_at(doc: Referat, line: int) -> Any:
    for block in blocks(doc):
        if block.span.start_line <= line <= block.span.end_line:
            return block
    raise LookupError(line)


def texts(doc: Referat) -> Iterator[Paragraph | ListItem]:
    for block in blocks(doc):
        if isinstance(block, Paragraph):
            yield block
        elif isinstance(block, ListBlock):
            yield from block.items


def test_case_1_heading_that_starts_with_a_section_word() -> None:
    exp = case(1, "002")
    doc = parsed(stem("002"))
    item = doc.items[exp["item"] - 1]
    assert [(s.name, s.heading.span.start_line) for s in item.sections] == [
        (s["heading"], s["line"]) for s in exp["sections"]
    ]
    heading = block_at(doc, exp["not_a_section"]["line"])
    assert isinstance(heading, Heading)
    assert heading.text == exp["not_a_section"]["text"].lstrip("# ")
    decision = item.sections[-1]
    first = decision.blocks[0]
    assert isinstance(first, Paragraph)
    assert (first.text, first.span.start_line) == (
        exp["decision_first_line"]["text"],
        exp["decision_first_line"]["line"],
    )


def test_case_2_last_line_without_newline_is_kept() -> None:
    exp = case(2, "001")
    doc = parsed(stem("001"))
    decision = doc.items[exp["item"] - 1].sections[-1]
    assert decision.heading.span.start_line == exp["beslutning_line"]
    got = [(b.span.start_line, b.text) for b in decision.blocks if isinstance(b, Paragraph)]
    assert got == [(d["line"], d["text"]) for d in exp["decision_lines"]]
    assert decision.span.end == len(doc.text)
    assert decision.span.end_line == exp["total_lines"]


def test_case_3_wrapped_item_title() -> None:
    exp = case(3, "003")
    item = parsed(stem("003")).items[exp["item"] - 1]
    assert item.title == exp["title"]
    assert (item.heading.span.start_line, item.heading.span.end_line) == (167, 169)
    assert item.case_number is not None
    assert item.case_number.span.start_line == exp["case_number"]["line"]


def test_case_4_glued_items_and_leading_spaces() -> None:
    exp = case(4, "003")
    doc = parsed(stem("003"))
    assert len(doc.items) == exp["item_count"]
    for number, line in exp["leading_space_item_lines"].items():
        assert doc.items[int(number) - 1].heading.span.start_line == line
    for glued in exp["empty_bilag_sections"]:
        item = doc.items[glued["item"] - 1]
        bilag = item.sections[-1]
        assert (bilag.name, bilag.heading.span.start_line, bilag.blocks) == (
            "Bilag",
            glued["line"],
            (),
        )
    for other in exp["leading_space_non_items"]:
        leaf = leaf_at(doc, other["line"])
        assert not any(i.heading is leaf for i in doc.items)
        assert doc.source_text(leaf.span).count(other["text"]) == 1


def test_case_5_line_final_hyphens_are_kept() -> None:
    doc = parsed(stem("003"))
    for join in case(5, "003")["joins"]:
        block = leaf_at(doc, join["lines"][0])
        assert join["fragment"] in block.text
        assert join["must_not_contain"] not in block.text
        assert block.span.start_line <= join["lines"][1] <= block.span.end_line


def test_case_6_years_at_line_start_are_not_list_items() -> None:
    doc = parsed(stem("003"))
    for entry in case(6, "003")["not_list_item_lines"]:
        leaf = leaf_at(doc, entry["line"])
        assert isinstance(leaf, Paragraph), entry
        assert entry["paragraph_contains"] in leaf.text
        assert (leaf.span.start_line, leaf.span.end_line) == tuple(entry["paragraph_lines"])


def test_case_7_unmarked_lists() -> None:
    exp = case(7, "003")
    doc = parsed(stem("003"))
    block = block_at(doc, 186)
    assert isinstance(block, ListBlock)
    assert [i.text for i in block.items] == exp["list_items"]
    assert all(i.marker is None for i in block.items)
    wrapped = leaf_at(doc, exp["wrapped_item_example"]["lines"][0])
    assert isinstance(wrapped, ListItem)
    assert wrapped.text == exp["wrapped_item_example"]["text"]


def test_case_8_paragraph_joined_across_a_page_break() -> None:
    exp = case(8, "000")
    doc = parsed(stem("000"))
    paragraph = leaf_at(doc, 66)
    assert isinstance(paragraph, Paragraph)
    assert exp["joined_fragment"] in paragraph.text
    assert (paragraph.span.start_line, paragraph.span.end_line) == tuple(exp["paragraph_lines"])
    easy = leaf_at(doc, exp["easy_variant"]["lines"][0])
    assert exp["easy_variant"]["joined_fragment"] in easy.text
    assert easy.span.end_line == exp["easy_variant"]["lines"][1]


@pytest.mark.parametrize("prefix", ["002", "004"])
def test_case_9_truncated_toc_entries_map_by_position(prefix: str) -> None:
    exp = case(9, prefix)
    doc = parsed(stem(prefix))
    assert doc.toc is not None
    entry = next(e for e in doc.toc.entries if e.span.start_line == exp["toc_line"])
    assert (entry.title, entry.page, entry.item_number) == (
        exp["toc_title"],
        exp["page"],
        exp["item"],
    )
    assert doc.items[exp["item"] - 1].title == exp["item_title"]


def test_case_9_quotes_and_garbled_tail() -> None:
    doc = parsed(stem("001"))
    assert doc.toc is not None
    for want in case(9, "001")["entries"]:
        entry = next(e for e in doc.toc.entries if e.span.start_line == want["toc_line"])
        assert (entry.title, entry.page, entry.item_number) == (
            want["toc_title"],
            want["page"],
            want["item"],
        )
        assert doc.items[want["item"] - 1].title == want["item_title"]


def test_case_10_pipe_toc_with_empty_header_row() -> None:
    exp = case(10, "000")
    doc = parsed(stem("000"))
    assert doc.toc is not None
    assert len(doc.toc.entries) == exp["entry_count"]
    assert [doc.source_text(r.span) for r in doc.toc.rows] == [exp["header_row"], exp["separator"]]
    first = doc.toc.entries[0]
    assert (first.title, first.page, first.span.start_line) == tuple(
        exp["first_entry"][k] for k in ("title", "page", "line")
    )


def test_case_11_pipe_table_split_by_a_page_break_stays_raw_in_two_blocks() -> None:
    exp = case(11, "000")
    doc = parsed(stem("000"))
    for part in exp["tables"]:
        block = block_at(doc, part["lines"][0])
        assert isinstance(block, TableBlock)
        assert block.kind == "pipe"
        assert (block.span.start_line, block.span.end_line) == tuple(part["lines"])
        assert block.rows[1].is_separator
    assert block_at(doc, 443) in doc.items[exp["item"] - 1].sections[0].blocks


def test_case_12_tab_table_with_gap_sub_rows_and_stray_separator() -> None:
    exp = case(12, "002")
    doc = parsed(stem("002"))
    table = block_at(doc, 167)
    assert isinstance(table, TableBlock)
    assert table.kind == "tab"
    assert table.span.start_line == 167
    assert table.span.end_line == exp["stray_separator"]["line"]
    by_line = {r.span.start_line: r for r in table.rows}
    assert {str(n): len(by_line[n].cells) for n in by_line if n < 180} == exp["field_counts"]
    assert by_line[180].is_separator
    section = doc.items[exp["item"] - 1].sections
    assert any(table in s.blocks for s in section if s.name == exp["section"]["heading"])


def test_case_13_level_one_heading_is_not_an_item() -> None:
    exp = case(13, "002")
    doc = parsed(stem("002"))
    heading = block_at(doc, exp["line"])
    assert isinstance(heading, Heading)
    assert heading.level == 1
    assert [(s.name, s.heading.span.start_line) for s in doc.items[exp["item"] - 1].sections] == [
        (s["heading"], s["line"]) for s in exp["item_6_sections"]
    ]


@pytest.mark.parametrize("prefix", ["000", "002"])
def test_case_18_siblings_with_different_markup_are_all_subheadings(prefix: str) -> None:
    exp = case(18, prefix)
    doc = parsed(stem(prefix))
    section = doc.items[exp["item"] - 1].sections
    target = next(s for s in section if s.heading.span.start_line == exp["section"]["line"])
    for sub in exp["subheadings"]:
        block = block_at(doc, sub["line"])
        assert isinstance(block, Heading), sub
        assert block in target.blocks
        if "text" in sub:
            assert block.text == sub["text"]


def test_case_21_pseudo_headings_are_not_sections() -> None:
    exp = case(21, "001")
    doc = parsed(stem("001"))
    for pseudo in exp["item_14_pseudo_headings_not_sections"]:
        block = block_at(doc, pseudo["line"])
        assert isinstance(block, Heading)
        assert block.text == pseudo["text"]
    for number, raw in exp["case_types"].items():
        assert doc.items[int(number) - 1].case_type_raw == raw
    not_sections = case(21, "002")["not_sections"]
    doc2 = parsed(stem("002"))
    for entry in not_sections:
        assert isinstance(block_at(doc2, entry["line"]), Heading)
