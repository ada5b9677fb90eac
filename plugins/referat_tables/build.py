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

from referat.models import SectionKind, Span, TableRow
from referat_tables.header import header_size, is_label_row
from referat_tables.markup import cell_text, is_bold
from referat_tables.models import Cell, Row, Table
from referat_tables.quantities import Unit, header_unit, parse_value
from referat_tables.totals import RowFacts, total_column, total_rows

SpanOf = Callable[[int, int], Span]

_NOT_MONEY = re.compile(r"%|\b(?:procent|pct|antal|andel)", re.IGNORECASE)


@frozen
class Part:
    """A piece of a table: its source rows (separator lines included), in order.

    ``content`` are the rows that are not separator lines; the first ``header`` of them are
    the piece's header rows.
    """

    kind: str
    rows: tuple[TableRow, ...]
    content: tuple[TableRow, ...]
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
            text for row in self.content[: self.header] for text in texts_of(row)
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
        if row.is_separator:
            if pending is None and separator_at is None:
                pending = len(content)
            continue
        if pending is not None and separator_at is None:
            separator_at = pending
        content.append(row)
    return tuple(content), separator_at


def texts_of(row: TableRow) -> tuple[str, ...]:
    """The visible text of each raw cell of ``row``."""
    return tuple(cell_text(cell.raw) for cell in row.cells)


def part_of(kind: str, rows: Sequence[TableRow]) -> Part:
    """Split ``rows`` (one piece of a table) into header and body rows."""
    content, separator_at = content_rows(rows)
    texts = [texts_of(r) for r in content]
    header = header_size(texts, separator_at)
    settled = not all(is_label_row(t) for t in texts)
    return Part(kind, tuple(rows), content, header, settled)


def extend_part(part: Part, rows: Sequence[TableRow]) -> Part:
    """``part`` with ``rows`` appended (rows after an empty line that continue the piece).

    Once a piece has a row with values, rows added after it cannot change its header (the
    header ends at the latest at that row, and a separator line below it says nothing), so the
    header is kept. Before that (001:545-546, a header cut off by an empty line) it is read
    again over all the rows.
    """
    if not part.settled:
        return part_of(part.kind, part.rows + tuple(rows))
    content = tuple(row for row in rows if not row.is_separator)
    return Part(part.kind, part.rows + tuple(rows), part.content + content, part.header, True)


def _normal(value: Decimal) -> Decimal:
    return value.quantize(Decimal(1)) if value == value.to_integral_value() else value.normalize()


def _column_units(header: Sequence[Row]) -> dict[int, Unit]:
    units: dict[int, Unit] = {}
    for row in header:
        for index, cell in enumerate(row.cells):
            unit = header_unit(cell.text)
            if unit is not None and index not in units:
                units[index] = unit
    return units


def _not_money_columns(header: Sequence[Row]) -> set[int]:
    return {
        index
        for row in header
        for index, cell in enumerate(row.cells)
        if index > 0 and _NOT_MONEY.search(cell.text)
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


def _header_row(row: TableRow) -> Row:
    cells = tuple(Cell(cell_text(c.raw), c.raw, c.span) for c in row.cells)
    return Row(cells, row.span)


def _body_cells(
    row: TableRow,
    column_units: dict[int, Unit],
    table_unit: Unit | None,
    not_money: set[int],
) -> tuple[Cell, ...]:
    cells: list[Cell] = []
    for index, raw_cell in enumerate(row.cells):
        text = cell_text(raw_cell.raw)
        value = parse_value(text)
        number = value.number if value is not None else None
        own = value.unit if value is not None else None
        dkk: Decimal | None = None
        if number is not None:
            unit = own
            if unit is None and index > 0 and index not in not_money:
                unit = column_units.get(index, table_unit)
            if unit is not None and unit.scale is not None:
                dkk = _normal(number * unit.scale)
        cells.append(
            Cell(text, raw_cell.raw, raw_cell.span, number, own.name if own else None, dkk)
        )
    return tuple(cells)


def build_table(parts: Sequence[Part], span_of: SpanOf, section: SectionKind | None) -> Table:
    """The typed table of ``parts`` (one piece, or the pieces of a table split by page breaks).

    The header comes from the first piece; later pieces contribute their body rows only (their
    own header rows are the empty rows a page break repeats).
    """
    first = parts[0]
    header = tuple(_header_row(r) for r in first.content[: first.header])
    raw_body = [row for part in parts for row in part.content[part.header :]]
    column_units = _column_units(header)
    number_columns = {
        index
        for row in raw_body
        for index, text in enumerate(texts_of(row))
        if index > 0 and (value := parse_value(text)) is not None and value.number is not None
    }
    unit = _table_unit(column_units, number_columns)
    not_money = _not_money_columns(header)
    body_cells = [_body_cells(r, column_units, unit, not_money) for r in raw_body]
    facts = [
        RowFacts(tuple(c.text for c in cells), tuple(is_bold(c.raw) for c in cells))
        for cells in body_cells
    ]
    flags = total_rows(facts)
    body = tuple(
        Row(cells, raw.span, flag)
        for cells, raw, flag in zip(body_cells, raw_body, flags, strict=True)
    )
    return Table(
        kind=first.kind,
        header_rows=header,
        body_rows=body,
        span=span_of(first.start, parts[-1].end),
        unit=unit.name if unit else None,
        scale=unit.scale if unit else None,
        total_column=total_column([r.texts for r in header]),
        section=section,
        parts=tuple(span_of(part.start, part.end) for part in parts),
    )
