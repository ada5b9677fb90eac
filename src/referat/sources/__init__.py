"""Front ends: PDF, HTML and XML sources to the text the layouts read, plus a source map.

:func:`extract` looks at the bytes (:func:`~referat.sources.sniff.sniff`: magic bytes and
markup, never the file name) and returns ``None`` for text, which the pipeline reads as it
always has, or an :class:`~referat.sources.extracted.Extracted`: the text, its
:class:`~referat.sources.sourcemap.SourceMap` and the front end's diagnostics. The parser
libraries are imported only when a source needs them (``referat[pdf]``, ``referat[html]``).

This package is imported by the models (for :class:`SourceMap`): it imports nothing heavy.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from referat.sources.sourcemap import Furniture, Location, Segment, SegmentMap, SourceMap

if TYPE_CHECKING:
    from referat.models import Referat, Span
    from referat.sources.extracted import Extracted

_MARKUP_START = re.compile(r"[ \t\r\n\ufeff]*<")

#: The formats a front end reads.
FORMATS = ("pdf", "html", "xml")


def extract(data: bytes, *, kind: str | None = None, name: str | None = None) -> Extracted | None:
    """The extracted text of a PDF, HTML or XML source; ``None`` when ``data`` is text.

    Raises :class:`~referat.errors.SourceError` for a source that cannot be read (encrypted or
    damaged PDF, XML with entity declarations, a ZIP or an image) and
    :class:`~referat.errors.MissingDependencyError` when the front end's library is missing.
    """
    from referat.sources.sniff import BINARY_NAMES, sniff  # noqa: PLC0415 - kept light

    kind = kind or sniff(data)
    if kind == "text":
        return None
    if kind == "pdf":
        from referat.sources.pdf import extract_pdf  # noqa: PLC0415 - optional dependency

        return extract_pdf(data, name=name)
    if kind == "html":
        from referat.sources.html import extract_html  # noqa: PLC0415 - optional dependency

        return extract_html(data, name=name)
    if kind == "xml":
        from referat.sources.xml import extract_xml  # noqa: PLC0415 - optional dependency

        return extract_xml(data, name=name)
    from referat.errors import SourceError  # noqa: PLC0415 - kept light

    what = BINARY_NAMES.get(kind, kind)
    where = f"{name} is" if name else "the input is"
    msg = f"{where} {what}, not a referat (referat reads PDF, HTML, XML and text)"
    raise SourceError(msg, format=kind)


def extract_str(text: str, *, name: str | None = None) -> Extracted | None:
    """The extracted text of an HTML or XML document given as a string; ``None`` for text.

    Only a string that starts (after white space) with ``<`` is sniffed: plain text costs one
    character comparison.
    """
    if _MARKUP_START.match(text) is None:
        return None
    from referat.sources.sniff import sniff_text  # noqa: PLC0415 - kept light

    kind = sniff_text(text)
    if kind == "html":
        from referat.sources.html import extract_html  # noqa: PLC0415 - optional dependency

        return extract_html(text, name=name)
    if kind == "xml":
        from referat.sources.xml import extract_xml  # noqa: PLC0415 - optional dependency

        return extract_xml(text, name=name)
    return None


def locate(doc: Referat, span: Span | tuple[int, int]) -> tuple[Location, ...]:
    """Where ``span`` of ``doc``'s text came from in the source (``()`` for a text source).

    >>> import referat
    >>> doc = referat.parse("<p>Punkt 1: Budget</p>", plugins=[])
    >>> [(loc.path, loc.source_start) for loc in referat.locate(doc, (0, 5))]
    [('/html/body[1]/p[1]/text()[1]', 0)]
    """
    if doc.source_map is None:
        return ()
    return doc.source_map.resolve(span)


__all__ = [
    "FORMATS",
    "Furniture",
    "Location",
    "Segment",
    "SegmentMap",
    "SourceMap",
    "extract",
    "extract_str",
    "locate",
]
