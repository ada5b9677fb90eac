"""The ``decisions`` extractor: read an agenda item's decisions into a :class:`Decision`.

Every decision section of the item (``Beslutning``, ``Beslutning i Økonomiudvalget den …`` —
a chain has several) is a :class:`DecisionBlock`, with the body and date of its heading; a
paragraph inside a section that opens with a body and a date (``Økonomiudvalget, 31.10.2016
…``, ``Økonomiudvalgets beslutning i mødet den 31. marts 2020``) starts a block of its own, and
so does each step of a ``Sagsforløb`` (``Udvalg: Magistraten`` / ``Dato: 19-08-2025`` /
``Punktnummer: 6``, then the body's decision). The meeting's own decision is the last block
that names no body (its body and date are the meeting's). Each block's text is cut into
sentences, and each sentence is parsed with ``grammars/decision.lark``
(:mod:`referat_decisions.parse`):

* votes (``… stemmer for``, ``For stemte: A, B, F og Ø``, ``vedtaget med 34 stemmer imod
  15``), absences and amendments, named positions (``kunne (ikke) tiltræde``, ``tog
  forbehold``) and protocol remarks (``A bemærker, at …``, ``Protokolbemærkning …``);
* committee-less results: ``Godkendt.``, ``Til orientering.``, ``Orientering givet.``,
  ``Resolutionsteksten er dermed godkendt.``, ``At 1: Godkendt.`` (an outcome attributed to
  the block's body, else the meeting's committee), ``Ændringsforslaget er dermed
  bortfaldet.`` (the result of an amendment, not an outcome);
* committee sentences: an outcome each, read by :mod:`referat_decisions.outcomes`. A committee
  sentence later in a paragraph whose verb says nothing known (``Udvalget ønsker derfor også,
  at …``) carries on the outcome before it rather than starting a new one.

Attendance statements (``Afbud fra …``, ``X var fraværende``, ``Som stedfortræder deltog Y``,
``Fraværende:`` and the lines under it …) are read with :mod:`referat.attendance` from the
decision blocks, from ``Fraværende``/``Afbud`` sections of the item and from its preamble; those
that say a member did not take part in this item are absences too.

Sentences that parse as nothing carry on the outcome, amendment or remark before them in the
same paragraph. One that looks like a vote or an absence but does not parse is reported as a
warning (``decision-unparsed-sentence``); any other unplaced sentence as info
(``decision-unclassified-sentence``): no sentence is dropped silently. Absence sentences are
also read from the item's other sections, but only there where the text states them: a
meeting-level absence is never copied to other items.
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterable
from typing import Final

from attrs import define

from referat.attendance import Found, label_end, label_status, leading_label, scan_attendance
from referat.models import (
    AgendaItem,
    Attendance,
    AttendanceStatus,
    Heading,
    ListBlock,
    ListItem,
    Paragraph,
    Section,
    SectionKind,
    Severity,
    Span,
    TableBlock,
    TextPiece,
)
from referat.runner import Context
from referat.vocabulary import find_date
from referat_decisions.committee import meeting_committee
from referat_decisions.models import (
    Absence,
    AbsenceScope,
    Amendment,
    AmendmentResult,
    Decision,
    DecisionBlock,
    NamedPosition,
    Outcome,
    OutcomeKind,
    Person,
    Position,
    Remark,
    Vote,
)
from referat_decisions.outcomes import Predicate, read_predicate
from referat_decisions.parse import (
    AbsenceSentence,
    AmendmentSentence,
    CountedSentence,
    Mention,
    OutcomeSentence,
    PositionSentence,
    RemarkSentence,
    ResultSentence,
    VoteSentence,
    is_committee,
    parse_people,
    parse_sentence,
    start_document,
)
from referat_decisions.sentences import first_sentence, split_sentences

Text = Paragraph | ListItem

#: A sentence with one of these words is meant to be a vote, an absence or an amendment.
PEOPLE_WORDS: Final = re.compile(
    r"\b(?:stemmer|stemte|undlader|undlod|deltog|ændringsforslag\w*|fraværende)\b", re.IGNORECASE
)

#: Result aliases of the grammar → outcome kinds.
RESULT_OUTCOME: Final = {
    "approved": OutcomeKind.APPROVED,
    "recommended": OutcomeKind.RECOMMENDED,
    "discussed": OutcomeKind.DISCUSSED,
    "noted": OutcomeKind.NOTED,
    "rejected": OutcomeKind.REJECTED,
    "fell": OutcomeKind.REJECTED,  # "Forslaget er dermed bortfaldet." with no amendment to fall
    "postponed": OutcomeKind.POSTPONED,
    "withdrawn": OutcomeKind.WITHDRAWN,
    "forwarded": OutcomeKind.FORWARDED,
}

#: A party letter standing for its members in a vote or a position: ``A``, ``Ø``, ``SF``.
PARTY_LETTERS: Final = re.compile(r"[A-ZÆØÅ]{1,3}")

#: A result about another agenda item: ``Punkt 15 udgår``, ``Sag 3 udgår.`` (an agenda change).
OTHER_ITEM: Final = re.compile(r"(?:Punkt|Punkterne|Pkt\.?|Sag|Sagerne|Dagsordenspunkt)\s+\d")

#: A paragraph of a decision section that opens a body's block: ``Økonomiudvalget, 31.10.2016``,
#: ``Kultur- og Demokratiudvalget, 03.09.2018``, ``Byrådet, 22.11.2016``, ``Økonomiudvalget
#: 17-05-2022``. Bounded and anchored: linear.
BLOCK_HEADER: Final = re.compile(
    r"(?P<body>[A-ZÆØÅ][\w\-]{0,40}(?:[ \t]og[ \t][A-ZÆØÅ][\w\-]{0,40})?"
    r"(?:udvalget|udvalg|rådet|Byråd|bestyrelsen|Direktionen|Magistraten)"
    r"(?:[ \t]\([^()\n]{1,20}\))?)"
    r",?[ \t]{1,3}(?:den[ \t]{1,3})?"
    r"(?P<day>\d{1,2})[.\-](?P<month>\d{1,2})[.\-](?P<year>\d{4})\b[ \t:]*"
)

#: The remark of a routing sentence, whose clause may report a body's decision: ``Fremsendes
#: til Aarhus Byråd med bemærkning, at Magistraten …``, ``Tilbagesendes … med bemærkning, at
#: byrådet …``. "(?<!\S)" starts a match only at a word: linear.
ROUTING_REMARK: Final = re.compile(r"(?<!\S)med\s{1,3}bemærkning(?:en)?\s{0,3},?\s{1,3}at\s{1,3}")

#: The meeting a reported decision names: ``i mødet den``, ``i sit møde den``, ``den``.
REPORTED_MEETING: Final = re.compile(
    r"(?:(?:i|på)\s{1,3}(?:mødet|sit\s{1,3}møde)\s{1,3})?(?:den|d\.)\s{1,3}"
)
_REMARK_WORD: Final = re.compile(r"[^\s,.:;]+")
#: A body written in lower case or without the article (``byrådet``, ``Aarhus Byråd``), which
#: :func:`is_committee` does not know.
_BODY_NAME: Final = re.compile(
    r"[Bb]yråd(?:et)?|[Rr]egionsråd(?:et)?|[Mm]agistraten|[Dd]irektionen"
)


def read_reported(text: str) -> tuple[str, dt.date | None, int] | None:
    """The body a remark opens with, the meeting date it names, and where the predicate
    starts: ``Magistraten i mødet den 19. august 2025 anbefaler, at …`` → ``("Magistraten",
    2025-08-19, 48)``. ``None`` when the remark does not open with a body (``at sagen …``)."""
    words = list(itertools.islice(_REMARK_WORD.finditer(text), 6))
    body_end = None
    for index, word in enumerate(words):
        value = word.group()
        if is_committee(value) or _BODY_NAME.fullmatch(value):
            body_end = word.end()
            break
        if not (value[0].isupper() or value == "og" or value.endswith("-")):
            return None  # "at sagen …", "at Magistratens indstilling …"
        if index == len(words) - 1:
            return None
    if body_end is None:
        return None
    body = " ".join(text[:body_end].split())
    position = body_end + len(text[body_end:]) - len(text[body_end:].lstrip())
    date = None
    meeting = REPORTED_MEETING.match(text, position)
    if meeting is not None:
        found = find_date(text[meeting.end() : meeting.end() + 40])
        if found is not None and found[2] == 0:
            date = found[0]
            position = meeting.end() + found[3]
            position += len(text[position:]) - len(text[position:].lstrip(" \t\n,"))
    return body, date, position


def reported_decision(text: str) -> tuple[str, dt.date | None, Predicate] | None:
    """The body, meeting date and predicate of the decision a routing remark reports
    (``Magistraten i mødet den 19. august 2025 anbefaler, at …``, without the final full
    stop); ``None`` when the remark names no body or its verb says nothing known."""
    reported = read_reported(text)
    if reported is None:
        return None
    body, date, start = reported
    predicate = read_predicate(text[start:])
    if predicate.kind is OutcomeKind.OTHER:
        return None
    return body, date, predicate


#: A routing verb opening a sentence: the case is sent on or back.
ROUTING: Final = re.compile(r"(?:Fremsendes|Oversendes|Tilbagesendes|Videresendes)\b")


def _unheaded_decision(item: AgendaItem) -> Paragraph | None:
    """The decision of an item that has no decision section, when its preamble holds one in
    the form of a routing sentence whose remark reports a body's decision (Aarhus: ``Punkt 21:
    Lukket: …`` / ``EMN-2025-007940`` / ``Tilbagesendes … med bemærkning, at byrådet i sit møde
    den 27. august 2025 har vedtaget …``). Any other preamble text is no decision."""
    if item.sections_of(SectionKind.DECISION):
        return None
    for block in item.preamble:
        if not isinstance(block, Paragraph) or ROUTING.match(block.text) is None:
            continue
        first = first_sentence(block.text)
        if first is None:  # (not so: the text opens with a routing verb)
            continue
        sentence = block.text[first[0] : first[1]]
        remark = ROUTING_REMARK.search(sentence)
        if remark is not None and reported_decision(sentence[remark.end() :].rstrip(" .")):
            return block
    return None


#: A sentence about a majority or the whole of the body (``Et flertal i udvalget …``, ``Et
#: enigt udvalg …``): an outcome only when its verb says what was decided.
MAJORITY: Final = re.compile(r"\W{0,4}Et[ \t\n]+(?:flertal|enigt|samlet)\b")

#: Result aliases that can be the result of an amendment.
RESULT_AMENDMENT: Final = {
    "approved": AmendmentResult.ADOPTED,
    "fell": AmendmentResult.FELL,
    "rejected": AmendmentResult.REJECTED,
    "withdrawn": AmendmentResult.WITHDRAWN,
}


@define
class _OutcomeDraft:
    """An outcome being read; ``start``/``end`` are offsets into ``node.text``."""

    node: Text
    start: int
    end: int
    kind: OutcomeKind
    committee: str | None
    committee_inferred: bool
    verb: str | None
    object: str | None
    addition: str | None = None
    addition_span: Span | None = None
    awaits_addition: bool = False
    clause: str | None = None
    date: dt.date | None = None
    embedded: bool = False


@define
class _RemarkDraft:
    """A protocol remark being read; its text may go on over the next sentences."""

    node: Text
    start: int
    end: int
    text_start: int | None
    authors: tuple[Person, ...]
    parties: tuple[str, ...]


@define
class _AmendmentDraft:
    node: Text
    start: int
    end: int
    text_start: int
    proposers: tuple[Person, ...]
    result: AmendmentResult | None = None
    result_span: Span | None = None
    text: str | None = None  # set when the amendment is known only from its result


class _Reader:
    """Reads the sentences of one decision block (or of the item's other texts), in order."""

    def __init__(self, ctx: Context, item: AgendaItem, body: str | None = None) -> None:
        self.ctx = ctx
        self.item = item
        self.body = body  # the block's body from its heading; None: the meeting's committee
        self.outcomes: list[_OutcomeDraft] = []
        self.votes: list[Vote] = []
        self.amendments: list[_AmendmentDraft] = []
        self.absences: list[Absence] = []  # read by the grammar
        self.stated: list[Absence] = []  # read by the attendance reader
        self.attendance: list[Attendance] = []
        self.positions: list[NamedPosition] = []
        self.remarks: list[_RemarkDraft] = []
        self.label: AttendanceStatus | None = None  # a "Fraværende" label above the next block
        self._committee: tuple[str | None] | None = None

    # -- the decision section --------------------------------------------------------------
    def read_blocks(self, blocks: Iterable[object], first_offset: int = 0) -> None:
        waiting: _OutcomeDraft | None = None
        offset = first_offset
        for block in blocks:
            if waiting is not None:
                if isinstance(block, Paragraph | ListBlock | Heading):
                    self._addition_block(waiting, block)
                    waiting = None
                    continue
                self._missing_addition(waiting)
                waiting = None
            if isinstance(block, Paragraph | ListItem):  # a list item: a dated entry
                waiting = self.read_text(block, offset)
            elif isinstance(block, Heading):
                # A plain line ending in ":" can be read as a sub-heading ("… godkender
                # indstillingen med følgende tilføjelse:", 001:389); it is a sentence here.
                waiting = self.read_text(_as_paragraph(block, self.ctx), offset)
            elif isinstance(block, ListBlock):
                label = self.label
                for list_item in block.items:
                    self.label = label  # the label covers every item of the list
                    waiting = self.read_text(list_item) or waiting
                self.label = None
            elif isinstance(block, TableBlock):
                self.ctx.report(
                    Severity.INFO,
                    "decision-block-ignored",
                    f"a {type(block).__name__} in a decision is not read by the decisions plugin",
                    block.span,
                )
            offset = 0
        if waiting is not None:
            self._missing_addition(waiting)

    def _missing_addition(self, draft: _OutcomeDraft) -> None:
        self.ctx.report(
            Severity.WARNING,
            "decision-addition-missing",
            'the decision announces an addition ("med følgende tilføjelse:") that does not '
            "follow it",
            self._span(draft.node, draft.start, draft.end),
        )

    def read_text(self, node: Text, offset: int = 0) -> _OutcomeDraft | None:
        """Read a paragraph from ``offset``; return an outcome that awaits its addition in the
        next block."""
        text = node.text
        status = label_status(text[offset:])
        if status is not None:  # "Fraværende:", "Afbud" alone: the next block lists people
            self.label = status
            return None
        label_in = self.label
        statements = self.read_attendance(node, offset)
        if not statements and (skip := label_end(text[offset:])):
            offset += skip  # "Fraværende: Godkendt.": an empty label, then the decision
            if offset >= len(text):
                return None
        target: _OutcomeDraft | _AmendmentDraft | _RemarkDraft | None = None
        index = _Statements(statements)
        sentences = _split_at_statements(text, _sentences(text, offset), index)
        for start, end in sentences:
            if target is not None and start < target.end:
                continue  # consumed by an addition
            sentence = text[start:end]
            parsed = parse_sentence(sentence)
            stated = index.overlaps(start, end)
            if isinstance(parsed, VoteSentence):
                self._vote(node, start, end, parsed)
                target = None
            elif isinstance(parsed, AbsenceSentence):
                self.read_absence(node, start, end, parsed)
                target = None
            elif isinstance(parsed, AmendmentSentence):
                target = self._amendment(node, start, end, parsed)
            elif isinstance(parsed, PositionSentence):
                self._position(node, start, end, parsed)
                target = None
            elif isinstance(parsed, RemarkSentence):
                target = self._remark(node, start, end, parsed)
            elif isinstance(parsed, CountedSentence):
                target = self._counted(node, start, end, parsed)
            elif isinstance(parsed, ResultSentence):
                target = self._result(node, start, end, parsed)
            elif isinstance(parsed, OutcomeSentence):
                target = self._outcome(node, start, end, parsed, target)
            elif stated:
                target = None  # an attendance statement, read above
            elif PEOPLE_WORDS.search(sentence):
                self.ctx.report(
                    Severity.WARNING,
                    "decision-unparsed-sentence",
                    f"this looks like a vote, an absence or an amendment but does not parse: "
                    f"{sentence!r}",
                    self._span(node, start, end),
                )
            elif target is not None:
                target.end = end  # the sentence carries on the outcome, amendment or remark
            else:
                self._unclassified(node, sentence, start, end)
        if statements and all(index.overlaps(s, e) for s, e in sentences):
            # A list of people and nothing else ("Tilstede var: Overborgmester Frank Jensen"):
            # the next block may go on with the list.
            self.label = label_in or leading_label(text[offset:])
        if isinstance(target, _OutcomeDraft) and target.awaits_addition:
            return target
        return None

    def read_attendance(self, node: Text, offset: int = 0) -> list[tuple[int, int]]:
        """Read the attendance statements of ``node``; return their offsets."""
        text = node.text
        label, self.label = self.label, None
        if not _may_state_attendance(text, label):
            return []
        found = scan_attendance(text[offset:], status=label)
        ranges: list[tuple[int, int]] = []
        for f in found:
            start, end = f.start + offset, f.end + offset
            ranges.append((start, end))
            self.attendance.append(
                Attendance(
                    name=f.name,
                    status=f.status,
                    span=self._span(node, start, end),
                    party=f.party,
                    substitute_for=f.substitute_for,
                    items=f.items,
                )
            )
            self._attendance_absence(node, offset, f)
        return ranges

    def _attendance_absence(self, node: Text, offset: int, found: Found) -> None:
        """An absence from an attendance statement, when it says the member missed this item
        (and the grammar has not read the same absence)."""
        if found.status not in (AttendanceStatus.ABSENT, AttendanceStatus.CONFLICT):
            return
        if found.items and self.item.number not in found.items:
            return  # "deltog ikke under punkterne 12-15", read in item 1
        start, end = found.start + offset, found.end + offset
        statement = node.text[start:end].lower()
        scope = AbsenceScope.MEETING if "mødet" in statement else AbsenceScope.ITEM
        person = Person(
            name=found.name,
            role=None,
            role_raw=None,
            party=found.party,
            span=self._span(node, found.name_start + offset, found.name_end + offset),
        )
        self.stated.append(Absence(person, scope, self._span(node, start, end)))

    def all_absences(self) -> list[Absence]:
        """The absences the grammar read, then those only the attendance reader found, in
        document order."""
        named = {a.person.name for a in self.absences}
        extra: list[Absence] = []
        for absence in self.stated:  # once per person ("Afbud fra X" and "Afbud: X")
            if absence.person.name not in named:
                named.add(absence.person.name)
                extra.append(absence)
        return sorted(self.absences + extra, key=lambda a: a.span.start)

    def _addition_block(self, draft: _OutcomeDraft, block: Paragraph | ListBlock | Heading) -> None:
        draft.awaits_addition = False
        if isinstance(block, Heading):
            block = _as_paragraph(block, self.ctx)
        if isinstance(block, Paragraph):
            draft.addition = block.text
            draft.addition_span = self._span(block, 0, len(block.text))
        else:
            draft.addition = "\n".join(item.text for item in block.items)
            draft.addition_span = block.span

    # -- one sentence each ------------------------------------------------------------------
    def _people(
        self, node: Text, start: int, mentions: Iterable[Mention]
    ) -> tuple[tuple[Person, ...], tuple[str, ...]]:
        """The members named, and the party letters standing for members (``A, B og Ø``)."""
        people: list[Person] = []
        parties: list[str] = []
        for mention in mentions:
            if mention.role is None and mention.party is None and _is_party(mention.name):
                parties.append(mention.name)
            else:
                people.append(self._person(node, start, mention))
        return tuple(people), tuple(parties)

    def _vote(self, node: Text, start: int, end: int, parsed: VoteSentence) -> None:
        voters, parties = self._people(node, start, parsed.voters)
        span = self._span(node, start, end)
        self.votes.append(
            Vote(parsed.position, parsed.subject, voters, parsed.others, span, parties)
        )

    def read_absence(self, node: Text, start: int, end: int, parsed: AbsenceSentence) -> None:
        span = self._span(node, start, end)
        for mention in parsed.people:
            self.absences.append(Absence(self._person(node, start, mention), parsed.scope, span))

    def _amendment(
        self, node: Text, start: int, end: int, parsed: AmendmentSentence
    ) -> _AmendmentDraft:
        proposers = tuple(self._person(node, start, m) for m in parsed.proposers)
        draft = _AmendmentDraft(node, start, end, start + parsed.text_start, proposers)
        self.amendments.append(draft)
        return draft

    def _position(self, node: Text, start: int, end: int, parsed: PositionSentence) -> None:
        people, parties = self._people(node, start, parsed.people)
        span = self._span(node, start, end)
        self.positions.append(NamedPosition(parsed.stance, people, parties, parsed.text, span))

    def _remark(self, node: Text, start: int, end: int, parsed: RemarkSentence) -> _RemarkDraft:
        authors, parties = self._people(node, start, parsed.people)
        text_start = None if parsed.text_start is None else start + parsed.text_start
        draft = _RemarkDraft(node, start, end, text_start, authors, parties)
        self.remarks.append(draft)
        return draft

    def _counted(
        self, node: Text, start: int, end: int, parsed: CountedSentence
    ) -> _OutcomeDraft | _AmendmentDraft | None:
        span = self._span(node, start, end)
        for count in parsed.counts:
            self.votes.append(
                Vote(count.position, None, (), False, span, count.parties, count.count)
            )
        return self._result(node, start, end, parsed.result)

    def _result(
        self, node: Text, start: int, end: int, parsed: ResultSentence
    ) -> _OutcomeDraft | _AmendmentDraft | None:
        span = self._span(node, start, end)
        subject = (parsed.subject or "").lower()
        if parsed.subject is not None and OTHER_ITEM.match(parsed.subject):
            self.ctx.report(
                Severity.INFO,
                "decision-agenda-change",
                f"a change to the agenda, not this item's outcome: {node.text[start:end]!r}",
                span,
            )
            return None
        open_amendment = next((a for a in reversed(self.amendments) if a.result is None), None)
        about_amendment = subject.startswith("ændringsforslag") or (
            parsed.kind == "fell" and open_amendment is not None
        )
        if about_amendment and parsed.kind in RESULT_AMENDMENT:
            if open_amendment is None:  # the result is the only trace of the amendment
                open_amendment = _AmendmentDraft(node, start, end, start, ())
                open_amendment.text = parsed.subject
                self.amendments.append(open_amendment)
            open_amendment.result = RESULT_AMENDMENT[parsed.kind]
            open_amendment.result_span = span
            return None
        draft = _OutcomeDraft(
            node,
            start,
            end,
            RESULT_OUTCOME[parsed.kind],
            self.block_committee(),
            committee_inferred=True,
            verb=parsed.verb,
            object=_result_object(parsed),
            clause=parsed.clause,
        )
        self.outcomes.append(draft)
        if draft.kind is OutcomeKind.FORWARDED:
            self._routing_remark(draft, start)
        return draft

    def _outcome(
        self,
        node: Text,
        start: int,
        end: int,
        parsed: OutcomeSentence,
        target: _OutcomeDraft | _AmendmentDraft | _RemarkDraft | None,
    ) -> _OutcomeDraft | _AmendmentDraft | _RemarkDraft | None:
        sentence = node.text[start:end]
        predicate_text = sentence[parsed.predicate_start : parsed.predicate_end]
        predicate = read_predicate(predicate_text)
        if target is not None and predicate.kind is OutcomeKind.OTHER:
            target.end = end  # "Udvalget ønsker derfor også, at …" carries on
            return target
        if predicate.kind is OutcomeKind.OTHER and MAJORITY.match(sentence):
            # "Et flertal bag Budget 2020 indgik …": a majority, but of no decision
            self._unclassified(node, sentence, start, end)
            return None
        committee, inferred = parsed.committee, False
        if committee is None:  # "Udvalget …": the meeting's committee
            committee, inferred = self.block_committee(), True
        draft = _OutcomeDraft(
            node,
            start,
            end,
            predicate.kind,
            committee,
            committee_inferred=inferred,
            verb=predicate.verb or None,
            object=predicate.object,
            clause=parsed.clause,
        )
        if predicate.addition_start is not None:
            addition_start = start + parsed.predicate_start + predicate.addition_start
            draft.addition = node.text[addition_start:].strip()
            draft.addition_span = self._span(node, addition_start, len(node.text.rstrip()))
            draft.end = len(node.text.rstrip())  # the addition runs to the end of the paragraph
        draft.awaits_addition = predicate.addition_next
        self.outcomes.append(draft)
        if draft.kind is OutcomeKind.FORWARDED and draft.addition is None:
            self._routing_remark(draft, start + parsed.predicate_start)
        return draft

    def _routing_remark(self, routing: _OutcomeDraft, start: int) -> None:
        """The remark of a routing sentence from ``start`` on (``Fremsendes til Aarhus Byråd
        med bemærkning, at Magistraten i mødet den 19. august 2025 anbefaler, at …``): the
        remark is the routing's addition, and the decision it reports an outcome of its own."""
        text = routing.node.text
        end = routing.end
        remark = ROUTING_REMARK.search(text, start, end)
        if remark is None:
            return
        stop = end  # the remark's end, before the sentence's final stop and white space
        while stop > start and text[stop - 1] in " \t\n.":
            stop -= 1
        if stop <= remark.end():
            return
        if routing.object is not None:  # what is routed: up to the remark
            cut = ROUTING_REMARK.search(routing.object)
            if cut is not None:
                routing.object = routing.object[: cut.start()].rstrip(" ,") or None
        routing.addition = text[remark.end() : stop]
        routing.addition_span = self._span(routing.node, remark.end(), stop)
        reported = reported_decision(text[remark.end() : stop])
        if reported is None:
            return  # no body, or a decision the plugin does not know
        body, date, predicate = reported
        self.outcomes.append(
            _OutcomeDraft(
                routing.node,
                remark.end(),
                end,
                predicate.kind,
                body,
                committee_inferred=False,
                verb=predicate.verb or None,
                object=predicate.object,
                date=date,
                embedded=True,
            )
        )

    # -- results ---------------------------------------------------------------------------
    def meeting_committee(self) -> str | None:
        if self._committee is None:
            self._committee = (meeting_committee(self.ctx),)
        return self._committee[0]

    def block_committee(self) -> str | None:
        """The body a committee-less outcome belongs to: the block's, else the meeting's."""
        return self.body if self.body is not None else self.meeting_committee()

    def block(
        self,
        span: Span,
        body: str | None,
        date: dt.date | None,
        heading: str | None,
        *,
        body_inferred: bool = False,
        date_inferred: bool = False,
    ) -> DecisionBlock:
        outcomes = [self._freeze_outcome(d) for d in self.outcomes]
        if not outcomes and self.votes:
            inferred = self._inferred_outcome()
            if inferred is not None:
                outcomes.append(inferred)
        return DecisionBlock(
            body=body,
            date=date,
            span=span,
            heading=heading,
            outcomes=tuple(outcomes),
            votes=tuple(self.votes),
            amendments=tuple(self._freeze_amendment(d) for d in self.amendments),
            absences=tuple(self.all_absences()),
            attendance=tuple(self.attendance),
            positions=tuple(self.positions),
            remarks=tuple(self._freeze_remark(d) for d in self.remarks),
            body_inferred=body_inferred,
            date_inferred=date_inferred,
        )

    def _freeze_outcome(self, draft: _OutcomeDraft) -> Outcome:
        return Outcome(
            kind=draft.kind,
            committee=draft.committee,
            committee_inferred=draft.committee_inferred,
            verb=draft.verb,
            object=draft.object,
            addition=draft.addition,
            inferred=False,
            span=self._span(draft.node, draft.start, draft.end),
            addition_span=draft.addition_span,
            text=draft.node.text[draft.start : draft.end],
            clause=draft.clause,
            date=draft.date,
            embedded=draft.embedded,
        )

    def _freeze_remark(self, draft: _RemarkDraft) -> Remark:
        text = None
        if draft.text_start is not None:
            text = " ".join(draft.node.text[draft.text_start : draft.end].split())
            text = text.removesuffix(".").rstrip() or None
        span = self._span(draft.node, draft.start, draft.end)
        return Remark(draft.authors, draft.parties, text, span)

    def _freeze_amendment(self, draft: _AmendmentDraft) -> Amendment:
        text = draft.text
        if text is None:
            text = draft.node.text[draft.text_start : draft.end].strip()
            text = text.removesuffix(".").rstrip()
        proposer = draft.proposers[0] if draft.proposers else None
        return Amendment(
            proposer=proposer,
            text=" ".join(text.split()),
            result=draft.result,
            span=self._span(draft.node, draft.start, draft.end),
            result_span=draft.result_span,
            co_proposers=draft.proposers[1:],
        )

    def _inferred_outcome(self) -> Outcome | None:
        """With votes but no outcome sentence, the kind follows from the tally."""
        proposers = {p.name for a in self.amendments for p in a.proposers}
        votes = [v for v in self.votes if not _about_amendment(v, proposers)]
        tally = {Position.FOR: 0, Position.AGAINST: 0}
        unknown = False
        for vote in votes:
            if vote.position in tally:
                tally[vote.position] += vote.tally
                unknown = unknown or (vote.others and not vote.voters)
                unknown = unknown or (bool(vote.parties) and vote.count is None)
        kind = None
        if not unknown and tally[Position.FOR] != tally[Position.AGAINST]:
            won = tally[Position.FOR] > tally[Position.AGAINST]
            kind = OutcomeKind.APPROVED if won else OutcomeKind.REJECTED
        if kind is None:
            self.ctx.report(
                Severity.INFO,
                "decision-outcome-undetermined",
                f"the decision records votes but no outcome, and the tally (for "
                f"{tally[Position.FOR]}, against {tally[Position.AGAINST]}) does not decide it",
                votes[0].span if votes else self.votes[0].span,
            )
            return None
        return Outcome(
            kind=kind,
            committee=self.block_committee(),
            committee_inferred=True,
            verb=None,
            object=None,
            addition=None,
            inferred=True,
            span=None,
        )

    # -- helpers ---------------------------------------------------------------------------
    def _unclassified(self, node: Text, sentence: str, start: int, end: int) -> None:
        self.ctx.report(
            Severity.INFO,
            "decision-unclassified-sentence",
            f"a sentence of the decision that is neither an outcome, a vote nor an absence: "
            f"{sentence!r}",
            self._span(node, start, end),
        )

    def _span(self, node: Text, start: int, end: int) -> Span:
        """``ctx.text_span(node, start, end)``: a text of one source slice (no pieces) by
        addition, a joined one through its piece map, each asked about the pieces once."""
        pieces = node.pieces
        if not pieces:
            base = node.span.start
            return self.ctx.span(base + start, base + (end if end > start else start))
        first = pieces.source_offset(start)
        return self.ctx.span(first, pieces.source_offset(end - 1) + 1 if end > start else first)

    def _person(self, node: Text, start: int, mention: Mention) -> Person:
        return Person(
            name=mention.name,
            role=mention.role,
            role_raw=mention.role_raw,
            party=mention.party,
            span=self._span(node, start + mention.start, start + mention.end),
        )


def _as_paragraph(heading: Heading, ctx: Context) -> Paragraph:
    """A heading's text as a paragraph whose offsets map into the source."""
    found = ctx.source_text(heading.span).find(heading.text)
    if found < 0:  # a title wrapped over lines: offsets from the heading's start
        return Paragraph(heading.text, heading.span)
    start = heading.span.start + found
    piece = TextPiece(0, start, start + len(heading.text))
    return Paragraph(heading.text, heading.span, (piece,))


def _about_amendment(vote: Vote, proposers: set[str]) -> bool:
    subject = (vote.subject or "").lower()
    if subject.startswith("ændringsforslag"):
        return True
    return any(subject == f"forslaget fra {name.lower()}" for name in proposers)


def _other_texts(item: AgendaItem, taken: set[int], phrase: str) -> list[Text]:
    """The paragraphs and list items that contain ``phrase``, of the item outside its decision
    sections (and outside the preamble paragraphs read as its decision: ``taken``, their ids).
    (One plain loop: an item has many paragraphs, and few contain the phrase.)"""
    found: list[Text] = []
    decision = SectionKind.DECISION
    preamble = [b for b in item.preamble if id(b) not in taken]
    blocks = itertools.chain(preamble, *(s.blocks for s in item.sections if s.kind is not decision))
    for block in blocks:
        if isinstance(block, Paragraph):
            if phrase in block.text:
                found.append(block)
        elif isinstance(block, ListBlock):
            found.extend(list_item for list_item in block.items if phrase in list_item.text)
    return found


#: The words every absence sentence the grammar reads has (``… deltog ikke i mødet``).
ABSENCE_PHRASE: Final = "deltog ikke"


def _stated_absences(reader: _Reader, texts: Iterable[Text]) -> None:
    """Absence sentences outside the decision; only members named with a role or party."""
    for node in texts:
        if ABSENCE_PHRASE not in node.text:
            continue
        for start, end in split_sentences(node.text):
            sentence = node.text[start:end]
            if ABSENCE_PHRASE not in sentence:
                continue
            parsed = parse_people(sentence)
            if isinstance(parsed, AbsenceSentence) and all(
                m.role is not None or m.party is not None for m in parsed.people
            ):
                reader.read_absence(node, start, end, parsed)


def _attendance_texts(reader: _Reader, item: AgendaItem, attached: set[int]) -> None:
    """Attendance statements in the item's preamble and its attendance sections
    (``Fraværende``, ``Afbud``) that no decision section took (``attached``: their ids), read
    with the label of the section's heading. (The ids in ``attached`` may also be preamble
    paragraphs read as the item's decision.)"""
    for block in item.preamble:
        if isinstance(block, Paragraph | ListBlock) and id(block) not in attached:
            _read_attendance_block(reader, block)
    for section in item.sections_of(SectionKind.ATTENDANCE):
        if id(section) in attached:
            continue
        label = label_status(section.name)
        for block in section.blocks:
            reader.label = label  # every block of the section lists people under it
            _read_attendance_block(reader, block)
        reader.label = None


def _read_attendance_block(reader: _Reader, block: object) -> None:
    if isinstance(block, Paragraph):
        status = label_status(block.text)
        if status is not None:
            reader.label = status
            return
        reader.read_attendance(block)
    elif isinstance(block, Heading):
        reader.label = label_status(block.text)
    elif isinstance(block, ListBlock):
        label = reader.label
        for list_item in block.items:
            reader.label = label
            reader.read_attendance(list_item)
        reader.label = None


@define
class _BlockPlan:
    """A decision block to read: its blocks, body and date, and where its text starts."""

    blocks: list[object]
    body: str | None
    date: dt.date | None
    heading: str | None
    start: int
    end: int
    offset: int = 0  # where the first paragraph's text starts (after a body header)


def _decision_sections(item: AgendaItem) -> tuple[list[Section], set[int]]:
    """The item's decision sections, with the attendance sections right after one of them
    (``Beslutning i Økonomiudvalget den …`` / ``Fraværende:`` / ``Godkendt.``): those belong
    to the decision. Returns the sections and the ids of the attendance sections taken."""
    taken: list[Section] = []
    attached: set[int] = set()
    after_decision = False
    for section in item.sections:
        if section.kind is SectionKind.DECISION:
            taken.append(section)
            after_decision = True
        elif section.kind is SectionKind.ATTENDANCE and after_decision:
            taken.append(section)
            attached.add(id(section))
        else:
            after_decision = False
    return taken, attached


def _plans(sections: Iterable[Section]) -> list[_BlockPlan]:
    """One plan per decision section, split where a paragraph opens with a body and a date
    (``Økonomiudvalget, 31.10.2016 Jette Leth Buhl var fraværende. Anbefales.``,
    ``Økonomiudvalgets beslutning i mødet den 31. marts 2020``) and where a step of the chain
    starts (``Udvalg: Magistraten`` / ``Dato: 19-08-2025`` / ``Punktnummer: 6``). An attendance
    section after a decision section goes on with its plan, its heading read as a label."""
    plans: list[_BlockPlan] = []
    for section in sections:
        if section.kind is SectionKind.ATTENDANCE and plans:
            plan = plans[-1]
            plan.blocks += [section.heading, *section.blocks]
            plan.end = max(plan.end, section.span.end)
            continue
        plan = _BlockPlan(
            [], section.body, section.date, section.name, section.span.start, section.span.end
        )
        plans.append(plan)
        for block in section.blocks:
            step = _step_labels(block)
            if step is not None:
                plan = _step_plan(plans, plan, block.span.start, step, section.span.end)
                if not step.end:
                    continue  # the labels are the whole paragraph
                plan.blocks.append(block)
                plan.offset = step.end
                continue
            if isinstance(block, ListBlock) and _dated_entry(block.items[0]) is not None:
                # "18. september 2012: Sagen udsat …" lexed as a list item numbered "18."
                for list_item in block.items:
                    plan = _entry_plan(plans, plan, section, list_item)
                continue
            if _dated_entry(block) is not None:
                plan = _entry_plan(plans, plan, section, block)
                continue
            header = _block_header(block)
            if header is not None:
                body, date, header_text, offset = header
                if plan.blocks or plan.body is not None:
                    plan.end = block.span.start
                    plan = _BlockPlan([], None, None, None, block.span.start, section.span.end)
                    plans.append(plan)
                plan.body, plan.date, plan.heading, plan.offset = body, date, header_text, offset
                if not offset:
                    continue  # the header is the whole paragraph
            plan.blocks.append(block)
    return [p for p in plans if p.blocks or p.body is not None or p.heading is not None]


def _entry_plan(
    plans: list[_BlockPlan], plan: _BlockPlan, section: Section, block: object
) -> _BlockPlan:
    """The plan ``block`` goes in: a dated entry opens one of the section's body (the
    section's own plan while it is empty and undated), anything else goes on the current."""
    entry = _dated_entry(block)
    if entry is None:
        plan.blocks.append(block)
        return plan
    date, label, offset = entry
    if plan.blocks or plan.date is not None:
        plan.end = _start_of(block)
        plan = _BlockPlan([], section.body, None, None, _start_of(block), section.span.end)
        plans.append(plan)
    plan.date, plan.offset = date, offset
    plan.heading = f"{plan.heading}\n{label}" if plan.heading else label
    if offset:  # else the date is all of it: an entry not written yet ("25. september 2012:")
        plan.blocks.append(block)
    return plan


def _start_of(block: object) -> int:
    span = getattr(block, "span", None)
    return span.start if isinstance(span, Span) else 0


_DIGIT: Final = re.compile(r"\d")

#: The number a list item gets from a date read as a list (``18.`` of ``18. september 2012:``).
_DAY_MARKER: Final = re.compile(r"\d{1,2}\.")


def _dated_entry(block: object) -> tuple[dt.date, str, int] | None:
    """A dated entry of the section's body opening ``block``: ``18. september 2012: Sagen udsat
    …`` (Region Hovedstaden's SBSYS writes one per meeting in ``FORRETNINGSUDVALGETS
    BESLUTNING``). Returns the date, the entry's label and where its text starts in
    ``block.text`` (0: nothing follows the label). A list item numbered with the day (``18.``)
    is read with its marker."""
    if isinstance(block, ListItem):
        if block.marker is None or not _DAY_MARKER.fullmatch(block.marker):
            return None
        shift = len(block.marker) + 1
        text = f"{block.marker} {block.text}"
    elif isinstance(block, Paragraph | Heading):
        shift, text = 0, block.text
    else:
        return None
    if _DIGIT.search(text, 0, 40) is None:
        return None  # no date: every date has digits (most blocks open with none)
    found = find_date(text[:40])
    if found is None or found[2] != 0 or found[1] is not None:
        return None
    colon = found[3] + len(text[found[3] :]) - len(text[found[3] :].lstrip(" \t"))
    if not text.startswith(":", colon):
        return None
    end = colon + 1
    rest = len(text[end:]) - len(text[end:].lstrip())
    label = text[:end]
    end = 0 if end + rest >= len(text) else end + rest - shift
    return found[0], label, end


def _block_header(block: object) -> tuple[str, dt.date, str, int] | None:
    """The body, date and text of a body header opening ``block``, and where the rest of its
    text starts (0: the header is all of it)."""
    if not isinstance(block, Paragraph | Heading):
        return None
    text = block.text
    # The day's digits stand within the first 131 characters of a header (the pattern's
    # bounds); most paragraphs have none there, and the pattern is slow to fail.
    match = BLOCK_HEADER.match(text) if _DIGIT.search(text, 0, 140) else None
    if match is not None and (date := _header_date(match)) is not None:
        body, end = match["body"], match.end()
    elif (dated := _dated_heading(text)) is not None:
        body, date, end = dated
    else:
        return None
    header = text[:end].strip()
    if end >= len(text.rstrip()):
        end = 0  # nothing after the header
    return body, date, header, end


#: A heading naming the body and the meeting, in a paragraph of a decision section:
#: ``Økonomiudvalgets beslutning i mødet den 31. marts 2020``, ``Beslutning i Byrådet den
#: 01-10-2018``, ``Byrådets beslutning den 26.11.2014:``. The date is read with
#: :func:`referat.vocabulary.find_date` right where the pattern ends.
DATED_HEADING: Final = re.compile(
    r"(?:(?P<genitive>[A-ZÆØÅ][\w\-]{1,40}(?:[ \t]og[ \t][A-ZÆØÅ][\w\-]{1,40})?)s"
    r"[ \t]{1,3}beslutning"
    r"|Beslutning[ \t]{1,3}(?:i|fra)[ \t]{1,3}"
    r"(?P<body>[A-ZÆØÅ][\w\-]{1,40}(?:[ \t]og[ \t][A-ZÆØÅ][\w\-]{1,40})?))"
    r"(?:[ \t]{1,3}(?:i|på)[ \t]{1,3}(?:mødet|sit[ \t]møde))?"
    r"[ \t,]{1,3}(?:(?:mandag|tirsdag|onsdag|torsdag|fredag|lørdag|søndag)[ \t]{1,3})?"
    r"(?:den|d\.)[ \t]{1,3}"
)


def _dated_heading(text: str) -> tuple[str, dt.date, int] | None:
    """The body, date and end of a dated decision heading opening ``text``."""
    if text.find("eslutning", 0, 110) < 0:
        return None  # "(B|b)eslutning" starts within 91 characters (the pattern's bounds)
    match = DATED_HEADING.match(text)
    if match is None:
        return None
    body = match["body"] or match["genitive"]
    if not is_committee(body) and not BODY_WORD.search(body):
        return None  # "Sagens beslutning den …" names no body
    found = find_date(text[match.end() : match.end() + 40])
    if found is None or found[2] != 0:
        return None
    end = match.end() + found[3]
    end += len(text[end:]) - len(text[end:].lstrip(" \t:."))
    return body, found[0], end


#: A body's name that :func:`is_committee` does not know: ``Byråd``, ``Magistraten``.
BODY_WORD: Final = re.compile(r"(?:[Bb]yråd|Magistrat|[Dd]irektion|[Rr]egionsråd)\w*$")


@define
class _Step:
    """The labels opening a step of a decision chain, and where the step's text starts (0: the
    labels are the whole paragraph)."""

    body: str | None
    date: dt.date | None
    text: str
    end: int


#: A label of a step of the chain: ``Udvalg: Magistraten``, ``Dato: 19-08-2025``,
#: ``Punktnummer: 6`` (Aarhus, First Agenda). A label's value runs to the next label.
STEP_LABEL: Final = re.compile(r"[ \t]*(?P<label>Udvalg|Dato|Punktnummer)[ \t]*:[ \t]*")
_STEP_NUMBER: Final = re.compile(r"\d{1,4}(?:\.\d{1,3})?\b")


def _step_labels(block: object) -> _Step | None:
    """The step labels opening ``block`` (each label at most once, in any order)."""
    if not isinstance(block, Paragraph | Heading):
        return None
    text = block.text
    position, found = 0, False
    body: str | None = None
    date: dt.date | None = None
    seen: set[str] = set()
    while (match := STEP_LABEL.match(text, position)) is not None and match["label"] not in seen:
        label, start = match["label"], match.end()
        seen.add(label)
        nxt = STEP_LABEL.search(text, start)
        if label == "Udvalg":
            stop = nxt.start() if nxt is not None else len(text)
            value = text[start:stop].strip()
            if not value or len(value) > 80 or value.endswith("."):
                return None  # a body is a short name, not a sentence
            body, position = value, stop
        elif label == "Dato":
            when = find_date(text[start : start + 40])
            if when is None or when[2] != 0:
                return None
            date, position = when[0], start + when[3]
        else:
            number = _STEP_NUMBER.match(text, start)
            if number is None:
                return None
            position = number.end()
        found = True
    if not found:
        return None
    rest = len(text) - len(text[position:].lstrip())
    end = 0 if rest >= len(text) else rest
    return _Step(body, date, text[:position].strip(), end)


def _step_plan(
    plans: list[_BlockPlan], plan: _BlockPlan, start: int, step: _Step, end: int
) -> _BlockPlan:
    """The plan a step's labels open or go on (``Dato:`` after ``Udvalg:``)."""
    goes_on = (
        step.body is None
        and not plan.blocks
        and plan.heading is not None
        and STEP_LABEL.match(plan.heading) is not None
    )
    if goes_on:
        plan.date = plan.date or step.date
        plan.heading = f"{plan.heading}\n{step.text}"
        return plan
    body, heading = step.body, step.text
    if body is None and plan.blocks and (glued := _glued_body(plan.blocks[-1])) is not None:
        body, heading = glued, f"Udvalg: {glued}\n{heading}"
    if plan.blocks or plan.body is not None:
        plan.end = start
        plan = _BlockPlan([], None, None, None, start, end)
        plans.append(plan)
    plan.body, plan.date, plan.heading = body, step.date, heading
    return plan


#: A step's ``Udvalg:`` line glued to the end of the text before it (a PDF line join:
#: ``… møde den 25. juni 2025. Udvalg: Økonomi- og Erhvervsudvalget`` / ``Dato: 20-08-2025``).
_GLUED_BODY: Final = re.compile(r"(?:^|[.!?][ \t]{1,3})Udvalg[ \t]*:[ \t]*(?P<body>[^.:\n]{2,80})$")


def _glued_body(block: object) -> str | None:
    if not isinstance(block, Paragraph):
        return None
    match = _GLUED_BODY.search(block.text[-100:].rstrip())
    return match["body"].strip() if match is not None else None


def _header_date(match: re.Match[str]) -> dt.date | None:
    try:
        return dt.date(int(match["year"]), int(match["month"]), int(match["day"]))
    except ValueError:
        return None


def extract_decision(item: AgendaItem, ctx: Context) -> Decision | None:
    """The decision of ``item``: ``None`` when it has no decision section and no absence."""
    start_document(ctx.doc)
    sections, attached = _decision_sections(item)
    plans = _plans(sections)
    unheaded = _unheaded_decision(item) if not sections else None
    if unheaded is not None:
        plans = [_BlockPlan([unheaded], None, None, None, unheaded.span.start, unheaded.span.end)]
    blocks: list[DecisionBlock] = []
    meeting = ctx.doc.meeting
    # The meeting's own decision: the last block that names no body (Aarhus writes it before
    # the steps that led to it), else the last block along the chain.
    unnamed = [index for index, plan in enumerate(plans) if plan.body is None]
    meetings = unnamed[-1] if unnamed else len(plans) - 1
    for index, plan in enumerate(plans):
        reader = _Reader(ctx, item, plan.body)
        reader.read_blocks(plan.blocks, plan.offset)
        body, date = plan.body, plan.date
        body_inferred = date_inferred = False
        if index == meetings:  # the meeting's body and date, if unsaid
            if body is None:
                body, body_inferred = reader.meeting_committee(), True
            if date is None and meeting is not None and meeting.date is not None:
                date, date_inferred = meeting.date, True
        span = ctx.span(plan.start, plan.end)
        blocks.append(
            reader.block(
                span,
                body,
                date,
                plan.heading,
                body_inferred=body_inferred,
                date_inferred=date_inferred,
            )
        )
    others = _Reader(ctx, item)
    taken = {id(unheaded)} if unheaded is not None else set()
    _stated_absences(others, _other_texts(item, taken, ABSENCE_PHRASE))
    _attendance_texts(others, item, attached | taken)
    absences = [a for b in blocks for a in b.absences] + others.all_absences()
    attendance = [a for b in blocks for a in b.attendance] + others.attendance
    if sections:
        span = ctx.span(sections[0].span.start, sections[-1].span.end)
    elif unheaded is not None:
        span = unheaded.span
    elif absences or attendance:
        spans = [a.span for a in absences] + [a.span for a in attendance]
        span = ctx.span(min(s.start for s in spans), max(s.end for s in spans))
    else:
        return None
    return Decision(
        outcomes=tuple(o for b in blocks for o in b.outcomes),
        votes=tuple(v for b in blocks for v in b.votes),
        amendments=tuple(a for b in blocks for a in b.amendments),
        absences=tuple(sorted(absences, key=lambda a: a.span.start)),
        span=span,
        blocks=tuple(blocks),
        attendance=tuple(sorted(attendance, key=lambda a: a.span.start)),
    )


def _sentences(text: str, offset: int) -> list[tuple[int, int]]:
    """The sentences of ``text`` from ``offset`` on."""
    if not offset:
        return split_sentences(text)
    return [(offset + s, offset + e) for s, e in split_sentences(text[offset:])]


class _Statements:
    """The offsets of a text's attendance statements, for overlap questions in log time (a
    paragraph may hold many sentences and many statements)."""

    def __init__(self, statements: list[tuple[int, int]]) -> None:
        ordered = sorted(statements)
        self.starts = [s for s, _ in ordered]
        self.reach: list[int] = []  # the furthest end among the statements up to each one
        for _, end in ordered:
            self.reach.append(max(end, self.reach[-1]) if self.reach else end)

    def overlaps(self, start: int, end: int) -> bool:
        """Does a statement overlap ``[start, end)``?"""
        before = bisect_left(self.starts, end)  # statements starting before ``end``
        return before > 0 and self.reach[before - 1] > start

    def first_inside(self, start: int, end: int) -> int | None:
        """The first statement start strictly inside ``(start, end)``."""
        k = bisect_right(self.starts, start)
        return self.starts[k] if k < len(self.starts) and self.starts[k] < end else None


def _split_at_statements(
    text: str, sentences: list[tuple[int, int]], statements: _Statements
) -> list[tuple[int, int]]:
    """Cut a sentence that does not parse where an attendance statement starts inside it: the
    lines of ``Godkendt`` / ``Peter Andersen … deltog ikke på mødet.`` are joined in one
    sentence, whose start is a result of its own."""
    if not statements.starts:
        return sentences
    cut: list[tuple[int, int]] = []
    for start, end in sentences:
        first = statements.first_inside(start, end)
        if (
            first is not None
            and text[start:first].strip()
            and parse_sentence(text[start:end]) is None
        ):
            head_end = start + len(text[start:first].rstrip())
            cut += [(start, head_end), (first, end)]
        else:
            cut.append((start, end))
    return cut


def _is_party(name: str) -> bool:
    return PARTY_LETTERS.fullmatch(name) is not None


def _result_object(parsed: ResultSentence) -> str | None:
    """What a result applies to: its subject (``Indstillingen er tiltrådt``), or what follows a
    one-word result or the one who informed (``Ole Kristensen orienterede om …``)."""
    if parsed.subject is None or parsed.verb in INFORMED:
        return _object(parsed.text)
    return parsed.subject


#: Result verbs whose subject is who informed, not what was decided.
INFORMED: Final = frozenset({"orienterede", "orienterer"})


def _object(text: str | None) -> str | None:
    """What a one-word result applies to: ``Godkendt, at gruppe A …`` → ``at gruppe A …``."""
    if text is None:
        return None
    return text.lstrip(" ,:;") or None


#: Words without which a text states no attendance (a cheap filter before the reader).
_ATTENDANCE_WORD: Final = re.compile(
    r"afbud|fravær|deltog|tilstede|til stede|stedfortræder|suppleant|inhabil|forlod|ankom|"
    r"forhindret|forfald|mødte|deltagere",
    re.IGNORECASE,
)
#: The same words, looked for in the lower-cased text: many times faster than the
#: case-insensitive pattern, which tries every alternative at every position.
_ATTENDANCE_WORDS: Final = tuple(_ATTENDANCE_WORD.pattern.split("|"))
#: Letters that the case-insensitive pattern takes for a letter of those words (``ı`` for
#: ``i``, ``ſ`` for ``s``) and that lower-casing does not turn into it.
_UNLOWERED: Final = re.compile("[İıſ]")


def _may_state_attendance(text: str, label: AttendanceStatus | None) -> bool:
    if label is not None:
        return True
    lowered = text.lower()
    if any(word in lowered for word in _ATTENDANCE_WORDS):
        return True
    return _UNLOWERED.search(text) is not None and _ATTENDANCE_WORD.search(text) is not None
