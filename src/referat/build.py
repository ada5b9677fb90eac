"""From block tokens to the model: the grammar's callbacks (an inline lark Transformer).

The LALR parser calls these as it reduces rules, so no parse tree is ever built. Meeting
header fields are read here with small regexes; everything else arrives finished in the
tokens' payloads (see :mod:`referat.lexer`).
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from lark import Transformer, v_args

from referat.lexer import BlockToken
from referat.models import (
    AgendaItem,
    Block,
    CaseNumber,
    CaseType,
    HeaderField,
    HeaderLine,
    Heading,
    Meeting,
    Section,
    SectionKind,
    Span,
    TableRow,
    Toc,
    TocEntry,
)

MONTHS = {
    name: number
    for number, name in enumerate(
        (
            "januar",
            "februar",
            "marts",
            "april",
            "maj",
            "juni",
            "juli",
            "august",
            "september",
            "oktober",
            "november",
            "december",
        ),
        start=1,
    )
}
# The title ``REFERAT <committee> <yyyy-yyyy> d. <dd-mm-yyyy>`` is read from its end: the date,
# then the period; what is left is the committee. Each pattern is bounded (linear on any line).
TITLE_DATE = re.compile(r"\sd\.[ \t]?(?P<day>\d{1,2})-(?P<month>\d{1,2})-(?P<year>\d{4})$")
TITLE_PERIOD = re.compile(r"\s(?P<first>\d{4})[ \t]?-[ \t]?(?P<last>\d{4})$")
#: ``Tirsdag d. 01. september 2020 kl. 08:30`` (the weekday is not read).
MEETING_DATE = re.compile(
    r"(?<!\d)(?P<day>\d{1,2})\.[ \t]?(?P<month>[a-zæøå]{3,9})[ \t]{1,3}(?P<year>\d{4})"
    r"(?:[ \t]{1,3}kl\.[ \t]?(?P<hour>\d{1,2})[:.](?P<minute>\d{2}))?",
    re.IGNORECASE,
)


def merge_spans(first: Span, last: Span) -> Span:
    """The span from the start of ``first`` to the end of ``last``."""
    return Span(
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


@v_args(inline=True)
class Builder(Transformer[BlockToken, Any]):
    """Callbacks named after the grammar rules; each gets its children inline."""

    def start(self, front: Front, *items: AgendaItem) -> tuple[Front, tuple[AgendaItem, ...]]:
        return front, items

    def front(self, *children: Any) -> Front:
        meeting = None
        toc = None
        blocks = []
        for child in _payloads(children):
            if isinstance(child, Meeting):
                meeting = child
            elif isinstance(child, Toc):
                toc = child
            else:
                blocks.append(child)
        return Front(meeting, toc, tuple(blocks))

    def meeting(self, *tokens: BlockToken) -> Meeting:
        lines: list[HeaderLine] = _payloads(tokens)
        return read_meeting(tuple(lines))

    def toc(self, heading: BlockToken, *rows: BlockToken) -> Toc:
        payloads = _payloads(rows)
        entries = tuple(p for p in payloads if isinstance(p, TocEntry))
        rules = tuple(p for p in payloads if isinstance(p, TableRow))
        head: Heading = heading.payload  # type: ignore[assignment]
        end = payloads[-1].span if payloads else head.span
        return Toc(head, entries, merge_spans(head.span, end), rules)

    def case_number(self, token: BlockToken) -> CaseNumber:
        return token.payload  # type: ignore[return-value]

    def section(self, heading: BlockToken, *blocks: BlockToken) -> Section:
        payload: tuple[Heading, SectionKind] = heading.payload  # type: ignore[assignment]
        head, kind = payload  # the layout named the kind (layouts have their own names)
        body: list[Block] = _payloads(blocks)
        end = body[-1].span if body else head.span
        return Section(kind, head, tuple(body), merge_spans(head.span, end))

    def item(self, heading: BlockToken, *children: Any) -> AgendaItem:
        payload: tuple[int, str, Heading, str | None, str | None] = heading.payload  # type: ignore[assignment]
        number, title, head, case_type, case_type_raw = payload
        case_number = None
        preamble: list[Block] = []
        sections: list[Section] = []
        for child in _payloads(children):
            if isinstance(child, CaseNumber):
                case_number = child
            elif isinstance(child, Section):
                sections.append(child)
            else:
                preamble.append(child)
        last: Any = sections[-1] if sections else (preamble[-1] if preamble else case_number)
        end = last.span if last is not None else head.span
        return AgendaItem(
            number=number,
            title=title,
            heading=head,
            span=merge_spans(head.span, end),
            case_number=case_number,
            case_type=CaseType(case_type) if case_type else None,
            case_type_raw=case_type_raw,
            preamble=tuple(preamble),
            sections=tuple(sections),
        )


def read_meeting(lines: tuple[HeaderLine, ...]) -> Meeting:
    """The meeting fields stated by the header lines; ``None`` where a line says nothing."""
    committee = period = location = None
    date = None
    start_time = None
    for line in lines:
        if line.field is HeaderField.TITLE:
            rest = line.text.removeprefix("REFERAT").strip()
            if match := TITLE_DATE.search(rest):
                date = _date(int(match["year"]), int(match["month"]), int(match["day"]))
                rest = rest[: match.start()].rstrip()
            if match := TITLE_PERIOD.search(rest):
                period = f"{match['first']}-{match['last']}"
                rest = rest[: match.start()].rstrip()
            committee = rest or None
        elif line.field is HeaderField.DATE:
            if match := MEETING_DATE.search(line.text):
                month = MONTHS.get(match["month"].casefold())
                if month:
                    date = _date(int(match["year"]), month, int(match["day"])) or date
                if match["hour"]:
                    start_time = _time(int(match["hour"]), int(match["minute"]))
        elif line.field is HeaderField.PLACE:
            location = line.text.strip("* ") or None
    return Meeting(
        lines=lines,
        span=merge_spans(lines[0].span, lines[-1].span),
        committee=committee,
        period=period,
        date=date,
        start_time=start_time,
        location=location,
    )


def _date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _time(hour: int, minute: int) -> dt.time | None:
    try:
        return dt.time(hour, minute)
    except ValueError:
        return None
