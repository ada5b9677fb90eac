"""Unit tests per sentence pattern, with sentences quoted from the fixtures (file:line given).

Expected values come from reading the sentences, not from the parser's output.
"""

from __future__ import annotations

import re

import pytest

from referat.grammar import grammar_text
from referat_decisions.extract import RESULT_OUTCOME
from referat_decisions.models import AbsenceScope, OutcomeKind, Position, Role
from referat_decisions.outcomes import read_predicate
from referat_decisions.parse import (
    GRAMMAR,
    RESULT_KINDS,
    AbsenceSentence,
    AmendmentSentence,
    OutcomeSentence,
    ResultSentence,
    VoteSentence,
    parse_outcome,
    parse_people,
    parse_result,
    parse_sentence,
)
from referat_decisions.sentences import split_sentences


def _voters(sentence: VoteSentence | AbsenceSentence) -> list[tuple[str, Role | None, str | None]]:
    people = sentence.voters if isinstance(sentence, VoteSentence) else sentence.people
    return [(m.name, m.role, m.party) for m in people]


def _vote(text: str) -> VoteSentence:
    parsed = parse_people(text)
    assert isinstance(parsed, VoteSentence), parsed
    return parsed


# -- votes ----------------------------------------------------------------------------------


def test_vote_chair_and_plural_members_with_parties() -> None:  # 001:1136
    vote = _vote(
        "Rådmand Brian Dybro (F) og udvalgsmedlemmerne Cæcilie Crawley (A), Michael Eskamp "
        "Witek (A), Nazim Gürkan (A), Tommy Hummelose (C) og Mark Grossmann (V) stemmer for "
        "resolutionsteksten."
    )
    assert vote.position is Position.FOR
    assert vote.subject == "resolutionsteksten"
    assert not vote.others
    assert _voters(vote) == [
        ("Brian Dybro", Role.CHAIR, "F"),
        ("Cæcilie Crawley", Role.MEMBER, "A"),
        ("Michael Eskamp Witek", Role.MEMBER, "A"),
        ("Nazim Gürkan", Role.MEMBER, "A"),
        ("Tommy Hummelose", Role.MEMBER, "C"),
        ("Mark Grossmann", Role.MEMBER, "V"),
    ]
    assert [m.role_raw for m in vote.voters] == ["Rådmand"] + ["udvalgsmedlemmerne"] * 5


def test_vote_single_member_party_o_slash() -> None:  # 001:1138
    vote = _vote("Udvalgsmedlem Reza Javid (Ø) stemmer imod resolutionsteksten.")
    assert vote.position is Position.AGAINST
    assert vote.subject == "resolutionsteksten"
    assert _voters(vote) == [("Reza Javid", Role.MEMBER, "Ø")]


def test_vote_others_lowercase_chair_no_subject() -> None:  # 001:1253
    vote = _vote(
        "De øvrige rådmand Brian Dybro (F) og udvalgsmedlemmerne Cæcilie Crawley (A), Michael "
        "Eskamp Witek (A), Nazim Gürkan (A), Tommy Hummelose (C) og Mark Grossmann (V) stemmer "
        "imod."
    )
    assert vote.others
    assert vote.position is Position.AGAINST
    assert vote.subject is None
    assert vote.voters[0].role is Role.CHAIR
    assert vote.voters[0].role_raw == "rådmand"
    assert len(vote.voters) == 6


def test_vote_hyphenated_name_against_before_for() -> None:  # 002:360, 002:362
    against = _vote("Udvalgsmedlem Reza Javid (Ø) stemmer imod indstillingen.")
    assert (against.position, against.subject) == (Position.AGAINST, "indstillingen")
    vote = _vote(
        "Rådmand Christoffer Lilleholt (V) og udvalgsmedlemmerne Mads Thomsen (A), Joachim "
        "Hoffmann-Petersen (C) og Nicolai Busch Bæhrenz (V) stemmer for indstillingen."
    )
    assert _voters(vote) == [
        ("Christoffer Lilleholt", Role.CHAIR, "V"),
        ("Mads Thomsen", Role.MEMBER, "A"),
        ("Joachim Hoffmann-Petersen", Role.MEMBER, "C"),
        ("Nicolai Busch Bæhrenz", Role.MEMBER, "V"),
    ]


def test_vote_samt_no_parties_subject_with_name() -> None:  # 003:29-30, joined with a space
    vote = _vote(
        "Rådmand Steen Møller samt udvalgsmedlemmerne Christoffer Lilleholt, Claus Houden, "
        "Michael Eskamp Witek, Steen Lund og Tim Vermund stemmer imod forslaget fra Ulla "
        "Chambless."
    )
    assert vote.subject == "forslaget fra Ulla Chambless"
    assert _voters(vote) == [
        ("Steen Møller", Role.CHAIR, None),
        ("Christoffer Lilleholt", Role.MEMBER, None),
        ("Claus Houden", Role.MEMBER, None),
        ("Michael Eskamp Witek", Role.MEMBER, None),
        ("Steen Lund", Role.MEMBER, None),
        ("Tim Vermund", Role.MEMBER, None),
    ]


@pytest.mark.parametrize(
    ("text", "position"),
    [
        ("Udvalgsmedlem Reza Javid (Ø) undlader at stemme.", Position.ABSTAIN),
        ("Udvalgsmedlem Reza Javid (Ø) stemmer hverken for eller imod.", Position.ABSTAIN),
        ("Udvalgsmedlem Reza Javid (Ø) stemte for sagen.", Position.FOR),
    ],
)
def test_vote_other_positions(text: str, position: Position) -> None:
    assert _vote(text).position is position


def test_vote_others_without_names() -> None:
    vote = _vote("De øvrige medlemmer stemmer for.")
    assert vote.others
    assert vote.voters == ()


def test_vote_mention_offsets_cover_name_and_party() -> None:
    text = "Udvalgsmedlem Reza Javid (Ø) stemmer for sagen."  # 001:1251
    (mention,) = _vote(text).voters
    assert text[mention.start : mention.end] == "Reza Javid (Ø)"


# -- absences -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "people", "scope"),
    [
        (  # 000:62
            "Udvalgsmedlem Cæcilie Crawley deltog ikke i behandlingen af dette punkt.",
            [("Cæcilie Crawley", Role.MEMBER, None)],
            AbsenceScope.ITEM,
        ),
        (  # 004:29
            "Udvalgsmedlem Joachim Hoffmann-Petersen deltog ikke i mødet.",
            [("Joachim Hoffmann-Petersen", Role.MEMBER, None)],
            AbsenceScope.MEETING,
        ),
        (  # 003:222
            "Udvalgsmedlemmerne Niclas Turan Kandemir og Mark Grossmann deltog ikke i mødet.",
            [("Niclas Turan Kandemir", Role.MEMBER, None), ("Mark Grossmann", Role.MEMBER, None)],
            AbsenceScope.MEETING,
        ),
    ],
)
def test_absences(text: str, people: list[tuple[str, Role, None]], scope: AbsenceScope) -> None:
    parsed = parse_people(text)
    assert isinstance(parsed, AbsenceSentence)
    assert _voters(parsed) == people
    assert parsed.scope is scope


# -- amendments and results -----------------------------------------------------------------


def test_amendment() -> None:  # 003:26-27
    text = (
        "Udvalgsmedlem Ulla Chambless stillede ændringsforslag om, at besparelsen på "
        "værestederne på 450.000 kr. blev erstattet af en besparelse på Citykorpset."
    )
    parsed = parse_people(text)
    assert isinstance(parsed, AmendmentSentence)
    assert [(m.name, m.role) for m in parsed.proposers] == [("Ulla Chambless", Role.MEMBER)]
    assert text[parsed.text_start : parsed.text_end] == (
        "besparelsen på værestederne på 450.000 kr. blev erstattet af en besparelse på Citykorpset"
    )


@pytest.mark.parametrize(
    ("text", "kind", "subject", "verb"),
    [
        (
            "Ændringsforslaget er dermed bortfaldet.",
            "fell",
            "Ændringsforslaget",
            "er dermed bortfaldet",
        ),  # 003:32
        (
            "Resolutionsteksten er dermed godkendt.",
            "approved",
            "Resolutionsteksten",
            "er dermed godkendt",
        ),  # 001:1140
        ("Orientering givet.", "noted", None, "Orientering givet"),  # 002:853
        ("Sagen udsættes.", "postponed", "Sagen", "udsættes"),
        ("Godkendt.", "approved", None, "Godkendt"),
    ],
)
def test_results(text: str, kind: str, subject: str | None, verb: str) -> None:
    parsed = parse_result(text)
    assert parsed == ResultSentence(kind, subject, verb)


# -- outcomes -------------------------------------------------------------------------------


def _outcome(text: str) -> tuple[OutcomeSentence, str]:
    parsed = parse_outcome(text)
    assert isinstance(parsed, OutcomeSentence)
    return parsed, text[parsed.predicate_start : parsed.predicate_end]


@pytest.mark.parametrize(
    ("text", "committee"),
    [
        (
            "Beskæftigelses- og Socialudvalget anbefaler indstillingen.",
            "Beskæftigelses- og Socialudvalget",
        ),  # 003:216
        ("Børn- og Ungeudvalget anbefaler indstillingen.", "Børn- og Ungeudvalget"),  # 003:218
        (
            "Ældre- og Handicapudvalget anbefaler indstillingen.",
            "Ældre- og Handicapudvalget",
        ),  # 003:220
        (
            "**Beskæftigelses- og Socialudvalget** drøftede sagen.",
            "Beskæftigelses- og Socialudvalget",
        ),  # 000:246
        (
            "**Beskæftigelses og Socialudvalget** godkender model 2.",
            "Beskæftigelses og Socialudvalget",
        ),  # 000:311
        ("Økonomiudvalget godkender indstillingen.", "Økonomiudvalget"),
    ],
)
def test_outcome_committee(text: str, committee: str) -> None:
    parsed, _ = _outcome(text)
    assert parsed.committee == committee


def test_udvalget_is_the_meeting_committee() -> None:
    parsed, predicate = _outcome("Udvalget ønsker derfor også, at forslaget tages med.")  # 001:1134
    assert parsed.committee is None
    assert predicate == "ønsker derfor også, at forslaget tages med"


@pytest.mark.parametrize(
    ("predicate", "kind", "verb", "obj"),
    [
        ("godkender indstillingen", OutcomeKind.APPROVED, "godkender", "indstillingen"),
        ("godkender dagsordenen", OutcomeKind.APPROVED, "godkender", "dagsordenen"),  # 002:34
        ("anbefaler indstillingen", OutcomeKind.RECOMMENDED, "anbefaler", "indstillingen"),
        ("drøftede sagen", OutcomeKind.DISCUSSED, "drøftede", "sagen"),
        (
            "ophævede sagen til en beslutningssag (B-sag)",
            OutcomeKind.ELEVATED,
            "ophævede",
            "sagen",
        ),  # 000:309
        (
            "tager orienteringen til efterretning",
            OutcomeKind.NOTED,
            "tager til efterretning",
            "orienteringen",
        ),
        ("udsætter sagen", OutcomeKind.POSTPONED, "udsætter", "sagen"),
        ("trak sagen tilbage", OutcomeKind.WITHDRAWN, "trak tilbage", "sagen"),
        ("afviser forslaget", OutcomeKind.REJECTED, "afviser", "forslaget"),
        ("godkender ikke indstillingen", OutcomeKind.REJECTED, "godkender ikke", "indstillingen"),
        ("besluttede at udsætte sagen", OutcomeKind.POSTPONED, "besluttede at udsætte", "sagen"),
        ("tager sagen op igen", OutcomeKind.OTHER, "tager", "sagen op igen"),
        (  # 001:1134
            "ønsker at fastholde ambitionerne i Beskæftigelsespolitikken",
            OutcomeKind.OTHER,
            "ønsker at fastholde",
            "ambitionerne i Beskæftigelsespolitikken",
        ),
        (  # 001:1186
            "godkender at jobrotationsprojektet igangsættes, og at det sker i regi af det "
            'eksisterende projekt "Fra ledig til velfærdsmedarbejder"',
            OutcomeKind.APPROVED,
            "godkender",
            "at jobrotationsprojektet igangsættes, og at det sker i regi af det eksisterende "
            'projekt "Fra ledig til velfærdsmedarbejder"',
        ),
    ],
)
def test_predicates(predicate: str, kind: OutcomeKind, verb: str, obj: str) -> None:
    read = read_predicate(predicate)
    assert (read.kind, read.verb, read.object) == (kind, verb, obj)
    assert read.addition_start is None
    assert not read.addition_next


def test_addition_in_the_sentence() -> None:  # 000:60 (cut)
    predicate = (
        "godkender indstillingen med den tilføjelse, at Beskæftigelses- og Socialudvalget ønsker"
    )
    read = read_predicate(predicate)
    assert read.object == "indstillingen"
    assert read.addition_start is not None
    assert predicate[read.addition_start :] == "at Beskæftigelses- og Socialudvalget ønsker"


def test_addition_in_the_next_paragraph() -> None:  # 001:389
    read = read_predicate("godkender indstillingen med følgende tilføjelse:")
    assert (read.kind, read.object, read.addition_start) == (
        OutcomeKind.APPROVED,
        "indstillingen",
        None,
    )
    assert read.addition_next


# -- not people -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        # 001:367: "udvalgsmedlem" used for a goal
        "Indsatsen støtter op om Beskæftigelses- og Socialudvalgets udvalgsmedlem "
        '"Flere unge får en uddannelse", herunder indikatorerne.',
        "Sagen har en effekt for følgende Odensemedlem:",  # 001:373
        # 000:339
        "En styrket fælles viden og koordinering mellem Specialenheden og Kontrolgruppen vil "
        "desuden spille samarbejdet i Al Capone (Fyns Politi, SKAT, Kontrolgruppen) endnu bedre.",
        "Ungestrategien har også et stort fokus på inddragelse og stemmer godt overens med "
        "barnets lov.",  # 002:610
    ],
)
def test_not_people(text: str) -> None:
    assert parse_people(text) is None
    assert parse_sentence(text) is None


@pytest.mark.parametrize(
    "text",
    [
        "Udvalgsmedlem Reza Javid (Venstre) stemmer for.",  # a party is a letter or two
        "Udvalgsmedlem Reza Javid stemmer for (med forbehold).",
        "Udvalgsmedlem Reza Javid deltog ikke i dele af mødet.",
    ],
)
def test_near_misses_do_not_parse(text: str) -> None:
    assert parse_people(text) is None


# -- sentences ------------------------------------------------------------------------------


def test_split_keeps_abbreviations_and_amounts() -> None:  # 000:311
    text = (
        "**Beskæftigelses og Socialudvalget** godkender model 2, hvor … nedjusteres 1 mio. kr. "
        "(både brutto og netto). Nedsættelsen sker, fordi det vil kræve 1 årsværk."
    )
    assert [text[s:e] for s, e in split_sentences(text)] == [
        "**Beskæftigelses og Socialudvalget** godkender model 2, hvor … nedjusteres 1 mio. kr. "
        "(både brutto og netto).",
        "Nedsættelsen sker, fordi det vil kræve 1 årsværk.",
    ]


def test_split_after_quote_and_initials() -> None:
    text = 'projekt "Fra ledig til velfærdsmedarbejder". De 24 ledige. Hans J. Jensen kom.'
    assert [text[s:e] for s, e in split_sentences(text)] == [
        'projekt "Fra ledig til velfærdsmedarbejder".',
        "De 24 ledige.",
        "Hans J. Jensen kom.",
    ]


def test_split_blank() -> None:
    assert split_sentences("   ") == []


def test_subject_of_bare_punctuation_is_none() -> None:  # found by the grammar fuzz test
    vote = _vote("Udvalgsmedlem Reza Javid (Ø) stemmer for ,.")
    assert vote.subject is None


def test_every_result_alias_of_the_grammar_has_a_kind() -> None:
    text = grammar_text(GRAMMAR)
    results = text[text.index("!verb_phrase") :]
    aliases = set(re.findall(r"->\s*(\w+)", results))
    assert aliases == RESULT_KINDS
    assert set(RESULT_OUTCOME) == RESULT_KINDS
