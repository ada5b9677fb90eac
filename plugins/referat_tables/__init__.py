"""The ``tables`` plugin: typed tables (header, body, totals, units, DKK values).

Registers the item-scoped extractor ``tables``, whose result is a ``tuple[Table, ...]`` (the
item's tables in document order, across its preamble and sections; no result when the item
has no table). Read it typed with the key this package exports: ``item.get(TABLES)``
(``from referat_tables import TABLES``), a ``tuple[Table, ...] | None``.

Modules, one job each: :mod:`~referat_tables.models` (the result classes),
:mod:`~referat_tables.markup` (HTML in cells → text), :mod:`~referat_tables.quantities`
(numbers and units), :mod:`~referat_tables.header` (which rows are the header),
:mod:`~referat_tables.totals` (totals rows and column), :mod:`~referat_tables.segment` (which
rows make up which table; page-break merges), :mod:`~referat_tables.build` (raw rows → typed
table) and :mod:`~referat_tables.extract` (the extractor and its summary).

Diagnostics (all ``info``): ``table-merged`` (a table split by a page break was merged),
``table-row-from-heading`` (a TAB line between two table blocks that the core read as a
heading was taken as a table row), ``table-empty`` (a table of separator lines only).
"""

from __future__ import annotations

from referat.registry import Registry
from referat.results import ResultKey
from referat_tables.extract import extract_tables, summarize
from referat_tables.models import Cell, Row, Table

#: The key of the ``tables`` extractor's result: ``item.get(TABLES)``.
TABLES: ResultKey[tuple[Table, ...]] = ResultKey("tables", tuple[Table, ...])

__all__ = ["TABLES", "Cell", "Row", "Table", "extract_tables", "plugin"]


def plugin(registry: Registry, /, **options: object) -> None:
    """Register the ``tables`` extractor (no options)."""
    if options:
        msg = f"the tables plugin takes no options, got {sorted(options)}"
        raise TypeError(msg)
    registry.add_extractor(
        TABLES,
        extract_tables,
        scope="item",
        summary=summarize,
    )
