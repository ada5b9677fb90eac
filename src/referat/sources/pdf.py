"""PDF to the text the layouts read, with a source map (pypdfium2, PDFium's text layer).

Per page, PDFium's text lines are placed by their boxes: pieces on one baseline become one
row (left to right; a wide gap is a TAB, so label/value columns and tables come out as TAB
rows), rows are read top to bottom. Then:

* page furniture (a page number such as ``Side 2`` or ``3/28`` in the top or bottom margin, a
  running header or footer that repeats in the margin of at least half the pages) is left out
  of the text and listed in :attr:`SourceMap.furniture`;
* rows of one paragraph (same font size and weight, normal line spacing, the previous row
  filling the line) are joined with a space; a word hyphenated at the line end is rejoined
  (``budget-`` + ``lægges``), a hyphen that belongs to the word stays (``2030-fremskrivning``,
  ``p-huse``, ``Børne- og Unge``);
* paragraphs and headings are separated by a blank line, and so are pages (the layouts join
  a paragraph cut by a page break, as they do for text).

A PDF without a text layer gives the ``no-text-layer`` diagnostic (referat does no OCR); an
encrypted or damaged one raises :class:`~referat.errors.SourceError`.
"""

from __future__ import annotations

import hashlib
import itertools
import math
import re
import statistics
from collections import Counter
from typing import Any

import attrs
from attrs import frozen

from referat.errors import SourceError
from referat.models import Diagnostic, Severity
from referat.sources._deps import require
from referat.sources.extracted import Extracted
from referat.sources.sourcemap import BBox, Furniture, SourceMap, TextBuilder

_LINE = re.compile(r"[^\r\n]+")
_PAGE_NUMBER = re.compile(
    r"(?:side|page|s\.)?\s*\d{1,4}\s*(?:(?:af|of|/|ud af)\s*\d{1,4})?", re.IGNORECASE
)
_DIGITS = re.compile(r"\d+")
#: A table-of-contents row: dot leaders, then the page number.
_TOC_ROW = re.compile(r"\.{4,}\s*(\d{1,4})\s*$")
_CONJUNCTIONS = frozenset(("og", "eller", "samt", "til", "som", "end", "&"))
#: The margin bands (a share of the page height) where running headers and footers stand.
MARGIN = 0.09
SOFT_HYPHEN = "\ufffe"  # PDFium's mark for a hyphen it took for a soft one


@frozen
class _Piece:
    """A run of characters on one line of a page: ``text`` is ``page_text[start:end]``."""

    text: str
    start: int
    left: float
    bottom: float
    right: float
    top: float
    size: float
    bold: bool


class _Row:
    """Pieces on one baseline, left to right."""

    __slots__ = ("bold", "bottom", "left", "pieces", "right", "size", "top")

    def __init__(self, piece: _Piece) -> None:
        self.pieces = [piece]
        self.left, self.bottom, self.right, self.top = (
            piece.left,
            piece.bottom,
            piece.right,
            piece.top,
        )
        self.size = piece.size
        self.bold = piece.bold

    def add(self, piece: _Piece) -> None:
        self.pieces.append(piece)
        self.left = min(self.left, piece.left)
        self.right = max(self.right, piece.right)
        self.bottom = min(self.bottom, piece.bottom)
        self.top = max(self.top, piece.top)

    @property
    def text(self) -> str:
        return " ".join(p.text for p in self.pieces)

    @property
    def bbox(self) -> BBox:
        return (self.left, self.bottom, self.right, self.top)


def _open(data: bytes) -> Any:
    pdfium = require("pypdfium2", "pdf")
    try:
        return pdfium.PdfDocument(data)
    except pdfium.PdfiumError as error:
        text = str(error)
        if "password" in text.lower():
            msg = "the PDF is encrypted (a password is needed to read it)"
        else:
            msg = f"the PDF is damaged and cannot be read ({text})"
        raise SourceError(msg, format="pdf") from None


def _pieces(textpage: Any, raw: Any) -> tuple[str, list[_Piece]]:
    """The page's text and its lines as pieces with boxes (PDFium's own line breaks)."""
    count = textpage.count_chars()
    if count <= 0:
        return "", []
    text: str = textpage.get_text_range()
    if len(text) != count:  # characters and text out of step: no boxes for this page
        return text, [
            _Piece(m.group(), m.start(), 0, 0, 0, 0, 0, False) for m in _LINE.finditer(text)
        ]
    handle = textpage.raw
    pieces = []
    for match in _LINE.finditer(text):
        value = match.group()
        stripped = value.strip()
        if not stripped:
            continue
        lead = len(value) - len(value.lstrip())
        start = match.start() + lead
        end = start + len(stripped)
        first = textpage.get_charbox(start)
        last = textpage.get_charbox(end - 1)
        size = float(raw.FPDFText_GetFontSize(handle, start))
        weight = raw.FPDFText_GetFontWeight(handle, start)
        pieces.append(
            _Piece(
                stripped,
                start,
                first[0],
                min(first[1], last[1]),
                last[2],
                max(first[3], last[3]),
                round(size, 1),
                weight >= 600,
            )
        )
    return text, pieces


def _rows(pieces: list[_Piece]) -> list[_Row]:
    """Group pieces that share a baseline into rows, top to bottom, each left to right."""
    ordered = sorted(pieces, key=lambda p: (-(p.top + p.bottom) / 2, p.left))
    rows: list[_Row] = []
    for piece in ordered:
        middle = (piece.top + piece.bottom) / 2
        if rows and rows[-1].bottom <= middle <= rows[-1].top:
            rows[-1].add(piece)
        else:
            rows.append(_Row(piece))
    for row in rows:
        row.pieces.sort(key=lambda p: p.left)
    return rows


def _normalise(text: str) -> str:
    return _DIGITS.sub("#", " ".join(text.split())).casefold()


def _furniture(pages: list[tuple[float, list[_Row]]]) -> dict[tuple[int, int], str]:
    """``(page index, row index) → kind`` for page numbers and running headers/footers."""
    found: dict[tuple[int, int], str] = {}
    candidates: list[tuple[int, int, str, str]] = []
    for p, (height, rows) in enumerate(pages):
        for r, row in enumerate(rows):
            if row.top < height * MARGIN:
                where = "running-footer"
            elif row.bottom > height * (1 - MARGIN):
                where = "running-header"
            else:
                continue
            if _PAGE_NUMBER.fullmatch(row.text.strip()):
                found[p, r] = "page-number"
            else:
                candidates.append((p, r, where, _normalise(row.text)))
    with_text = sum(1 for _, rows in pages if rows)
    needed = max(2, math.ceil(with_text / 2))
    pages_of = Counter((key, p) for p, _, _, key in candidates)
    repeats = Counter(key for key, _ in pages_of)
    for p, r, where, key in candidates:
        if repeats[key] >= needed:
            found[p, r] = where
    return found


def _hyphen_join(before: str, after: str) -> str | None:
    """How a line ending in a hyphen joins the next: ``""`` drops the hyphen, ``"-"`` keeps
    it glued, ``"- "`` keeps it with a space (``Børne- og``); ``None``: not a hyphen case."""
    word = before.rpartition(" ")[2]
    stem = word[:-1]
    next_word = after.split(" ", 1)[0]
    if next_word.casefold() in _CONJUNCTIONS:
        return "- "
    if (
        len(stem) >= 2
        and stem[-1].isalpha()
        and stem[-1].islower()
        and next_word[:1].isalpha()
        and next_word[:1].islower()
        and not any(c.isupper() for c in stem[1:])
        and not any(c.isdigit() for c in stem)
    ):
        return ""
    return "-"


class _Writer:
    def __init__(self) -> None:
        self.out = TextBuilder()

    def piece(self, piece: _Piece, page: int, exact: bool) -> None:
        """Write a piece; PDFium's soft-hyphen marks inside it are resolved, and a TOC row's
        dot leaders end in a TAB before the page number."""
        toc = _TOC_ROW.search(piece.text)
        if toc is not None:
            head = attrs.evolve(piece, text=piece.text[: toc.start(1)].rstrip())
            tail = attrs.evolve(piece, text=toc.group(1), start=piece.start + toc.start(1))
            self.piece(head, page, exact)
            self.out.generated("\t", page=page, source_start=tail.start)
            self.piece(tail, page, exact)
            return
        text = piece.text
        bbox = (piece.left, piece.bottom, piece.right, piece.top) if exact else None
        position = 0
        while True:
            mark = text.find(SOFT_HYPHEN, position)
            if mark < 0:
                break
            self.out.text(
                text[position:mark], page=page, source_start=piece.start + position, bbox=bbox
            )
            join = _hyphen_join(text[:mark] + "-", text[mark + 1 :])
            if join:
                self.out.text("-", page=page, source_start=piece.start + mark, bbox=bbox)
            position = mark + 1
        self.out.text(text[position:], page=page, source_start=piece.start + position, bbox=bbox)

    def row(self, row: _Row, page: int, exact: bool) -> None:
        previous: _Piece | None = None
        for piece in row.pieces:
            if previous is not None:
                gap = piece.left - previous.right
                separator = "\t" if gap > 1.5 * max(previous.size, 1.0) else " "
                self.out.generated(separator, page=page, source_start=piece.start)
            self.piece(piece, page, exact)
            previous = piece


def _same_paragraph(previous: _Row, row: _Row, step: float, right: float, width: float) -> bool:
    """Does ``row`` go on the paragraph of ``previous`` (the row above it)?"""
    if abs(previous.size - row.size) > 0.6 or previous.bold != row.bold:
        return False
    if len(previous.pieces) > 1 or len(row.pieces) > 1:  # TAB rows stay rows
        return False
    if _TOC_ROW.search(previous.text) or _TOC_ROW.search(row.text):
        return False
    distance = previous.bottom - row.bottom
    if distance <= 0 or distance > step + 0.45 * max(row.size, 1.0):
        return False
    filled = previous.right >= right - 0.12 * width
    return filled and not previous.text.endswith(":")


def _read_pages(data: bytes) -> tuple[list[tuple[float, list[_Row]]], list[bool]]:
    """Rows of every page (with the page height) and whether the page has character boxes."""
    raw = require("pypdfium2.raw", "pdf")
    document = _open(data)
    pages: list[tuple[float, list[_Row]]] = []
    exact: list[bool] = []
    try:
        for index in range(len(document)):
            page = document[index]
            try:
                textpage = page.get_textpage()
                try:
                    pieces = _pieces(textpage, raw)[1]
                finally:
                    textpage.close()
                height = float(page.get_size()[1])
            finally:
                page.close()
            exact.append(len(pieces) == 0 or pieces[0].size > 0)
            pages.append((height, _rows(pieces) if exact[-1] else [_Row(p) for p in pieces]))
    except SourceError:
        raise
    except Exception as error:  # noqa: BLE001 - PDFium reports damage as assorted errors
        msg = f"the PDF is damaged and cannot be read ({type(error).__name__}: {error})"
        raise SourceError(msg, format="pdf") from None
    finally:
        document.close()
    return pages, exact


def _write_page(writer: _Writer, rows: list[_Row], number: int, exact: bool) -> None:
    """Write one page's rows: paragraphs joined, blocks separated by blank lines."""
    out = writer.out
    steps = [a.bottom - b.bottom for a, b in itertools.pairwise(rows) if a.size == b.size]
    positive = [s for s in steps if s > 0]
    step = statistics.median(positive) if positive else 0.0
    right = max(row.right for row in rows)
    width = max(1.0, right - min(row.left for row in rows))
    out.newline(2, page=number)
    previous: _Row | None = None
    for row in rows:
        if previous is not None:
            if exact and _same_paragraph(previous, row, step, right, width):
                _join(writer, previous, row, number)
            else:
                blank = not exact or _new_block(previous, row, step)
                out.newline(2 if blank else 1, page=number)
        writer.row(row, number, exact)
        previous = row
    out.newline(2, page=number)


def extract_pdf(data: bytes, *, name: str | None = None) -> Extracted:
    """The text of a PDF, its source map (page, character range on the page, box) and the
    diagnostics (``no-text-layer``)."""
    pages, exact = _read_pages(data)
    furniture = _furniture(pages) if any(exact) else {}
    writer = _Writer()
    dropped: list[Furniture] = []
    for p, (_height, rows) in enumerate(pages):
        kept = []
        for r, row in enumerate(rows):
            kind = furniture.get((p, r))
            if kind is None:
                kept.append(row)
            else:
                dropped.append(Furniture(row.text, kind, p + 1, row.bbox))
        if kept:
            _write_page(writer, kept, p + 1, exact[p])
    text, segments = writer.out.finish()
    diagnostics = []
    if not text.strip():
        message = (
            f"the PDF has no text layer on any of its {len(pages)} pages "
            "(scanned images?); referat does no OCR"
        )
        diagnostics.append(Diagnostic(Severity.ERROR, "no-text-layer", message, None))
    source_map = SourceMap(
        format="pdf",
        segments=segments,
        sha256=hashlib.sha256(data).hexdigest(),
        size=len(data),
        layout=None,
        pages=len(pages),
        furniture=tuple(dropped),
    )
    return Extracted(text, source_map, "pdf", tuple(diagnostics))


def _new_block(previous: _Row, row: _Row, step: float) -> bool:
    """A blank line between two rows that do not join: a new size, weight or a wide gap."""
    if abs(previous.size - row.size) > 0.6 or previous.bold != row.bold:
        return True
    distance = previous.bottom - row.bottom
    return step <= 0 or distance > step + 0.45 * max(row.size, 1.0)


def _join(writer: _Writer, previous: _Row, row: _Row, page: int) -> None:
    """Join ``row`` to the paragraph that ``previous`` ends: a space, or a rejoined hyphen."""
    out = writer.out
    before = previous.text
    first = row.pieces[0]
    if before.endswith(("-", SOFT_HYPHEN)):
        join = _hyphen_join(before[:-1] + "-", row.text)
        if join == "":
            out.drop_last(1)  # the hyphen: not part of the word
        elif join == "- ":
            out.generated(" ", page=page, source_start=first.start)
        return
    out.generated(" ", page=page, source_start=first.start)
