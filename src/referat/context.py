"""What an extractor receives besides its item or section: :class:`Context`.

Kept apart from :mod:`referat.runner` (which fills it) and :mod:`referat.registry` (whose
extractor type names it), so that neither imports the other.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, TypeVar

from referat.lines import LineIndex
from referat.models import AgendaItem, Diagnostic, ListItem, Paragraph, Referat, Severity, Span

if TYPE_CHECKING:
    from referat.results import ResultKey

T = TypeVar("T")

_EMPTY: Mapping[str, object] = MappingProxyType({})


class Context:
    """What an extractor may know besides its item or section.

    ``doc`` is the parsed referat (before extraction), ``item`` the agenda item being
    processed, ``results`` the results of the extractors that ran before on this item — a
    read-only mapping by extractor name; :meth:`get` reads one typed.
    """

    __slots__ = ("_diagnostics", "_index", "_item", "_name", "_results", "doc")

    def __init__(self, doc: Referat, index: LineIndex) -> None:
        self.doc = doc
        self._index = index
        self._diagnostics: list[Diagnostic] = []
        self._name = ""
        self._item: AgendaItem | None = None
        self._results: Mapping[str, object] = _EMPTY

    @property
    def item(self) -> AgendaItem | None:
        """The agenda item being processed (``None`` outside the runner)."""
        return self._item

    @property
    def results(self) -> Mapping[str, object]:
        """The results of the extractors that already ran on this item (read-only)."""
        return self._results

    def get(self, key: ResultKey[T]) -> T | None:
        """The result an earlier extractor attached under ``key`` (typed), or ``None``."""
        value = self._results.get(key.name)
        return value if value is not None and key.accepts(value) else None  # type: ignore[return-value]

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
        """Record a diagnostic for the current extractor and item.

        Arguments of the wrong type do not crash the extractor: the diagnostic is recorded
        without them, with a ``plugin-bad-report`` diagnostic next to it.
        """
        problems = _report_problems(severity, code, message, span)
        if isinstance(span, Span) and not 0 <= span.start <= span.end <= len(self.doc.text):
            problems.append(f"span {span} outside the document")
            span = None
        if problems:
            self._add(
                Severity.WARNING,
                "plugin-bad-report",
                f"extractor {self._name!r} reported a diagnostic with {'; '.join(problems)}",
                None,
            )
        self._add(
            severity if isinstance(severity, Severity) else Severity.WARNING,
            code if isinstance(code, str) else "plugin-report",
            message if isinstance(message, str) else repr(message),
            span if isinstance(span, Span) else None,
        )

    def _add(self, severity: Severity, code: str, message: str, span: Span | None) -> None:
        item = self._item
        self._diagnostics.append(
            Diagnostic(
                severity,
                code,
                message,
                span,
                plugin=self._name or None,
                item=item.number if item is not None else None,
            )
        )


def _report_problems(severity: Any, code: Any, message: Any, span: Any) -> list[str]:
    problems = []
    if not isinstance(severity, Severity):
        problems.append(f"severity {severity!r} (not a referat.Severity)")
    if not isinstance(code, str):
        problems.append(f"code {code!r} (not a str)")
    if not isinstance(message, str):
        problems.append(f"a message of type {type(message).__name__} (not a str)")
    if span is not None and not isinstance(span, Span):
        problems.append(f"span {span!r} (not a referat.Span or None)")
    return problems


__all__ = ["Context"]
