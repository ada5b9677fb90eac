"""Which raw rows make up which table: joining blocks, splitting at new headers, page breaks.

The core hands over :class:`~referat.models.TableBlock` objects whose boundaries follow the
lines (it may keep a TAB table together across an empty line, or not). This module decides the
tables from the rows themselves, so the result does not depend on where the core cut:

1. **Runs.** Consecutive table blocks of the same kind with only blank lines between them form
   one run of rows. A line the core read as a heading but which holds TABs (``Understøtter
   Odensemålet: …⇥⇥⇥⇥⇥⇥``, 002:137) and sits directly between two TAB blocks, with no empty
   line on either side, is a row of the run too (an ``table-row-from-heading`` info is
   reported). A caption such as ``Tabel 1: …⇥`` (001:878) has an empty line above it and is
   left alone.
2. **Segments.** A run is cut at every empty line into segments (rows with no empty line
   between them).
3. **New table or not.** The first segment starts a table. A later segment

   * **completes** the current table when that one so far is only label rows closed by a
     separator line (``| A | B |`` + ``|---|---|``, then an empty line, then the rows);
   * starts a **new table** when it has header rows that show text and body rows after them
     (002:131 ``Odensemål: …⇥⇥Forrige måling⇥…`` after an empty line; the identical headers of
     002:321 and 002:326 make two tables);
   * **restarts the current table** after a page break when its header rows are all empty and
     it has the same number of columns (000:450 ``|     |   |  |`` + separator): it becomes a
     new *part* of the same table and its empty header rows are not rows of the table;
   * otherwise **continues** the current table: rows after an empty line with no header of
     their own (001:737 after the page break at 736, 002:179 ``Opfølgning⇥<p>…``, a stray
     separator line).

Linear time: a piece that grows by many segments (a page break after every row) is read once,
when it is complete, not again for every segment it grows by; what the rules above need to
know about it while it grows (its last row, whether it has a row with values, its number of
columns) is kept as it grows.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from attrs import frozen

from referat.models import Heading, Span, TableBlock, TableCell, TableRow
from referat_tables.build import Part, RowCache, is_separator_row, part_of

Source = Callable[[int, int], str]
SpanOf = Callable[[int, int], Span]


@frozen
class Run:
    """Rows of consecutive table blocks of one kind; ``repaired`` are headings taken as rows."""

    kind: str
    rows: tuple[TableRow, ...]
    repaired: tuple[Span, ...] = ()


def _blank_between(source: Source, start: int, end: int) -> bool:
    return start <= end and not source(start, end).strip()


def _adjacent(source: Source, start: int, end: int) -> bool:
    """Only a line break between ``start`` and ``end`` (no empty line)."""
    gap = source(start, end)
    return not gap.strip() and gap.count("\n") + gap.count("\r") - gap.count("\r\n") <= 1


def _row_from_line(span: Span, source: Source, span_of: SpanOf) -> TableRow:
    text = source(span.start, span.end)
    cells: list[TableCell] = []
    offset = span.start
    for raw in text.split("\t"):
        cells.append(TableCell(raw, span_of(offset, offset + len(raw))))
        offset += len(raw) + 1
    return TableRow(tuple(cells), span)


def _tabbed_heading(blocks: Sequence[object], index: int, source: Source) -> Heading | None:
    """The heading at ``index`` if it is really a TAB row sandwiched between two TAB tables."""
    block = blocks[index]
    if not isinstance(block, Heading) or index == 0 or index + 1 >= len(blocks):
        return None
    before, after = blocks[index - 1], blocks[index + 1]
    if not (isinstance(before, TableBlock) and isinstance(after, TableBlock)):
        return None
    if before.kind != "tab" or after.kind != "tab":
        return None
    if "\t" not in source(block.span.start, block.span.end):
        return None
    if not _adjacent(source, before.span.end, block.span.start):
        return None
    if not _adjacent(source, block.span.end, after.span.start):
        return None
    return block


def runs(blocks: Sequence[object], source: Source, span_of: SpanOf) -> list[Run]:
    """The runs of table rows among ``blocks``, in order."""
    found: list[Run] = []
    kind: str | None = None
    rows: list[TableRow] = []
    repaired: list[Span] = []

    def close() -> None:
        nonlocal kind
        if kind is not None and rows:
            found.append(Run(kind, tuple(rows), tuple(repaired)))
        kind = None
        rows.clear()
        repaired.clear()

    for index, block in enumerate(blocks):
        if isinstance(block, TableBlock):
            joins = (
                kind == block.kind
                and rows
                and _blank_between(source, rows[-1].span.end, block.span.start)
            )
            if not joins:
                close()
                kind = block.kind
            rows.extend(block.rows)
            continue
        heading = _tabbed_heading(blocks, index, source) if kind == "tab" else None
        if heading is not None:
            rows.append(_row_from_line(heading.span, source, span_of))
            repaired.append(heading.span)
            continue
        close()
    close()
    return found


def segments(rows: Sequence[TableRow]) -> list[tuple[TableRow, ...]]:
    """``rows`` cut at every empty line."""
    found: list[list[TableRow]] = []
    for row in rows:
        if found and row.span.start_line <= found[-1][-1].span.end_line + 1:
            found[-1].append(row)
        else:
            found.append([row])
    return [tuple(segment) for segment in found]


class _Piece:
    """A piece of a table as it grows by segments: read as a whole once it is complete.

    The piece is what :func:`part_of` reads from all its rows. Until then the rules of
    :func:`split_run` need only its last row, whether it has a row with values (``settled``:
    a row is a value row or not by itself, so the piece has one when a segment has one) and
    its number of columns (the most of any segment).

    Reading the rows once at the end gives the header that reading them again after every
    segment would: before the piece has a row with values that is what it does; after, rows
    added cannot change the header (the header ends at the latest at that row, and a
    separator line below it says nothing), 001:545-546 being a header cut off by an empty line.
    """

    __slots__ = ("columns", "first", "last", "rows", "settled")

    def __init__(self, first: Part) -> None:
        self.first = first
        self.rows: list[TableRow] | None = None  # all the rows, once it grew
        self.last = first.rows[-1]
        self.settled = first.settled
        self.columns = first.columns

    def grow(self, part: Part) -> None:
        """Append the rows of ``part`` (a segment read on its own)."""
        if self.rows is None:
            self.rows = list(self.first.rows)
        self.rows.extend(part.rows)
        self.last = part.rows[-1]
        self.settled = self.settled or part.settled
        self.columns = max(self.columns, part.columns)

    def part(self, kind: str, cache: RowCache) -> Part:
        """The piece read as a whole."""
        return self.first if self.rows is None else part_of(kind, self.rows, cache)


def split_run(run: Run, cache: RowCache | None = None) -> list[tuple[Part, ...]]:
    """The tables of a run, each as its parts (pieces restarted by a page break)."""
    cache = cache or RowCache()
    tables: list[list[_Piece]] = []
    for rows in segments(run.rows):
        part = part_of(run.kind, rows, cache)
        if not tables:
            tables.append([_Piece(part)])
            continue
        current = tables[-1][-1]
        has_body = part.header < len(part.content)
        promised = is_separator_row(current.last) and not current.settled
        if promised:
            # The piece so far is a header and its separator line: the rows are below.
            current.grow(part)
        elif part.header and has_body and not part.header_is_empty:
            tables.append([_Piece(part)])
        elif part.header and has_body and part.columns == current.columns:
            tables[-1].append(_Piece(part))
        elif part.header and has_body:
            tables.append([_Piece(part)])  # an empty header over a different number of columns
        else:
            current.grow(part)
    return [tuple(piece.part(run.kind, cache) for piece in pieces) for pieces in tables]
