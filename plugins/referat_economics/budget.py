"""Budget tables as tidy rows: one :class:`BudgetRow` per money cell of a typed table.

The typed tables come from the ``tables`` plugin (``referat_tables.models.Table``); without it
there are no budget rows. A cell is money when the tables plugin gave it a DKK value (``dkk``):
the table's header states a money unit (``1.000 kr.``, ``Mio. kr.``, ``Engangsbeløb i kr.``)
or the cell carries its own ``kr.``. Tables of percentages, counts or unit-less numbers give
no rows.

The row label is the first column's text; when that is empty (sub-rows written with a leading
TAB), the first text cell after it. The column label is the column's header text; the year is
the one year the column label names (``Korrigeret budget 2023`` → 2023), else the row label
when it is a year (a table with years down the side).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from operator import attrgetter
from typing import Final

from referat_economics.models import BudgetRow
from referat_tables.models import Row, Table

_YEAR: Final = re.compile(r"(?<!\d)(?:19|20)\d\d(?!\d)")
_ONLY_YEAR: Final = re.compile(r"\s*(?:19|20)\d\d\s*")
_DKK: Final = attrgetter("dkk")


def year_in(label: str) -> int | None:
    """The year ``label`` names, when it names exactly one.

    >>> year_in("Korrigeret budget 2023"), year_in("2024"), year_in("2017-2020"), year_in("Kassen")
    (2023, 2024, None, None)
    """
    years = {int(match.group()) for match in _YEAR.finditer(label)}
    return years.pop() if len(years) == 1 else None


def _label(row: Row) -> tuple[int, str]:
    """The index and text of the row's label cell (``(0, "")`` when it has none)."""
    first = row.cell(0)
    if first is not None and first.text.strip():
        return 0, " ".join(first.text.split())
    for index, cell in enumerate(row.cells):
        if cell.text.strip():
            if cell.number is None and cell.dkk is None:
                return index, " ".join(cell.text.split())
            break
    return 0, ""


def table_rows(table: Table) -> Iterator[BudgetRow]:
    """The money cells of ``table``'s body, one tidy row each, in reading order."""
    labels: tuple[str, ...] | None = None  # the column labels, once a money cell needs them
    columns: dict[int, tuple[str, int | None]] = {}  # column index -> (label, year)
    for row in table.body_rows:
        cells = row.cells
        if list(map(_DKK, cells)).count(None) == len(cells):
            continue  # no money in this row (the common case in most tables)
        label_index, label = _label(row)
        row_year = int(label) if _ONLY_YEAR.fullmatch(label) else None
        for index, cell in enumerate(cells):
            if index <= label_index or cell.dkk is None:
                continue
            known = columns.get(index)
            if known is None:
                if labels is None:
                    labels = table.column_labels
                column = " ".join(labels[index].split()) if index < len(labels) else ""
                known = columns[index] = (column, year_in(column))
            column, year = known
            yield BudgetRow(
                row_label=label,
                column_label=column,
                year=year if year is not None else row_year,
                value=cell.dkk,
                unit=cell.unit or table.unit,
                span=cell.span,
                is_total=row.is_total or index == table.total_column,
            )


def budget_rows(tables: object) -> tuple[BudgetRow, ...]:
    """The budget rows of every money table in ``tables`` (the ``tables`` plugin's result)."""
    if not isinstance(tables, tuple):
        return ()
    rows: list[BudgetRow] = []
    for table in tables:
        if isinstance(table, Table):
            rows.extend(table_rows(table))
    return tuple(rows)
