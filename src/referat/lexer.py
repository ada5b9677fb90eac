"""The block lexer: lines in, one token per block out.

The grammar (``grammars/referat.lark``) sees blocks, not characters. This module reads the
text line by line, tells what each line is (item heading, case number, section heading, table
row, list item, text, blank …), and merges runs of lines into block tokens whose ``payload``
is the finished model node (a :class:`~referat.models.Paragraph`, a
:class:`~referat.models.TableBlock` …). Everything that needs the *context* of a line is
decided here and documented where it is decided:

* an item heading glued to the previous line (2016 export) is an item only when its number is
  the next one expected;
* a section heading must start a block (after a blank line or the case number);
* a paragraph interrupted by a page break (one empty line in the middle of a sentence) is
  joined back together;
* in the hard-wrapped layout, lines are joined inside a block, hyphens at line ends are kept,
  and a block of short lines between *empty* lines is an unmarked list.

No source text is ever edited: a node's ``text`` is derived, its ``span`` covers the whole
source lines, and :class:`~referat.models.TextPiece` maps the text back to the source.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from lark import Token

from referat import kle
from referat.layouts import Layout
from referat.lines import LineIndex
from referat.models import (
    CaseNumber,
    Diagnostic,
    HeaderField,
    HeaderLine,
    Heading,
    ListBlock,
    ListItem,
    Paragraph,
    SectionKind,
    Severity,
    Span,
    TableBlock,
    TableCell,
    TableRow,
    TextPiece,
    TocEntry,
    Unparsed,
)

# --- Line patterns ---------------------------------------------------------------------------
# Each is anchored and linear: no nested quantifiers over the same characters.

#: ``# **Punkt 3: Title**``, ``Punkt 3: Title``, `` Punkt 7: Title`` (2016, leading space).
ITEM_LINE = re.compile(r"\s{0,3}(?:#{1,6}\s+)?(?:\*\*)?Punkt\s+(\d{1,3})\s*:\s*(.*)")
#: ``15.20.00-Ø34-1-20``: KLE subject, handlingsfacet, serial, two-digit year.
CASE_LINE = re.compile(r"\s*(\d{2}\.\d{2}\.\d{2})-([A-ZÆØÅ]{1,2}\d{2})-(\d{1,5})-(\d{2})\s*")
#: ``# **REFERAT …**``, ``**Mødedato** …``, ``Mødested …``.
HEADER_LINE = re.compile(r"(?:#{1,6}\s+)?(?:\*\*)?(REFERAT|Mødedato|Mødested)(?:\*\*)?\s+(\S.*)")
#: A TOC page number (the cell after the last TAB, or the last pipe cell).
PAGE = re.compile(r"[0-9]{1,4}")
#: A markdown heading ``### text`` (closing ``#``s are stripped afterwards).
MD_HEADING = re.compile(r"(#{1,6})\s+(.*)")
#: A list marker: ``- x``, ``• x``, ``1. x``, ``2) x``, ``A. x``.
LIST_MARKER = re.compile(r"(\s*)([-•]|\d{1,2}[.)]|[A-Z][.)])\s+(?=\S)")
#: ``Step 1.``, ``Trin 2.``: numbered sub-headings that end with a period.
STEP_HEADING = re.compile(r"\w+ \d{1,2}\.")
#: Characters that end a sentence (a paragraph ending otherwise runs on past a page break).
SENTENCE_END = '.!?:;”")»'
#: C0 controls other than TAB/LF/VT/FF/CR, and DEL: never part of a referat.
CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")

_BOLD = "**"
_HEADING_MAX = 160
_LABEL_MAX = 60  # "Opfølgning på Rambølls delanalyse 1:" is a heading, longer lead-ins are not
_CASE_PREFIX = re.compile(r"([BD]-[Ss]ag)\s*:\s*|(Initiativretssag fra byrådsgruppe \S+)\s+-\s+")

# Line kinds (small ints: this runs once per line).
BLANK, TEXT, ITEM, CASE, SECTION, TOC_HEAD, HEADER, PIPE, TAB, HEADING, LISTED, CONTROLLED = range(
    12
)


class BlockToken(Token):
    """A lark token that carries the model node it stands for."""

    __slots__ = ("payload",)
    payload: object

    @classmethod
    def make(cls, kind: str, payload: object) -> BlockToken:
        """A token without source positions (the payload has the span); cheaper than
        ``Token(...)``, which the parser would otherwise call once per block."""
        token: BlockToken = str.__new__(cls, "")
        token.type = kind
        token.value = ""
        token.start_pos = token.line = token.column = None
        token.end_line = token.end_column = token.end_pos = None
        token.payload = payload
        return token


class _Pending:
    """A paragraph token whose text is not built yet (it may go on after a page break)."""

    __slots__ = ("length", "numbers", "token")

    def __init__(self, token: BlockToken, numbers: list[int], length: int) -> None:
        self.token = token
        self.numbers = numbers
        self.length = length


class _Line:
    """What the lexer knows about one source line."""

    __slots__ = ("content", "kind", "match", "number", "stripped")

    def __init__(
        self, number: int, content: str, stripped: str, kind: int, match: re.Match[str] | None
    ) -> None:
        self.number = number  # 0-based
        self.content = content
        self.stripped = stripped
        self.kind = kind
        self.match = match


class BlockLexer:
    """Turns the lines of one document into block tokens (use :func:`lex`)."""

    def __init__(self, index: LineIndex, layout: Layout) -> None:
        self.index = index
        self.layout = layout
        self.diagnostics: list[Diagnostic] = []
        contents = index.lines()  # line 1 starts after a BOM (see LineIndex)
        self._controls = CONTROL.search(index.text) is not None
        self._section_names = {name.casefold() for name in layout.section_names}
        self.lines = [self._classify(n, c) for n, c in enumerate(contents)]
        self._rows_with_leading_tabs()
        self.tokens: list[BlockToken] = []
        self._pending: _Pending | None = None
        self.last_item = 0
        self.in_front = True
        self.section: SectionKind | None = None

    # -- classification -------------------------------------------------------------------
    def _classify(self, number: int, content: str) -> _Line:
        if self._controls and CONTROL.search(content):
            return _Line(number, content, content.strip(), CONTROLLED, None)
        stripped = content.strip()
        if not stripped:
            return _Line(number, content, stripped, BLANK, None)
        first = stripped[0]
        if first == "|" and stripped.endswith("|"):
            return _Line(number, content, stripped, PIPE, None)
        if "\t" in stripped or content.rstrip(" ").endswith("\t\t"):
            # A TAB between cells, or empty trailing cells; one trailing TAB is a caption's
            # (001:878), leading TABs alone are indentation unless a table row is next to it.
            return _Line(number, content, stripped, TAB, None)
        if "Punkt" in content and (match := ITEM_LINE.match(content)):
            return _Line(number, content, stripped, ITEM, match)
        if first.isdigit() and (match := CASE_LINE.fullmatch(content)):
            return _Line(number, content, stripped, CASE, match)
        if len(stripped) <= 40:  # section names and the TOC heading are short
            bare = stripped.strip("#* \t").casefold()
            if bare in self._section_names:
                return _Line(number, content, stripped, SECTION, None)
            if bare == "indholdsfortegnelse":
                return _Line(number, content, stripped, TOC_HEAD, None)
        if (first in "#*RM") and (match := HEADER_LINE.match(stripped)):
            return _Line(number, content, stripped, HEADER, match)
        if first == "#" and (match := MD_HEADING.match(stripped)):
            return _Line(number, content, stripped, HEADING, match)
        if (match := LIST_MARKER.match(content)) is not None:
            return _Line(number, content, stripped, LISTED, match)
        return _Line(number, content, stripped, TEXT, None)

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

    # -- driver ---------------------------------------------------------------------------
    def run(self) -> list[BlockToken]:
        """Lex the whole document."""
        lines = self.lines
        i = 0
        n = len(lines)
        while i < n:
            line = lines[i]
            kind = line.kind
            if kind == BLANK:
                i += 1
            elif kind == ITEM and self._is_item(i):
                i = self._item(i)
            elif kind == SECTION and self._starts_block(i):
                heading = self._section_heading(line)
                self.section = self.layout.section_kind(heading.text) or SectionKind.OTHER
                self._emit("SECTION_HEADING", (heading, self.section))
                i += 1
            elif self.in_front and kind == HEADER:
                self._emit("HEADER_LINE", self._header_line(line))
                i += 1
            elif self.in_front and kind == TOC_HEAD:
                i = self._toc(i)
            elif kind == PIPE:
                i = self._pipe_table(i)
            elif kind == TAB:
                i = self._tab_table(i)
            elif kind == CONTROLLED:
                self._unparsed(i, "control-character", "a control character in the text")
                i += 1
            elif kind == HEADING and not self.layout.wrapped:
                self._emit("HEADING", self._md_heading(line))
                i += 1
            elif self.section is SectionKind.ATTACHMENTS:
                i = self._attachments(i)
            else:
                i = self._text(i)
        self._flush()
        return self.tokens

    # -- helpers --------------------------------------------------------------------------
    def _emit(self, kind: str, payload: object) -> None:
        self._flush()
        self.tokens.append(BlockToken.make(kind, payload))

    def _emit_paragraph(self, numbers: list[int]) -> None:
        """Emit a paragraph whose text is built later: a page break may continue it."""
        self._flush()
        token = BlockToken.make("PARAGRAPH", None)
        self.tokens.append(token)
        self._pending = _Pending(token, numbers, self._length(numbers))

    def _flush(self) -> None:
        pending = self._pending
        if pending is not None:
            pending.token.payload = self._make_paragraph(pending.numbers)
            self._pending = None

    def _open_paragraph(self) -> _Pending | None:
        """The paragraph emitted last, if nothing came after it."""
        pending = self._pending
        return pending if pending is not None and self.tokens[-1] is pending.token else None

    def _extend(self, pending: _Pending, numbers: list[int]) -> None:
        lines = [k for k in numbers if self.lines[k].kind != BLANK]
        pending.numbers.extend(lines)
        pending.length += self._length(lines)

    def _length(self, numbers: list[int]) -> int:
        return sum(len(self.lines[k].stripped) + 1 for k in numbers)

    def _span(self, first: int, last: int) -> Span:
        return self.index.line_span(first, last)

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
        lines = self.lines
        while i < len(lines) and lines[i].kind == BLANK:
            i += 1
        return i

    def _unparsed(self, i: int, code: str, message: str) -> None:
        span = self._span(i, i)
        self.diagnostics.append(Diagnostic(Severity.ERROR, code, f"line {i + 1}: {message}", span))
        self._emit("UNPARSED", Unparsed(self.lines[i].content, span, message))

    # -- items ----------------------------------------------------------------------------
    def _is_item(self, i: int) -> bool:
        """``Punkt N:`` starts an item when N is the next number, or when it stands alone
        before a case number (a document may start at any item; numbers may skip)."""
        line = self.lines[i]
        assert line.match is not None
        number = int(line.match.group(1))
        if number == self.last_item + 1:
            return True
        if not self._prev_blank(i):
            return False
        following = self._next_nonblank(i + 1)
        return following < len(self.lines) and self.lines[following].kind == CASE

    def _item(self, i: int) -> int:
        lines = self.lines
        line = lines[i]
        assert line.match is not None
        number = int(line.match.group(1))
        if number != self.last_item + 1:
            self.diagnostics.append(
                Diagnostic(
                    Severity.WARNING,
                    "item-number-sequence",
                    f"item {number} follows item {self.last_item}",
                    self._span(i, i),
                )
            )
        # A title wraps onto the following text lines until a blank line (2016 export).
        last = i
        while last + 1 < len(lines) and lines[last + 1].kind in (TEXT, LISTED):
            last += 1
        parts = [_strip_bold(line.match.group(2).strip())]
        parts.extend(lines[j].stripped for j in range(i + 1, last + 1))
        title = " ".join(p for p in parts if p)
        level = len(line.stripped) - len(line.stripped.lstrip("#")) or None
        heading = Heading(
            title, self._span(i, last), level, line.stripped.lstrip("# ").startswith(_BOLD)
        )
        self._emit("ITEM_HEADING", (number, title, heading, *_case_type(title)))
        self.last_item = number
        self.in_front = False
        self.section = None
        following = self._next_nonblank(last + 1)
        if following < len(lines) and lines[following].kind == CASE:
            self._emit("CASE_NUMBER", self._case_number(lines[following]))
            return following + 1
        self.diagnostics.append(
            Diagnostic(
                Severity.WARNING,
                "missing-case-number",
                f"item {number} has no case number below its heading",
                heading.span,
            )
        )
        return last + 1

    def _case_number(self, line: _Line) -> CaseNumber:
        match = line.match
        assert match is not None
        subject, facet, serial, year = match.groups()
        return CaseNumber(
            raw=line.stripped,
            kle=subject,
            facet=facet,
            serial=int(serial),
            year=2000 + int(year),
            span=self._span(line.number, line.number),
            kle_title=kle.title(subject),
        )

    def _section_heading(self, line: _Line) -> Heading:
        text = line.stripped.strip("#* \t")
        level = len(line.stripped) - len(line.stripped.lstrip("#")) or None
        return Heading(text, self._span(line.number, line.number), level, _BOLD in line.stripped)

    # -- front matter ---------------------------------------------------------------------
    def _header_line(self, line: _Line) -> HeaderLine:
        assert line.match is not None
        label, rest = line.match.groups()
        field = {"REFERAT": HeaderField.TITLE, "Mødedato": HeaderField.DATE}.get(
            label, HeaderField.PLACE
        )
        text = _strip_bold(rest.strip()) if field is HeaderField.TITLE else rest.strip()
        if field is HeaderField.TITLE:
            text = f"REFERAT {text}"
        return HeaderLine(field, text, self._span(line.number, line.number))

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
                return k
            j = k + 1

    def _toc_entry(self, line: _Line, title: str, page: int) -> TocEntry:
        return TocEntry(title.rstrip(".").rstrip(), self._span(line.number, line.number), page)

    # -- tables ---------------------------------------------------------------------------
    def _pipe_row(self, line: _Line) -> TableRow:
        content = line.content
        first = content.index("|")
        return self._row(line, content[first + 1 : content.rindex("|")].split("|"), first + 1)

    def _tab_row(self, line: _Line) -> TableRow:
        return self._row(line, line.content.split("\t"), 0)

    def _row(self, line: _Line, raws: list[str], position: int) -> TableRow:
        """A row of ``raws`` cells, the first at column ``position``, each one separator apart."""
        start = self.index.starts[line.number]
        number = line.number + 1
        cells = []
        for raw in raws:
            end = position + len(raw)
            span = Span(number, position + 1, number, end + 1, start + position, start + end)
            cells.append(TableCell(raw, span))
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
    def _md_heading(self, line: _Line) -> Heading:
        assert line.match is not None
        hashes, text = line.match.groups()
        text = text.rstrip(" \t#")
        bold = text.startswith(_BOLD)
        return Heading(
            _strip_emphasis(text), self._span(line.number, line.number), len(hashes), bold
        )

    def _run_end(self, i: int) -> int:
        """The end (exclusive) of the run of text lines starting at ``i``.

        A run stops at a blank line and at any line that is structure of its own: an item
        heading with the next number (glued items), a table row, a markdown heading.
        """
        lines = self.lines
        j = i + 1
        while j < len(lines):
            kind = lines[j].kind
            if kind in (BLANK, PIPE, TAB, CONTROLLED, TOC_HEAD):
                break
            if kind == ITEM and self._is_item(j):
                break
            if kind == HEADING and not self.layout.wrapped:
                break
            j += 1
        return j

    def _text(self, i: int) -> int:
        if self.layout.wrapped:
            return self._wrapped_text(i)
        lines = self.lines
        if lines[i].kind == LISTED:
            return self._list(i)
        end = self._run_end(i)
        # Consecutive text lines are one paragraph; a list line inside the run starts a list.
        j = i
        while j < end and lines[j].kind != LISTED:
            j += 1
        self._paragraph_or_heading(i, j)
        return j

    def _paragraph_or_heading(self, first: int, end: int) -> None:
        """Lines ``first..end-1`` are one plain/markdown text block: a sub-heading, a new
        paragraph, or the continuation of a paragraph cut by a page break."""
        lines = self.lines
        text_lines = list(range(first, end))
        line = lines[first]
        pending = self._open_paragraph()
        if pending is not None and self._continues(pending, first):
            self._extend(pending, text_lines)
            return
        if end - first == 1 and self._is_plain_heading(line, end):
            text = _strip_emphasis(line.stripped)
            self._emit(
                "HEADING",
                Heading(text, self._span(first, first), None, line.stripped.startswith(_BOLD)),
            )
            return
        self._emit_paragraph(text_lines)

    def _continues(self, previous: _Pending, i: int) -> bool:
        """Is line ``i`` the rest of ``previous``, cut by a page break?

        Only across exactly one empty line, only when the paragraph does not end a sentence,
        and only when the next line starts in lower case or the paragraph is long running text
        (``… anbefalinger fra`` / ``Rambøll-analysen, …``).
        """
        last = previous.numbers[-1]
        gap = self.lines[last + 1 : i]
        if len(gap) != 1 or gap[0].content:
            return False
        if self.lines[last].stripped[-1] in SENTENCE_END:
            return False
        head = self.lines[i].stripped[:1]
        if head.islower() or head.isdigit():
            return True
        return previous.length > _HEADING_MAX and head.isupper()

    def _is_plain_heading(self, line: _Line, after: int) -> bool:
        """A one-line block that titles what follows (plain and markdown layouts)."""
        text = line.stripped
        if len(text) > _HEADING_MAX or (text.startswith(_BOLD) and text.endswith(_BOLD)):
            return False
        if text[-1] in ".,;" and not STEP_HEADING.fullmatch(text):
            return False
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
                        Heading(_strip_emphasis(line.stripped), self._span(j, j), None, False),
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

    def _list_item(self, numbers: list[int], *, marked: bool = True) -> ListItem:
        first = self.lines[numbers[0]]
        marker = None
        skip = 0
        if marked and (match := LIST_MARKER.match(first.content)):
            marker = match.group(2)
            skip = match.end()
        text, pieces = self._join(numbers, skip=skip)
        return ListItem(text, self._span(numbers[0], numbers[-1]), marker, pieces)

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
        numbers = list(range(i, end))
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
            self._emit("HEADING", Heading(first.stripped, self._span(i, i)))
            return i + 1
        if (
            len(numbers) == 1
            and len(first.stripped) < width - 15
            and first.stripped[-1] not in ".,;:"
        ):
            following = self._next_nonblank(end)
            if following < len(lines) and lines[following].kind in (TEXT, LISTED):
                self._emit("HEADING", Heading(first.stripped, self._span(i, i)))
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
        return len(last_line) >= self.layout.wrap_width and last_line[-1] not in SENTENCE_END

    def _wrapped_list(self, numbers: list[int], *, marked: bool) -> ListBlock:
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
    def _make_paragraph(self, numbers: list[int]) -> Paragraph:
        text, pieces = self._join(numbers)
        return Paragraph(text, self._span(numbers[0], numbers[-1]), pieces)

    def _join(self, numbers: list[int], *, skip: int = 0) -> tuple[str, tuple[TextPiece, ...]]:
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
                return content, ()  # the text is the line: offsets need no map
        starts = self.index.starts
        out: list[str] = []
        pieces: list[TextPiece] = []
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
                pieces.append(TextPiece(length, base + a, base + b))
                length += b - a
        return "".join(out), tuple(pieces)


# --- small pure helpers ------------------------------------------------------------------------
def _strip_bold(text: str) -> str:
    if text.startswith(_BOLD):
        text = text[2:]
    if text.endswith(_BOLD):
        text = text[:-2]
    return text.strip()


def _strip_emphasis(text: str) -> str:
    """``**bold**`` and ``*italic*`` around a whole heading, removed."""
    text = _strip_bold(text)
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


def _looks_like_heading(content: str) -> bool:
    """A numbered line short enough and without a final comma/semicolon to be a title."""
    text = content.strip()
    return len(text) <= _HEADING_MAX and text[-1] not in ",;"


def _same_list(marker: str | None, line: _Line) -> bool:
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


__all__ = ["BlockLexer", "BlockToken", "lex"]
