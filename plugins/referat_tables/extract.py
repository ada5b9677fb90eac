"""The ``tables`` extractor: every table of an agenda item, typed, in document order."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from itertools import repeat
from typing import Final, get_args

from referat.models import AgendaItem, Block, SectionKind, Severity, Span, TableBlock
from referat.runner import Context
from referat_tables.build import RowCache, build_table
from referat_tables.exact import MAX_DIGITS
from referat_tables.models import Table
from referat_tables.segment import runs, split_run

#: The core's block classes that are not tables.
_NOT_TABLES: Final = frozenset(kind for kind in get_args(Block) if not issubclass(kind, TableBlock))


def _tables_in(
    blocks: Sequence[Block], section: SectionKind | None, ctx: Context, cache: RowCache
) -> list[Table]:
    tables: list[Table] = []
    text = ctx.doc.text

    def too_long(span: Span, digits: int) -> None:
        ctx.report(
            Severity.WARNING,
            "table-number-too-long",
            f"a number of {digits} digits is beyond the {MAX_DIGITS} digits a number may have; "
            "the cell is kept as text",
            span,
        )

    for run in runs(blocks, lambda start, end: text[start:end], ctx.span):
        for span in run.repaired:
            ctx.report(
                Severity.INFO,
                "table-row-from-heading",
                "a line with TABs between two table blocks was read as a heading; "
                "it is taken as a row of the table",
                span,
            )
        for parts in split_run(run, cache):
            if not any(part.content for part in parts):
                ctx.report(
                    Severity.INFO,
                    "table-empty",
                    "a table has only separator lines; it is not a table",
                    ctx.span(parts[0].start, parts[-1].end),
                )
                continue
            table = build_table(parts, ctx.span, section, cache, too_long)
            if len(parts) > 1:
                lines = ", ".join(f"{p.start_line}-{p.end_line}" for p in table.parts)
                ctx.report(
                    Severity.INFO,
                    "table-merged",
                    f"a table split by a page break was merged (lines {lines}); the empty "
                    "header rows of the continuation are not rows of the table",
                    table.span,
                )
            tables.append(table)
    return tables


def extract_tables(item: AgendaItem, ctx: Context) -> tuple[Table, ...] | None:
    """The typed tables of ``item`` (preamble, then each section), or ``None`` if it has none.

    Most items have no table: a block list without a :class:`TableBlock` has no run of table
    rows (a heading is only taken as a row between two table blocks), so it is skipped unread.
    """
    kinds = set(map(type, item.preamble))
    for section in item.sections:
        kinds.update(map(type, section.blocks))
    if kinds <= _NOT_TABLES:
        return None  # the usual case: no table anywhere in the item
    tables: list[Table] = []
    cache: RowCache | None = None
    blocks = _around_tables(item.preamble)
    if blocks:
        cache = RowCache()
        tables = _tables_in(blocks, None, ctx, cache)
    for section in item.sections:
        blocks = _around_tables(section.blocks)
        if blocks:
            cache = cache or RowCache()
            tables.extend(_tables_in(blocks, section.kind, ctx, cache))
    return tuple(tables) if tables else None


def _around_tables(blocks: Sequence[Block]) -> Sequence[Block]:
    """``blocks`` from the first table block to the last (empty when there is none).

    The blocks around them can be neither table rows nor headings taken as rows (a heading
    is a row only between two table blocks), so the runs of table rows are the same.
    """
    if set(map(type, blocks)) <= _NOT_TABLES:
        return ()
    is_table = list(map(isinstance, blocks, repeat(TableBlock)))
    first = is_table.index(True)
    last = len(is_table) - is_table[::-1].index(True)
    return blocks[first:last]


def summarize(tables: tuple[Table, ...]) -> str:
    """One line: ``"3 tables (1.000 kr.: 1)"``.

    >>> summarize(())
    '0 tables'
    """
    count = len(tables)
    text = f"{count} table" if count == 1 else f"{count} tables"
    units = Counter(table.unit for table in tables if table.unit)
    if units:
        text += " (" + ", ".join(f"{unit}: {n}" for unit, n in units.items()) + ")"
    return text
