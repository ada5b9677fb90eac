"""A parsed document as compact rows: ``{table: [tuple, …]}`` in the columns of the schema.

This is what a worker sends back to the process that writes the database: tuples of strings
and numbers pickle small and fast, unlike the document itself. The rows of the core model
(meeting, attendance, items, sections, case numbers, decision blocks, diagnostics) are made
here; what the plugins found is read in :mod:`referat.corpus.plugin_rows`.
"""

from __future__ import annotations

import hashlib
from typing import Any

from referat.corpus import plugin_rows
from referat.models import Referat, SectionKind

Row = tuple[Any, ...]
Rows = dict[str, list[Row]]


def document_id(sha256: str) -> int:
    """The id of the document whose content has this SHA-256 (its first 60 bits)."""
    return int(sha256[:15], 16)


def path_id(path: str) -> int:
    """The id of a file that could not be read (no content hash): from its path."""
    data = b"path\0" + path.encode("utf-8", "surrogatepass")
    return document_id(hashlib.sha256(data).hexdigest())


def case_key(raw: str) -> str:
    """The key that links one case number across documents: spaces removed, upper case."""
    return "".join(raw.split()).upper()


def _iso(value: Any) -> str | None:
    return value.isoformat() if value is not None else None


def _flag(value: bool | None) -> int | None:
    return None if value is None else int(value)


def document_rows(
    doc: Referat,
    doc_id: int,
    registry: Any = None,
    *,
    all_json: bool = False,
) -> Rows:
    """Every row of ``doc`` except its ``documents`` row (the writer adds that).

    ``registry`` is the parser's registry (for the JSON of plugin results and the plugin
    names); ``plugin_results`` gets the results without a table of their own, and with
    ``all_json`` every result.
    """
    rows: Rows = {}
    meeting = doc.meeting
    if meeting is not None:
        rows["meetings"] = [
            (
                doc_id,
                meeting.committee,
                meeting.period,
                _iso(meeting.date),
                meeting.start_time.strftime("%H:%M") if meeting.start_time else None,
                meeting.end_time.strftime("%H:%M") if meeting.end_time else None,
                meeting.location,
                meeting.kind.name if meeting.kind else None,
            )
        ]
        rows["attendance"] = [
            (
                doc_id,
                index,
                entry.name,
                entry.status.name,
                entry.party,
                entry.substitute_for,
                ",".join(str(n) for n in entry.items) or None,
                entry.span.start_line,
            )
            for index, entry in enumerate(meeting.attendance)
        ]
    items: list[Row] = []
    sections: list[Row] = []
    cases: list[Row] = []
    case_numbers: list[Row] = []
    decisions: list[Row] = []
    text = doc.text
    for item_index, item in enumerate(doc.items):
        span = item.span
        items.append(
            (
                doc_id,
                item_index,
                None if item.number is None else int(item.number),
                ".".join(map(str, item.sub_numbers)) or None,  # 1.2.1 → number 1, "2.1"
                item.title,
                item.case_type.name if item.case_type else None,
                _flag(item.closed),
                span.start_line,
                span.end_line,
                span.start,
                span.end,
            )
        )
        blocks: list[tuple[int, int]] = []
        for section_index, section in enumerate(item.sections):
            s = section.span
            sections.append(
                (
                    doc_id,
                    item_index,
                    section_index,
                    section.kind.name,
                    section.name,
                    section.body,
                    _iso(section.date),
                    s.start_line,
                    s.end_line,
                    s.start,
                    s.end,
                    text[s.start : s.end],
                )
            )
            if section.kind is SectionKind.DECISION:
                decisions.append(
                    (
                        doc_id,
                        item_index,
                        len(blocks),
                        section_index,
                        section.body,
                        _iso(section.date),
                        s.start_line,
                    )
                )
                blocks.append((s.start, s.end))
        number = item.case_number
        if number is not None:
            key = case_key(number.raw)
            cases.append(
                (
                    key,
                    number.scheme.name,
                    number.kle,
                    number.facet,
                    number.serial,
                    number.year,
                    number.kle_title,
                )
            )
            case_numbers.append(
                (doc_id, item_index, key, number.raw, number.label, number.span.start_line)
            )
        plugin_rows.item_rows(rows, (doc_id, item_index), item, blocks, registry, all_json=all_json)
    rows["items"] = items
    rows["sections"] = sections
    rows["cases"] = cases
    rows["case_numbers"] = case_numbers
    rows["decisions"] = decisions
    rows["diagnostics"] = [
        (
            doc_id,
            index,
            diagnostic.severity.name,
            diagnostic.code,
            diagnostic.message,
            diagnostic.plugin,
            diagnostic.item,
            diagnostic.span.start_line if diagnostic.span else None,
            diagnostic.span.start_col if diagnostic.span else None,
        )
        for index, diagnostic in enumerate(doc.diagnostics)
    ]
    return {table: found for table, found in rows.items() if found}
