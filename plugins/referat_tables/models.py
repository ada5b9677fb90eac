"""Typed tables: the result of the ``tables`` extractor.

A :class:`Table` is one table of an agenda item as the reader sees it: header rows, body rows
(with totals marked), the unit the header states and, for money, the DKK scale. Every cell keeps
its raw source text and a :class:`~referat.models.span.Span` (the span of the raw cell it came
from). Nothing here imports lark or cattrs.
"""

from decimal import Decimal

from attrs import frozen

from referat.models import Model, SectionKind, Span


@frozen(repr=False, eq=False)
class Cell(Model):
    """One cell: ``text`` is the visible text (HTML removed), ``raw`` the cell as written.

    ``number`` is the numeric value when the cell is a number (``"1.044.235"`` → 1044235,
    ``"37,4 %"`` → 37.4); ``unit`` is the cell's own unit when it has one (``"%"``, ``"kr."``,
    ``"Mio. kr."``, or the noun a count names: ``"10 borgere"`` → ``"borgere"``);
    ``dkk`` is the value in Danish kroner when the cell is money (its own ``kr.`` or the
    table's money unit), i.e. ``number * scale``.
    """

    text: str
    raw: str
    span: Span
    number: Decimal | None = None
    unit: str | None = None
    dkk: Decimal | None = None

    @property
    def is_empty(self) -> bool:
        """Whether the cell shows nothing."""
        return not self.text.strip()


@frozen(repr=False, eq=False)
class Row(Model):
    """One row of the typed table (separator lines are never rows)."""

    cells: tuple[Cell, ...]
    span: Span
    is_total: bool = False

    @property
    def label(self) -> str:
        """The text of the first cell, the row-label column (``""`` when it is empty)."""
        return self.cells[0].text if self.cells else ""

    @property
    def texts(self) -> tuple[str, ...]:
        """The visible text of every cell."""
        return tuple(cell.text for cell in self.cells)

    def __len__(self) -> int:
        return len(self.cells)

    def cell(self, index: int) -> Cell | None:
        """The cell at ``index`` or ``None`` when the row is shorter."""
        return self.cells[index] if 0 <= index < len(self.cells) else None


@frozen(repr=False, eq=False)
class Table(Model):
    """A typed table.

    ``kind`` is ``"pipe"`` or ``"tab"`` (as the core's :class:`~referat.models.TableBlock`);
    ``unit`` is the unit stated by the header (``"1.000 kr."``, ``"Mio. kr."``, ``"kr."``,
    ``"%"``) or ``None``; ``scale`` is DKK per unit (1000 for ``"1.000 kr."``) or ``None`` when
    the unit is not money; ``total_column`` is the index of a totals column (``I alt``) or
    ``None``; ``section`` is the section the table is in (``None`` for the item's preamble);
    ``parts`` are the source spans of the pieces merged into this table: one per piece when a
    page break cut the table and the export restarted it with an empty header row (000:443-448
    and 000:450-453), a single span otherwise (an empty line inside a TAB table does not make a
    new part). ``span`` covers all of them, separator lines included.
    """

    kind: str
    header_rows: tuple[Row, ...]
    body_rows: tuple[Row, ...]
    span: Span
    unit: str | None = None
    scale: Decimal | None = None
    total_column: int | None = None
    section: SectionKind | None = None
    parts: tuple[Span, ...] = ()

    @property
    def rows(self) -> tuple[Row, ...]:
        """Header rows then body rows."""
        return self.header_rows + self.body_rows

    @property
    def columns(self) -> int:
        """The number of columns (the widest row)."""
        return max((len(row.cells) for row in self.rows), default=0)

    @property
    def column_labels(self) -> tuple[str, ...]:
        """One label per column: the non-empty header texts of that column joined by a space."""
        labels: list[str] = []
        for index in range(self.columns):
            parts = []
            for row in self.header_rows:
                cell = row.cell(index)
                if cell is not None and cell.text.strip():
                    parts.append(cell.text.strip())
            labels.append(" ".join(parts))
        return tuple(labels)

    @property
    def total_rows(self) -> tuple[Row, ...]:
        """The body rows that are totals."""
        return tuple(row for row in self.body_rows if row.is_total)

    @property
    def is_money(self) -> bool:
        """Whether the header states a money unit."""
        return self.scale is not None

    def column(self, index: int) -> tuple[Cell | None, ...]:
        """The body cells of column ``index`` (``None`` where a row is shorter)."""
        return tuple(row.cell(index) for row in self.body_rows)

    def cell(self, row: int, col: int) -> Cell | None:
        """The cell at ``row`` (0-based over header + body rows) and ``col``."""
        rows = self.rows
        return rows[row].cell(col) if 0 <= row < len(rows) else None
