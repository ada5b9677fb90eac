"""Runs the registered extractors over a parsed referat and attaches their results.

An exception inside an extractor becomes a :class:`~referat.models.Diagnostic` naming the
plugin, the extractor and the item; every other result is kept.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

import attrs

from referat.lines import LineIndex
from referat.models import (
    AgendaItem,
    Diagnostic,
    Extract,
    ListItem,
    Paragraph,
    Referat,
    Severity,
    Span,
)

if TYPE_CHECKING:
    from referat.registry import ExtractorSpec, Registry


class Context:
    """What an extractor may know besides its item or section.

    ``doc`` is the parsed referat (before extraction), ``item`` the agenda item being
    processed, ``results`` the results of the extractors that ran before on this item.
    """

    __slots__ = ("_diagnostics", "_index", "_name", "doc", "item", "results")

    def __init__(self, doc: Referat, index: LineIndex) -> None:
        self.doc = doc
        self._index = index
        self._diagnostics: list[Diagnostic] = []
        self._name = ""
        self.item: AgendaItem | None = None
        self.results: Mapping[str, object] = {}

    @property
    def committee(self) -> str | None:
        """The meeting's committee, from the header (``None`` when the document has none)."""
        return self.doc.meeting.committee if self.doc.meeting else None

    def span(self, start: int, end: int) -> Span:
        """The span of source offsets ``[start, end)``."""
        return self._index.span(start, end)

    def text_span(self, node: Paragraph | ListItem, start: int, end: int) -> Span:
        """The source span of ``node.text[start:end]`` (the text may be joined from lines)."""
        first = node.source_offset(start)
        last = node.source_offset(end - 1) + 1 if end > start else first
        return self._index.span(first, last)

    def source_text(self, span: Span) -> str:
        """The exact source slice of ``span``."""
        return self.doc.text[span.start : span.end]

    def report(self, severity: Severity, code: str, message: str, span: Span | None) -> None:
        """Record a diagnostic for the current extractor and item."""
        self._diagnostics.append(
            Diagnostic(
                severity,
                code,
                message,
                span,
                plugin=self._name,
                item=self.item.number if self.item else None,
            )
        )


def run_extractors(doc: Referat, registry: Registry, index: LineIndex | None = None) -> Referat:
    """Return ``doc`` with every extractor's result attached to its items."""
    specs = registry.extractors()
    if not specs:
        return doc
    context = Context(doc, index or LineIndex(doc.text))
    items = []
    for item in doc.items:
        context.item = item
        results: dict[str, object] = {}
        context.results = results
        for spec in specs:
            context._name = spec.name  # noqa: SLF001 - the runner owns the context
            value = _run_one(spec, item, context)
            if value is not None:
                results[spec.name] = value
        extracts = tuple(Extract(name, value) for name, value in results.items())
        items.append(attrs.evolve(item, extracts=item.extracts + extracts))
    return attrs.evolve(
        doc,
        items=tuple(items),
        diagnostics=doc.diagnostics + tuple(context._diagnostics),  # noqa: SLF001
    )


def _run_one(spec: ExtractorSpec, item: AgendaItem, context: Context) -> object:
    try:
        if spec.scope == "item":
            return spec.function(item, context)
        found = []
        for section in item.sections:
            if spec.sections and section.kind not in spec.sections:
                continue
            value = spec.function(section, context)
            if value is not None:
                found.append(value)
        return tuple(found) if found else None
    except Exception as error:  # noqa: BLE001 - a plugin crash must never lose the document
        context.report(
            Severity.ERROR,
            "plugin-failed",
            f"extractor {spec.name!r} of plugin {spec.plugin!r} failed on item "
            f"{item.number}: {type(error).__name__}: {error}",
            item.span,
        )
        return None
