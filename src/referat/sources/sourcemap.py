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
from array import array
from bisect import bisect_right
from collections.abc import Iterable, Iterator
from typing import Protocol, overload

from attrs import field, frozen

from referat.models.base import Model
from referat.packed import TupleLike

#: A run of words: white space inside it is single spaces (a browser collapses the rest).
_WORDS = re.compile(r"\S+(?: \S+)*")

BBox = tuple[float, float, float, float]


class _HasRange(Protocol):
    @property
    def start(self) -> int: ...

    @property
    def end(self) -> int: ...


@frozen(repr=False, eq=False)
class Segment(Model):
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


@frozen(repr=False, eq=False)
class Location(Model):
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


@frozen(repr=False, eq=False)
class Furniture(Model):
    """Page furniture a front end left out of the text: ``Side 3``, a running header."""

    text: str
    kind: str  # "page-number" | "running-header" | "running-footer"
    page: int | None = None
    bbox: BBox | None = None


#: The columns of a segment map: starts, ends, source starts, paths, generated flags, pages
#: (``None`` when no segment has one) and boxes (``None`` when no segment has one).
_Columns = tuple[
    "array[int]",
    "array[int]",
    "array[int]",
    "list[str | None]",
    bytes,
    "array[int] | None",
    "list[BBox | None] | None",
]

#: ``None`` in a packed integer column (page, source start): no real offset is this small.
_NONE = -(2**63)


class SegmentMap(TupleLike[Segment]):
    """The :class:`Segment`\\ s of a source map, stored as packed columns.

    A sequence of ``Segment`` (index it, iterate it, ``len``, compare it with another segment
    map or with a tuple of segments), held as arrays of 64-bit integers (start, end, source
    start, page), a byte per segment for ``generated``, a list of paths and, for a PDF, a list
    of boxes: a 50 MB page's hundreds of thousands of runs cost a few list slots each instead
    of an object apiece, and the segments are built only when asked for. Immutable like the
    models.

    >>> segments = SegmentMap([Segment(0, 5, path="/p[1]/text()[1]", source_start=2),
    ...                        Segment(5, 7, path="/p[1]", generated=True)])
    >>> len(segments), segments[1].generated, segments.index_at(6), segments.index_at(7)
    (2, True, 1, -1)
    >>> segments == (Segment(0, 5, path="/p[1]/text()[1]", source_start=2),
    ...              Segment(5, 7, path="/p[1]", generated=True))
    True
    """

    __slots__ = ("_boxes", "_ends", "_generated", "_pages", "_paths", "_sources", "_starts")
    _starts: array[int]
    _ends: array[int]
    _sources: array[int]
    _pages: array[int] | None  # None: no segment has a page
    _paths: list[str | None]
    _generated: bytes
    _boxes: list[BBox | None] | None  # None: no segment has a box

    def __init__(self, segments: Iterable[Segment] = ()) -> None:
        starts, ends, sources, pages = array("q"), array("q"), array("q"), array("q")
        paths: list[str | None] = []
        generated = bytearray()
        boxes: list[BBox | None] = []
        for segment in segments:
            starts.append(segment.start)
            ends.append(segment.end)
            sources.append(_packed(segment.source_start))
            pages.append(_packed(segment.page))
            paths.append(segment.path)
            generated.append(1 if segment.generated else 0)
            boxes.append(segment.bbox)
        self._set((starts, ends, sources, paths, bytes(generated), pages, boxes))

    def _set(self, columns: _Columns) -> None:
        starts, ends, sources, paths, generated, pages, boxes = columns
        count = len(starts)
        lengths = {len(ends), len(sources), len(paths), len(generated)}
        lengths.update(len(column) for column in (pages, boxes) if column is not None)
        if lengths - {count}:
            msg = "the columns of a segment map differ in length"
            raise ValueError(msg)
        if pages is not None and pages.count(_NONE) == count:
            pages = None
        if boxes is not None and boxes.count(None) == count:
            boxes = None
        self._starts, self._ends, self._sources, self._pages = starts, ends, sources, pages
        self._paths, self._generated, self._boxes = paths, generated, boxes

    @classmethod
    def of(cls, segments: SegmentMap | Iterable[Segment]) -> SegmentMap:
        """``segments`` as a segment map (itself when it is one)."""
        return segments if isinstance(segments, SegmentMap) else cls(segments)

    @classmethod
    def columns(
        cls,
        starts: array[int],
        ends: array[int],
        sources: array[int],
        paths: list[str | None],
        generated: bytes,
        *,
        pages: array[int] | None = None,
        boxes: list[BBox | None] | None = None,
    ) -> SegmentMap:
        """A segment map over its columns, taken as they are (``None`` in ``sources`` and
        ``pages`` packed as ``SegmentMap.NONE``): the caller hands them over and never changes
        them."""
        self = cls.__new__(cls)
        self._set((starts, ends, sources, paths, generated, pages, boxes))
        return self

    #: ``None`` in the packed ``sources`` and ``pages`` columns.
    NONE = _NONE

    def __len__(self) -> int:
        return len(self._starts)

    @overload
    def __getitem__(self, index: int) -> Segment: ...
    @overload
    def __getitem__(self, index: slice) -> SegmentMap: ...
    def __getitem__(self, index: int | slice) -> Segment | SegmentMap:
        if isinstance(index, slice):
            pages, boxes = self._pages, self._boxes
            return SegmentMap.columns(
                self._starts[index],
                self._ends[index],
                self._sources[index],
                self._paths[index],
                self._generated[index],
                pages=None if pages is None else pages[index],
                boxes=None if boxes is None else boxes[index],
            )
        count = len(self._starts)
        if index < 0:
            index += count
        if not 0 <= index < count:
            msg = "segment index out of range"
            raise IndexError(msg)
        return self._segment(index)

    def _segment(self, i: int) -> Segment:
        source = self._sources[i]
        pages, boxes = self._pages, self._boxes
        page = None if pages is None or pages[i] == _NONE else pages[i]
        return Segment(
            self._starts[i],
            self._ends[i],
            page,
            self._paths[i],
            None if source == _NONE else source,
            None if boxes is None else boxes[i],
            bool(self._generated[i]),
        )

    def __iter__(self) -> Iterator[Segment]:
        for i in range(len(self._starts)):
            yield self._segment(i)

    def _columns(self) -> tuple[object, ...]:
        return (
            self._starts,
            self._ends,
            self._sources,
            self._pages,
            self._paths,
            self._generated,
            self._boxes,
        )

    def __reduce__(self) -> tuple[object, ...]:
        columns = (self._starts, self._ends, self._sources, self._paths, self._generated)
        return (_unpickle_segments, ((*columns, self._pages, self._boxes),))

    def index_at(self, offset: int) -> int:
        """The index of the segment that holds character ``offset`` of the text, or -1."""
        i = bisect_right(self._starts, offset) - 1
        if 0 <= i < len(self._starts) and offset < self._ends[i]:
            return i
        return -1

    def locations(self, start: int, end: int) -> Iterator[Location]:
        """The :class:`Location` of each part of ``text[start:end]`` (``start < end``) in its
        segment, in text order (no segment is built)."""
        starts, ends, sources, paths = self._starts, self._ends, self._sources, self._paths
        generated, pages, boxes = self._generated, self._pages, self._boxes
        i = max(0, bisect_right(starts, start) - 1)
        count = len(starts)
        while i < count and starts[i] < end:
            lo, hi = max(start, starts[i]), min(end, ends[i])
            if lo < hi:
                made = bool(generated[i])
                source = sources[i]
                if source == _NONE:
                    source_range: tuple[int | None, int | None] = (None, None)
                elif made:
                    source_range = (source, source)
                else:
                    base = source - starts[i]
                    source_range = (base + lo, base + hi)
                page = None if pages is None or pages[i] == _NONE else pages[i]
                box = None if boxes is None else boxes[i]
                yield Location(lo, hi, page, paths[i], *source_range, box, made)
            i += 1


def _packed(value: int | None) -> int:
    if value is None:
        return _NONE
    if value == _NONE:
        msg = f"{value} is not an offset a segment map can hold"
        raise ValueError(msg)
    return value


def _unpickle_segments(columns: _Columns) -> SegmentMap:
    self = SegmentMap.__new__(SegmentMap)
    self._set(columns)
    return self


def _segment_map(segments: SegmentMap | Iterable[Segment]) -> SegmentMap:
    return SegmentMap.of(segments)


@frozen(repr=False, eq=False)
class SourceMap(Model):
    """The map from the extracted text back to the source document.

    ``format`` is ``"pdf"``, ``"html"`` or ``"xml"``; ``layout`` the layout the front end
    named for the text it wrote (``None``: detection decides); ``sha256`` and ``size`` are those
    of the source bytes; ``pages`` the page count of a PDF.
    """

    format: str
    segments: SegmentMap = field(converter=_segment_map)
    sha256: str
    size: int
    layout: str | None = None
    pages: int | None = None
    furniture: tuple[Furniture, ...] = ()

    def segment_at(self, offset: int) -> Segment | None:
        """The segment that holds character ``offset`` of the extracted text."""
        i = self.segments.index_at(offset)
        return None if i < 0 else self.segments[i]

    def resolve(self, span: _HasRange | tuple[int, int]) -> tuple[Location, ...]:
        """The source locations of a span (or a ``(start, end)`` pair) of the extracted text.

        One :class:`Location` per segment the span overlaps, in text order; an empty span
        gives the location of the character it stands before (if any).
        """
        start, end = span if isinstance(span, tuple) else (span.start, span.end)
        if end <= start:
            end = start + 1
        return tuple(self.segments.locations(start, end))

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


class TextBuilder:
    """Writes an extracted text and its segments together (used by every front end).

    ``text`` adds source characters, ``generated`` adds characters referat writes, ``newline``
    asks for a line break (1) or a blank line (2) before the next text: breaks are written
    lazily, never at the start, and the largest request wins.

    The segments are kept as columns (see :class:`SegmentMap`): each run written costs a few
    list appends, no object. They are contiguous, so a segment's start is the end of the one
    before it; pages and boxes (PDF) are kept by segment index, only where given.
    """

    __slots__ = (
        "_boxes",
        "_ends",
        "_generated",
        "_last",
        "_length",
        "_pages",
        "_parts",
        "_paths",
        "_pending",
        "_pending_origin",
        "_sources",
    )

    def __init__(self) -> None:
        self._parts: list[str] = []
        self._ends = array("q")  # packed as written: no int object kept per run
        self._sources = array("q")  # _NONE: no source offset
        self._paths: list[str | None] = []
        self._generated = bytearray()
        self._pages: dict[int, int] = {}  # segment index -> page
        self._boxes: dict[int, BBox] = {}  # segment index -> box
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
            if self._pending:
                self._flush(page, path)
            self._write(text, page, path, source_start, bbox, generated=False)

    def run(self, text: str, path: str, source_start: int) -> None:
        """Add source characters of a markup text node (``text`` not empty): :meth:`text`
        without a page or box, on the hot path of the HTML and XML front ends."""
        if self._pending:
            self._flush(None, path)
        self._length += len(text)
        self._ends.append(self._length)
        self._sources.append(source_start)
        self._paths.append(path)
        self._generated.append(0)
        self._parts.append(text)
        self._last = text[-1]

    def words(
        self,
        value: str,
        path: str,
        space: tuple[str, int] | None,
        separator: tuple[str, str] | None,
    ) -> tuple[tuple[str, int] | None, tuple[str, str] | None]:
        """Add the words of a markup text node ``value`` (XPath ``path``), white space collapsed
        as a browser collapses it.

        ``space`` is a collapsed space still waiting from an earlier node (its path and
        offset), ``separator`` cell separators waiting for text (written, generated, before
        the first word). A gap between words becomes one space mapped to the gap's first
        character, but never at a line start or after a space or TAB. Returns the space left
        waiting at the end of ``value`` and the separators still waiting (``None`` once a word
        was written).
        """
        stripped = value.strip()
        if not stripped:
            return ((path, 0) if value else space), separator
        runs: Iterable[tuple[int, str]]
        if stripped.isprintable() and "  " not in stripped:
            # one run of words (its only white space single spaces: every other white space
            # character is unprintable), the usual text node: no regular expression
            runs = ((len(value) - len(value.lstrip()), stripped),)
        else:
            runs = ((match.start(), match.group()) for match in _WORDS.finditer(value))
        position = 0
        parts = self._parts
        ends, sources, paths, generated = self._ends, self._sources, self._paths, self._generated
        for start, word in runs:
            if separator is not None:
                self.mark(*separator)
                separator = None
            else:
                if start > position:
                    space = (path, position)
                if space is not None and not self._pending and parts and self._last not in " \t\n":
                    self._length += 1
                    ends.append(self._length)
                    sources.append(space[1])
                    paths.append(space[0])
                    generated.append(0)
                    parts.append(" ")
                    self._last = " "
            space = None
            if self._pending:
                self._flush(None, path)
            self._length += len(word)
            ends.append(self._length)
            sources.append(start)
            paths.append(path)
            generated.append(0)
            parts.append(word)
            self._last = word[-1]
            position = start + len(word)
        return ((path, position) if position < len(value) else None), None

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
            if self._pending:
                self._flush(page, path)
            self._write(text, page, path, source_start, bbox, generated=True)

    def mark(self, text: str, path: str) -> None:
        """Add characters referat writes for a markup element (``text`` not empty): what
        :meth:`generated` does with only a ``path``, on the hot path of the HTML front end."""
        if self._pending:
            self._flush(None, path)
        ends = self._ends
        last = len(ends) - 1
        self._parts.append(text)
        self._length += len(text)
        self._last = text[-1]
        if (
            last >= 0
            and self._generated[last]
            and self._paths[last] == path
            and last not in self._pages
        ):
            ends[last] = self._length  # the same origin: one run
            return
        ends.append(self._length)
        self._sources.append(_NONE)
        self._paths.append(path)
        self._generated.append(1)

    def end_line(self, count: int, path: str) -> None:
        """:meth:`newline` for a markup element at ``path`` (the hot path of the HTML walk)."""
        if count > self._pending and self._parts:
            self._pending = count
            self._pending_origin = (None, path)

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
        ends = self._ends
        last = len(ends) - 1
        self._parts.append(text)
        self._length += len(text)
        self._last = text[-1]
        if (  # merge generated runs with the same origin
            generated
            and last >= 0
            and self._generated[last]
            and self._paths[last] == path
            and self._pages.get(last) == page
        ):
            ends[last] = self._length
            return
        ends.append(self._length)
        self._sources.append(_NONE if source_start is None else source_start)
        self._paths.append(path)
        self._generated.append(1 if generated else 0)
        if page is not None:
            self._pages[last + 1] = page
        if bbox is not None:
            self._boxes[last + 1] = bbox

    def drop_last(self, count: int) -> None:
        """Take back the last ``count`` characters written (a hyphen that ends a line)."""
        ends = self._ends
        while count > 0 and self._parts:
            part = self._parts[-1]
            take = min(count, len(part))
            self._parts[-1] = part[: len(part) - take]
            if not self._parts[-1]:
                self._parts.pop()
            last = len(ends) - 1
            start = ends[last - 1] if last else 0
            if ends[last] - take <= start:
                ends.pop()
                self._sources.pop()
                self._paths.pop()
                self._generated.pop()
                self._pages.pop(last, None)
                self._boxes.pop(last, None)
            else:
                ends[last] -= take
            self._length -= take
            count -= take
        self._last = self._parts[-1][-1] if self._parts else ""

    def finish(self) -> tuple[str, SegmentMap]:
        """The text (ending with one line break when not empty) and its segments."""
        if self._parts and self._last != "\n":
            last = len(self._ends) - 1
            self._write("\n", self._pages.get(last), self._paths[last], None, None, generated=True)
        ends = self._ends[:]  # copies: the builder may go on writing
        starts = array("q", [0]) + ends[:-1] if ends else array("q")
        pages: array[int] | None = None
        if self._pages:
            pages = array("q", [_NONE]) * len(ends)
            for index, page in self._pages.items():
                pages[index] = page
        boxes: list[BBox | None] | None = None
        if self._boxes:
            boxes = [None] * len(ends)
            for index, box in self._boxes.items():
                boxes[index] = box
        sources, paths, generated = self._sources[:], self._paths[:], bytes(self._generated)
        segments = SegmentMap.columns(
            starts, ends, sources, paths, generated, pages=pages, boxes=boxes
        )
        return "".join(self._parts), segments
