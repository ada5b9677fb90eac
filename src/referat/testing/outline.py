"""The structure of a document that a round trip must keep: :func:`outline`.

An :class:`Outline` is what a layout author or a plugin author compares: the meeting's header
fields, each item's number, title and case number, its sections (kind, and the body and date of
a dated decision heading) and what the ``decisions`` plugin read from it (outcomes, votes and
absences). Spans, block boundaries and text are left out: they differ between layouts by design
(a generic layout makes every line a paragraph, the 2016 export hard-wraps them).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from attrs import frozen

from referat.models import (
    AgendaItem,
    CaseScheme,
    Meeting,
    Referat,
    Section,
    SectionKind,
    TableBlock,
)

__all__ = [
    "DecisionOutline",
    "ItemOutline",
    "MeetingOutline",
    "Outline",
    "SectionOutline",
    "TableOutline",
    "VoteOutline",
    "outline",
    "table_outline",
]


@frozen
class MeetingOutline:
    """The meeting header fields (``None`` where the document states none) and the
    meeting's attendance as ``(name, party, status)`` (the ``AttendanceStatus`` value:
    ``"fraværende"``, ``"tilstede"`` …)."""

    committee: str | None = None
    period: str | None = None
    date: dt.date | None = None
    start_time: dt.time | None = None
    location: str | None = None
    end_time: dt.time | None = None
    attendance: tuple[tuple[str, str | None, str], ...] = ()


#: A table as the outline compares it: its rows (separator rules left out), each a tuple of
#: cell texts with the whitespace collapsed (an NBSP, a trailing space are noise).
TableOutline = tuple[tuple[str, ...], ...]


@frozen
class SectionOutline:
    """A section: its kind, the body and date its heading carries (if any), and its tables
    (:data:`TableOutline` each, in order)."""

    kind: SectionKind
    body: str | None = None
    date: dt.date | None = None
    tables: tuple[TableOutline, ...] = ()


@frozen
class VoteOutline:
    """A vote: the position (``"for"``, ``"imod"``, ``"undlader at stemme"``), the members
    named (as ``(name, party)``) and the party letters of a party vote."""

    position: str
    voters: tuple[tuple[str, str | None], ...] = ()
    parties: tuple[str, ...] = ()


@frozen
class DecisionOutline:
    """What the ``decisions`` plugin read from an item: the outcome kinds in order (the
    plugin's ``OutcomeKind`` values: ``"godkendt"``, ``"anbefalet"`` …), the votes, and the
    members recorded absent (``(name, party)``)."""

    outcomes: tuple[str, ...] = ()
    votes: tuple[VoteOutline, ...] = ()
    absences: tuple[tuple[str, str | None], ...] = ()


@frozen
class ItemOutline:
    """An agenda item: number, title, case number as printed and its scheme, sections, the
    decision (``None`` when the plugin did not run or found none), and whether the document
    says it is closed (``Lukket - …``), open (``Åbent - …``) or neither (``None``)."""

    number: int | None
    title: str | None
    case: str | None = None
    scheme: CaseScheme | None = None
    sections: tuple[SectionOutline, ...] = ()
    decision: DecisionOutline | None = None
    closed: bool | None = None


@frozen
class Outline:
    """The structure :func:`referat.render` then :func:`referat.parse` must keep."""

    meeting: MeetingOutline | None
    items: tuple[ItemOutline, ...]


def outline(doc: Referat, *, decisions: bool = True) -> Outline:
    """The :class:`Outline` of a parsed (or hand-built) document.

    ``decisions=False`` leaves the decisions out (a model built by hand has no plugin results).

    >>> import referat
    >>> doc = referat.parse("Punkt 1: Budget\\n\\n00.30.00-S00-1-21\\n\\nBeslutning\\n\\n"
    ...                     "Økonomiudvalget godkender indstillingen.\\n")
    >>> item = outline(doc).items[0]
    >>> item.number, item.title, item.case, [s.kind.name for s in item.sections]
    (1, 'Budget', '00.30.00-S00-1-21', ['DECISION'])
    >>> item.decision.outcomes
    ('godkendt',)
    """
    return Outline(
        meeting=meeting_outline(doc.meeting),
        items=tuple(item_outline(item, decisions=decisions) for item in doc.items),
    )


def meeting_outline(meeting: Meeting | None) -> MeetingOutline | None:
    """The header fields of a meeting (``None`` for no meeting, or one that states nothing)."""
    if meeting is None:
        return None
    found = MeetingOutline(
        meeting.committee,
        meeting.period,
        meeting.date,
        meeting.start_time,
        meeting.location,
        meeting.end_time,
        tuple((a.name, a.party, a.status.value) for a in meeting.attendance),
    )
    return None if found == MeetingOutline() else found


def item_outline(item: AgendaItem, *, decisions: bool = True) -> ItemOutline:
    """The outline of one item."""
    case = item.case_number
    return ItemOutline(
        number=item.number,
        title=item.title,
        case=case.raw if case is not None else None,
        scheme=case.scheme if case is not None else None,
        sections=tuple(section_outline(s) for s in item.sections),
        decision=decision_outline(item.extract("decisions")) if decisions else None,
        closed=item.closed,
    )


def section_outline(section: Section) -> SectionOutline:
    """The outline of one section: kind, heading body and date, tables."""
    tables = tuple(table_outline(b) for b in section.blocks if isinstance(b, TableBlock))
    return SectionOutline(section.kind, section.body, section.date, tables)


def table_outline(table: TableBlock) -> TableOutline:
    """The rows of a table as cell texts, separator rules left out.

    >>> from referat.models import Span, TableCell, TableRow
    >>> span = Span(1, 1, 1, 1, 0, 0)
    >>> row = lambda *cells: TableRow(tuple(TableCell(c, span) for c in cells), span)
    >>> table_outline(TableBlock((row(" Drift ", " 2024 "), row("---", "---"),
    ...                           row("Løn", "1.250\u00a0kr.")), span, "pipe"))
    (('Drift', '2024'), ('Løn', '1.250 kr.'))
    """
    return tuple(
        tuple(" ".join(cell.raw.split()) for cell in row.cells)
        for row in table.rows
        if not row.is_separator
    )


def decision_outline(decision: Any) -> DecisionOutline | None:
    """What a ``decisions`` result holds, read by attribute (the core never imports a plugin:
    any object with ``outcomes``, ``votes`` and ``absences`` shaped like the plugin's will do)."""
    if decision is None:
        return None
    return DecisionOutline(
        outcomes=tuple(_value(o.kind) for o in decision.outcomes),
        votes=tuple(
            VoteOutline(
                _value(v.position),
                tuple((p.name, p.party) for p in v.voters),
                tuple(v.parties),
            )
            for v in decision.votes
        ),
        absences=tuple((a.person.name, a.person.party) for a in decision.absences),
    )


def _value(member: Any) -> str:
    return str(getattr(member, "value", member))
