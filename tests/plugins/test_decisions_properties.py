"""Property tests: generated vote and absence sentences parse back to the people written, and
no text in a decision section crashes the extractor."""

from __future__ import annotations

from dataclasses import dataclass

from decisions_support import grammar_parser
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra.lark import from_lark

import referat
from referat.lines import LineIndex
from referat.models import (
    AgendaItem,
    Heading,
    ListBlock,
    ListItem,
    Paragraph,
    Referat,
    Section,
    SectionKind,
    SourceInfo,
    TextPiece,
)
from referat.runner import Context
from referat_decisions import AbsenceScope, Decision, Position, Role, plugin
from referat_decisions.extract import extract_decision
from referat_decisions.parse import (
    AbsenceSentence,
    VoteSentence,
    parse_outcome,
    parse_people,
    parse_result,
)

UPPER = "ABCDEFGHIJKLMNOPRSTUVWYZÆØÅ"
LOWER = "abcdefghijklmnoprstuvwyzæøåéü"
#: Capitalised words the grammar reads as keywords at some point of a sentence.
KEYWORDS = {
    "De", "Udvalget", "Udvalgets", "Orientering", "Godkendt", "Vedtaget", "Anbefalet",
    "Anbefales", "Drøftet", "Taget", "Udsat", "Rådmand", "Udvalgsmedlem", "Udvalgsmedlemmerne",
}  # fmt: skip

word = st.builds(
    lambda first, rest: first + rest,
    st.sampled_from(UPPER),
    st.text(LOWER, min_size=1, max_size=8),
).filter(lambda w: w not in KEYWORDS and not w.endswith("udvalget"))
name_part = st.one_of(word, st.builds(lambda a, b: f"{a}-{b}", word, word))
names = st.lists(name_part, min_size=1, max_size=3).map(" ".join)
parties = st.one_of(st.none(), st.sampled_from(list("ABCDFIKOVÆØÅ")))
person = st.tuples(names, parties)

ROLE_WORDS = {
    "chair": ("Rådmand", "rådmand"),
    "member": ("Udvalgsmedlem", "udvalgsmedlem"),
    "members": ("Udvalgsmedlemmerne", "udvalgsmedlemmerne"),
}
ROLE = {"chair": Role.CHAIR, "member": Role.MEMBER, "members": Role.MEMBER, None: None}


@dataclass
class Group:
    role: str | None  # None: a person named without a role (first group only)
    people: list[tuple[str, str | None]]
    capital: bool


def group(role: str | None) -> st.SearchStrategy[Group]:
    size = 4 if role == "members" else 1
    return st.builds(
        Group, st.just(role), st.lists(person, min_size=1, max_size=size), st.booleans()
    )


roles = st.sampled_from(["chair", "member", "members"])
rosters = st.builds(
    lambda first, rest: [first, *rest],
    st.one_of(roles.flatmap(group), group(None)),
    st.lists(roles.flatmap(group), max_size=3),
)


def _person_text(name: str, party: str | None) -> str:
    return f"{name} ({party})" if party else name


@st.composite
def rendered_roster(
    draw: st.DrawFn, *, others: bool
) -> tuple[str, list[tuple[str, Role | None, str | None]]]:
    groups = draw(rosters)
    chunks: list[str] = []
    expected: list[tuple[str, Role | None, str | None]] = []
    for index, g in enumerate(groups):
        people = [_person_text(n, p) for n, p in g.people]
        listed = people[0] if len(people) == 1 else ", ".join(people[:-1]) + " og " + people[-1]
        if g.role is not None:
            upper, lower = ROLE_WORDS[g.role]
            at_start = index == 0 and not others
            listed = f"{upper if at_start or g.capital else lower} {listed}"
        if index:
            chunks.append(draw(st.sampled_from([" og ", " samt ", ", ", ", og "])))
        chunks.append(listed)
        expected += [(n, ROLE[g.role], p) for n, p in g.people]
    return "".join(chunks), expected


def _wrap(draw: st.DrawFn, text: str) -> str:
    """Replace some spaces by a line break or a double space (wrapped lines, sloppy export)."""
    spaces = [i for i, c in enumerate(text) if c == " "]
    chosen = draw(st.sets(st.sampled_from(spaces), max_size=3)) if spaces else set()
    swaps = draw(
        st.lists(st.sampled_from(["\n", "  "]), min_size=len(chosen), max_size=len(chosen))
    )
    out = list(text)
    for i, swap in zip(sorted(chosen), swaps, strict=True):
        out[i] = swap
    return "".join(out)


STANCES = [
    ("stemmer for", Position.FOR),
    ("stemte for", Position.FOR),
    ("stemmer imod", Position.AGAINST),
    ("stemte imod", Position.AGAINST),
    ("stemmer hverken for eller imod", Position.ABSTAIN),
]
SUBJECTS = ["indstillingen", "resolutionsteksten", "sagen", "ændringsforslaget"]


@dataclass
class ExpectedVote:
    position: Position
    subject: str | None
    voters: list[tuple[str, Role | None, str | None]]
    others: bool


@st.composite
def vote_sentences(draw: st.DrawFn) -> tuple[str, ExpectedVote]:
    others = draw(st.booleans())
    expected: list[tuple[str, Role | None, str | None]] = []
    if others and draw(st.booleans()):
        roster = ""
    else:
        roster, expected = draw(rendered_roster(others=others))
    stance, position = draw(st.sampled_from(STANCES))
    subject = draw(
        st.one_of(st.none(), st.sampled_from(SUBJECTS), names.map("forslaget fra {}".format))
    )
    if draw(st.booleans()) and subject is None:
        stance, position = "undlader at stemme", Position.ABSTAIN
    prefix = "De øvrige " if others else ""
    text = f"{prefix}{roster} {stance}".replace("  ", " ").strip()
    text += f" {subject}." if subject else "."
    return _wrap(draw, text), ExpectedVote(position, subject, expected, others)


@given(vote_sentences())
def test_generated_votes_parse_back(case: tuple[str, ExpectedVote]) -> None:
    text, want = case
    parsed = parse_people(text)
    assert isinstance(parsed, VoteSentence), text
    assert [(m.name, m.role, m.party) for m in parsed.voters] == want.voters
    assert (parsed.position, parsed.subject, parsed.others) == (
        want.position,
        want.subject,
        want.others,
    )
    for mention, (name, _, party) in zip(parsed.voters, want.voters, strict=True):
        assert " ".join(text[mention.start : mention.end].split()) == _person_text(name, party)


@given(rendered_roster(others=False), st.sampled_from(list(AbsenceScope)), st.data())
def test_generated_absences_parse_back(
    roster: tuple[str, list[tuple[str, Role | None, str | None]]],
    scope: AbsenceScope,
    data: st.DataObject,
) -> None:
    people, expected = roster
    tail = "mødet" if scope is AbsenceScope.MEETING else "behandlingen af dette punkt"
    text = data.draw(st.composite(lambda draw: _wrap(draw, f"{people} deltog ikke i {tail}."))())
    parsed = parse_people(text)
    assert isinstance(parsed, AbsenceSentence), text
    assert [(m.name, m.role, m.party) for m in parsed.people] == expected
    assert parsed.scope is scope


# -- arbitrary text --------------------------------------------------------------------------

VOCABULARY = [
    "Rådmand", "rådmand", "Udvalgsmedlem", "udvalgsmedlemmerne", "Reza", "Javid", "(Ø)", "(",
    ")", "og", "samt", ",", "stemmer", "for", "imod", ".", "deltog", "ikke", "i", "mødet",
    "behandlingen", "af", "dette", "punkt", "Beskæftigelses-", "Socialudvalget", "Udvalget",
    "godkender", "indstillingen", "med", "følgende", "tilføjelse:", "den", "tilføjelse,", "at",
    "Orientering", "givet", "er", "dermed", "godkendt", "Ændringsforslaget", "bortfaldet", "De",
    "øvrige", "**", "\n", "ophævede", "til", "efterretning", "tager", "stillede",
    "ændringsforslag", "om", "J.", "450.000", "kr.", ":", '"', "undlader", "stemme",
]  # fmt: skip
decision_text = st.lists(
    st.one_of(st.sampled_from(VOCABULARY), st.text(max_size=4)), max_size=40
).map(" ".join)
block_texts = st.lists(
    st.tuples(decision_text, st.sampled_from(["paragraph", "list", "heading"])), max_size=6
)


def _hand_built(blocks: list[tuple[str, str]]) -> tuple[AgendaItem, Context, str]:
    """A one-item document whose Beslutning section holds ``blocks``, built by hand."""
    text = "Punkt 1: X\n\nBeslutning"
    parts: list[tuple[str, str, int, int]] = []
    for raw, kind in blocks:
        body = " ".join(raw.replace("\r", " ").split("\n")) or "x"
        text += "\n\n"
        parts.append((body, kind, len(text), len(text) + len(body)))
        text += body
    index = LineIndex(text)
    built: list[Paragraph | Heading | ListBlock] = []
    for body, kind, start, end in parts:
        span = index.span(start, end)
        piece = (TextPiece(0, start, end),)
        if kind == "paragraph":
            built.append(Paragraph(body, span, piece))
        elif kind == "heading":
            built.append(Heading(body, span))
        else:
            built.append(ListBlock((ListItem(body, span, None, piece),), span))
    heading = Heading("Beslutning", index.span(12, 22))
    section = Section(SectionKind.DECISION, heading, tuple(built), index.span(12, len(text)))
    item_heading = Heading("Punkt 1: X", index.span(0, 10))
    item = AgendaItem(1, "X", item_heading, index.span(0, len(text)), sections=(section,))
    doc = Referat(text, SourceInfo(None, "", len(text)), "plain", items=(item,))
    return item, Context(doc, index), text


@given(block_texts)
def test_arbitrary_decision_text_never_crashes(blocks: list[tuple[str, str]]) -> None:
    item, ctx, text = _hand_built(blocks)
    decision = extract_decision(item, ctx)
    assert isinstance(decision, Decision)
    spans = [decision.span]
    spans += [o.span for o in decision.outcomes if o.span]
    spans += [v.span for v in decision.votes] + [p.span for v in decision.votes for p in v.voters]
    spans += [a.span for a in decision.absences] + [a.span for a in decision.amendments]
    for span in spans:
        assert 0 <= span.start <= span.end <= len(text)


@given(decision_text)
def test_arbitrary_text_through_parse(body: str) -> None:
    doc = referat.parse(
        "Punkt 1: X\n\n00.01.00-A00-1-24\n\nBeslutning\n\n" + body, plugins=[plugin]
    )
    assert not [d for d in doc.diagnostics if d.code == "plugin-failed"]


@given(st.data())
def test_grammar_generated_sentences_never_crash(data: st.DataObject) -> None:
    start = data.draw(st.sampled_from(["people_sentence", "outcome", "result"]))
    sentence = data.draw(from_lark(grammar_parser(), start=start))
    parse = {"people_sentence": parse_people, "outcome": parse_outcome, "result": parse_result}
    parse[start](sentence)  # None or a record: never an exception
