"""The rows of what the plugins found on an agenda item.

The one module that knows how plugin results are read from an item and what they look like
(the results of :mod:`referat_decisions`, :mod:`referat_economics`, :mod:`referat_tables`):
when that API changes, this is the file to adapt. Like the rest of the core it never imports
a plugin: a result is recognised by its class's qualified name (:data:`KINDS`), and its
fields are read as the plugin's models document them. A result of a plugin that is not
installed, or of another type, gives no rows of its kind; every result without a table of
its own is stored as JSON in ``plugin_results`` (every result with ``all_json``).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from referat.models import AgendaItem, Span

if TYPE_CHECKING:
    from referat.registry import Registry

Row = tuple[Any, ...]

#: The extractors whose results have tables of their own (stored as JSON too when asked),
#: with the qualified class name of their result (of the items of the tuple, for tables).
KINDS = {
    "decisions": "referat_decisions.models.Decision",
    "economics": "referat_economics.models.Economy",
    "tables": "referat_tables.models.Table",
}
TYPED = frozenset(KINDS)


def _is(value: object, kind: str) -> bool:
    cls = type(value)
    return f"{cls.__module__}.{cls.__qualname__}" == kind


def extracts(item: AgendaItem) -> Iterator[tuple[str, object]]:
    """``(extractor name, result)`` for every plugin result attached to ``item``."""
    for extract in item.extracts:
        yield extract.name, extract.value


def _number(value: Decimal | None) -> str | int | None:
    """A Decimal for SQLite: an int when whole, else its exact text (NUMERIC keeps it)."""
    if value is None:
        return None
    if value.is_finite() and value == value.to_integral_value():
        return int(value)
    return str(value)


def _block(span: Span | None, blocks: list[tuple[int, int]]) -> int | None:
    """The index of the decision block that contains ``span`` (``None``: no block does)."""
    if span is None:
        return None
    for index, (start, end) in enumerate(blocks):
        if start <= span.start and span.end <= end:
            return index
    return None


def item_rows(
    rows: dict[str, list[Row]],
    key: tuple[int, int],
    item: AgendaItem,
    blocks: list[tuple[int, int]],
    registry: Registry | None,
    *,
    all_json: bool = False,
) -> None:
    """Append the rows of ``item``'s plugin results to ``rows``. ``key`` is
    ``(document_id, item_index)``, ``blocks`` the offsets of the item's decision blocks."""
    doc_id, item_index = key
    for name, value in extracts(item):
        if name == "decisions" and _is(value, KINDS[name]):
            _decision_rows(rows, doc_id, item_index, value, blocks)
        elif name == "economics" and _is(value, KINDS[name]):
            _economy_rows(rows, doc_id, item_index, value)
        elif name == "tables" and isinstance(value, tuple):
            _table_rows(rows, doc_id, item_index, value)
        if all_json or name not in TYPED:
            rows.setdefault("plugin_results", []).append(
                (doc_id, item_index, name, _plugin_of(name, registry), _json(name, value, registry))
            )


def _plugin_of(name: str, registry: Registry | None) -> str:
    spec = registry.extractor(name) if registry is not None else None
    return spec.plugin if spec is not None else name


def _json(name: str, value: object, registry: Registry | None) -> str:
    """The result as the JSON that ``referat.dumps`` writes for it."""
    from referat.convert import converter_for  # noqa: PLC0415 - cattrs only when needed

    spec = registry.extractor(name) if registry is not None else None
    declared = spec.result if spec is not None else None
    converter = converter_for(registry)
    data = converter.unstructure(value, declared) if declared else converter.unstructure(value)
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


def _decision_rows(
    rows: dict[str, list[Row]],
    doc_id: int,
    item_index: int,
    value: Any,
    blocks: list[tuple[int, int]],
) -> None:
    outcomes = rows.setdefault("outcomes", [])
    for index, outcome in enumerate(value.outcomes):
        outcomes.append(
            (
                doc_id,
                item_index,
                index,
                _block(outcome.span, blocks),
                outcome.kind.name,
                outcome.committee,
                int(outcome.committee_inferred),
                outcome.verb,
                outcome.object,
                outcome.addition,
                int(outcome.inferred),
                int(outcome.embedded),  # the decision a routing sentence's remark reports
                outcome.date.isoformat() if outcome.date else None,
                outcome.span.start_line if outcome.span else None,
                outcome.text,
            )
        )
    votes = rows.setdefault("votes", [])
    voters = rows.setdefault("voters", [])
    for index, vote in enumerate(value.votes):
        votes.append(
            (
                doc_id,
                item_index,
                index,
                _block(vote.span, blocks),
                vote.position.name,
                vote.subject,
                int(vote.others),
                vote.tally,
                vote.span.start_line,
            )
        )
        voters.extend(
            (
                doc_id,
                item_index,
                index,
                position,
                person.name,
                person.party,
                person.role.name if person.role else None,
                person.role_raw,
            )
            for position, person in enumerate(vote.voters)
        )
    amendments = rows.setdefault("amendments", [])
    for index, amendment in enumerate(value.amendments):
        proposer = amendment.proposer
        amendments.append(
            (
                doc_id,
                item_index,
                index,
                _block(amendment.span, blocks),
                proposer.name if proposer else None,
                proposer.party if proposer else None,
                amendment.text,
                amendment.result.name if amendment.result else None,
                amendment.span.start_line,
            )
        )
    absences = rows.setdefault("absences", [])
    for index, absence in enumerate(value.absences):
        person = absence.person
        absences.append(
            (
                doc_id,
                item_index,
                index,
                _block(absence.span, blocks),
                person.name,
                person.party,
                person.role.name if person.role else None,
                absence.scope.name,
                absence.span.start_line,
            )
        )


def _economy_rows(rows: dict[str, list[Row]], doc_id: int, item_index: int, value: Any) -> None:
    amounts = rows.setdefault("amounts", [])
    for index, amount in enumerate(value.amounts):
        years = amount.years
        amounts.append(
            (
                doc_id,
                item_index,
                index,
                amount.raw,
                _number(amount.value),
                _number(amount.value_to),
                amount.unit,
                amount.qualifier,
                years.raw if years else None,
                years.start if years else None,
                years.end if years else None,
                int(years.annual) if years else None,
                amount.section.name if amount.section else None,
                int(amount.in_economy_section),
                amount.span.start_line,
            )
        )
    budget = rows.setdefault("budget_rows", [])
    budget.extend(
        (
            doc_id,
            item_index,
            index,
            row.row_label,
            row.column_label,
            row.year,
            _number(row.value),
            row.unit,
            int(row.is_total),
            row.span.start_line,
        )
        for index, row in enumerate(value.budget_rows)
    )


def _table_rows(
    rows: dict[str, list[Row]], doc_id: int, item_index: int, value: tuple[Any, ...]
) -> None:
    tables = rows.setdefault("tables", [])
    cells = rows.setdefault("cells", [])
    for table_index, table in enumerate(value):
        if not _is(table, KINDS["tables"]):
            continue
        tables.append(
            (
                doc_id,
                item_index,
                table_index,
                table.kind,
                table.unit,
                _number(table.scale),
                table.total_column,
                table.section.name if table.section else None,
                len(table.header_rows),
                len(table.body_rows),
                table.columns,
                table.span.start_line,
                table.span.end_line,
            )
        )
        headers = len(table.header_rows)
        for row_index, row in enumerate(table.rows):
            is_header = int(row_index < headers)
            is_total = int(row.is_total)
            cells.extend(
                (
                    doc_id,
                    item_index,
                    table_index,
                    row_index,
                    column_index,
                    is_header,
                    is_total,
                    cell.text,
                    _number(cell.number),
                    cell.unit,
                    _number(cell.dkk),
                )
                for column_index, cell in enumerate(row.cells)
            )
