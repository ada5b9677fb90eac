"""Turn one raw :class:`~referat.models.TableBlock` (or several merged ones) into a :class:`Table`.

Steps: drop separator lines; find the header (:mod:`referat_tables.header`); strip HTML from
every cell (:mod:`referat_tables.markup`); read the units the header states
(:mod:`referat_tables.quantities`); parse body cells as numbers and compute their DKK value;
mark totals rows and the totals column (:mod:`referat_tables.totals`).

Units and DKK values:

* Every header cell is checked for a unit. A unit in the first column's header
  (``1.000 kr.⇥…``, ``Beskrivelse – Kr.⇥…``, ``Mio. kr.⇥2017⇥…``) is the table's unit. Otherwise
  the table's unit is the one unit the other header cells agree on, when every column that holds
  numbers states it (``Anlæg og gravminde⇥Engangsbeløb i kr.``).
* A body cell with a number gets ``dkk`` when it is money: its own unit (``105.000 kr.``),
  else its column's unit, else the table's unit, unless the column is not about money (its
  header names ``%``, ``procent``, ``pct``, ``antal`` or ``andel``) or it is the first (label)
  column. ``dkk = number × scale`` (``-84.962`` under ``1.000 kr.`` → ``-84962000``).
* Header cells never get a number (``2017`` and ``1.000 kr.`` in a header are labels).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from decimal import Decimal

from attrs import frozen

from referat.models import SectionKind, Span, TableCell, TableRow
from referat_tables.header import first_value_row, header_size_before
from referat_tables.markup import cell_text, text_and_bold
from referat_tables.models import Cell, Row, Table
from referat_tables.quantities import VALUE_START, Unit, header_unit, read_value
from referat_tables.totals import RowFacts, total_column, total_rows

SpanOf = Callable[[int, int], Span]
Texts = tuple[str, ...]
Read = tuple[Decimal | None, Unit | None]

_NOT_MONEY = re.compile(r"%|\b(?:procent|pct|antal|andel)", re.IGNORECASE)
_ONE = Decimal(1)


def _may_not_be_money(text: str) -> bool:
    """A cheap test before ``_NOT_MONEY``: its words in lower case (as ``re.IGNORECASE``)."""
    if "%" in text:
        return True
    low = text.lower()
    return "procent" in low or "pct" in low or "antal" in low or "andel" in low


def is_separator_row(row: TableRow) -> bool:
    """``row.is_separator`` (a ``|--|--|`` or ``--⇥---`` rule line), without building sets."""
    filled = False
    for cell in row.cells:
        text = cell.raw.strip()
        if text:
            if text.strip("-:"):
                return False
            filled = True
    return filled


class RowCache:
    """Reads raw cells: their visible text and, for cells with markup, their boldness.

    A cell with markup is read once per distinct raw text (its text and boldness in one pass);
    a cell without markup needs no memory. One cache serves one list of blocks.
    """

    __slots__ = ("_markup",)

    def __init__(self) -> None:
        self._markup: dict[str, tuple[str, bool]] = {}

    def texts(self, row: TableRow) -> Texts:
        """The visible text of each raw cell of ``row`` (:func:`texts_of`)."""
        stripped = [cell.raw.strip() for cell in row.cells]
        joined = "".join(stripped)
        # Usually no cell has markup, an entity, a run of spaces or white space other than a
        # space (every such character is unprintable): each text is then its stripped cell.
        if "<" not in joined and "&" not in joined and "  " not in joined and joined.isprintable():
            return tuple(stripped)
        texts = []
        for cell in row.cells:
            raw = cell.raw
            if "<" in raw or "&" in raw:
                texts.append(self._read(raw)[0])
            else:
                texts.append(" ".join(raw.split()))  # the fast path of ``cell_text``
        return tuple(texts)

    def bold(self, raw: str) -> bool:
        """Whether a raw cell is bold (:func:`~referat_tables.markup.is_bold`)."""
        return "<" in raw and self._read(raw)[1]

    def _read(self, raw: str) -> tuple[str, bool]:
        known = self._markup.get(raw)
        if known is None:
            known = self._markup[raw] = text_and_bold(raw)
        return known


@frozen
class Part:
    """A piece of a table: its source rows (separator lines included), in order.

    ``content`` are the rows that are not separator lines and ``texts`` their visible cell
    texts; the first ``header`` of them are the piece's header rows.
    """

    kind: str
    rows: tuple[TableRow, ...]
    content: tuple[TableRow, ...]
    texts: tuple[Texts, ...]
    header: int
    settled: bool = False  # a row holds values: rows added after it cannot change the header

    @property
    def start(self) -> int:
        """The source offset where the piece starts."""
        return self.rows[0].span.start

    @property
    def end(self) -> int:
        """The source offset where the piece ends."""
        return self.rows[-1].span.end

    @property
    def columns(self) -> int:
        """The number of cells of the widest content row."""
        return max((len(row.cells) for row in self.content), default=0)

    @property
    def header_is_empty(self) -> bool:
        """Whether the piece has header rows and none of them shows any text."""
        return self.header > 0 and not any(
            text for texts in self.texts[: self.header] for text in texts
        )


def content_rows(rows: Sequence[TableRow]) -> tuple[tuple[TableRow, ...], int | None]:
    """The rows that are not separator lines, and the header size a separator states.

    The second value is the number of content rows above the first separator line that has
    content rows after it, or ``None`` when no separator says where the header ends.
    """
    content: list[TableRow] = []
    separator_at: int | None = None
    pending: int | None = None
    for row in rows:
        if is_separator_row(row):
            if pending is None and separator_at is None:
                pending = len(content)
            continue
        if pending is not None and separator_at is None:
            separator_at = pending
        content.append(row)
    return tuple(content), separator_at


def texts_of(row: TableRow) -> Texts:
    """The visible text of each raw cell of ``row``."""
    return tuple([cell_text(cell.raw) for cell in row.cells])


def part_of(kind: str, rows: Sequence[TableRow], cache: RowCache | None = None) -> Part:
    """Split ``rows`` (one piece of a table) into header and body rows."""
    cache = cache or RowCache()
    content, separator_at = content_rows(rows)
    texts = tuple([cache.texts(row) for row in content])
    first_value = first_value_row(texts)
    header = header_size_before(texts, first_value, separator_at)
    return Part(kind, tuple(rows), content, texts, header, first_value < len(texts))


def extend_part(part: Part, rows: Sequence[TableRow], cache: RowCache | None = None) -> Part:
    """``part`` with ``rows`` appended (rows after an empty line that continue the piece).

    Once a piece has a row with values, rows added after it cannot change its header (the
    header ends at the latest at that row, and a separator line below it says nothing), so the
    header is kept. Before that (001:545-546, a header cut off by an empty line) it is read
    again over all the rows.
    """
    cache = cache or RowCache()
    if not part.settled:
        return part_of(part.kind, part.rows + tuple(rows), cache)
    content = tuple([row for row in rows if not is_separator_row(row)])
    texts = tuple([cache.texts(row) for row in content])
    return Part(
        part.kind, part.rows + tuple(rows), part.content + content, part.texts + texts,
        part.header, True,
    )


def _normal(value: Decimal) -> Decimal:
    return value.quantize(_ONE) if value == value.to_integral_value() else value.normalize()


def _column_units(header: Sequence[Texts]) -> dict[int, Unit]:
    units: dict[int, Unit] = {}
    for texts in header:
        for index, text in enumerate(texts):
            unit = header_unit(text)
            if unit is not None and index not in units:
                units[index] = unit
    return units


def _not_money_columns(header: Sequence[Texts]) -> set[int]:
    return {
        index
        for texts in header
        for index, text in enumerate(texts)
        if index > 0 and _may_not_be_money(text) and _NOT_MONEY.search(text)
    }


def _table_unit(units: dict[int, Unit], number_columns: set[int]) -> Unit | None:
    if 0 in units:
        return units[0]
    found = {unit for index, unit in units.items() if index > 0}
    if len(found) != 1:
        return None
    (unit,) = found
    if number_columns and all(units.get(index) == unit for index in number_columns):
        return unit
    return None


def build_table(
    parts: Sequence[Part],
    span_of: SpanOf,
    section: SectionKind | None,
    cache: RowCache | None = None,
) -> Table:
    """The typed table of ``parts`` (one piece, or the pieces of a table split by page breaks).

    The header comes from the first piece; later pieces contribute their body rows only (their
    own header rows are the empty rows a page break repeats).

    Every cell is read once: its text (from the part), its value, its boldness.
    """
    cache = cache or RowCache()
    first = parts[0]
    header_texts = first.texts[: first.header]
    header = tuple(
        Row(
            tuple([Cell(t, c.raw, c.span) for t, c in zip(texts, row.cells, strict=True)]),
            row.span,
        )
        for row, texts in zip(first.content, header_texts, strict=False)
    )
    raw_body = [row for part in parts for row in part.content[part.header :]]
    body_texts = [texts for part in parts for texts in part.texts[part.header :]]
    reads = [
        [read_value(t) if t and (t[0] in VALUE_START or t[0].isdecimal()) else None for t in texts]
        for texts in body_texts
    ]
    number_columns = {
        index
        for row_reads in reads
        for index, read in enumerate(row_reads)
        if index > 0 and read is not None and read[0] is not None
    }
    column_units = _column_units(header_texts)
    unit = _table_unit(column_units, number_columns)
    not_money = _not_money_columns(header_texts)

    def number_cell(index: int, text: str, raw_cell: TableCell, read: Read) -> Cell:
        number, own = read
        money = own
        if money is None and index > 0 and index not in not_money:
            money = column_units.get(index, unit)
        dkk = None
        if money is not None and money.scale is not None:
            dkk = _normal(number * money.scale)  # type: ignore[operator]
        return Cell(text, raw_cell.raw, raw_cell.span, number, own.name if own else None, dkk)

    cells_of: list[tuple[Cell, ...]] = []
    facts: list[RowFacts] = []
    bold_of = cache.bold
    for raw_row, texts, row_reads in zip(raw_body, body_texts, reads, strict=True):
        raw_cells = raw_row.cells
        cells_of.append(
            tuple(
                [
                    Cell(text, raw_cell.raw, raw_cell.span)
                    if read is None or read[0] is None
                    else number_cell(index, text, raw_cell, read)
                    for index, (text, raw_cell, read) in enumerate(
                        zip(texts, raw_cells, row_reads, strict=True)
                    )
                ]
            )
        )
        amounts = tuple(
            [
                None if read is None or (read[1] is not None and read[1].scale is None) else read[0]
                for read in row_reads
            ]
        )
        bold = tuple([bold_of(c.raw) if "<" in c.raw else False for c in raw_cells])
        facts.append(RowFacts(texts, bold, amounts))
    flags = total_rows(facts)
    body = tuple(
        Row(cells, raw.span, flag)
        for cells, raw, flag in zip(cells_of, raw_body, flags, strict=True)
    )
    span = span_of(first.start, parts[-1].end)
    return Table(
        kind=first.kind,
        header_rows=header,
        body_rows=body,
        span=span,
        unit=unit.name if unit else None,
        scale=unit.scale if unit else None,
        total_column=total_column(header_texts),
        section=section,
        parts=(span,) if len(parts) == 1 else tuple(span_of(p.start, p.end) for p in parts),
    )
