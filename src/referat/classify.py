"""Stage one of the lexer: what each line is, as far as the line alone can tell.

The :class:`Classifier` reads one line at a time with the forms of the layout (item
headings, case numbers, section headings, header lines, furniture …) and records what it
found on a :class:`Line`. Whether a candidate item heading really opens an item, or is a
table-of-contents entry or a numbered clause, needs the lines around it: that is
:mod:`referat.select`'s job. Every check is a bounded, anchored match on one line, so the
whole stage is linear in the text.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Final

from referat.layouts import Layout
from referat.models import HeaderField, ItemNumber, SectionKind
from referat.vocabulary import (
    BODY_DATE_HEADING_PATTERN,
    DECISION_HEADING_PATTERN,
    GENITIVE_DECISION_PATTERN,
    GENITIVE_RECOMMENDATION_PATTERN,
    MONTHS,
    find_date,
)

# Line kinds (small ints: this runs once per line; Final, so compiled code inlines them).
BLANK: Final = 0
TEXT: Final = 1
ITEM: Final = 2
CASE: Final = 3
SECTION: Final = 4
TOC_HEAD: Final = 5
HEADER: Final = 6
PIPE: Final = 7
TAB: Final = 8
HEADING: Final = 9
LISTED: Final = 10
CONTROLLED: Final = 11
FURNITURE: Final = 12
ACCESS: Final = 13
TOC_LINE: Final = 14

#: A markdown heading ``### text`` (closing ``#``s are stripped afterwards).
MD_HEADING: Final = re.compile(r"(#{1,6})\s+(.*)")
#: A list marker: ``- x``, ``• x``, ``1. x``, ``2) x``, ``A. x``.
LIST_MARKER: Final = re.compile(r"(\s*)([-•]|\d{1,2}[.)]|[A-Z][.)])\s+(?=\S)")
#: C0 controls other than TAB/LF/VT/FF/CR, and DEL: never part of a referat.
CONTROL: Final = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")
_CONTROL_CHARS: Final = tuple(chr(c) for c in (*range(0x09), *range(0x0E, 0x20), 0x7F))


def has_control(text: str) -> bool:
    """Does ``text`` hold a control character (:data:`CONTROL`)? One fast substring search per
    character, about four times faster than the regex over a whole document."""
    return any(c in text for c in _CONTROL_CHARS)


#: ``Beslutning: Godkendt.``: a section heading with its text on the same line.
INLINE_SECTION: Final = re.compile(
    r"[\s•*#]{0,8}(?P<name>[^\W\d_][^:\n]{1,40}?)[ \t]*:[ \t]+(?P<text>\S)"
)
#: What a heading's markup looks like around its text.
_MARKUP: Final = "#*•>- \t"


class _GenericPatterns:
    """The patterns only documents of the generic layouts need, compiled together when the
    first such document needs them (:func:`_generic_patterns`): the Odense layouts never
    do, and compiling them was a part of every start. They clean a title an item form found
    (:func:`_candidate`) and read the headings that carry data
    (:meth:`Classifier._data_heading`)."""

    def __init__(self) -> None:
        #: Dot leaders and a page number ending a table-of-contents line: ``Titel ...... 3``.
        self.toc_tail = re.compile(r"(?:[ \t]*[.…·_]{3,}[ \t]*|[ \t]+Side[ \t]+)(\d{1,4})[ \t]*$")
        self.leaders = re.compile(r"[.…·_]{4,}")
        #: An access marker or type code inside an item title.
        self.access = re.compile(
            r"^(?:\((?P<a1>Åben|Åbent|Lukket)(?: punkt)?\)|"
            r"(?P<a2>Åbent|Åben|Lukket)(?: punkt)?[ \t]*[:\-–]|"
            r"(?P<a3>LUKKET PUNKT|ÅBENT PUNKT|Lukket punkt|Åbent punkt)[ \t]*[:.\-–]?|"
            r"(?P<a4>Åbent|Åben|Lukket)(?=[ \t]{2,}))[ \t]*",
        )
        self.tail_access = re.compile(
            r"[ \t]*(?:\((?P<a>Åben|Lukket|Åbent)(?: punkt)?\)|"
            r"[-–][ \t]*(?P<b>Lukket|Åbent)(?: punkt)?)\s*$"
        )
        self.type_code = re.compile(r"[ \t]*\((?P<code>[A-ZÆØÅ]{1,3})\)\s*$")
        self.prefix = re.compile(
            r"^(?:(?:Beslutningssag|Orienteringssag|Drøftelsessag)[ \t]*:[ \t]*|"
            r"(?:ØK|ØU|BR|KB)[ \t]+(?=[A-ZÆØÅ]))"
        )
        #: A section label glued to the end of a title (``1. Meddelelse fra formandenReferat``).
        self.glued_section = re.compile(
            r"(?<=[a-zæøå0-9)”\"])(?:Referat|Beslutning|Indstilling|Sagsfremstilling|Resumé|Resume)$"
        )
        #: UI text glued to a title (``…Klik her for at folde ud og læse mere om …``).
        self.ui = re.compile(r"(?:Klik her for at folde ud|Udskriv$|Læs mere$)")
        #: The headings that carry data.
        self.decision = re.compile(DECISION_HEADING_PATTERN)
        self.body_date = re.compile(BODY_DATE_HEADING_PATTERN)
        self.genitive_decision = re.compile(GENITIVE_DECISION_PATTERN)
        self.genitive_recommendation = re.compile(GENITIVE_RECOMMENDATION_PATTERN)
        self.body_words = re.compile(
            r"(?:udvalg|råd|byråd|bestyrelse|direktion|forum|møde|ØK|ØU|BR|KB|MED|komité|nævn)",
            re.IGNORECASE,
        )


_generic: _GenericPatterns | None = None


def _generic_patterns() -> _GenericPatterns:
    global _generic  # noqa: PLW0603 - made once, for the first generic document
    found = _generic
    if found is None:
        found = _generic = _GenericPatterns()
    return found


class ItemCandidate:
    """What an item-heading form found on a line."""

    __slots__ = (
        "access",
        "form",
        "glued",
        "label",
        "number",
        "path",
        "strong",
        "title",
        "toc_page",
        "type_code",
    )

    def __init__(
        self,
        number: int | None,
        title: str,
        *,
        strong: bool,
        access: bool | None,
        type_code: str | None,
        toc_page: int | None,
    ) -> None:
        self.number = number
        self.path = item_path(number)  # ``(1, 2)`` for ``1.2``, ``()`` for no number
        self.title = title
        self.strong = strong
        self.access = access
        self.type_code = type_code
        self.toc_page = toc_page
        self.glued = False  # a section label was glued to the title (evidence of a heading)
        self.label: str | None = None  # that label (``Referat``): it opens its section
        self.form = 0  # which of the layout's item forms matched


class CaseCandidate:
    """A case-number line: the number as printed (``None`` for an empty label) and its label."""

    __slots__ = ("access", "label", "raw", "start")

    def __init__(self, raw: str | None, label: str | None, start: int, access: bool | None) -> None:
        self.raw = raw
        self.label = label
        self.start = start  # column of ``raw`` in the line
        self.access = access


class SectionCandidate:
    """A section heading: its name as written, its kind, and the body/date it carries.

    ``inline`` is the column where the section's text starts on the heading's own line
    (``Beslutning: Godkendt.``), ``None`` when the heading is the whole line.
    """

    __slots__ = ("body", "date", "inline", "kind", "name")

    def __init__(
        self,
        name: str,
        kind: SectionKind,
        body: str | None = None,
        date: dt.date | None = None,
        inline: int | None = None,
    ) -> None:
        self.name = name
        self.kind = kind
        self.body = body
        self.date = date
        self.inline = inline


class Line:
    """What the lexer knows about one source line."""

    __slots__ = ("content", "data", "fallback", "kind", "match", "number", "stripped")

    def __init__(
        self, number: int, content: str, stripped: str, kind: int, match: re.Match[str] | None
    ) -> None:
        self.number = number  # 0-based
        self.content = content
        self.stripped = stripped
        self.kind = kind
        self.match = match
        #: the candidate found (ItemCandidate, CaseCandidate, SectionCandidate, header tuple)
        self.data: object = None
        #: the kind the line has when its candidate is not taken (an item heading refused)
        self.fallback = TEXT


class Classifier:
    """Classifies lines with the forms of one layout."""

    def __init__(self, layout: Layout, *, controls: bool) -> None:
        self.layout = layout
        self.generic = layout.generic
        self._controls = controls
        self._sections = layout.section_names
        self._heading_max = 90 if layout.generic else 40

    def classify(self, number: int, content: str) -> Line:
        """The :class:`Line` for ``content`` (line ``number``, 0-based)."""
        if self._controls and CONTROL.search(content):
            return Line(number, content, content.strip(), CONTROLLED, None)
        stripped = content.strip()
        if not stripped:
            return Line(number, content, stripped, BLANK, None)
        first = stripped[0]
        if first == "|" and stripped.endswith("|") and len(stripped) > 1:
            return Line(number, content, stripped, PIPE, None)
        if "\t" in stripped or content.rstrip(" ").endswith("\t\t"):
            # A TAB between cells, or empty trailing cells; one trailing TAB is a caption's
            # (001:878), leading TABs alone are indentation unless a table row is next to it.
            return Line(number, content, stripped, TAB, None)
        layout = self.layout
        generic = self.generic
        if (
            generic
            and len(stripped) <= 160
            and any(f.fullmatch(stripped) for f in layout.furniture)
        ):
            return Line(number, content, stripped, FURNITURE, None)
        line = self._item(number, content, stripped)
        if line is not None:
            return line
        line = self._case(number, content, stripped)
        if line is not None:
            return line
        if len(stripped) <= self._heading_max:
            bare = stripped.strip(_MARKUP)
            if generic:
                bare = bare.rstrip(":").rstrip()
            folded = bare.casefold()
            kind = self._sections.get(folded)
            if kind is not None:
                result = Line(number, content, stripped, SECTION, None)
                result.data = SectionCandidate(bare, kind)
                return result
            if folded in layout.toc_headings:
                return Line(number, content, stripped, TOC_HEAD, None)
            if generic and folded in layout.access_markers:
                result = Line(number, content, stripped, ACCESS, None)
                result.data = layout.access_markers[folded]
                return result
        if generic and (match := INLINE_SECTION.match(content)) is not None:
            kind = self._sections.get(match["name"].strip(_MARKUP).casefold())
            if kind is not None:
                result = Line(number, content, stripped, SECTION, match)
                name = match["name"].strip(_MARKUP)
                result.data = SectionCandidate(name, kind, inline=match.start("text"))
                return result
        if generic and (section := self._data_heading(stripped)) is not None:
            result = Line(number, content, stripped, SECTION, None)
            result.data = section
            return result
        header = self._header(stripped)
        if header is not None:
            result = Line(number, content, stripped, HEADER, None)
            result.data = header
            result.fallback = self._plain_kind(content, stripped)
            return result
        return self._plain(number, content, stripped)

    def _plain_kind(self, content: str, stripped: str) -> int:
        if stripped[0] == "#" and MD_HEADING.match(stripped):
            return HEADING
        if LIST_MARKER.match(content) is not None:
            return LISTED
        return TEXT

    def _plain(self, number: int, content: str, stripped: str) -> Line:
        if stripped[0] == "#" and (match := MD_HEADING.match(stripped)):
            return Line(number, content, stripped, HEADING, match)
        if (match := LIST_MARKER.match(content)) is not None:
            return Line(number, content, stripped, LISTED, match)
        return Line(number, content, stripped, TEXT, None)

    # -- item headings --------------------------------------------------------------------
    def _item(self, number: int, content: str, stripped: str) -> Line | None:
        if len(stripped) > 3000:
            return None
        if not self.generic:
            if "Punkt" not in content:
                return None
            for form in self.layout.item_forms:
                if match := form.match(content):
                    line = Line(number, content, stripped, ITEM, match)
                    line.data = ItemCandidate(
                        int(match["number"]),
                        strip_bold(match["title"].strip()),
                        strong=True,
                        access=None,
                        type_code=None,
                        toc_page=None,
                    )
                    line.fallback = self._plain_kind(content, stripped)
                    return line
            return None
        if not (stripped[0].isdigit() or stripped[0] in "PpNnDSs•*#>-"):
            return None
        for position, form in enumerate(self.layout.item_forms):
            match = form.match(content)
            if match is None:
                continue
            groups = match.groupdict()
            strong = bool(groups.get("keyword"))
            raw_number = groups.get("number")
            item_number = int(raw_number) if raw_number else None
            if not strong and item_number is not None and item_number >= 1000:
                continue  # a year, not an item
            if item_number is not None and (sub := groups.get("sub")):
                item_number = ItemNumber(item_number, tuple(int(p) for p in sub.split(".")))
            candidate = _candidate(groups.get("title") or "", item_number, strong=strong)
            if candidate is None:
                continue
            candidate.glued = candidate.glued or bool(groups.get("glued"))
            candidate.form = position
            line = Line(number, content, stripped, ITEM, match)
            line.data = candidate
            line.fallback = self._plain_kind(content, stripped)
            return line
        return None

    # -- case numbers ---------------------------------------------------------------------
    def _case(self, number: int, content: str, stripped: str) -> Line | None:
        if len(stripped) > 250:
            return None
        if not self.generic:
            if not stripped[0].isdigit():
                return None
            for form in self.layout.case_forms:
                if match := form.match(content):
                    line = Line(number, content, stripped, CASE, match)
                    line.data = CaseCandidate(match["raw"], None, match.start("raw"), None)
                    return line
            return None
        for form in self.layout.case_forms:
            match = form.match(content)
            if match is None:
                continue
            groups = match.groupdict()
            raw = groups.get("raw")
            label = groups.get("label")
            if raw is None and label is None:
                continue
            if raw is not None and not any(c.isdigit() for c in raw):
                raw = None  # ``Sagsnr.: Emne:`` — a label with a word after it, no number
                if label is None:
                    continue
            access = None
            lowered = stripped[:8].casefold()
            if lowered.startswith(("åben", "åbent")):
                access = False
            elif lowered.startswith("lukket"):
                access = True
            line = Line(number, content, stripped, CASE, match)
            start = match.start("raw") if raw is not None else match.end()
            line.data = CaseCandidate(raw.rstrip(".,") if raw else None, label, start, access)
            line.fallback = self._plain_kind(content, stripped)
            return line
        return None

    # -- headings that carry data ---------------------------------------------------------
    def _data_heading(self, stripped: str) -> SectionCandidate | None:
        if len(stripped) > 200:
            return None
        bare = stripped.strip(_MARKUP)
        head = bare[:2]
        patterns = _generic_patterns()
        if head in ("Be", "BE", "Af") and (match := patterns.decision.fullmatch(bare)):
            body = (match["body"] or "").strip(" ,") or None
            when = find_date(match["date"]) if match["date"] else None
            if body is None and when is None:
                return None
            if body is not None and not _body_like(body):
                return None
            return SectionCandidate(bare, SectionKind.DECISION, body, when[0] if when else None)
        if bare.endswith((":",)) or "pkt." in bare:
            match = patterns.body_date.fullmatch(bare)
            if match is not None and (when := find_date(match["date"])) is not None:
                return SectionCandidate(bare, SectionKind.DECISION, match["body"].strip(), when[0])
        if len(bare) <= 80:
            if (match := patterns.genitive_decision.fullmatch(bare)) is not None:
                return SectionCandidate(bare, SectionKind.DECISION, _nominative(match["body"]))
            if (match := patterns.genitive_recommendation.fullmatch(bare)) is not None:
                body = _nominative(match["body"])
                return SectionCandidate(bare, SectionKind.RECOMMENDATION, body)
        return None

    # -- header lines ---------------------------------------------------------------------
    def _header(self, stripped: str) -> tuple[HeaderField, str, str] | None:
        if len(stripped) > 400:
            return None
        layout = self.layout
        if not self.generic and stripped[0] not in "#*RM":
            return None
        for form in layout.header_forms:
            match = form.match(stripped)
            if match is None:
                continue
            label = match["label"].strip()
            field = layout.header_labels.get(label.casefold().rstrip(".").strip())
            if field is None:
                field = layout.header_labels.get(label.casefold())
            if field is not None:
                return field, label, match["value"].strip()
        for form in layout.title_forms:
            match = form.match(stripped)
            if match is not None:
                return HeaderField.TITLE, "", match["value"].strip()
        return None


# --- small pure helpers ------------------------------------------------------------------------
def item_path(number: int | None) -> tuple[int, ...]:
    """An item number as a path that orders sub-items: ``1`` → ``(1,)``, ``1.2`` → ``(1, 2)``;
    ``()`` for none.

    It reads the path off the object rather than testing ``isinstance(number, ItemNumber)``:
    in the compiled build (docs/performance.md) a value narrowed to ``int`` is a machine
    integer, and an :class:`~referat.models.ItemNumber` would lose its path. For the same
    reason the lexer passes an item number on as the object it got (``candidate.number``).
    """
    path: tuple[int, ...] | None = getattr(number, "path", None)
    if path is not None:
        return path
    return () if number is None else (number,)


_BOLD: Final = "**"


def strip_bold(text: str) -> str:
    """``**text**`` without the bold markers (either may be missing)."""
    if text.startswith(_BOLD):
        text = text[2:]
    if text.endswith(_BOLD):
        text = text[:-2]
    return text.strip()


def _candidate(title: str, number: int | None, *, strong: bool) -> ItemCandidate | None:
    """Clean a title found by an item form; ``None`` when it cannot be a title.

    A form's ``glued`` group (a section label or field right after the title on the same
    line, as in PDF transcripts) is evidence that the line is a heading.
    """
    title = strip_bold(title.strip())
    if len(title) > 400:
        return None  # running text (a PDF page on one line), not a title
    toc_page = None
    tail_from = max(0, len(title) - 120)
    patterns = _generic_patterns()
    if (tail := patterns.toc_tail.search(title, tail_from)) is not None:
        toc_page = int(tail.group(1))
        title = title[: tail.start()].rstrip(" .…·_\t")
    elif (leaders := patterns.leaders.search(title)) is not None:
        title = title[: leaders.start()].rstrip()
        toc_page = 0
    access: bool | None = None
    if (match := patterns.access.match(title)) is not None:
        word = next(g for g in match.groups() if g)
        access = word.casefold().startswith("lukket")
        title = title[match.end() :]
    if (match := patterns.tail_access.search(title)) is not None:
        access = (match["a"] or match["b"] or "").casefold().startswith("lukket")
        title = title[: match.start()]
    type_code = None
    if (match := patterns.type_code.search(title)) is not None:
        type_code = match["code"]
        title = title[: match.start()]
    glued = False
    label = None
    if (match := patterns.glued_section.search(title)) is not None:
        title = title[: match.start()]
        glued = True
        label = match.group()
    title = patterns.prefix.sub("", title.strip())
    if (match := patterns.ui.search(title)) is not None and match.start() > 0:
        title = title[: match.start()]
    title = " ".join(title.split())
    if not title:
        return ItemCandidate(
            number, "", strong=strong, access=access, type_code=type_code, toc_page=toc_page
        )
    head = title[0]
    lowercase_title = strong and head.islower() and not title.endswith(".")  # ``Punkt 1: test``
    if not (head.isupper() or head in "\"”'«§" or (strong and head.isdigit()) or lowercase_title):
        return None
    if title.split(" ", 1)[0].rstrip(".,").casefold() in MONTHS:
        return None  # ``13. november 2023``: a date, not an item
    candidate = ItemCandidate(
        number, title, strong=strong, access=access, type_code=type_code, toc_page=toc_page
    )
    candidate.glued = glued
    candidate.label = label
    return candidate


def _body_like(text: str) -> bool:
    """Does the text after ``Beslutning i`` name a body (not ``Beslutning om …``)?"""
    words = _generic_patterns().body_words
    if text[:1].isupper():
        return words.search(text) is not None
    return words.search(text.split(" ", 1)[0]) is not None  # ``Beslutning i byrådet``


def _nominative(genitive: str) -> str:
    """``FORRETNINGSUDVALGET`` → ``Forretningsudvalget`` (upper case read as a name)."""
    name = genitive.strip()
    return name.capitalize() if name.isupper() else name
