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
* Numbers are exact (:mod:`referat_tables.exact`); a body cell whose number has more digits
  than the bound is kept as text, and ``on_too_long`` is told its span and digit count.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from decimal import Decimal
from functools import partial
from typing import Final

from referat.models import SectionKind, Span, TableRow
from referat.slots import SlotMaker
from referat_tables.exact import EXACT, times, within_bound
from referat_tables.header import first_value_row, header_size_before
from referat_tables.markup import cell_text, is_bold, text_and_bold
from referat_tables.models import Cell, Row, Table
from referat_tables.quantities import VALUE_START, Unit, header_unit, overlong, read_value
from referat_tables.totals import RowFacts, total_column, total_rows

SpanOf = Callable[[int, int], Span]
#: Told of each body cell whose number is beyond the bound: its span and digit count.
TooLong = Callable[[Span, int], None]
Texts = tuple[str, ...]

_NOT_MONEY: Final = re.compile(r"%|\b(?:procent|pct|antal|andel)", re.IGNORECASE)
_ONE: Final = Decimal(1)


#: Besides ``%``, every header unit has one of these in lower case, every column that is not
#: money one of the others, every totals column header one of the last (``i alt``, ``total``,
#: ``sum``/``ſum``): no letter in them matches another letter with ``re.IGNORECASE``.
_UNIT_WORDS: Final = ("kr", "dkk", "pct", "procent")
_NOT_MONEY_WORDS: Final = ("procent", "pct", "antal", "andel")
_TOTAL_WORDS: Final = ("alt", "tal", "um")


#: A table has many cells: they are made by setting their slots (referat.slots).
_CELL: Final = SlotMaker(Cell, ("text", "raw", "span", "number", "unit", "dkk"))


def make_cell(  # noqa: PLR0917 - the fields of Cell, in its order
    text: str,
    raw: str,
    span: Span,
    number: Decimal | None = None,
    unit: str | None = None,
    dkk: Decimal | None = None,
) -> Cell:
    """``Cell(text, raw, span, number, unit, dkk)``, made faster."""
    return _CELL.make(text, raw, span, number, unit, dkk)


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
    """Reads raw cells once: their visible text, boldness and value.

    A cell with markup is read once per distinct raw text (its text and boldness in one pass);
    a value is read once per distinct text. One cache serves one agenda item.
    """

    __slots__ = ("_bold", "_text", "numbers")

    def __init__(self) -> None:
        self._text: dict[str, str] = {}
        self._bold: dict[str, bool] = {}
        #: The number and own unit of each text read so far (``None``: not a number).
        self.numbers: dict[str, tuple[Decimal, Unit | None] | None] = {}

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
                texts.append(self.text(raw))
            else:
                texts.append(" ".join(raw.split()))  # the fast path of ``cell_text``
        return tuple(texts)

    def text(self, raw: str) -> str:
        """The visible text of a raw cell with markup (:func:`cell_text`)."""
        text = self._text.get(raw)
        if text is None:
            if "<" in raw:
                text, self._bold[raw] = text_and_bold(raw)
            else:
                text = cell_text(raw)
            self._text[raw] = text
        return text

    def bold(self, row: TableRow) -> tuple[bool, ...]:
        """Whether each raw cell of ``row`` is bold (:func:`~referat_tables.markup.is_bold`)."""
        return tuple([self._is_bold(c.raw) if "<" in c.raw else False for c in row.cells])

    def _is_bold(self, raw: str) -> bool:
        bold = self._bold.get(raw)
        if bold is None:
            bold = self._bold[raw] = is_bold(raw)
        return bold


class Part:
    """A piece of a table: its source rows (separator lines included), in order.

    ``content`` are the rows that are not separator lines and ``texts`` their visible cell
    texts; the first ``header`` of them are the piece's header rows.
    """

    __slots__ = ("content", "header", "kind", "rows", "settled", "texts")

    def __init__(
        self,
        kind: str,
        rows: tuple[TableRow, ...],
        content: tuple[TableRow, ...],
        texts: tuple[Texts, ...],
        header: int,
        *,
        settled: bool = False,  # a row holds values: rows added after it cannot change the header
    ) -> None:
        self.kind = kind
        self.rows = rows
        self.content = content
        self.texts = texts
        self.header = header
        self.settled = settled

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
    return Part(kind, tuple(rows), content, texts, header, settled=first_value < len(texts))


def _normal(value: Decimal) -> Decimal:
    if value == value.to_integral_value(context=EXACT):
        return value.quantize(_ONE, context=EXACT)
    return value.normalize(EXACT)


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
        if index > 0 and _NOT_MONEY.search(text)
    }


def _table_unit(units: dict[int, Unit], number_columns: Callable[[], set[int]]) -> Unit | None:
    """The table's unit; ``number_columns`` (the columns after the first holding a number) is
    only read when the header states one unit over columns after the first."""
    if 0 in units:
        return units[0]
    found = {unit for index, unit in units.items() if index > 0}
    if len(found) != 1:
        return None
    (unit,) = found
    numbers = number_columns()
    if numbers and all(units.get(index) == unit for index in numbers):
        return unit
    return None


def _number_columns(body: Sequence[Texts]) -> set[int]:
    return {
        index
        for texts in body
        for index, text in enumerate(texts)
        if index > 0 and (read := read_value(text)) is not None and read[0] is not None
    }


class _Money:
    """What decides whether a number in a body cell is money: the units the header states."""

    __slots__ = ("column_units", "not_money", "unit")

    def __init__(
        self, column_units: dict[int, Unit], unit: Unit | None, not_money: set[int]
    ) -> None:
        self.column_units = column_units  # the unit each column's header states
        self.unit = unit  # the table's unit
        self.not_money = not_money  # columns whose header says they are not money


def _number_of(text: str) -> tuple[Decimal, Unit | None] | None:
    """The number of a visible cell text and its own unit (``read_value``), or ``None``."""
    if text.isdecimal():  # what ``read_value`` gives for digits
        return (Decimal(text), None) if within_bound(len(text)) else None
    if text.count(" ") > 5:
        # A value has at most six words (stars, sign, number, a two-word unit, stars); the
        # visible text has single spaces, so more spaces mean text.
        return None
    read = read_value(text)
    if read is None:
        return None
    number, unit = read
    return None if number is None else (number, unit)


def _body_cells(
    raw_body: Sequence[TableRow],
    body_texts: Sequence[Texts],
    cache: RowCache,
    money_of: _Money,
    on_too_long: TooLong | None = None,
) -> tuple[list[tuple[Cell, ...]], list[RowFacts]]:
    """The typed cells of every body row, and what the totals rules need to know about it.

    A cell's number is its own unit's money, else its column's, else the table's, unless it
    is in the label column or a column that is not money. A cell whose number is beyond the
    bound is text; ``on_too_long`` hears of it.
    """
    column_units, unit, not_money = money_of.column_units, money_of.unit, money_of.not_money
    cells_of: list[tuple[Cell, ...]] = []
    facts: list[RowFacts] = []
    numbers = cache.numbers
    for raw_row, texts in zip(raw_body, body_texts, strict=True):
        raw_cells = raw_row.cells
        cells: list[Cell] = []
        amounts: list[Decimal | None] = []
        has_value = False  # a plain number or amount after the first column
        for index, (text, raw_cell) in enumerate(zip(texts, raw_cells, strict=True)):
            read = None
            if text and (text[0] in VALUE_START or text[0].isdecimal()):
                if text in numbers:
                    read = numbers[text]
                else:
                    read = numbers[text] = _number_of(text)
                if read is None and on_too_long is not None and not within_bound(len(text)):
                    digits = overlong(text)
                    if digits is not None:
                        on_too_long(raw_cell.span, digits)
            if read is None:
                cells.append(make_cell(text, raw_cell.raw, raw_cell.span))
                amounts.append(None)
                continue
            number, own = read
            money = own
            if money is None and index > 0 and index not in not_money:
                money = column_units.get(index, unit)
            dkk = None
            if money is not None and money.scale is not None:
                dkk = _normal(times(number, money.scale))
            cells.append(
                make_cell(text, raw_cell.raw, raw_cell.span, number, own.name if own else None, dkk)
            )
            if own is None or own.scale is not None:
                amounts.append(number)
                has_value = has_value or index > 0
            else:
                amounts.append(None)
        cells_of.append(tuple(cells))
        facts.append(RowFacts(texts, None, tuple(amounts), partial(cache.bold, raw_row), has_value))
    return cells_of, facts


def build_table(
    parts: Sequence[Part],
    span_of: SpanOf,
    section: SectionKind | None,
    cache: RowCache | None = None,
    on_too_long: TooLong | None = None,
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
            tuple([make_cell(t, c.raw, c.span) for t, c in zip(texts, row.cells, strict=True)]),
            row.span,
        )
        for row, texts in zip(first.content, header_texts, strict=False)
    )
    raw_body = [row for part in parts for row in part.content[part.header :]]
    body_texts = [texts for part in parts for texts in part.texts[part.header :]]
    # The header's words, in lower case as ``re.IGNORECASE`` compares them, for cheap tests
    # before the regexes of units, of columns that are not money and of the totals column.
    header_blob = "\n".join([text for texts in header_texts for text in texts])
    header_low = header_blob.lower()
    column_units: dict[int, Unit] = {}
    if "%" in header_blob or any(word in header_low for word in _UNIT_WORDS):
        column_units = _column_units(header_texts)
    unit = _table_unit(column_units, lambda: _number_columns(body_texts))
    not_money: set[int] = set()
    if "%" in header_blob or any(word in header_low for word in _NOT_MONEY_WORDS):
        not_money = _not_money_columns(header_texts)
    total_at = None
    if any(word in header_low for word in _TOTAL_WORDS):
        total_at = total_column(header_texts)

    cells_of, facts = _body_cells(
        raw_body, body_texts, cache, _Money(column_units, unit, not_money), on_too_long
    )
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
        total_column=total_at,
        section=section,
        parts=(span,) if len(parts) == 1 else tuple(span_of(p.start, p.end) for p in parts),
    )
