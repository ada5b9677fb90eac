"""Hand-built documents for the tables plugin tests: raw TableBlocks with exact spans.

A document is written as a list of pieces (``tab(...)``, ``pipe(...)``, ``heading(...)``,
``para(...)``, ``BLANK``); each piece's lines follow the previous piece's on the next line,
``BLANK`` puts an empty line in between. An empty string inside a table's lines is an empty
line *inside* the block (a page break the core kept in the table). The blocks are built the way
the core builds them (one TableRow per line, one TableCell per field, exact spans), without
the core's lexer, so the plugin is tested on its own.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence

from referat.lines import LineIndex
from referat.models import (
    AgendaItem,
    Block,
    Heading,
    Paragraph,
    Referat,
    Section,
    SectionKind,
    SourceInfo,
    TableBlock,
    TableCell,
    TableRow,
)
from referat.registry import Registry
from referat.runner import run_extractors
from referat_tables import TABLES, plugin
from referat_tables.models import Table

Piece = tuple[str, tuple[str, ...]]
BLANK: Piece = ("blank", ())


def tab(*lines: str) -> Piece:
    return ("tab", lines)


def pipe(*lines: str) -> Piece:
    return ("pipe", lines)


def heading(text: str) -> Piece:
    return ("heading", (text,))


def para(text: str) -> Piece:
    return ("para", (text,))


def _cells(kind: str, line: str, start: int, index: LineIndex) -> tuple[TableCell, ...]:
    if kind == "tab":
        fields, offset = line.split("\t"), start
    else:
        inner = line.strip()
        lead = line.index("|") + 1
        inner = line[lead : line.rindex("|")] if line.rstrip().endswith("|") else line[lead:]
        fields, offset = inner.split("|"), start + lead
    cells = []
    for raw in fields:
        cells.append(TableCell(raw, index.span(offset, offset + len(raw))))
        offset += len(raw) + 1
    return tuple(cells)


def build(
    *pieces: Piece, preamble: int = 0, kind: SectionKind = SectionKind.ECONOMY
) -> tuple[Referat, tuple[Block, ...]]:
    """A referat with one item; the first ``preamble`` blocks go in the item's preamble."""
    lines: list[str] = []
    plan: list[tuple[str, list[int]]] = []
    for piece_kind, piece_lines in pieces:
        if piece_kind == "blank":
            lines.append("")
            continue
        numbers = []
        for line in piece_lines:
            numbers.append(len(lines))
            lines.append(line)
        plan.append((piece_kind, numbers))
    text = "\n".join(["Punkt 1: Test", "", *lines])
    index = LineIndex(text)
    first = 2  # the 0-based line of lines[0]
    blocks: list[Block] = []
    for piece_kind, numbers in plan:
        spans = [
            (index.starts[n + first], index.ends[n + first]) for n in numbers if lines[n] != ""
        ]
        if piece_kind in ("tab", "pipe"):
            rows = tuple(
                TableRow(_cells(piece_kind, text[s:e], s, index), index.span(s, e))
                for s, e in spans
            )
            span = index.span(spans[0][0], spans[-1][1])
            blocks.append(TableBlock(rows, span, kind=piece_kind))
        elif piece_kind == "heading":
            s, e = spans[0]
            blocks.append(Heading(text[s:e].strip(), index.span(s, e)))
        else:
            s, e = spans[0]
            blocks.append(Paragraph(text[s:e], index.span(s, e)))
    title = Heading("Punkt 1: Test", index.span(0, len("Punkt 1: Test")))
    body = tuple(blocks[preamble:])
    sections: tuple[Section, ...] = ()
    if body:
        section_heading = Heading("Økonomi", body[0].span)
        sections = (Section(kind, section_heading, body, index.span(0, len(text))),)
    item = AgendaItem(
        number=1,
        title="Test",
        heading=title,
        span=index.span(0, len(text)),
        preamble=tuple(blocks[:preamble]),
        sections=sections,
    )
    source = SourceInfo(
        None, hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest(), len(text)
    )
    return Referat(text=text, source=source, layout="markdown", items=(item,)), tuple(blocks)


def run(doc: Referat) -> Referat:
    """``doc`` after the tables extractor ran (through the real runner)."""
    registry = Registry()
    registry.apply(plugin, "tables")
    return run_extractors(doc, registry)


def tables_of(*pieces: Piece, preamble: int = 0) -> tuple[Table, ...]:
    """The tables the plugin finds in a one-item document made of ``pieces``."""
    doc = run(build(*pieces, preamble=preamble)[0])
    failures = [d for d in doc.diagnostics if d.code == "plugin-failed"]
    assert not failures, failures
    return doc.items[0].get(TABLES) or ()


def texts(rows: Sequence[object]) -> list[list[str]]:
    """The visible texts of ``rows`` (Row objects)."""
    return [[cell.text for cell in row.cells] for row in rows]  # type: ignore[attr-defined]
