"""Parse one decision sentence with ``grammars/decision.lark`` into plain parsed records.

The records hold offsets relative to the sentence; :mod:`referat_decisions.extract` turns
them into spans. The grammar's four start rules share one LALR parser, loaded once from its
shipped table (:func:`referat.grammar.text_table`) and run by referat's own lexer and loop
(:mod:`referat.textlalr`: lark's contextual lexer and tree builder, without lark), which builds
the records as it reduces (the callbacks of :class:`_Build`: no parse tree is built and walked
again).
"""

from __future__ import annotations

import functools
import re
import threading
import weakref
from collections.abc import Callable
from typing import Any, cast

from attrs import frozen

from referat.grammar import text_table
from referat.lexing import Token, UnexpectedInputError
from referat.models import Model
from referat.textlalr import TextParser, Tree
from referat_decisions.models import AbsenceScope, Position, Role, Stance

GRAMMAR = "decision.lark"
STARTS = ("people_sentence", "outcome", "result", "counted")

#: Role words as the grammar keeps them (``!chair`` …) and what they mean.
_ROLES = {"chair": Role.CHAIR, "single_member": Role.MEMBER, "plural_members": Role.MEMBER}

#: The kinds of result a participle or passive verb can name (grammar aliases).
RESULT_KINDS = frozenset(
    {
        "approved",
        "recommended",
        "discussed",
        "noted",
        "rejected",
        "fell",
        "postponed",
        "withdrawn",
        "forwarded",
    }
)


@frozen(repr=False, eq=False)
class Mention(Model):
    """A person as named in a sentence; ``start``/``end`` cover the name and party letter."""

    name: str
    role: Role | None
    role_raw: str | None
    party: str | None
    start: int
    end: int


@frozen(repr=False, eq=False)
class VoteSentence(Model):
    """``voters`` vote ``position`` on ``subject`` (``others``: "De øvrige …")."""

    position: Position
    subject: str | None
    voters: tuple[Mention, ...]
    others: bool


@frozen(repr=False, eq=False)
class AbsenceSentence(Model):
    """``people`` did not take part in the meeting or in this item."""

    people: tuple[Mention, ...]
    scope: AbsenceScope


@frozen(repr=False, eq=False)
class AmendmentSentence(Model):
    """``proposers`` proposed the text at ``[text_start, text_end)``."""

    proposers: tuple[Mention, ...]
    text_start: int
    text_end: int


@frozen(repr=False, eq=False)
class PositionSentence(Model):
    """``people`` could (not) agree or made a reservation; ``text`` is what about."""

    people: tuple[Mention, ...]
    stance: Stance
    verb: str
    text: str | None


@frozen(repr=False, eq=False)
class RemarkSentence(Model):
    """A protocol remark by ``people`` (empty: not said); the remark at ``[text_start,
    text_end)`` (both ``None`` when there is no text)."""

    people: tuple[Mention, ...]
    text_start: int | None
    text_end: int | None


@frozen(repr=False, eq=False)
class OutcomeSentence(Model):
    """A committee (``None`` for "Udvalget": the meeting's) and its predicate's offsets."""

    committee: str | None
    predicate_start: int
    predicate_end: int
    clause: str | None = None


@frozen(repr=False, eq=False)
class ResultSentence(Model):
    """A sentence without a committee: ``kind`` is a grammar alias (``"approved"``, ``"fell"``…).

    ``subject`` is the noun phrase (``"Resolutionsteksten"``), ``None`` for "Orientering
    givet." and one-word results; ``verb`` is the verb phrase as written; ``text`` what
    follows it (``"til Økonomiudvalgets og Byrådets godkendelse"``); ``clause`` the clause
    number of ``At 1: Godkendt``.
    """

    kind: str
    subject: str | None
    verb: str
    text: str | None = None
    clause: str | None = None


@frozen(repr=False, eq=False)
class Count(Model):
    """``count`` votes ``position``, from ``parties`` when the minutes name them."""

    position: Position
    count: int
    parties: tuple[str, ...]


@frozen(repr=False, eq=False)
class CountedSentence(Model):
    """A result with counted votes: ``Forslaget blev vedtaget med 34 stemmer imod 15.``"""

    result: ResultSentence
    counts: tuple[Count, ...]


Parsed = (
    VoteSentence
    | AbsenceSentence
    | AmendmentSentence
    | PositionSentence
    | RemarkSentence
    | OutcomeSentence
    | ResultSentence
    | CountedSentence
)


class RejectedError(Exception):
    """A parse the grammar accepts but the plugin does not (e.g. a long "party")."""


def _parser(start: str | None = None) -> TextParser:
    """The one decisions parser (every start rule; ``start`` is accepted for callers that name
    the rule they will parse with). It returns parsed records, not trees (see :class:`_Build`)."""
    if start is not None and start not in STARTS:
        msg = f"no start rule {start!r} in {GRAMMAR}"
        raise ValueError(msg)
    return _sentence_parser()[0]


@functools.cache
def _sentence_parser() -> tuple[TextParser, _Build]:
    """The parser and the builder whose methods it calls as it reduces (one of each per
    process)."""
    build = _Build()
    table = text_table(GRAMMAR, STARTS)
    return TextParser(table, callbacks_of(build, {rule[2] for rule in table.rules})), build


def callbacks_of(build: object, names: set[str]) -> dict[str, Callable[[list[Any]], object]]:
    """The methods of ``build`` named as rules or aliases in ``names``: what lark's tree builder
    would find on a transformer (a rule without one becomes a :class:`~referat.textlalr.Tree`)."""
    found: dict[str, Callable[[list[Any]], object]] = {}
    for name in sorted(names):
        method = getattr(build, name, None)
        if callable(method):
            found[name] = method
    return found


#: One parse at a time: the transformer reads the sentence being parsed from an attribute.
_PARSING = threading.Lock()


#: A whole number of votes: "34", "1.200".
_WHOLE_NUMBER = re.compile(r"\d{1,3}(?:\.\d{3})+|\d+")


@frozen(repr=False, eq=False)
class _Clause(Model):
    label: str


def _collapse(text: str) -> str:
    return " ".join(text.split())


def _first(node: Token | Tree) -> Token:
    while isinstance(node, Tree):
        node = node.children[0]
    return node


def _last(node: Token | Tree) -> Token:
    while isinstance(node, Tree):
        node = node.children[-1]
    return node


def _start(token: Token) -> int:
    return token.start_pos


def _end(token: Token) -> int:
    return token.end_pos


class _Build:
    """Rules → parsed records, called by the parser as it reduces, each with the list of the
    rule's children (as lark calls a ``Transformer``'s methods). ``text`` is the sentence being
    parsed (set before each parse), for slicing values as written; positions come from the
    tokens.
    """

    def __init__(self) -> None:
        self.text = ""

    def _slice(self, children: list[Any]) -> str:
        if not children:  # only filtered punctuation, e.g. a subject that is just ","
            return ""
        return _collapse(self.text[_start(_first(children[0])) : _end(_last(children[-1]))])

    # -- people ----------------------------------------------------------------------------
    def name(self, tokens: list[Token]) -> tuple[str, int, int]:
        return " ".join(str(t) for t in tokens), _start(tokens[0]), _end(tokens[-1])

    def party(self, tokens: list[Token]) -> tuple[str, int]:
        letters = str(tokens[0])
        if not (letters.isupper() and len(letters) <= 3):
            raise RejectedError(letters)
        return letters, _end(tokens[0]) + 1  # just after ")"

    def person(self, children: list[Any]) -> tuple[str, str | None, int, int]:
        name, start, end = children[0]
        party = None
        if len(children) > 1:
            party, end = children[1]
        return name, party, start, end

    def chair(self, tokens: list[Token]) -> tuple[str, str]:
        return "chair", str(tokens[0])

    def single_member(self, tokens: list[Token]) -> tuple[str, str]:
        return "single_member", str(tokens[0])

    def plural_members(self, tokens: list[Token]) -> tuple[str, str]:
        return "plural_members", str(tokens[0])

    def member(self, children: list[Any]) -> tuple[tuple[str, str] | None, Any]:
        if len(children) == 2:
            return children[0], children[1]
        return None, children[0]

    def people(self, members: list[Any]) -> tuple[Mention, ...]:
        # A plural role covers every following member without a role of their own.
        found: list[Mention] = []
        plural: tuple[str, str] | None = None
        for role, (name, party, start, end) in members:
            if role is not None:
                plural = role if role[0] == "plural_members" else None
            given = role or plural
            found.append(
                Mention(
                    name=name,
                    role=_ROLES[given[0]] if given else None,
                    role_raw=given[1] if given else None,
                    party=party,
                    start=start,
                    end=end,
                )
            )
        return tuple(found)

    # -- votes -----------------------------------------------------------------------------
    def others(self, _children: list[Any]) -> bool:
        return True

    def voters(self, children: list[Any]) -> tuple[bool, tuple[Mention, ...]]:
        others = children[0] is True
        people = [c for c in children if isinstance(c, tuple)]
        return others, people[0] if people else ()

    def votes_for(self, _children: list[Any]) -> Position:
        return Position.FOR

    def votes_against(self, _children: list[Any]) -> Position:
        return Position.AGAINST

    def abstains(self, _children: list[Any]) -> Position:
        return Position.ABSTAIN

    def subject(self, children: list[Any]) -> str | None:
        return self._slice(children) or None

    def vote(self, children: list[Any]) -> VoteSentence:
        (others, voters), position = children[0], children[1]
        subject = children[2] if len(children) > 2 else None
        return VoteSentence(position, subject, voters, others)

    def counted_vote(self, children: list[Any]) -> VoteSentence:
        position, voters = children[0], children[-1]
        subject = children[1] if len(children) > 2 else None
        return VoteSentence(position, subject, voters, others=False)

    def abstained_first(self, children: list[Any]) -> VoteSentence:
        return VoteSentence(Position.ABSTAIN, None, children[-1], others=False)

    # -- positions and remarks -------------------------------------------------------------
    def _stance(self, stance: Stance, tokens: list[Token]) -> tuple[Stance, str]:
        return stance, self._slice(tokens)

    def supports(self, tokens: list[Token]) -> tuple[Stance, str]:
        return self._stance(Stance.SUPPORTS, tokens)

    def opposes(self, tokens: list[Token]) -> tuple[Stance, str]:
        return self._stance(Stance.OPPOSES, tokens)

    def reservation(self, tokens: list[Token]) -> tuple[Stance, str]:
        return self._stance(Stance.RESERVATION, tokens)

    def position(self, children: list[Any]) -> PositionSentence:
        stance, verb = children[1]
        text = _collapse(str(children[2])) if len(children) > 2 else None
        return PositionSentence(children[0], stance, verb, text)

    def remark(self, children: list[Any]) -> RemarkSentence:
        text = children[1] if len(children) > 1 else None
        return RemarkSentence(children[0], *_offsets(text))

    def protocol_note(self, children: list[Any]) -> RemarkSentence:
        people: tuple[Mention, ...] = ()
        text: Token | None = None
        for child in children:
            if isinstance(child, tuple):
                people = child
            elif isinstance(child, Token) and child.type == "TEXT":
                text = child
        return RemarkSentence(people, *_offsets(text))

    # -- absences and amendments -----------------------------------------------------------
    def whole_meeting(self, _children: list[Any]) -> AbsenceScope:
        return AbsenceScope.MEETING

    def this_item(self, _children: list[Any]) -> AbsenceScope:
        return AbsenceScope.ITEM

    def absence(self, children: list[Any]) -> AbsenceSentence:
        return AbsenceSentence(children[0], children[1])

    def amendment(self, children: list[Any]) -> AmendmentSentence:
        text: Token = children[1]
        return AmendmentSentence(children[0], _start(text), _end(text))

    def people_sentence(self, children: list[Any]) -> Parsed:
        result: Parsed = children[0]
        return result

    # -- outcomes and results --------------------------------------------------------------
    def clause(self, children: list[Any]) -> _Clause:
        return _Clause(str(children[-1]))

    def committee(self, children: list[Any]) -> str:
        return self._slice(children)

    def this_committee(self, _children: list[Any]) -> None:
        return None

    def outcome(self, children: list[Any]) -> OutcomeSentence:
        clause, children = _peel_clause(children)
        text: Token = children[-1]
        return OutcomeSentence(children[0], _start(text), _end(text), clause)

    def noun_phrase(self, children: list[Any]) -> str:
        return self._slice(children)

    def verb_phrase(self, children: list[Any]) -> tuple[str, str]:
        kind: Tree = children[-1]
        return str(kind.data), self._slice(children)

    counted_verb = verb_phrase

    def information_given(self, children: list[Any]) -> tuple[str, str]:
        return "noted", self._slice(children)

    def result(self, children: list[Any]) -> ResultSentence:
        clause, children = _peel_clause(children)
        texts = [c for c in children if isinstance(c, Token) and c.type == "TEXT"]
        text = _collapse(str(texts[-1])) if texts else None
        first = children[0]
        if isinstance(first, str):  # noun_phrase verb_phrase TEXT?
            kind, verb = children[1]
            return ResultSentence(kind, first, verb, text, clause)
        if isinstance(first, tuple):  # Orientering givet
            return ResultSentence(first[0], None, first[1], text, clause)
        tree: Tree = first  # a bare result: the alias tree and its keywords
        return ResultSentence(str(tree.data), None, self._slice([tree]), text, clause)

    # -- counted votes ---------------------------------------------------------------------
    def parties(self, tokens: list[Token]) -> tuple[str, ...]:
        return tuple(str(t) for t in tokens)

    def _count(self, position: Position, children: list[Any]) -> Count:
        parties = next((c for c in children if isinstance(c, tuple)), ())
        number = str(children[0])
        if not _WHOLE_NUMBER.fullmatch(number):
            raise RejectedError(number)  # "6,5 stemmer" is no count of votes
        return Count(position, int(number.replace(".", "")), parties)

    def count_for(self, children: list[Any]) -> Count:
        return self._count(Position.FOR, children)

    def count_against(self, children: list[Any]) -> Count:
        return self._count(Position.AGAINST, children)

    def count_abstain(self, children: list[Any]) -> Count:
        return self._count(Position.ABSTAIN, children)

    def tally(self, children: list[Any]) -> tuple[Count, ...]:
        return tuple(c for c in children if isinstance(c, Count))

    def counted(self, children: list[Any]) -> CountedSentence:
        clause, children = _peel_clause(children)
        counts: tuple[Count, ...] = children[-1]
        head = children[:-1]
        if isinstance(head[0], str):  # noun_phrase counted_verb
            kind, verb = head[1]
            result = ResultSentence(kind, head[0], verb, None, clause)
        else:
            tree: Tree = head[0]
            result = ResultSentence(str(tree.data), None, self._slice([tree]), None, clause)
        return CountedSentence(result, counts)


def _peel_clause(children: list[Any]) -> tuple[str | None, list[Any]]:
    if children and isinstance(children[0], _Clause):
        return children[0].label, children[1:]
    return None, children


def _offsets(text: Token | None) -> tuple[int | None, int | None]:
    if text is None:
        return None, None
    return _start(text), _end(text)


#: The parses of the current document, by start rule and sentence: a document repeats its
#: sentences ("Godkendt.", "Økonomiudvalget anbefaler indstillingen."), and the plugin looks at
#: some sentences twice (the meeting's committee, a sentence cut at an attendance statement).
#: A parse depends on nothing but its start rule and text, and its records are immutable, so a
#: remembered one is the same as a new one. Emptied for each document (:func:`start_document`),
#: and when it grows past ``_MEMO_LIMIT`` (callers that never start a document).
_memo: dict[tuple[str, str], Parsed | None] = {}
_memo_owner: weakref.ref[object] | None = None
_MEMO_LIMIT = 4096
_UNKNOWN = object()


def start_document(doc: object) -> None:
    """Remember parses for ``doc`` only (a :class:`~referat.models.Referat`; any object that
    takes weak references): forget those of another document."""
    global _memo_owner  # noqa: PLW0603 - a cache keyed by a weak reference, as in committee.py
    if _memo_owner is None or _memo_owner() is not doc:
        _memo.clear()
        _memo_owner = weakref.ref(doc)


#: The memo's key for :func:`parse_sentence` (no start rule of the grammar).
_SENTENCE = "*sentence"


def _remembered(start: str, text: str, parse: Callable[[str, str], Parsed | None]) -> Parsed | None:
    """``parse(start, text)``, from the memo when it was parsed before in this document."""
    key = (start, text)
    known: object = _memo.get(key, _UNKNOWN)
    if known is not _UNKNOWN:
        return cast("Parsed | None", known)
    parsed = parse(start, text)
    if len(_memo) >= _MEMO_LIMIT:
        _memo.clear()
    _memo[key] = parsed
    return parsed


def _parse(start: str, text: str) -> Parsed | None:
    return _remembered(start, text, _parse_new)


def _parse_new(start: str, text: str) -> Parsed | None:
    parser, build = _sentence_parser()
    with _PARSING:
        build.text = text
        try:
            value: Any = parser.parse(text, start)  # a record: see _Build
        except (UnexpectedInputError, RejectedError):
            return None
    parsed: Parsed = value
    return parsed


def parse_people(
    text: str,
) -> VoteSentence | AbsenceSentence | AmendmentSentence | PositionSentence | RemarkSentence | None:
    """A vote, absence, amendment, position or protocol remark sentence, or ``None``."""
    parsed = _parse("people_sentence", text)
    people = VoteSentence | AbsenceSentence | AmendmentSentence | PositionSentence | RemarkSentence
    return parsed if isinstance(parsed, people) else None


def parse_outcome(text: str) -> OutcomeSentence | None:
    """A sentence led by a committee, or ``None``."""
    parsed = _parse("outcome", text)
    return parsed if isinstance(parsed, OutcomeSentence) else None


def parse_result(text: str) -> ResultSentence | None:
    """A committee-less result sentence, or ``None``."""
    parsed = _parse("result", text)
    return parsed if isinstance(parsed, ResultSentence) else None


def parse_counted(text: str) -> CountedSentence | None:
    """A result with counted votes, or ``None``."""
    parsed = _parse("counted", text)
    return parsed if isinstance(parsed, CountedSentence) else None


# Cheap filters that skip parsers which cannot succeed (the grammar still decides): a sentence
# about people has one of its verbs or opening words, a committee sentence names a body early,
# a result names what happened with one of a few words.

_PEOPLE_VERB = re.compile(
    r"\b(?:stemmer|stemte|undlader|undlod|deltog|stillede|stiller|fremsatte|fremsætter|kunne|"
    r"kan|tog|tager|bemærker|bemærkede|ønsker|ønskede|afgav|afgiver|fik)\b|"
    r"^\W*(?:Protokol|For\b|Imod\b|Undlod\b|Undlader\b)"
)
_RESULT_WORD = re.compile(
    r"\b(?:godkendt|vedtaget|tiltrådt|anbefalet|drøftet|efterretning|orientering|forkastet|"
    r"afvist|bortfaldet|faldet|udsat|tilbage|godkendes|vedtages|anbefales|indstilles|drøftes|"
    r"forkastes|afvises|udsættes|udgår|udgik|givet|oversendt|fremsendt|oversendes|fremsendes|"
    r"videresendes|tilbagesendes|henvist|henvises|Henvist|Henvises|bemærkninger|orienterede|orienterer|Godkendt|Vedtaget|Tiltrådt|"
    r"Anbefalet|Anbefales|Indstilles|Drøftet|Udsat|Udsættes|Oversendes|Fremsendes|Videresendes|"
    r"Tilbagesendes)\b"
)
_COMMITTEE_WORD = re.compile(
    r"udvalget\b|rådet\b|bestyrelsen\b|repræsentationen\b|\bMagistraten\b|\bDirektionen\b",
    re.IGNORECASE,
)
#: "Et flertal i udvalget …", "Et enigt udvalg …": a committee sentence with no committee word.
_MAJORITY = re.compile(r"^\W*Et[ \t]+(?:flertal|enigt|samlet)\b")


def is_committee(name: str) -> bool:
    """Is ``name`` a body (``Magistraten``, ``Økonomiudvalget``) rather than a person?"""
    words = name.split()
    return bool(words) and _COMMITTEE_WORD.search(words[-1]) is not None


def parse_sentence(text: str) -> Parsed | None:
    """Try each sentence family in turn: people, counted, result, outcome.

    A position whose "people" is one body (``Magistraten kunne tiltræde indstillingen``) is
    that body's outcome.
    """
    return _remembered(_SENTENCE, text, _parse_sentence)


def _parse_sentence(_start: str, text: str) -> Parsed | None:
    parsed: Parsed | None = None
    if _PEOPLE_VERB.search(text):
        parsed = parse_people(text)
        if isinstance(parsed, PositionSentence) and any(
            is_committee(m.name) for m in parsed.people
        ):
            parsed = parse_outcome(text) or parsed
    if parsed is None and "stemme" in text and _RESULT_WORD.search(text):
        parsed = parse_counted(text)
    if parsed is None and _RESULT_WORD.search(text):
        parsed = parse_result(text)
    if parsed is None and (_COMMITTEE_WORD.search(text, 0, 160) or _MAJORITY.match(text)):
        parsed = parse_outcome(text)
    return parsed
