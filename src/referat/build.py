"""From block tokens to the model: the grammar's callbacks.

The LALR parser calls these as it reduces rules, so no parse tree is ever built. Meeting
header fields are read here with small regexes; everything else arrives finished in the
tokens' payloads (see :mod:`referat.lexer`).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from typing import Any

import attrs

from referat.attendance import read_attendance
from referat.lexer import BlockToken
from referat.lines import LineIndex, make_span
from referat.models import (
    AgendaItem,
    Block,
    CaseNumber,
    CaseType,
    DocumentKind,
    HeaderField,
    HeaderLine,
    Heading,
    ListBlock,
    Meeting,
    Paragraph,
    Section,
    SectionKind,
    Span,
    TableRow,
    Toc,
    TocEntry,
)
from referat.vocabulary import (
    MONTHS,
    document_kind,
    find_date,
    find_time,
    make_date,
    make_time,
)

# The title ``REFERAT <committee> <yyyy-yyyy> d. <dd-mm-yyyy>`` is read from its end: the date,
# then the period; what is left is the committee. Each pattern is bounded (linear on any line).
TITLE_DATE = re.compile(r"\sd\.[ \t]?(?P<day>\d{1,2})-(?P<month>\d{1,2})-(?P<year>\d{4})$")
TITLE_PERIOD = re.compile(r"\s(?P<first>\d{4})[ \t]?-[ \t]?(?P<last>\d{4})$")
#: ``Tirsdag d. 01. september 2020 kl. 08:30`` (the weekday is not read).
MEETING_DATE = re.compile(
    r"(?<!\d)(?P<day>\d{1,2})\.[ \t\u00a0]?(?P<month>[a-zæøå]{3,9})[ \t\u00a0]{1,3}(?P<year>\d{4})"
    r"(?:[ \t\u00a0]{1,3}kl\.[ \t\u00a0]?(?P<hour>\d{1,2})[:.](?P<minute>\d{2}))?",
    re.IGNORECASE,
)


def merge_spans(first: Span, last: Span) -> Span:
    """The span from the start of ``first`` to the end of ``last``."""
    return make_span(
        first.start_line, first.start_col, last.end_line, last.end_col, first.start, last.end
    )


def _payloads(children: tuple[Any, ...]) -> list[Any]:
    return [c.payload if isinstance(c, BlockToken) else c for c in children]


class Front:
    """What precedes the first item (the ``front`` rule's result)."""

    __slots__ = ("blocks", "meeting", "toc")

    def __init__(self, meeting: Meeting | None, toc: Toc | None, blocks: tuple[Block, ...]) -> None:
        self.meeting = meeting
        self.toc = toc
        self.blocks = blocks


class Builder:
    """Callbacks named after the grammar rules; each gets its children as arguments
    (:class:`referat.lalr.LalrParser` calls them as it reduces the rules)."""

    def start(self, front: Front, *items: AgendaItem) -> tuple[Front, tuple[AgendaItem, ...]]:
        return front, items

    def front(self, *children: Any) -> Front:
        lines: list[HeaderLine] = []
        tocs: list[Toc] = []
        blocks = []
        for child in _payloads(children):
            if isinstance(child, HeaderLine):
                lines.append(child)
            elif isinstance(child, Toc):
                tocs.append(child)
            else:
                blocks.append(child)
        meeting = read_meeting(tuple(lines)) if lines else None
        toc = _merge_tocs(tocs, blocks)
        return Front(meeting, toc, tuple(blocks))

    def toc(self, heading: BlockToken, *rows: BlockToken) -> Toc:
        payloads = _payloads(rows)
        entries = tuple(p for p in payloads if isinstance(p, TocEntry))
        rules = tuple(p for p in payloads if isinstance(p, TableRow))
        head: Heading | None = heading.payload  # type: ignore[assignment]
        first = head.span if head is not None else payloads[0].span
        end = payloads[-1].span if payloads else first
        return Toc(head, entries, merge_spans(first, end), rules)

    def case_number(self, token: BlockToken) -> CaseNumber:
        return token.payload  # type: ignore[return-value]

    def section(self, heading: BlockToken, *blocks: BlockToken) -> Section:
        payload: tuple[Heading, SectionKind, str | None, dt.date | None] = heading.payload  # type: ignore[assignment]
        head, kind, body_name, date = payload  # the layout named the kind
        body: list[Block] = _payloads(blocks)
        end = body[-1].span if body else head.span
        return Section(kind, head, tuple(body), merge_spans(head.span, end), body_name, date)

    def item(self, *children: Any) -> AgendaItem:
        number: int | None = None
        title: str | None = None
        head: Heading | None = None
        case_type = case_type_raw = None
        closed: bool | None = None
        case_number: CaseNumber | None = None
        first_span: Span | None = None
        preamble: list[Block] = []
        sections: list[Section] = []
        for child in children:
            kind = child.type if isinstance(child, BlockToken) else None
            payload: Any = child.payload if isinstance(child, BlockToken) else child
            if kind == "ITEM_HEADING":
                number, title, head, case_type, case_type_raw, closed = payload
                first_span = first_span or head.span
            elif kind == "LEADING_CASE":
                case_number = payload
                first_span = payload.span
            elif kind == "ITEM_CASE":
                case_number, head, closed, title = payload
                first_span = case_number.span if case_number is not None else head.span
            elif kind == "ITEM_START":
                continue
            elif isinstance(payload, CaseNumber):
                case_number = payload  # the lexer emits one case number per item
            elif isinstance(payload, Section):
                sections.append(payload)
            else:
                preamble.append(payload)
        parts: list[Any] = [*preamble, *sections]
        if case_number is not None:
            parts.append(case_number)
        starts = [p.span for p in parts]
        if first_span is None:
            first_span = min(starts, key=lambda span: span.start)
        last = max([first_span, *starts], key=lambda span: span.end)
        return AgendaItem(
            number=number,
            title=title,
            heading=head,
            span=merge_spans(first_span, last),
            case_number=case_number,
            case_type=CaseType(case_type) if case_type else None,
            case_type_raw=case_type_raw,
            preamble=tuple(preamble),
            sections=tuple(sections),
            closed=closed,
        )


def _merge_tocs(tocs: list[Toc], blocks: list[Block]) -> Toc | None:
    """One table of contents from the lists a page shows (open and closed part …); the
    headings of the later lists become headings of the front matter."""
    merged: Toc | None = None
    for toc in tocs:
        if merged is None:
            merged = toc
            continue
        if toc.heading is not None:
            blocks.append(toc.heading)
        merged = Toc(
            merged.heading,
            merged.entries + toc.entries,
            merge_spans(merged.span, toc.span),
            merged.rows + toc.rows,
        )
    return merged


_TITLE_BODY = (
    # ``Økonomiudvalget – Referat – 1. oktober 2018``, ``Forretningsudvalget - referat 05-12-2007``
    re.compile(
        r"(?P<body>[^\n]{2,80}?)[ \t]{0,3}[-–•|:][ \t]{0,3}(?:Godkendt |Åbent )?"
        r"(?:Referat|referat|REFERAT|Dagsorden|dagsorden|Beslutningsprotokol)\b"
    ),
    # ``13. november 2023 - referat fra byrådet``, ``Referat fra mødet i Byrådet``
    re.compile(
        r"(?:[Rr]eferat|[Dd]agsorden|[Bb]eslutningsprotokol)[ \t]{1,3}(?:fra|for|til)"
        r"(?:[ \t]{1,3}mødet[ \t]{1,3}i)?[ \t]{1,3}(?P<body>[\wæøåÆØÅ][\wæøåÆØÅ .-]{2,80}?)"
        r"(?:[ \t]+(?:den|d\.)\b|[ \t]+[-–]|[ \t]*,|[ \t]+\d|$)"
    ),
)


def read_meeting(lines: tuple[HeaderLine, ...]) -> Meeting:
    """The meeting fields stated by the header lines; ``None`` where a line says nothing."""
    committee = period = location = None
    date: dt.date | None = None
    title_date: dt.date | None = None
    start_time: dt.time | None = None
    end_time: dt.time | None = None
    kind: DocumentKind | None = None
    for line in lines:
        field = line.field
        text = line.text
        if field is HeaderField.TITLE:
            kind = kind or document_kind(text)
            if text.startswith("REFERAT ") and line.label is None:
                committee, period, title_date = _odense_title(text) or (committee, period, None)
                date = date or title_date
                continue
            found = find_date(text)
            if found is not None:
                title_date = title_date or found[0]
                start_time = start_time or found[1]
            if committee is None:
                committee = _title_body(text)
        elif field is HeaderField.DATE:
            if (found := find_date(text)) is not None and date is None:
                date, start_time = found[0], start_time or found[1]
            elif line.label is None and (match := MEETING_DATE.search(text)):
                month = MONTHS.get(match["month"].casefold())
                if month:
                    date = make_date(int(match["year"]), month, int(match["day"])) or date
                if match["hour"]:
                    start_time = make_time(int(match["hour"]), int(match["minute"]))
            elif found is not None:  # the date came from the title line: the time is new
                start_time = start_time or found[1]
        elif field is HeaderField.TIME:
            start_time = start_time or find_time(text)
        elif field is HeaderField.END:
            end_time = end_time or find_time(text)
        elif field is HeaderField.PLACE:
            location = location or text.strip("* ") or None
        elif field is HeaderField.BODY and text:
            name = text.strip(" *")
            if match := TITLE_PERIOD.search(f" {name}"):
                period = period or f"{match['first']}-{match['last']}"
                name = name[: max(0, match.start() - 1)].rstrip()
            committee = name or committee
    return Meeting(
        lines=lines,
        span=merge_spans(lines[0].span, lines[-1].span),
        committee=committee,
        period=period,
        date=date or title_date,
        start_time=start_time,
        location=location,
        kind=kind,
        end_time=end_time,
    )


def _odense_title(text: str) -> tuple[str | None, str | None, dt.date | None] | None:
    """``REFERAT <committee> <yyyy-yyyy> d. <dd-mm-yyyy>`` read from its end."""
    rest = text.removeprefix("REFERAT").strip()
    date = period = None
    if match := TITLE_DATE.search(rest):
        date = make_date(int(match["year"]), int(match["month"]), int(match["day"]))
        rest = rest[: match.start()].rstrip()
    if match := TITLE_PERIOD.search(rest):
        period = f"{match['first']}-{match['last']}"
        rest = rest[: match.start()].rstrip()
    return rest or None, period, date


def _title_body(text: str) -> str | None:
    """The body a title line names, if it names one (never a date or a kind word)."""
    for pattern in _TITLE_BODY:
        match = pattern.search(text)
        if match is None:
            continue
        body = match["body"].strip(" -–•|:")
        if body and find_date(body) is None and document_kind(body) is None:
            return body
    return None


def complete_meeting(
    meeting: Meeting | None, front: tuple[Block, ...], items: tuple[AgendaItem, ...]
) -> Meeting | None:
    """The meeting, with the date (and kind) that the header lines did not state read from
    the front matter's text (``Byrådet 13. november 2023``, ``30. aug 2022``), else from the
    first item's dated decision headings (the latest of them: the meeting's own)."""
    if meeting is not None and meeting.date is not None:
        return meeting
    for block in front:
        for text, span in _texts(block):
            found = find_date(text)
            if found is None:
                continue
            if meeting is None:
                return Meeting(
                    lines=(),
                    span=span,
                    date=found[0],
                    start_time=found[1],
                    kind=document_kind(text),
                    committee=_title_body(text),
                )
            return attrs.evolve(meeting, date=found[0], start_time=meeting.start_time or found[1])
    dates = [s.date for s in (items[0].sections if items else ()) if s.date is not None]
    if dates:
        if meeting is None:
            first = items[0].sections[0].span
            return Meeting(lines=(), span=first, date=max(dates))
        return attrs.evolve(meeting, date=max(dates))
    return meeting


def _texts(block: Block) -> Iterator[tuple[str, Span]]:
    if isinstance(block, (Heading, Paragraph)):
        yield block.text, block.span
    elif isinstance(block, ListBlock):
        for item in block.items:
            yield item.text, item.span


def with_attendance(
    meeting: Meeting | None, text: str, index: LineIndex, end: int
) -> Meeting | None:
    """The meeting with the attendance stated before the first item (``Afbud fra: …``,
    ``Fraværende:`` and the names below it, ``I stedet mødte …``), read by
    :func:`referat.attendance.read_attendance` over the front matter ``text[:end]``."""
    front = text[:end]
    found = tuple(read_attendance(front, index.span)) if front.strip() else ()
    if not found:
        return meeting
    if meeting is None:
        return Meeting(lines=(), span=found[0].span, attendance=found)
    return attrs.evolve(meeting, attendance=found)
