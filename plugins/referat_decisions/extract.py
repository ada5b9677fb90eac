"""The ``decisions`` extractor: read an agenda item's decision into a :class:`Decision`.

The item's ``Beslutning`` section is cut into sentences, and each sentence is parsed with
``grammars/decision.lark`` (:mod:`referat_decisions.parse`):

* votes, absences and amendments (sentences about named members);
* committee-less results: ``Orientering givet.``, ``Resolutionsteksten er dermed godkendt.``
  (an outcome attributed to the meeting's committee), ``Ændringsforslaget er dermed
  bortfaldet.`` (the result of an amendment, not an outcome);
* committee sentences: an outcome each, read by :mod:`referat_decisions.outcomes`. A committee
  sentence later in a paragraph whose verb says nothing known (``Udvalget ønsker derfor også,
  at …``) carries on the outcome before it rather than starting a new one.

Sentences that parse as nothing carry on the outcome or amendment before them in the same
paragraph. One that looks like a vote or an absence but does not parse is reported as a
warning (``decision-unparsed-sentence``); any other unplaced sentence as info
(``decision-unclassified-sentence``). Absence sentences are also read from the item's other
sections, but only there where the text states them: a meeting-level absence is never copied to
other items.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from attrs import define

from referat.models import (
    AgendaItem,
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
from referat_decisions.committee import meeting_committee
from referat_decisions.models import (
    Absence,
    Amendment,
    AmendmentResult,
    Decision,
    Outcome,
    OutcomeKind,
    Person,
    Position,
    Vote,
)
from referat_decisions.outcomes import read_predicate
from referat_decisions.parse import (
    AbsenceSentence,
    AmendmentSentence,
    Mention,
    OutcomeSentence,
    ResultSentence,
    VoteSentence,
    parse_people,
    parse_sentence,
)
from referat_decisions.sentences import split_sentences

Text = Paragraph | ListItem

#: A sentence with one of these words is meant to be a vote, an absence or an amendment.
PEOPLE_WORDS = re.compile(
    r"\b(?:stemmer|stemte|undlader|undlod|deltog|ændringsforslag\w*|fraværende)\b", re.IGNORECASE
)

#: Result aliases of the grammar → outcome kinds.
RESULT_OUTCOME = {
    "approved": OutcomeKind.APPROVED,
    "recommended": OutcomeKind.RECOMMENDED,
    "discussed": OutcomeKind.DISCUSSED,
    "noted": OutcomeKind.NOTED,
    "rejected": OutcomeKind.REJECTED,
    "fell": OutcomeKind.REJECTED,  # "Forslaget er dermed bortfaldet." with no amendment to fall
    "postponed": OutcomeKind.POSTPONED,
    "withdrawn": OutcomeKind.WITHDRAWN,
}

#: Result aliases that can be the result of an amendment.
RESULT_AMENDMENT = {
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
    """Reads the sentences of one item's decision, in document order."""

    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx
        self.outcomes: list[_OutcomeDraft] = []
        self.votes: list[Vote] = []
        self.amendments: list[_AmendmentDraft] = []
        self.absences: list[Absence] = []
        self._committee: tuple[str | None] | None = None

    # -- the decision section --------------------------------------------------------------
    def read_section(self, section: Section) -> None:
        waiting: _OutcomeDraft | None = None
        for block in section.blocks:
            if waiting is not None:
                if isinstance(block, Paragraph | ListBlock | Heading):
                    self._addition_block(waiting, block)
                    waiting = None
                    continue
                self._missing_addition(waiting)
                waiting = None
            if isinstance(block, Paragraph):
                waiting = self.read_text(block)
            elif isinstance(block, Heading):
                # A plain line ending in ":" can be read as a sub-heading ("… godkender
                # indstillingen med følgende tilføjelse:", 001:389); it is a sentence here.
                waiting = self.read_text(_as_paragraph(block, self.ctx))
            elif isinstance(block, ListBlock):
                for list_item in block.items:
                    waiting = self.read_text(list_item) or waiting
            elif isinstance(block, TableBlock):
                self.ctx.report(
                    Severity.INFO,
                    "decision-block-ignored",
                    f"a {type(block).__name__} in a decision is not read by the decisions plugin",
                    block.span,
                )
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

    def read_text(self, node: Text) -> _OutcomeDraft | None:
        """Read a paragraph; return an outcome that awaits its addition in the next block."""
        text = node.text
        target: _OutcomeDraft | _AmendmentDraft | None = None
        for start, end in split_sentences(text):
            if target is not None and start < target.end:
                continue  # consumed by an addition
            sentence = text[start:end]
            parsed = parse_sentence(sentence)
            if isinstance(parsed, VoteSentence):
                self._vote(node, start, end, parsed)
                target = None
            elif isinstance(parsed, AbsenceSentence):
                self.read_absence(node, start, end, parsed)
                target = None
            elif isinstance(parsed, AmendmentSentence):
                target = self._amendment(node, start, end, parsed)
            elif isinstance(parsed, ResultSentence):
                target = self._result(node, start, end, parsed)
            elif isinstance(parsed, OutcomeSentence):
                target = self._outcome(node, start, end, parsed, target)
            elif PEOPLE_WORDS.search(sentence):
                self.ctx.report(
                    Severity.WARNING,
                    "decision-unparsed-sentence",
                    f"this looks like a vote, an absence or an amendment but does not parse: "
                    f"{sentence!r}",
                    self._span(node, start, end),
                )
            elif target is not None:
                target.end = end  # the sentence carries on the outcome or amendment before it
            else:
                self.ctx.report(
                    Severity.INFO,
                    "decision-unclassified-sentence",
                    f"a sentence of the decision that is neither an outcome, a vote nor an "
                    f"absence: {sentence!r}",
                    self._span(node, start, end),
                )
        if isinstance(target, _OutcomeDraft) and target.awaits_addition:
            return target
        return None

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
    def _vote(self, node: Text, start: int, end: int, parsed: VoteSentence) -> None:
        voters = tuple(self._person(node, start, m) for m in parsed.voters)
        span = self._span(node, start, end)
        self.votes.append(Vote(parsed.position, parsed.subject, voters, parsed.others, span))

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

    def _result(
        self, node: Text, start: int, end: int, parsed: ResultSentence
    ) -> _OutcomeDraft | None:
        span = self._span(node, start, end)
        subject = (parsed.subject or "").lower()
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
        committee = self.meeting_committee()
        draft = _OutcomeDraft(
            node,
            start,
            end,
            RESULT_OUTCOME[parsed.kind],
            committee,
            committee_inferred=True,
            verb=parsed.verb,
            object=parsed.subject,
        )
        self.outcomes.append(draft)
        return draft

    def _outcome(
        self,
        node: Text,
        start: int,
        end: int,
        parsed: OutcomeSentence,
        target: _OutcomeDraft | _AmendmentDraft | None,
    ) -> _OutcomeDraft | _AmendmentDraft | None:
        sentence = node.text[start:end]
        predicate_text = sentence[parsed.predicate_start : parsed.predicate_end]
        predicate = read_predicate(predicate_text)
        if target is not None and predicate.kind is OutcomeKind.OTHER:
            target.end = end  # "Udvalget ønsker derfor også, at …" carries on
            return target
        committee, inferred = parsed.committee, False
        if committee is None:  # "Udvalget …": the meeting's committee
            committee, inferred = self.meeting_committee(), True
        draft = _OutcomeDraft(
            node,
            start,
            end,
            predicate.kind,
            committee,
            committee_inferred=inferred,
            verb=predicate.verb or None,
            object=predicate.object,
        )
        if predicate.addition_start is not None:
            addition_start = start + parsed.predicate_start + predicate.addition_start
            draft.addition = node.text[addition_start:].strip()
            draft.addition_span = self._span(node, addition_start, len(node.text.rstrip()))
            draft.end = len(node.text.rstrip())  # the addition runs to the end of the paragraph
        draft.awaits_addition = predicate.addition_next
        self.outcomes.append(draft)
        return draft

    # -- results ---------------------------------------------------------------------------
    def meeting_committee(self) -> str | None:
        if self._committee is None:
            self._committee = (meeting_committee(self.ctx),)
        return self._committee[0]

    def decision(self, span: Span) -> Decision:
        outcomes = [self._freeze_outcome(d) for d in self.outcomes]
        if not outcomes and self.votes:
            inferred = self._inferred_outcome()
            if inferred is not None:
                outcomes.append(inferred)
        return Decision(
            outcomes=tuple(outcomes),
            votes=tuple(self.votes),
            amendments=tuple(self._freeze_amendment(d) for d in self.amendments),
            absences=tuple(sorted(self.absences, key=lambda a: a.span.start)),
            span=span,
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
        )

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
            committee=self.meeting_committee(),
            committee_inferred=True,
            verb=None,
            object=None,
            addition=None,
            inferred=True,
            span=None,
        )

    # -- helpers ---------------------------------------------------------------------------
    def _span(self, node: Text, start: int, end: int) -> Span:
        return self.ctx.text_span(node, start, end)

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


def _other_texts(item: AgendaItem) -> Iterator[Text]:
    """The paragraphs and list items of the item outside its decision sections."""
    for block in item.preamble:
        if isinstance(block, Paragraph):
            yield block
        elif isinstance(block, ListBlock):
            yield from block.items
    for section in item.sections:
        if section.kind is not SectionKind.DECISION:
            yield from section.paragraphs()


def _stated_absences(reader: _Reader, texts: Iterable[Text]) -> None:
    """Absence sentences outside the decision; only members named with a role or party."""
    for node in texts:
        if "deltog ikke" not in node.text:
            continue
        for start, end in split_sentences(node.text):
            sentence = node.text[start:end]
            if "deltog ikke" not in sentence:
                continue
            parsed = parse_people(sentence)
            if isinstance(parsed, AbsenceSentence) and all(
                m.role is not None or m.party is not None for m in parsed.people
            ):
                reader.read_absence(node, start, end, parsed)


def extract_decision(item: AgendaItem, ctx: Context) -> Decision | None:
    """The decision of ``item``: ``None`` when it has no decision section and no absence."""
    reader = _Reader(ctx)
    sections = [s for s in item.sections if s.kind is SectionKind.DECISION]
    for section in sections:
        reader.read_section(section)
    _stated_absences(reader, _other_texts(item))
    if sections:
        span = ctx.span(sections[0].span.start, sections[-1].span.end)
    elif reader.absences:
        span = ctx.span(
            min(a.span.start for a in reader.absences), max(a.span.end for a in reader.absences)
        )
    else:
        return None
    return reader.decision(span)
