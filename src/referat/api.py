"""The public entry points: :func:`parse`, :func:`parse_file` and :class:`Parser`.

``parse`` runs the whole pipeline: decode → detect the layout → lex blocks → parse (LALR)
and build the model → run the plugins' extractors. Each stage is a function of its own in
its module; this one only wires them and keeps the promise of the API: lenient mode never
raises on any ``str``, strict mode raises :class:`~referat.errors.ReferatSyntaxError`, and no
lark exception ever gets out.
"""

from __future__ import annotations

import functools
import hashlib
import os
from collections.abc import Callable, Iterable
from typing import Any, Self

import attrs

from referat import discovery
from referat.build import Builder, Front, complete_meeting, with_attendance
from referat.collector import collector_paused
from referat.decode import decode, is_wide
from referat.errors import PluginUnavailableError, ReferatSyntaxError, SourceError
from referat.grammar import runtime_table
from referat.lalr import LalrParser, UnexpectedBlockError
from referat.layouts import builtin_layouts, detect_layout, shipped
from referat.lexer import BlockToken, lex
from referat.lines import LineIndex
from referat.models import (
    AgendaItem,
    Diagnostic,
    Referat,
    Severity,
    SourceInfo,
    Span,
    Toc,
    Unparsed,
)
from referat.registry import Registry
from referat.runner import run_extractors
from referat.sources import extract, extract_str
from referat.sources.extracted import Extracted

#: Why a block token cannot stand where it stands (the codes are stable).
MISPLACED = {
    "SECTION_HEADING": ("section-outside-item", "a section heading before the first item"),
    "HEADER_LINE": ("misplaced-header", "a meeting header line after the first item"),
    "TOC_HEADING": ("misplaced-toc", "a table of contents after the first item"),
    "LEADING_CASE": ("misplaced-case-number", "a case number that no item heading follows"),
}


@functools.cache
def structure_parser() -> LalrParser:
    """The LALR parser of ``grammars/referat.lark`` with the builder's callbacks (its table
    loaded once: :func:`referat.grammar.runtime_table`)."""
    table = runtime_table("referat.lark")
    builder = Builder()
    return LalrParser(table, {name: getattr(builder, name) for name in table.callbacks if name})


def _parse_structure(
    tokens: list[BlockToken], diagnostics: list[Diagnostic], text: str
) -> tuple[Front, tuple[AgendaItem, ...]]:
    """Run the LALR parser; a misplaced token becomes an ``Unparsed`` block (recovery)."""

    def recover(token: BlockToken) -> list[BlockToken] | None:
        payload: Any = token.payload
        if isinstance(payload, tuple):  # (heading, kind) of a section, (number, …) of an item
            payload = next((part for part in payload if hasattr(part, "span")), None)
        if payload is None:  # a token without a line of its own: nothing to keep
            return []
        span: Span = payload.span
        code, message = MISPLACED.get(token.type, ("unexpected-block", "an unexpected block"))
        diagnostics.append(Diagnostic(Severity.ERROR, code, message, span))
        source = text[span.start : span.end]  # the lines as written, markup and all
        return [BlockToken("UNPARSED", Unparsed(source, span, message))]

    try:
        result: tuple[Front, tuple[AgendaItem, ...]] = structure_parser().parse(  # type: ignore[assignment]
            tokens, on_error=recover
        )
    except UnexpectedBlockError as error:  # recovery failed
        msg = f"the block structure could not be parsed: {error}"
        raise ReferatSyntaxError("structure", msg, line=1, column=1) from None
    return result


def _map_toc(
    toc: Toc | None, items: tuple[AgendaItem, ...], diagnostics: list[Diagnostic]
) -> Toc | None:
    """Give each TOC entry the number of the item at its position; check the count."""
    if toc is None:
        return None
    if len(toc.entries) != len(items):
        diagnostics.append(
            Diagnostic(
                Severity.WARNING,
                "toc-mismatch",
                f"the table of contents has {len(toc.entries)} entries for {len(items)} items",
                toc.span,
            )
        )
    numbers = {item.number for item in items if item.number is not None}
    entries = tuple(
        attrs.evolve(
            entry,
            item_number=(entry.number if entry.number in numbers else None)
            if entry.number is not None
            else (items[i].number if i < len(items) else None),
        )
        for i, entry in enumerate(toc.entries)
    )
    return attrs.evolve(toc, entries=entries)


def parse_structure(
    text: str,
    *,
    source: str | None = None,
    registry: Registry | None = None,
    layout_hint: str | None = None,
) -> tuple[Referat, LineIndex]:
    """Stages 2-5 (layout, lex, parse, build) without plugins; never raises on a ``str``.

    ``layout_hint`` names the layout a front end wrote the text in (``sbsys-xml`` …): a
    registered layout of that name, else the shipped ``structured`` layout under that name,
    is used without detection.
    """
    index = LineIndex(text)
    layouts = (registry.layouts if registry else ()) + builtin_layouts()
    problems: list[Diagnostic] = []
    if layout_hint is not None:
        named = next((candidate for candidate in layouts if candidate.name == layout_hint), None)
        layout = named or attrs.evolve(shipped("structured"), name=layout_hint)
        score = 1.0
    else:
        sample = index.lines()[:200]  # the first pages tell the family
        layout, score, problems = detect_layout(sample, layouts)
    tokens, diagnostics = lex(index, layout)
    diagnostics[:0] = problems
    front, items = _parse_structure(tokens, diagnostics, text)
    if not items:
        diagnostics.append(
            Diagnostic(
                Severity.WARNING,
                "no-items",
                f"no agenda item was found (layout {layout.name!r}, score {score:.2f}): "
                "the layout was not recognised, or the text is not a referat",
                None,
            )
        )
    doc = Referat(
        text=text,
        source=SourceInfo(
            name=source,
            sha256=hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest(),
            length=len(text),
        ),
        layout=layout.name,
        layout_score=score,
        items=items,
        meeting=with_attendance(
            complete_meeting(front.meeting, front.blocks, items),
            text,
            index,
            items[0].span.start if items else len(text),
        ),
        toc=_map_toc(front.toc, items, diagnostics),
        front=front.blocks,
        diagnostics=tuple(diagnostics),
    )
    return doc, index


class Parser:
    """A configured pipeline: which plugins run, with which options.

    A plugin that cannot be imported, or fails while it registers, is left out: each such
    plugin is one diagnostic (``plugin-unavailable``, ``plugin-failed``, ``plugin-duplicate``)
    on every document, and the other plugins run. An unknown plugin *name* is a usage error
    (:class:`~referat.errors.PluginError`). ``extractor_budget`` is the time in seconds all
    extractors together may spend on one document (``None``: no limit).

    A parse runs with the cyclic garbage collector paused (:mod:`referat.collector`): the
    switch is the process's, so in a program with threads, collections pause in the other
    threads too while a document is parsed, and resume when it is done.

    >>> parser = Parser(plugins=[])          # structure only
    >>> parser.parse("Punkt 1: Test\\n\\n00.01.00-A00-1-24").items[0].title
    'Test'
    """

    def __init__(
        self,
        *,
        plugins: Iterable[discovery.PluginRef] | None = None,
        exclude: Iterable[str] = (),
        extractor_budget: float | None = None,
    ) -> None:
        if extractor_budget is not None and not extractor_budget >= 0:
            msg = f"extractor_budget must be a number of seconds >= 0, not {extractor_budget!r}"
            raise ValueError(msg)
        self.registry = Registry()
        self.extractor_budget = extractor_budget
        excluded = set(exclude)
        names: Iterable[discovery.PluginRef] = discovery.available() if plugins is None else plugins
        wanted: set[str] = set()
        for ref in names:
            if isinstance(ref, str) and ref in excluded:
                continue
            try:
                name, plugin = discovery.resolve(ref)
            except PluginUnavailableError as error:
                self.registry.fail(error.plugin, "import", str(error))
                continue
            if name in excluded:
                continue
            wanted.add(name)
            self.registry.apply(plugin, name, isolate=True)
        for refused, kept in discovery.duplicates():
            if refused.name in wanted:
                message = discovery.duplicate_message(refused, kept)
                self.registry.fail(refused.name, "duplicate", message)

    def use(self, plugin: Callable[..., None], /, **options: Any) -> Self:
        """Add a plugin with options: ``Parser().use(my_plugin, threshold=3)``.

        Unlike installed plugins, a plugin added here that fails to register raises (its own
        exception, after what it registered is rolled back): the caller passed it and can
        fix it.
        """
        self.registry.apply(plugin, discovery.name_of(plugin), **options)
        return self

    def parse(self, text: str, *, source: str | None = None, strict: bool = False) -> Referat:
        """Parse ``text``; in strict mode raise on the first error diagnostic."""
        if not isinstance(text, str):
            msg = f"parse() takes a str, not {type(text).__name__} (use parse_bytes)"
            raise TypeError(msg)
        try:  # an HTML or XML document given as a string goes through its front end
            extracted = extract_str(text, name=source)
        except SourceError as error:  # lenient on a str: read it as text, and say so
            doc = self._parse_text(text, source=source, strict=strict)
            note = Diagnostic(Severity.WARNING, "markup-not-read", f"read as text: {error}", None)
            return attrs.evolve(doc, diagnostics=(note, *doc.diagnostics))
        if extracted is not None:
            return self._parse_extracted(extracted, source=source, strict=strict)
        return self._parse_text(text, source=source, strict=strict)

    def _parse_text(
        self, text: str, *, source: str | None, strict: bool, layout_hint: str | None = None
    ) -> Referat:
        with collector_paused():  # a parse makes a tree without cycles: nothing to collect
            return self._parse_text_now(text, source=source, strict=strict, hint=layout_hint)

    def _parse_text_now(
        self, text: str, *, source: str | None, strict: bool, hint: str | None
    ) -> Referat:
        doc, index = parse_structure(text, source=source, registry=self.registry, layout_hint=hint)
        problems = self.registry.problems
        if problems:
            doc = attrs.evolve(doc, diagnostics=problems + doc.diagnostics)
        if strict:
            _raise_first_error(doc, source)
        doc = run_extractors(doc, self.registry, index, budget=self.extractor_budget)
        if strict:
            _raise_first_error(doc, source)
        return doc

    def parse_bytes(
        self, data: bytes, *, source: str | None = None, strict: bool = False
    ) -> Referat:
        """Parse a PDF, HTML, XML or text source, told apart by content (not by name).

        Text is decoded (a byte order mark, UTF-16 without one, UTF-8, else cp1252 with a
        warning: see :mod:`referat.decode`); the other
        formats go through their front end and the document gets a ``source_map``. Raises
        :class:`~referat.errors.SourceError` for a source that cannot be read (encrypted or
        damaged PDF, XML declaring entities, a ZIP or an image).
        """
        # UTF-16/32 text is decoded first: its zero bytes would pass for a binary format
        extracted = None if is_wide(data) else extract(data, name=source)
        if extracted is not None:
            return self._parse_extracted(extracted, source=source, strict=strict)
        text, encoding, problems = decode(data)
        doc = self.parse(text, source=source, strict=strict)
        return attrs.evolve(
            doc,
            source=attrs.evolve(doc.source, encoding=encoding),
            diagnostics=tuple(problems) + doc.diagnostics,
        )

    def _parse_extracted(
        self, extracted: Extracted, *, source: str | None, strict: bool
    ) -> Referat:
        """Parse a front end's text; the document keeps its source map and diagnostics."""
        hint = extracted.source_map.layout
        doc = self._parse_text(extracted.text, source=source, strict=False, layout_hint=hint)
        doc = attrs.evolve(
            doc,
            source=attrs.evolve(doc.source, encoding=extracted.encoding),
            source_map=extracted.source_map,
            diagnostics=extracted.diagnostics + doc.diagnostics,
        )
        if strict:
            _raise_first_error(doc, source)
        return doc

    def parse_file(self, path: str | os.PathLike[str], *, strict: bool = False) -> Referat:
        """Read and parse a file (bytes are decoded as :meth:`parse_bytes` does)."""
        with open(path, "rb") as handle:
            data = handle.read()
        return self.parse_bytes(data, source=os.fspath(path), strict=strict)


def _raise_first_error(doc: Referat, source: str | None) -> None:
    """Raise on the error that comes first in the text (errors without a span first)."""
    errors = [d for d in doc.diagnostics if d.severity is Severity.ERROR]
    if errors:
        first = min(errors, key=lambda d: d.span.start if d.span else -1)
        raise ReferatSyntaxError.from_diagnostic(
            first, doc.text, source=source, diagnostics=doc.diagnostics
        )


@functools.cache
def _default_parser(plugins: tuple[str, ...] | None, exclude: frozenset[str]) -> Parser:
    return Parser(plugins=plugins, exclude=exclude)


def default_parser(
    plugins: Iterable[discovery.PluginRef] | None = None, exclude: Iterable[str] = ()
) -> Parser:
    """A cached :class:`Parser` for these plugin names (callables get a fresh parser)."""
    names = None if plugins is None else tuple(plugins)
    if names is not None and not all(isinstance(n, str) for n in names):
        return Parser(plugins=names, exclude=exclude)
    return _default_parser(names, frozenset(exclude))


def parse(
    text: str,
    *,
    source: str | None = None,
    strict: bool = False,
    plugins: Iterable[discovery.PluginRef] | None = None,
    exclude: Iterable[str] = (),
) -> Referat:
    """Parse a referat. ``plugins=None`` runs every installed plugin; ``exclude`` drops some.

    Lenient (the default): never raises on a ``str``; problems are ``doc.diagnostics``.
    Strict: raises :class:`~referat.errors.ReferatSyntaxError` on the first error.
    """
    return default_parser(plugins, exclude).parse(text, source=source, strict=strict)


def parse_file(
    path: str | os.PathLike[str],
    *,
    strict: bool = False,
    plugins: Iterable[discovery.PluginRef] | None = None,
    exclude: Iterable[str] = (),
) -> Referat:
    """Read and parse a file: PDF, HTML, XML or text, told apart by content (not by name)."""
    return default_parser(plugins, exclude).parse_file(path, strict=strict)


def parse_bytes(
    data: bytes,
    *,
    source: str | None = None,
    strict: bool = False,
    plugins: Iterable[discovery.PluginRef] | None = None,
    exclude: Iterable[str] = (),
) -> Referat:
    """Parse bytes: PDF, HTML, XML or text, told apart by content (:meth:`Parser.parse_bytes`)."""
    return default_parser(plugins, exclude).parse_bytes(data, source=source, strict=strict)
