"""The source map: where each character of an extracted text came from.

A front end (PDF, HTML, XML) turns a source into the text the layouts read. The
:class:`SourceMap` records, for consecutive runs of that text, the place in the source:

* PDF: the 1-based ``page``, the character index on that page (``source_start``, as the PDF
  library numbers the page's characters) and the bounding box of the run in PDF points
  ``(left, bottom, right, top)``, origin at the bottom left of the page;
* HTML and XML: the XPath of the text node (``/html/body/div[2]/p[1]/text()[1]``) and the
  character offset in that node's text (entities decoded). HTML inside an XML field (CDATA)
  is written ``<path of the XML element>|<path inside the HTML>``.

Runs that referat wrote itself (line breaks between blocks, ``Punkt 3: `` before an item
title taken from ``<Number>`` and ``<Caption>``) are ``generated`` and point at the element
they were made from. Together the segments cover the extracted text without gap or overlap:
every character maps somewhere. Nothing here imports lark, cattrs or a parser library.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterator
from typing import Protocol

from attrs import frozen

#: A run of words: white space inside it is single spaces (a browser collapses the rest).
_WORDS = re.compile(r"\S+(?: \S+)*")

BBox = tuple[float, float, float, float]


class _HasRange(Protocol):
    @property
    def start(self) -> int: ...

    @property
    def end(self) -> int: ...


@frozen
class Segment:
    """A run ``text[start:end]`` of the extracted text and its origin.

    Unless ``generated``, the run is the source's characters one for one (a collapsed run of
    white space counts as its first character): character ``start + k`` comes from
    ``source_start + k`` of the node (HTML/XML) or page (PDF).
    """

    start: int
    end: int
    page: int | None = None
    path: str | None = None
    source_start: int | None = None
    bbox: BBox | None = None
    generated: bool = False


@frozen
class Location:
    """Where a part of a span came from: one piece per segment the span touches.

    ``start``/``end`` is the part of the extracted text; ``source_start``/``source_end`` the
    matching range in the page (PDF) or text node (HTML/XML); ``None`` for generated text.
    """

    start: int
    end: int
    page: int | None
    path: str | None
    source_start: int | None
    source_end: int | None
    bbox: BBox | None
    generated: bool


@frozen
class Furniture:
    """Page furniture a front end left out of the text: ``Side 3``, a running header."""

    text: str
    kind: str  # "page-number" | "running-header" | "running-footer"
    page: int | None = None
    bbox: BBox | None = None


@frozen
class SourceMap:
    """The map from the extracted text back to the source document.

    ``format`` is ``"pdf"``, ``"html"`` or ``"xml"``; ``layout`` the layout the front end
    named for the text it wrote (``None``: detection decides); ``sha256`` and ``size`` are those
    of the source bytes; ``pages`` the page count of a PDF.
    """

    format: str
    segments: tuple[Segment, ...]
    sha256: str
    size: int
    layout: str | None = None
    pages: int | None = None
    furniture: tuple[Furniture, ...] = ()

    def segment_at(self, offset: int) -> Segment | None:
        """The segment that holds character ``offset`` of the extracted text."""
        segments = self.segments
        i = bisect_right(segments, offset, key=_start) - 1
        if 0 <= i < len(segments) and segments[i].start <= offset < segments[i].end:
            return segments[i]
        return None

    def resolve(self, span: _HasRange | tuple[int, int]) -> tuple[Location, ...]:
        """The source locations of a span (or a ``(start, end)`` pair) of the extracted text.

        One :class:`Location` per segment the span overlaps, in text order; an empty span
        gives the location of the character it stands before (if any).
        """
        start, end = span if isinstance(span, tuple) else (span.start, span.end)
        if end <= start:
            end = start + 1
        return tuple(self._locations(start, end))

    def _locations(self, start: int, end: int) -> Iterator[Location]:
        segments = self.segments
        i = max(0, bisect_right(segments, start, key=_start) - 1)
        while i < len(segments) and segments[i].start < end:
            seg = segments[i]
            i += 1
            lo, hi = max(start, seg.start), min(end, seg.end)
            if lo >= hi:
                continue
            if seg.generated or seg.source_start is None:
                source: tuple[int | None, int | None] = (seg.source_start, seg.source_start)
            else:
                base = seg.source_start - seg.start
                source = (base + lo, base + hi)
            yield Location(lo, hi, seg.page, seg.path, *source, seg.bbox, seg.generated)

    def pages_of(self, span: _HasRange | tuple[int, int]) -> tuple[int, ...]:
        """The PDF pages a span stands on, in order (empty for HTML and XML)."""
        seen: list[int] = []
        for location in self.resolve(span):
            if location.page is not None and location.page not in seen:
                seen.append(location.page)
        return tuple(seen)

    def paths_of(self, span: _HasRange | tuple[int, int]) -> tuple[str, ...]:
        """The HTML/XML text-node paths a span comes from (not generated text), in order."""
        seen: list[str] = []
        for location in self.resolve(span):
            if location.path is not None and not location.generated and location.path not in seen:
                seen.append(location.path)
        return tuple(seen)


def _start(segment: Segment) -> int:
    return segment.start


class TextBuilder:
    """Writes an extracted text and its segments together (used by every front end).

    ``text`` adds source characters, ``generated`` adds characters referat writes, ``newline``
    asks for a line break (1) or a blank line (2) before the next text: breaks are written
    lazily, never at the start, and the largest request wins.
    """

    __slots__ = ("_last", "_length", "_parts", "_pending", "_pending_origin", "_segments")

    def __init__(self) -> None:
        self._parts: list[str] = []
        self._segments: list[Segment] = []
        self._length = 0
        self._pending = 0
        self._pending_origin: tuple[int | None, str | None] = (None, None)
        self._last = ""

    @property
    def length(self) -> int:
        """The length of the text written so far (pending breaks not counted)."""
        return self._length

    @property
    def last_char(self) -> str:
        """The last character written ("" at the start; pending breaks not counted)."""
        return self._last

    @property
    def at_line_start(self) -> bool:
        """Nothing written yet, or the last character written is a line break."""
        return self._pending > 0 or not self._parts or self._last == "\n"

    def newline(self, count: int = 1, *, page: int | None = None, path: str | None = None) -> None:
        """Ask for ``count`` line ends (2: a blank line) before the next text."""
        if self._parts and count > self._pending:
            self._pending = count
            self._pending_origin = (page, path)

    def _flush(self, page: int | None, path: str | None) -> None:
        """Write the pending line ends; they map to the element that asked for them, or else
        to the text that follows them."""
        if self._pending:
            extra = self._pending - (1 if self._last == "\n" else 0)
            self._pending = 0
            if extra > 0:
                origin_page, origin_path = self._pending_origin
                if origin_page is None and origin_path is None:
                    origin_page, origin_path = page, path
                self._write("\n" * extra, origin_page, origin_path, None, None, generated=True)

    def text(
        self,
        text: str,
        *,
        page: int | None = None,
        path: str | None = None,
        source_start: int | None = None,
        bbox: BBox | None = None,
    ) -> None:
        """Add source characters (one for one with ``source_start`` onwards)."""
        if text:
            self._flush(page, path)
            self._write(text, page, path, source_start, bbox, generated=False)

    def run(self, text: str, path: str, source_start: int) -> None:
        """Add source characters of a markup text node (``text`` not empty): :meth:`text`
        without a page or box, on the hot path of the HTML and XML front ends."""
        if self._pending:
            self._flush(None, path)
        start = self._length
        self._length = end = start + len(text)
        self._segments.append(Segment(start, end, None, path, source_start, None, False))
        self._parts.append(text)
        self._last = text[-1]

    def words(
        self,
        value: str,
        path: str,
        space: tuple[str, int] | None,
        separator: tuple[str, str] | None,
    ) -> tuple[tuple[str, int] | None, bool]:
        """Add the words of a markup text node ``value`` (XPath ``path``), white space collapsed
        as a browser collapses it.

        ``space`` is a collapsed space still waiting from an earlier node (its path and
        offset), ``separator`` cell separators waiting for text (written, generated, before
        the first word). A gap between words becomes one space mapped to the gap's first
        character, but never at a line start or after a space or TAB. Returns the space left
        waiting at the end of ``value`` and whether a word was written.
        """
        position = 0
        wrote = False
        segments = self._segments
        parts = self._parts
        for match in _WORDS.finditer(value):
            start = match.start()
            if separator is not None:
                self.generated(separator[0], path=separator[1])
                separator = None
            else:
                if start > position:
                    space = (path, position)
                if space is not None and not self._pending and parts and self._last not in " \t\n":
                    length = self._length
                    segments.append(
                        Segment(length, length + 1, None, space[0], space[1], None, False)
                    )
                    parts.append(" ")
                    self._length = length + 1
                    self._last = " "
            space = None
            word = match.group()
            if self._pending:
                self._flush(None, path)
            length = self._length
            self._length = end = length + len(word)
            segments.append(Segment(length, end, None, path, start, None, False))
            parts.append(word)
            self._last = word[-1]
            position = match.end()
            wrote = True
        if position < len(value):
            space = (path, position)
        return space, wrote

    def generated(
        self,
        text: str,
        *,
        page: int | None = None,
        path: str | None = None,
        source_start: int | None = None,
        bbox: BBox | None = None,
    ) -> None:
        """Add characters referat writes (``Punkt ``, ``: ``, a joining space)."""
        if text:
            self._flush(page, path)
            self._write(text, page, path, source_start, bbox, generated=True)

    def _write(
        self,
        text: str,
        page: int | None,
        path: str | None,
        source_start: int | None,
        bbox: BBox | None,
        *,
        generated: bool,
    ) -> None:
        start = self._length
        end = start + len(text)
        segments = self._segments
        if generated and segments:  # merge generated runs with the same origin
            last = segments[-1]
            if last.generated and last.end == start and last.page == page and last.path == path:
                segments[-1] = Segment(
                    last.start, end, page, path, last.source_start, last.bbox, True
                )
                self._parts.append(text)
                self._length = end
                self._last = text[-1]
                return
        segments.append(Segment(start, end, page, path, source_start, bbox, generated))
        self._parts.append(text)
        self._length = end
        self._last = text[-1]

    def drop_last(self, count: int) -> None:
        """Take back the last ``count`` characters written (a hyphen that ends a line)."""
        while count > 0 and self._parts:
            part = self._parts[-1]
            take = min(count, len(part))
            self._parts[-1] = part[: len(part) - take]
            if not self._parts[-1]:
                self._parts.pop()
            last = self._segments[-1]
            if last.end - take <= last.start:
                self._segments.pop()
            else:
                self._segments[-1] = Segment(
                    last.start,
                    last.end - take,
                    last.page,
                    last.path,
                    last.source_start,
                    last.bbox,
                    last.generated,
                )
            self._length -= take
            count -= take
        self._last = self._parts[-1][-1] if self._parts else ""

    def finish(self) -> tuple[str, tuple[Segment, ...]]:
        """The text (ending with one line break when not empty) and its segments."""
        if self._parts and self._last != "\n":
            page, path = self._segments[-1].page, self._segments[-1].path
            self._write("\n", page, path, None, None, generated=True)
        return "".join(self._parts), tuple(self._segments)
