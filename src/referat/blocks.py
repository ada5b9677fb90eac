"""Stage three of the lexer: runs of classified lines become block tokens.

The grammar (``grammars/referat.lark``) sees blocks, not characters. This module walks the
lines once, with what :mod:`referat.classify` found on each line and what
:mod:`referat.select` decided about item openings, and merges runs of lines into block
tokens whose ``payload`` is the finished model node (a :class:`~referat.models.Paragraph`,
a :class:`~referat.models.TableBlock` …). Everything that needs the *context* of a line is
decided here or in :mod:`referat.select`, and documented where it is decided:

* a section heading must start a block in the Odense layouts (after a blank line or the
  case number); in generic layouts any line that is exactly a heading is one;
* a paragraph interrupted by a page break (one empty line in the middle of a sentence) is
  joined back together;
* in the hard-wrapped layout, lines are joined inside a block, hyphens at line ends are kept,
  and a block of short lines between *empty* lines is an unmarked list;
* in generic layouts page furniture is a block of its own kind, and a section heading, case
  number or marker ends the paragraph before it.

No source text is ever edited: a node's ``text`` is derived, its ``span`` covers the whole
source lines, and its :class:`~referat.models.PieceMap` maps the text back to the source.
Every step looks at a bounded number of lines or consumes the lines it looks at, so the
stage is linear in the text.
"""

from __future__ import annotations

import re
from array import array
from collections.abc import Iterator, Sequence
from typing import Final

import attrs

from referat import kle
from referat.classify import (
    ACCESS,
    BLANK,
    CASE,
    CONTROLLED,
    FURNITURE,
    HEADER,
    HEADING,
    ITEM,
    LIST_MARKER,
    LISTED,
    PIPE,
    SECTION,
    TAB,
    TEXT,
    TOC_HEAD,
    TOC_LINE,
    CaseCandidate,
    Classifier,
    ItemCandidate,
    Line,
    SectionCandidate,
    has_control,
    item_path,
    strip_bold,
)
from referat.layouts import Layout
from referat.lines import LineIndex, make_span
from referat.models import (
    CaseNumber,
    CaseScheme,
    Diagnostic,
    Furniture,
    HeaderField,
    HeaderLine,
    Heading,
    ListBlock,
    ListItem,
    Paragraph,
    PieceMap,
    SectionKind,
    Severity,
    Span,
    TableBlock,
    TableCell,
    TableRow,
    TocEntry,
    Unparsed,
)
from referat.models.document import NO_PIECES
from referat.select import (
    ACCESS_OPENS,
    CASE_OPENS,
    HEADING_OPENS,
    LEADING_CASE,
    SECTION_OPENS,
    select,
)
from referat.slots import SlotMaker
from referat.tokens import BlockToken
from referat.vocabulary import document_kind, stop_is_abbreviation

#: A TOC page number (the cell after the last TAB, or the last pipe cell).
PAGE: Final = re.compile(r"[0-9]{1,4}")
#: ``Step 1.``, ``Trin 2.``: numbered sub-headings that end with a period.
STEP_HEADING: Final = re.compile(r"\w+ \d{1,2}\.")
#: Characters that end a sentence (a paragraph ending otherwise runs on past a page break).
SENTENCE_END: Final = ".!?:;"
#: What ends a paragraph at a line's end in generic layouts (not ``:``, a lead-in goes on).
_FULL_STOPS: Final = ".!?"
#: What may close a sentence after its final character: ``(… bilag 2.)``, ``»… godkendt.«``.
_CLOSERS: Final = "”\"')»«’"
#: A KLE number: subject, handlingsfacet, serial, two-digit year.
KLE_NUMBER: Final = re.compile(r"(\d{2}\.\d{2}\.\d{2})-([A-ZÆØÅ]{1,2}\d{2})-(\d{1,6})-(\d{2})")
#: Journal numbers with a year: ``2009/049528``, ``2014-001192``, ``EMN-2025-009242``,
#: ``20/8545`` (two-digit year).
JOURNAL_NUMBER: Final = re.compile(
    r"(?:[A-ZÆØÅ]{2,5}-)?(?P<year>(?:19|20)\d\d|\d\d)[/-](?P<serial>\d{2,7})"
)

_BOLD: Final = "**"
_HEADING_MAX: Final = 160
_TITLE_LINES: Final = 3  # a wrapped title in PDF text runs on over at most three more lines
_LABEL_MAX: Final = (
    60  # "Opfølgning på Rambølls delanalyse 1:" is a heading, longer lead-ins are not
)
_CASE_PREFIX: Final = re.compile(
    r"([BD]-[Ss]ag)\s*:\s*|(Initiativretssag fra byrådsgruppe \S+)\s+-\s+"
)
#: Type codes after a title: ``(B)`` beslutning, ``(O)``/``(D)`` orientering.
_TYPE_CODES: Final = {"B": "B-sag", "O": "D-sag", "D": "D-sag"}


#: The lexer's most frequent leaves, made by setting their slots (referat.slots).
_PARAGRAPH: Final = SlotMaker(Paragraph, ("text", "span", "pieces"))
_LIST_ITEM: Final = SlotMaker(ListItem, ("text", "span", "marker", "pieces"))
_HEADING: Final = SlotMaker(Heading, ("text", "span", "level", "bold"))
_CELL: Final = SlotMaker(TableCell, ("raw", "span"))


class _Pending:
    """A paragraph token whose text is not built yet (it may go on after a page break)."""

    __slots__ = ("numbers", "token")

    def __init__(self, token: BlockToken, numbers: Sequence[int]) -> None:
        self.token = token
        self.numbers: Sequence[int] | list[int] = numbers


class BlockLexer:
    """Turns the lines of one document into block tokens (use :func:`lex`)."""

    def __init__(self, index: LineIndex, layout: Layout) -> None:
        self.index = index
        self._span = index.line_span  # (first, last) → the span of those whole lines
        self.layout = layout
        self.generic = layout.generic
        self.diagnostics: list[Diagnostic] = []
        contents = index.lines()  # line 1 starts after a BOM (see LineIndex)
        classifier = Classifier(layout, controls=has_control(index.text))
        self.lines: list[Line] = [classifier.classify(n, c) for n, c in enumerate(contents)]
        self._rows_with_leading_tabs()
        self.selection = select(self.lines, layout)
        self.opens = self.selection.opens
        self._following = self.selection.next_nonblank
        self._run_ends = self._compute_run_ends()
        self.tokens: list[BlockToken] = []
        self._pending: _Pending | None = None
        self.last_item: int | None = None  # as the candidate had it (classify.item_path)
        self.in_front = True
        self.section: SectionKind | None = None
        self._toc_open = False
        self._item_has_case = False

    def _rows_with_leading_tabs(self) -> None:
        """A line indented by TABs is a table row (``⇥⇥⇥⇥⇥2.800.000``, 001:1053) when a TAB
        row stands right before or after it; otherwise the TABs are indentation."""
        lines = self.lines
        for k, line in enumerate(lines):
            if line.kind in (TAB, BLANK) or not line.content.startswith("\t"):
                continue
            before = k > 0 and lines[k - 1].kind == TAB
            after = k + 1 < len(lines) and lines[k + 1].kind == TAB
            if before or after:
                line.kind = TAB
                line.match = None

    def _compute_run_ends(self) -> array[int]:
        """``ends[i]``: the first line after ``i`` that ends a run of text lines begun at or
        before ``i`` — a blank line, or a line that is structure of its own (an item opening,
        a table row, a markdown heading; in generic layouts also sections, case numbers,
        furniture and markers). Computed once, backwards, so no run is scanned twice."""
        lines = self.lines
        count = len(lines)
        opens = self.opens
        wrapped = self.layout.wrapped
        generic = self.generic
        stops = (BLANK, PIPE, TAB, CONTROLLED, TOC_HEAD)
        generic_stops = (SECTION, CASE, FURNITURE, ACCESS, TOC_LINE, HEADER)
        stop_at = count
        ends = array("q", [count]) * count
        for k in range(count - 1, -1, -1):
            ends[k] = stop_at
            kind = lines[k].kind
            if (
                kind in stops
                or opens[k] is not None
                or (kind == HEADING and not wrapped)
                or (generic and kind in generic_stops)
            ):
                stop_at = k
        return ends

    # -- driver ---------------------------------------------------------------------------
    def run(self) -> list[BlockToken]:
        """Lex the whole document."""
        lines = self.lines
        opens = self.opens
        i = 0
        n = len(lines)
        while i < n:
            line = lines[i]
            kind = line.kind
            if kind != TOC_LINE:
                self._toc_open = self._toc_open and kind in (BLANK, FURNITURE)
            if (
                kind in (TEXT, LISTED)
                and opens[i] is None
                and self.section is not SectionKind.ATTACHMENTS
            ):
                i = self._text(i)  # the common case, decided as the chain below would
            elif kind == BLANK:
                i += 1
            elif opens[i] == HEADING_OPENS:
                i = self._item(i)
            elif opens[i] is not None:
                i = self._untitled_item(i, opens[i])  # type: ignore[arg-type]
            elif kind == SECTION and self._section_here(i):
                self._section(line)
                i += 1
            elif self.in_front and kind == HEADER:
                self._emit("HEADER_LINE", self._header_line(line))
                i += 1
            elif self.in_front and kind == TOC_HEAD:
                i = self._toc(i)
            elif kind in (TOC_LINE, PIPE, TAB, CONTROLLED, FURNITURE):
                i = self._special(i)
            elif kind == CASE and self._case_here(line):
                self._emit("CASE_NUMBER", self._case_number(line))
                i += 1
            elif kind == HEADING and not self.layout.wrapped:
                self._emit("HEADING", self._md_heading(line))
                i += 1
            elif self.section is SectionKind.ATTACHMENTS:
                i = self._attachments(i)
            elif self.generic and kind in (SECTION, TOC_HEAD, HEADER, ACCESS, CASE, ITEM):
                self._out_of_place(line)
                i += 1
            else:
                i = self._text(i)
        self._flush()
        return self.tokens

    def _section_here(self, i: int) -> bool:
        """Does the section heading at ``i`` open a section? Odense: at the start of a block.
        Generic: anywhere in an item; before the first item only when the document has no
        item at all (then it is reported as a section outside any item)."""
        if not self.generic:
            return self._starts_block(i)
        return not self.in_front or not self.selection.items

    def _case_here(self, line: Line) -> bool:
        """A case-number line in an item's preamble (generic layouts) is its case number,
        unless the item has one already."""
        if not (self.generic and not self.in_front and self.section is None):
            return False
        if self._item_has_case or getattr(line.data, "raw", None) is None:
            return False
        self._item_has_case = True
        return True

    def _special(self, i: int) -> int:
        """Contents lines, tables, control characters and furniture."""
        line = self.lines[i]
        kind = line.kind
        if kind == TOC_LINE:
            return self._toc_line(i)
        if kind == PIPE:
            return self._pipe_table(i)
        if kind == TAB:
            return self._tab_table(i)
        if kind == CONTROLLED:
            self._unparsed(i, "control-character", "a control character in the text")
        else:
            self._emit("FURNITURE", Furniture(line.stripped, self._span(i, i), "chrome"))
        return i + 1

    def _out_of_place(self, line: Line) -> None:
        """A heading word, label or marker where it has no structural role: in the front
        matter a title (``Referat``) or a heading, elsewhere a line of text."""
        i = line.number
        span = self._span(i, i)
        if self.in_front and len(line.stripped) < 40 and document_kind(line.stripped):
            self._emit("HEADER_LINE", HeaderLine(HeaderField.TITLE, line.stripped, span))
        elif line.kind in (SECTION, TOC_HEAD) or (line.kind == HEADER and self.in_front):
            self._emit("HEADING", Heading(line.stripped, span))
        else:
            self._emit_paragraph([i])

    # -- helpers --------------------------------------------------------------------------
    def _emit(self, kind: str, payload: object) -> None:
        self._flush()
        self.tokens.append(BlockToken(kind, payload))

    def _emit_paragraph(self, numbers: Sequence[int]) -> None:
        """Emit a paragraph whose text is built later: a page break may continue it."""
        self._flush()
        token = BlockToken("PARAGRAPH", None)
        self.tokens.append(token)
        self._pending = _Pending(token, numbers)

    def _flush(self) -> None:
        pending = self._pending
        if pending is not None:
            pending.token.payload = self._make_paragraph(pending.numbers)
            self._pending = None

    def _open_paragraph(self) -> _Pending | None:
        """The paragraph emitted last, if nothing came after it."""
        pending = self._pending
        return pending if pending is not None and self.tokens[-1] is pending.token else None

    def _extend(self, pending: _Pending, numbers: Sequence[int]) -> None:
        lines = self.lines
        if not isinstance(pending.numbers, list):  # a range until the first page break
            pending.numbers = list(pending.numbers)
        pending.numbers.extend(k for k in numbers if lines[k].kind != BLANK)

    def _longer_than(self, numbers: Sequence[int], limit: int) -> bool:
        """Is the text of lines ``numbers`` longer than ``limit``? Reads only as many lines
        as it takes (at most ``limit`` / 2), so asking again after a page break stays cheap."""
        length = 0
        lines = self.lines
        for k in numbers:
            length += len(lines[k].stripped) + 1
            if length > limit:
                return True
        return False

    def _prev_blank(self, i: int) -> bool:
        return i == 0 or self.lines[i - 1].kind == BLANK

    def _starts_block(self, i: int) -> bool:
        """At the start of the document, after a blank line, or right after a heading token."""
        if self._prev_blank(i):
            return True
        last = self.tokens[-1].type if self.tokens else ""
        return last in ("CASE_NUMBER", "ITEM_HEADING")

    def _next_nonblank(self, i: int) -> int:
        """Index of the first non-blank line at or after ``i`` (``len(lines)`` if none)."""
        return self._following[min(i, len(self.lines))]

    def _unparsed(self, i: int, code: str, message: str) -> None:
        span = self._span(i, i)
        self.diagnostics.append(Diagnostic(Severity.ERROR, code, f"line {i + 1}: {message}", span))
        self._emit("UNPARSED", Unparsed(self.lines[i].content, span, message))

    def _run_end(self, i: int) -> int:
        """The end (exclusive) of the run of text lines starting at ``i``."""
        return self._run_ends[i]

    # -- items ----------------------------------------------------------------------------
    def _item(self, i: int) -> int:
        lines = self.lines
        line = lines[i]
        candidate = line.data
        assert isinstance(candidate, ItemCandidate)
        number: int | None = candidate.number
        self._check_sequence(i, candidate)
        # A title wraps onto the following text lines until a blank line (2016 export).
        last = i
        if self.layout.title_wraps:
            while last + 1 < len(lines) and lines[last + 1].kind in (TEXT, LISTED):
                last += 1
        elif not candidate.title and (below := self._title_below(i)) is not None:
            last = below  # ``1.`` alone, the title on the next line (PDF text)
        elif candidate.title and self.generic and candidate.label is None:
            last = self._title_runs_on(i)
        parts = [candidate.title]
        parts.extend(lines[j].stripped for j in range(i + 1, last + 1))
        title = " ".join(p for p in parts if p) or None
        level = len(line.stripped) - len(line.stripped.lstrip("#")) or None
        glued = self._glued_label(line, candidate.label) if last == i else None
        heading = Heading(
            title or line.stripped,
            self._span(i, last) if glued is None else self._span_before(i, glued[0]),
            level,
            line.stripped.lstrip("# ").startswith(_BOLD),
        )
        leading = bool(self.tokens) and self.tokens[-1].type == "LEADING_CASE"
        closed = candidate.access
        below_case = self._next_nonblank(last + 1)
        if closed is None and below_case < len(lines) and lines[below_case].kind == CASE:
            marker = lines[below_case].data
            closed = marker.access if isinstance(marker, CaseCandidate) else None  # Lukket - …
        case_type, case_type_raw = _case_type(title or "")
        if case_type is None and candidate.type_code is not None:
            case_type = _TYPE_CODES.get(candidate.type_code)
            case_type_raw = f"({candidate.type_code})"
        self._open_item(has_case=leading)
        self._emit(
            "ITEM_HEADING",
            (number, title, heading, case_type, case_type_raw, closed),
        )
        if number is not None:
            self.last_item = candidate.number
        if title is None:
            self._missing(heading.span, number, "title")
        if number is None:
            self._missing(heading.span, number, "number")
        following = self._next_nonblank(last + 1)
        found = lines[following].data if following < len(lines) else None
        if (
            not self._item_has_case
            and following < len(lines)
            and lines[following].kind == CASE
            and self.opens[following] is None
            and isinstance(found, CaseCandidate)
            and found.raw is not None
        ):
            self._emit("CASE_NUMBER", self._case_number(lines[following]))
            self._item_has_case = True
            self._glued_section(glued)
            return following + 1
        self._glued_section(glued)
        if not self.generic:
            self.diagnostics.append(
                Diagnostic(
                    Severity.WARNING,
                    "missing-case-number",
                    f"item {number} has no case number below its heading",
                    heading.span,
                )
            )
        return last + 1

    def _glued_label(self, line: Line, label: str | None) -> tuple[int, str, SectionKind] | None:
        """Where a section label glued to the end of a heading line starts (eDoc: ``1.
        Godkendelse af dagsordenReferat``), with the label and its section; ``None`` when
        there is none or the layout has no such section."""
        kind = self.layout.section_kind(label) if label is not None else None
        if label is None or kind is None:
            return None
        begin = self.index.starts[line.number]
        end = begin + len(line.content.rstrip())
        found = self.index.text.rfind(label, begin, end)
        return (found, label, kind) if found != -1 else None

    def _span_before(self, i: int, end: int) -> Span:
        """Line ``i`` up to offset ``end`` (a heading before the label glued to it)."""
        return self.index.span(self.index.starts[i], end)

    def _glued_section(self, glued: tuple[int, str, SectionKind] | None) -> None:
        """The glued label opens its section (the heading: the label as written)."""
        if glued is None:
            return
        found, label, kind = glued
        heading = Heading(label, self.index.span(found, found + len(label)))
        self.section = kind
        self._emit("SECTION_HEADING", (heading, kind, None, None))

    def _open_item(self, *, has_case: bool = False) -> None:
        self.in_front = False
        self.section = None
        self._item_has_case = has_case

    def _check_sequence(self, i: int, candidate: ItemCandidate) -> None:
        """Warn when the item heading at ``i`` does not follow the last item's number.

        Item numbers are read through names that no test narrows: an ItemNumber stays one in
        the compiled build (see :func:`~referat.classify.item_path`)."""
        number: int | None = candidate.number
        previous: int | None = self.last_item
        if (
            candidate.number is not None
            and self.last_item
            and not _in_sequence(item_path(previous), candidate.path)
        ):
            self.diagnostics.append(
                Diagnostic(
                    Severity.WARNING,
                    "item-number-sequence",
                    f"item {number} follows item {previous}",
                    self._span(i, i),
                )
            )

    def _missing(self, span: Span, number: int | None, what: str) -> None:
        label = f"item {number}"  # before the test below narrows it (see classify.item_path)
        name = label if number is not None else "an item"
        self.diagnostics.append(
            Diagnostic(Severity.INFO, f"item-without-{what}", f"{name} has no {what}", span)
        )

    def _untitled_item(self, i: int, opening: str) -> int:
        """An item without a heading of its own: opened by its case number, an access
        marker, or a section; or a case number that stands above its item's heading."""
        line = self.lines[i]
        if opening == LEADING_CASE:
            self._emit("LEADING_CASE", self._case_number(line))
            return i + 1
        self._open_item(has_case=opening == CASE_OPENS)
        span = self._span(i, i)
        if opening == CASE_OPENS:
            case = line.data
            assert isinstance(case, CaseCandidate)
            if case.raw is None:
                self._emit("ITEM_CASE", (None, Heading(line.stripped, span), case.access, None))
                return i + 1
            number = self._case_number(line)
            title_line = self._title_below(i)
            if title_line is None:
                self._emit("ITEM_CASE", (number, None, case.access, None))
                return i + 1
            below = self.lines[title_line]
            heading = Heading(below.stripped, self._span(title_line, title_line))
            self._emit("ITEM_CASE", (number, heading, case.access, below.stripped))
            return title_line + 1
        if opening == ACCESS_OPENS:
            closed = line.data if isinstance(line.data, bool) else None
            heading = Heading(line.stripped, span)
            self._emit("ITEM_HEADING", (None, None, heading, None, None, closed))
            return i + 1
        assert opening == SECTION_OPENS
        self._emit("ITEM_START", None)
        self._section(line)
        return i + 1

    def _title_runs_on(self, i: int) -> int:
        """The last line of a title wrapped in PDF text: the lines right below the heading
        that go on in lower case (``Punkt 6: … handlingsplan mod`` / ``diskrimination i
        Aarhus``), at most three, while the line above ends no sentence."""
        lines = self.lines
        last = i
        while (
            last + 1 < len(lines)
            and last - i < _TITLE_LINES
            and lines[last + 1].kind == TEXT
            and self.opens[last + 1] is None
            and lines[last + 1].stripped[0].islower()
            and len(lines[last + 1].stripped) <= _HEADING_MAX
            and not _ends_sentence(lines[last + 1].stripped, _FULL_STOPS)  # a title ends in none
            and not _ends_sentence(lines[last].stripped)
        ):
            last += 1
        return last

    def _title_below(self, i: int) -> int | None:
        """The line right below an item's case number that names the item: one short text
        line that does not end a sentence (``Sagsnr.: 05.00.00-A00-2-17`` / ``Orientering om
        …``); ``None`` when a section, a list or running text follows."""
        k = self._next_nonblank(i + 1)
        if k >= len(self.lines) or self.opens[k] is not None:
            return None
        line = self.lines[k]
        text = line.stripped
        if line.kind != TEXT or len(text) > 150 or not text[0].isupper() or text[-1] in ".:;,":
            return None
        return k

    def _case_number(self, line: Line) -> CaseNumber:
        case = line.data
        assert isinstance(case, CaseCandidate) and case.raw is not None
        raw = case.raw
        span = self._span(line.number, line.number)
        if (match := KLE_NUMBER.fullmatch(raw)) is not None:
            subject, facet, serial, year = match.groups()
            return CaseNumber(
                raw=raw,
                span=span,
                scheme=CaseScheme.KLE,
                kle=subject,
                facet=facet,
                serial=int(serial),
                year=2000 + int(year),
                kle_title=kle.title(subject),
                label=case.label,
            )
        if (match := JOURNAL_NUMBER.fullmatch(raw)) is not None:
            year = int(match["year"])
            if year < 100:
                year += 2000 if year < 70 else 1900
            return CaseNumber(
                raw=raw,
                span=span,
                scheme=CaseScheme.JOURNAL,
                serial=int(match["serial"]),
                year=year,
                label=case.label,
            )
        return CaseNumber(raw=raw, span=span, scheme=CaseScheme.LOCAL, label=case.label)

    def _section(self, line: Line) -> None:
        found = line.data
        assert isinstance(found, SectionCandidate)
        level = len(line.stripped) - len(line.stripped.lstrip("#")) or None
        heading = Heading(
            line.stripped.strip("#* \t") if not self.generic else found.name,
            self._span(line.number, line.number),
            level,
            _BOLD in line.stripped,
        )
        kind = found.kind if self.generic else self.layout.section_kind(heading.text)
        self.section = kind or SectionKind.OTHER
        if found.inline is None:
            self._emit("SECTION_HEADING", (heading, self.section, found.body, found.date))
            return
        # ``Beslutning: Godkendt.``: the heading up to the text, the text a paragraph of its own
        base = self.index.starts[line.number]
        end = base + len(line.content.rstrip())
        heading = attrs.evolve(heading, span=self.index.span(base, base + found.inline))
        self._emit("SECTION_HEADING", (heading, self.section, found.body, found.date))
        text = line.content[found.inline :].rstrip()
        self._emit("PARAGRAPH", Paragraph(text, self.index.span(base + found.inline, end)))

    # -- front matter ---------------------------------------------------------------------
    def _header_line(self, line: Line) -> HeaderLine:
        found = line.data
        assert isinstance(found, tuple)
        field, label, value = found
        span = self._span(line.number, line.number)
        if not self.generic:
            text = strip_bold(value) if field is HeaderField.TITLE else value
            if field is HeaderField.TITLE:
                text = f"REFERAT {text}"
            return HeaderLine(field, text, span)
        if field is HeaderField.TITLE:
            return HeaderLine(field, value, span)
        return HeaderLine(field, value, span, label)

    def _toc_line(self, i: int) -> int:
        """A table-of-contents line found by its numbered form (no contents heading, or
        entries of a generic contents list)."""
        line = self.lines[i]
        if not self.in_front:  # a numbered line after the items began: text
            self._emit_paragraph([i])
            return i + 1
        if not self._toc_open:
            self._emit("TOC_HEADING", None)
        candidate = line.data
        assert isinstance(candidate, ItemCandidate)
        entry = TocEntry(
            candidate.title,
            self._span(i, i),
            candidate.toc_page or None,
            None,
            candidate.number,
        )
        self._emit("TOC_ENTRY", entry)
        self._toc_open = True
        return i + 1

    def _toc(self, i: int) -> int:
        lines = self.lines
        heading_line = lines[i]
        self._emit(
            "TOC_HEADING",
            Heading(
                heading_line.stripped.strip("#* \t"),
                self._span(i, i),
                len(heading_line.stripped) - len(heading_line.stripped.lstrip("#")) or None,
                _BOLD in heading_line.stripped,
            ),
        )
        j = i + 1
        while True:
            k = self._next_nonblank(j)
            if k >= len(lines):
                self._toc_open = True
                return k
            line = lines[k]
            if line.kind == PIPE:
                cells = _pipe_cells(line.content)
                texts = [c.strip() for c in cells]
                if all(set(t) <= {"-", ":"} for t in texts):
                    self._emit("TOC_RULE", self._pipe_row(line))
                elif texts and PAGE.fullmatch(texts[-1]):
                    self._emit("TOC_ENTRY", self._toc_entry(line, texts[0], int(texts[-1])))
                elif not any(texts):
                    self._emit("TOC_RULE", self._pipe_row(line))
                else:
                    return k
            elif line.kind == TAB and (entry := _tab_toc_entry(line.content)) is not None:
                title, page = entry
                self._emit("TOC_ENTRY", self._toc_entry(line, title, page))
            else:
                self._toc_open = True
                return k
            j = k + 1

    def _toc_entry(self, line: Line, title: str, page: int) -> TocEntry:
        return TocEntry(title.rstrip(".").rstrip(), self._span(line.number, line.number), page)

    # -- tables ---------------------------------------------------------------------------
    def _pipe_row(self, line: Line) -> TableRow:
        content = line.content
        first = content.index("|")
        return self._row(line, content[first + 1 : content.rindex("|")].split("|"), first + 1)

    def _tab_row(self, line: Line) -> TableRow:
        return self._row(line, line.content.split("\t"), 0)

    def _row(self, line: Line, raws: list[str], position: int) -> TableRow:
        """A row of ``raws`` cells, the first at column ``position``, each one separator apart."""
        start = self.index.starts[line.number]
        number = line.number + 1
        cells = []
        for raw in raws:
            end = position + len(raw)
            span = make_span(number, position + 1, number, end + 1, start + position, start + end)
            cells.append(_CELL.make(raw, span))
            position = end + 1
        return TableRow(tuple(cells), self._span(line.number, line.number))

    def _pipe_table(self, i: int) -> int:
        lines = self.lines
        j = i
        while j < len(lines) and lines[j].kind == PIPE:
            j += 1
        rows = tuple(self._pipe_row(lines[k]) for k in range(i, j))
        self._emit("TABLE", TableBlock(rows, self._span(i, j - 1), "pipe"))
        return j

    def _tab_table(self, i: int) -> int:
        """TAB rows, kept together across one blank line (a page break inside the table)
        unless the row after the blank repeats the table's column headers: then it is the
        header of a new table (002:321/326, and the KPI tables of 002:126-180)."""
        lines = self.lines
        rows = [self._tab_row(lines[i])]
        header = lines[i].content.split("\t")
        last = i
        j = i + 1
        while j < len(lines):
            if lines[j].kind == TAB:
                rows.append(self._tab_row(lines[j]))
                last = j
                j += 1
                continue
            if lines[j].kind == BLANK and j + 1 < len(lines):
                following = lines[j + 1]
                if following.kind == TAB and not _repeats_header(following.content, header):
                    j += 1
                    continue
            break
        self._emit("TABLE", TableBlock(tuple(rows), self._span(i, last), "tab"))
        return last + 1

    # -- headings, lists, paragraphs ------------------------------------------------------
    def _md_heading(self, line: Line) -> Heading:
        assert line.match is not None
        hashes, text = line.match.groups()
        text = text.rstrip(" \t#")
        bold = text.startswith(_BOLD)
        return Heading(
            _strip_emphasis(text), self._span(line.number, line.number), len(hashes), bold
        )

    def _text(self, i: int) -> int:
        if self.layout.wrapped:
            return self._wrapped_text(i)
        lines = self.lines
        if lines[i].kind == LISTED:
            return self._list(i)
        end = self._run_end(i)
        # Consecutive text lines are one paragraph; a list line inside the run starts a list.
        # In generic layouts a line that ends a sentence ends the paragraph too when the next
        # one starts a sentence: their text comes from web pages (a line a paragraph) and
        # PDFs (lines wrapped mid-sentence, also after ``ca.`` or ``jf.``).
        j = i
        generic = self.generic
        while j < end and lines[j].kind != LISTED:
            j += 1
            if generic and j < end and _paragraph_ends(lines[j - 1].stripped, lines[j].stripped):
                break
        self._paragraph_or_heading(i, j)
        return j

    def _paragraph_or_heading(self, first: int, end: int) -> None:
        """Lines ``first..end-1`` are one plain/markdown text block: a sub-heading, a new
        paragraph, or the continuation of a paragraph cut by a page break."""
        lines = self.lines
        text_lines = range(first, end)  # a range, not a list: no int object per line
        line = lines[first]
        pending = self._open_paragraph()
        if pending is not None and self._continues(pending, first):
            self._extend(pending, text_lines)
            return
        if end - first == 1 and self._is_plain_heading(line, end):
            text = _strip_emphasis(line.stripped)
            self._emit(
                "HEADING",
                _HEADING.make(
                    text, self._span(first, first), None, line.stripped.startswith(_BOLD)
                ),
            )
            return
        self._emit_paragraph(text_lines)

    def _continues(self, previous: _Pending, i: int) -> bool:
        """Is line ``i`` the rest of ``previous``, cut by a page break?

        Only across exactly one empty line, only when the paragraph does not end a sentence,
        and only when the next line starts in lower case (``Anne Jensen (A)`` / ``stemmer
        for``) or the paragraph is long running text that ends in no bracket or quote (``…
        anbefalinger fra`` / ``Rambøll-analysen, …``, but not ``… (Ungeanalysen, Odense
        Kommune)`` / ``Baggrund for forslaget``).
        """
        last = previous.numbers[-1]
        gap = self.lines[last + 1 : i]
        if len(gap) != 1 or gap[0].content:
            return False
        last_text = self.lines[last].stripped
        if _ends_sentence(last_text):
            return False
        head = self.lines[i].stripped[:1]
        if head.islower() or head.isdigit():
            return True
        return (
            head.isupper()
            and last_text[-1] not in _CLOSERS
            and self._longer_than(previous.numbers, _HEADING_MAX)
        )

    def _is_plain_heading(self, line: Line, after: int) -> bool:
        """A one-line block that titles what follows (plain and markdown layouts)."""
        text = line.stripped
        if len(text) > _HEADING_MAX or (text.startswith(_BOLD) and text.endswith(_BOLD)):
            return False
        if _ends_sentence(text, ".,;") and not STEP_HEADING.fullmatch(text):
            return False  # a sentence, also behind a closing quote or bracket (»Godkendt.«)
        if text[-1] == ":" and (len(text) > _LABEL_MAX or ", " in text):
            return (
                False  # a lead-in sentence ("… godkender indstillingen med følgende tilføjelse:")
            )
        following = self._next_nonblank(after)
        if following >= len(self.lines):
            return False
        nxt = self.lines[following]
        if nxt.kind == LISTED and (text[-1] == ":" or not _looks_like_heading(nxt.content)):
            return False  # a lead-in to a list ("Det sker ved", "De syv temaer er:")
        if nxt.kind not in (TEXT, TAB, PIPE, LISTED):
            return False
        return not (nxt.kind == TEXT and nxt.stripped[:1].islower())

    def _list(self, i: int) -> int:
        """Consecutive list lines (and across one empty line when the list goes on)."""
        lines = self.lines
        items: list[ListItem] = []
        first = i
        j = i
        while j < len(lines):
            line = lines[j]
            if line.kind == LISTED:
                end = j + 1
                # A one-line numbered block followed by text is a numbered sub-heading.
                if (
                    not items
                    and not self.layout.wrapped
                    and line.match is not None
                    and line.match.group(2) not in "-•"
                    and self._prev_blank(j)
                    and (end >= len(lines) or lines[end].kind == BLANK)
                    and _looks_like_heading(line.content)
                    and self._is_plain_heading(line, end)
                    and not self._list_follows(end)
                ):
                    self._emit(
                        "HEADING",
                        _HEADING.make(
                            _strip_emphasis(line.stripped), self._span(j, j), None, False
                        ),
                    )
                    return end
                items.append(self._list_item([j]))
                j = end
                continue
            goes_on = (
                line.kind == BLANK
                and items
                and j + 1 < len(lines)
                and lines[j + 1].kind == LISTED
                and (self.layout.wrapped or _same_list(items[-1].marker, lines[j + 1]))
            )
            if not goes_on:
                break
            j += 1
        self._emit("LIST", ListBlock(tuple(items), self._span(first, j - 1), _ordered(items)))
        return j

    def _list_follows(self, i: int) -> bool:
        following = self._next_nonblank(i)
        return following < len(self.lines) and self.lines[following].kind == LISTED

    def _list_item(self, numbers: Sequence[int], *, marked: bool = True) -> ListItem:
        first = self.lines[numbers[0]]
        marker = None
        skip = 0
        if marked and (match := LIST_MARKER.match(first.content)):
            marker = match.group(2)
            skip = match.end()
        text, pieces = self._join(numbers, skip=skip)
        return _LIST_ITEM.make(text, self._span(numbers[0], numbers[-1]), marker, pieces)

    def _attachments(self, i: int) -> int:
        """In a ``Bilag`` section every line names one attachment: an unmarked list."""
        lines = self.lines
        items = []
        j = i
        last = i
        while j < len(lines):
            kind = lines[j].kind
            if kind in (TEXT, LISTED):
                items.append(self._list_item([j], marked=False))
                last = j
                j += 1
            elif kind == BLANK and j + 1 < len(lines) and lines[j + 1].kind in (TEXT, LISTED):
                j += 1
            else:
                break
        if not items:
            return self._text(i)
        self._emit("LIST", ListBlock(tuple(items), self._span(i, last), False))
        return last + 1

    # -- the hard-wrapped 2016 layout -----------------------------------------------------
    def _wrapped_text(self, i: int) -> int:
        lines = self.lines
        end = self._run_end(i)
        width = self.layout.wrap_width
        numbers = range(i, end)
        first = lines[i]
        # A page break (empty lines) in the middle of a sentence: the paragraph goes on.
        pending = self._open_paragraph()
        if pending is not None and self._wrapped_continues(pending, i):
            self._extend(pending, numbers)
            return end
        # Short lines between *empty* lines (paragraphs are separated by " "): a list.
        if (
            len(numbers) > 1
            and self._empty_before(i)
            and (end >= len(lines) or not lines[end].content)
            and any(len(lines[k].stripped) < width for k in numbers[:-1])
        ):
            self._emit("LIST", self._wrapped_list(numbers, marked=False))
            return end
        if first.kind == LISTED and self._prev_blank(i):
            self._emit("LIST", self._wrapped_list(numbers, marked=True))
            return end
        # A short first line that does not end a sentence, glued to text: a sub-heading.
        if (
            len(numbers) > 1
            and first.kind == TEXT
            and len(first.stripped) < width - 15
            and first.stripped[-1] not in ".,;:"
        ):
            self._emit("HEADING", _HEADING.make(first.stripped, self._span(i, i), None, False))
            return i + 1
        if (
            len(numbers) == 1
            and len(first.stripped) < width - 15
            and first.stripped[-1] not in ".,;:"
        ):
            following = self._next_nonblank(end)
            if following < len(lines) and lines[following].kind in (TEXT, LISTED):
                self._emit("HEADING", _HEADING.make(first.stripped, self._span(i, i), None, False))
                return end
        self._emit_paragraph(numbers)
        return end

    def _empty_before(self, i: int) -> bool:
        return i > 0 and self.lines[i - 1].content == ""

    def _wrapped_continues(self, previous: _Pending, i: int) -> bool:
        """After one to three *empty* lines, a paragraph whose last line runs to the wrap
        width without ending a sentence goes on (a page break, 003:379-383)."""
        last = previous.numbers[-1]
        gap = self.lines[last + 1 : i]
        if not 1 <= len(gap) <= 3 or any(line.content for line in gap):
            return False
        last_line = self.lines[last].stripped
        return len(last_line) >= self.layout.wrap_width and not _ends_sentence(last_line)

    def _wrapped_list(self, numbers: Sequence[int], *, marked: bool) -> ListBlock:
        """Items of a wrapped list: a line near the wrap width runs on into the next one;
        a marked list starts an item at each marker."""
        lines = self.lines
        width = self.layout.wrap_width
        groups: list[list[int]] = []
        for k in numbers:
            starts_item = (
                not groups
                or (marked and lines[k].kind == LISTED)
                or (not marked and len(lines[groups[-1][-1]].stripped) < width)
            )
            if starts_item:
                groups.append([k])
            else:
                groups[-1].append(k)
        items = tuple(self._list_item(g, marked=marked) for g in groups)
        return ListBlock(items, self._span(numbers[0], numbers[-1]), _ordered(items))

    # -- joining lines into text ----------------------------------------------------------
    def _make_paragraph(self, numbers: Sequence[int]) -> Paragraph:
        text, pieces = self._join(numbers)
        return _PARAGRAPH.make(text, self._span(numbers[0], numbers[-1]), pieces)

    def _join(self, numbers: Sequence[int], *, skip: int = 0) -> tuple[str, PieceMap]:
        """Join source lines into one text.

        Lines are joined with a space. A line ending in a hyphen keeps it: ``Host-`` +
        ``programmet`` → ``Host-programmet``, but ``Beskæftigelses-`` + ``og …`` →
        ``Beskæftigelses- og …`` (a suspended compound). Paired ``**`` are dropped in the
        markdown layout. ``skip`` drops a list marker from the first line.
        """
        if len(numbers) == 1 and not skip:
            line = self.lines[numbers[0]]
            content = line.content
            if content == line.stripped and (not self.layout.markdown or _BOLD not in content):
                return content, NO_PIECES  # the text is the line: offsets need no map
        starts = self.index.starts
        out: list[str] = []
        pieces = array("q")  # offset, start, end of each piece, packed (PieceMap)
        length = 0
        for position, k in enumerate(numbers):
            content = self.lines[k].content
            begin = skip if position == 0 else 0
            stop = len(content)
            while begin < stop and content[begin].isspace():
                begin += 1
            while stop > begin and content[stop - 1].isspace():
                stop -= 1
            if position:
                previous_text = out[-1] if out else ""
                if _hyphenated(previous_text) and not _suspended(content[begin:stop]):
                    pass  # a kept hyphen: no space
                elif out:
                    out.append(" ")
                    length += 1
            base = starts[k]
            for a, b in _visible_ranges(content, begin, stop, self.layout.markdown):
                out.append(content[a:b])
                pieces.extend((length, base + a, base + b))
                length += b - a
        return "".join(out), PieceMap.packed(pieces)


# --- small pure helpers ------------------------------------------------------------------------
def _strip_emphasis(text: str) -> str:
    """``**bold**`` and ``*italic*`` around a whole heading, removed."""
    text = strip_bold(text)
    if len(text) > 2 and text[0] == "*" and text[-1] == "*":
        text = text[1:-1].strip()
    return text


def _case_type(title: str) -> tuple[str | None, str | None]:
    match = _CASE_PREFIX.match(title)
    if match is None:
        return None, None
    if match.group(1):
        raw = match.group(1)
        return ("B-sag" if raw[0] == "B" else "D-sag"), raw
    return "Initiativretssag", match.group(2)


def _repeats_header(content: str, header: list[str]) -> bool:
    """Does a TAB row repeat (at least two of) the column headers after the first column?"""
    cells = content.split("\t")
    if cells == header:
        return True
    names = {c.strip() for c in header[1:] if c.strip()}
    return sum(1 for c in cells[1:] if c.strip() in names) >= 2


def _tab_toc_entry(content: str) -> tuple[str, int] | None:
    """``title.....<TAB>page`` → (title, page); ``None`` when the last cell is no page."""
    title, _, page = content.rstrip().rpartition("\t")
    page = page.strip()
    if not title.strip() or PAGE.fullmatch(page) is None:
        return None
    return title.strip(), int(page)


def _pipe_cells(content: str) -> list[str]:
    inner = content.strip()
    return inner[1:-1].split("|")


def _in_sequence(before: tuple[int, ...], after: tuple[int, ...]) -> bool:
    """Does the item numbered ``after`` follow the one numbered ``before`` (paths, as
    :func:`~referat.classify.item_path` gives them)? The next number (3 → 4), the first sub-item
    (1 → 1.1), the next sub-item (1.1 → 1.2) or the next item above (1.2 → 2, 2.3.1 → 2.4)."""
    if after == (*before, 1):
        return True
    return any(after == (*before[:k], before[k] + 1) for k in range(len(before)))


def _paragraph_ends(line: str, following: str) -> bool:
    """Does a paragraph of a generic layout end after ``line``? When it ends a sentence, not
    with an abbreviation (``ca.``, ``jf.``), and ``following`` starts one (a capital)."""
    if not _ends_sentence(line, _FULL_STOPS) or not following.lstrip('"“„«(*')[:1].isupper():
        return False
    return not stop_is_abbreviation(line.rstrip(_CLOSERS))


def _ends_sentence(text: str, stops: str = SENTENCE_END) -> bool:
    """Does ``text`` end a sentence? Its last character, behind any closing quotes or
    brackets, is a stop: ``godkendt.``, ``(se bilag 2.)`` do; ``Anne Jensen (A)`` does not."""
    stripped = text.rstrip(_CLOSERS)
    return bool(stripped) and stripped[-1] in stops


def _looks_like_heading(content: str) -> bool:
    """A numbered line short enough and without a final comma/semicolon to be a title."""
    text = content.strip()
    return len(text) <= _HEADING_MAX and text[-1] not in ",;"


def _same_list(marker: str | None, line: Line) -> bool:
    match = line.match
    if marker is None or match is None:
        return False
    other = match.group(2)
    return (marker in "-•") == (other in "-•")


def _ordered(items: tuple[ListItem, ...] | list[ListItem]) -> bool:
    return bool(items) and all(i.marker is not None and i.marker not in "-•" for i in items)


def _hyphenated(text: str) -> bool:
    """A word broken or compounded at the line end (``Host-``), not a dash (``beløb -``)."""
    return len(text) > 1 and text[-1] == "-" and text[-2].isalpha()


def _suspended(following: str) -> bool:
    """``og``/``eller``/``samt`` after a line-final hyphen: a suspended compound."""
    word = following.split(" ", 1)[0]
    return word in ("og", "eller", "samt", "el.", "&")


def _visible_ranges(
    content: str, begin: int, stop: int, markdown: bool
) -> Iterator[tuple[int, int]]:
    """The parts of ``content[begin:stop]`` that are text, not ``**`` markup."""
    if not markdown or _BOLD not in content[begin:stop] or content.count(_BOLD) % 2:
        yield begin, stop
        return
    position = begin
    while True:
        found = content.find(_BOLD, position, stop)
        if found == -1:
            break
        if found > position:
            yield position, found
        position = found + 2
    if position < stop:
        yield position, stop


def lex(index: LineIndex, layout: Layout) -> tuple[list[BlockToken], list[Diagnostic]]:
    """Block tokens and diagnostics for the text behind ``index``."""
    lexer = BlockLexer(index, layout)
    return lexer.run(), lexer.diagnostics
