"""Memory per input byte on the shape that costs most per byte of real text: one short number
a line (a flattened table in PDF text). tracemalloc counts Python's allocations exactly, so
the bound is deterministic, not a timing (tests/benchmarks/memory.py reports more shapes)."""

from __future__ import annotations

import tracemalloc

import referat
from referat.models import Paragraph


def peak_per_byte(text: str) -> float:
    parser = referat.Parser()
    parser.parse("Punkt 1: T\n\n1\n")  # grammars and caches outside the measurement
    tracemalloc.start()
    try:
        doc = parser.parse(text)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    paragraph = doc.items[0].preamble[0]
    assert isinstance(paragraph, Paragraph)
    assert len(paragraph.pieces) == 20_000  # every line is in it, mapped to the source
    return peak / len(text.encode("utf-8"))


def test_one_number_a_line_costs_at_most_60_bytes_a_byte() -> None:
    text = "Punkt 1: Tabel\n\n" + "".join(f"{i}\n" for i in range(20_000))
    assert peak_per_byte(text) <= 60


def test_the_pieces_of_a_long_paragraph_map_every_line() -> None:
    text = "Punkt 1: Tabel\n\n" + "".join(f"{i}\n" for i in range(20_000))
    doc = referat.parse(text, plugins=[])
    paragraph = doc.items[0].preamble[0]
    assert isinstance(paragraph, Paragraph)
    # the number on line k of the table is the k-th word; its offset maps to its line
    words = paragraph.text.split(" ")
    assert words[12_345] == "12345"
    offset = sum(len(w) + 1 for w in words[:12_345])
    start = paragraph.source_offset(offset)
    assert text[start : start + 5] == "12345"
    assert text[start - 1] == "\n"
