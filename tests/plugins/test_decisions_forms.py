"""The decision sentences of other municipalities, one form per test.

Sentences are copied from the training excerpts (../shared/corpus/train/<file>:<line>); where
the excerpts have no example of a form, from the complete sources (../shared/corpus/src/<file>)
or, marked "brief", the form as the issue names it. Expected values come from reading them.
"""

from __future__ import annotations

import pytest
from decisions_support import grammar_parser
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra.lark import from_lark
from lark import Lark

from referat.grammar import grammar_text
from referat_decisions.extract import RESULT_OUTCOME
from referat_decisions.models import OutcomeKind, Position, Stance
from referat_decisions.outcomes import read_predicate
from referat_decisions.parse import (
    GRAMMAR,
    RESULT_KINDS,
    STARTS,
    CountedSentence,
    OutcomeSentence,
    PositionSentence,
    RemarkSentence,
    ResultSentence,
    VoteSentence,
    _parser,
    parse_counted,
    parse_outcome,
    parse_result,
    parse_sentence,
)


def result(text: str) -> ResultSentence:
    parsed = parse_sentence(text)
    assert isinstance(parsed, ResultSentence), parsed
    return parsed


# -- results without a committee ------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "kind", "subject"),
    [
        ("Godkendt.", "approved", None),  # aalborg-byraad-2023-05-15:20
        ("Godkendt", "approved", None),  # hedensted-det-faelles-landdistriktsraad:17
        ("Tiltrådt.", "approved", None),  # randers-byraadet-undated-nemagenda-punkt-88:56
        ("Indstillingen er tiltrådt.", "approved", "Indstillingen"),  # herning-byraad:62
        ("Dagsordenen blev godkendt.", "approved", "Dagsordenen"),  # fredensborg:74
        ("Dagsordenen blev herefter godkendt.", "approved", "Dagsordenen"),  # glostrup:54
        ("Dagsorden godkendt uden bemærkninger.", "approved", "Dagsorden"),  # koebenhavn-node:31
        ("Anbefales.", "recommended", None),  # koege-byraad-2022-05-31:106
        ("Til orientering.", "noted", None),  # aalborg-byraad-2023-05-15:90
        ("Til efterretning.", "noted", None),  # naestved-kultur-og-demokratiudvalget:74
        ("Sagen taget til orientering.", "noted", "Sagen"),  # herning-teknik-og-miljoe:101
        ("Dialogen blev taget til efterretning.", "noted", "Dialogen"),  # mariagerfjord:22
        ("Ingen bemærkninger.", "noted", None),  # brief
        ("Udsat.", "postponed", None),  # brief
        ("Drøftet.", "discussed", None),  # brief
        ("Oversendes til Byrådet.", "forwarded", None),  # brief
        ("Fremsendes til Økonomiudvalget.", "forwarded", None),  # brief
    ],
)
def test_result_kinds(text: str, kind: str, subject: str | None) -> None:
    parsed = result(text)
    assert (parsed.kind, parsed.subject) == (kind, subject)


def test_indstilles_til_godkendelse_keeps_where_to() -> None:  # syddjurs-byraadet-2018-06-20:59
    parsed = result("Indstilles til Økonomiudvalgets og Byrådets godkendelse.")
    assert (parsed.kind, parsed.verb, parsed.text) == (
        "recommended",
        "Indstilles",
        "til Økonomiudvalgets og Byrådets godkendelse",
    )


def test_passive_fremsendes_is_forwarded() -> None:  # svendborg-oekonomiudvalget:19
    parsed = result(
        "Vedlagte forslag til takster for 2024 fremsendes til Kommunalbestyrelsens 1. behandling"
    )
    assert (parsed.kind, parsed.subject, parsed.verb) == (
        "forwarded",
        "Vedlagte forslag til takster for 2024",
        "fremsendes",
    )


def test_passive_droeftes() -> None:  # mariagerfjord-teknik-og-miljoe-2020-06-22:22
    parsed = result("Punktet omkring arbejdet i Vestergade drøftes efter sommeren 2020.")
    assert (parsed.kind, parsed.subject) == ("discussed", "Punktet omkring arbejdet i Vestergade")


def test_godkendt_comma_at() -> None:  # odense-byraad-2008-03-26:61
    parsed = result(
        "Godkendt, at gruppe A har udpeget byrådsmedlem Jesper Kinch-Jensen som nyt medlem i "
        "stedet for rådmand Søren Thorsager."
    )
    assert parsed.kind == "approved"
    assert parsed.text == (
        ", at gruppe A har udpeget byrådsmedlem Jesper Kinch-Jensen som nyt medlem i stedet "
        "for rådmand Søren Thorsager"
    )


def test_full_stop_then_more() -> None:  # svendborg-oekonomiudvalget-2023-09-12:11
    parsed = result("Dagsorden godkendt., i det man behandlede punkterne 2 og 3 til sidst.")
    assert (parsed.kind, parsed.subject) == ("approved", "Dagsorden")
    assert parsed.text == ", i det man behandlede punkterne 2 og 3 til sidst"


@pytest.mark.parametrize(
    ("text", "clause", "kind"),
    [
        ("At 1: Godkendt.", "1", "approved"),  # brief
        ("Ad 1) godkendt", "1", "approved"),  # brief
        ("Ad pkt. 3: Taget til efterretning.", "3", "noted"),  # brief
    ],
)
def test_per_clause(text: str, clause: str, kind: str) -> None:
    parsed = parse_result(text)
    assert parsed is not None
    assert (parsed.clause, parsed.kind) == (clause, kind)


def test_a_member_informed() -> None:  # slagelse-oekonomiudvalget-2018-10-01:53
    parsed = result(
        "Ole Kristensen orienterede om henvendelse fra Vestermose Skole og garantistillelse."
    )
    assert (parsed.kind, parsed.subject, parsed.verb) == ("noted", "Ole Kristensen", "orienterede")
    assert parsed.text == "om henvendelse fra Vestermose Skole og garantistillelse"


def test_agenda_note_is_a_result_about_another_item() -> None:  # aalborg-byraad-2024-02-12:20
    parsed = result("Punkt 15 udgår og sagen sendes tilbage til Klima og miljø")
    assert (parsed.kind, parsed.subject) == ("withdrawn", "Punkt 15")  # the extractor skips it


# -- committee sentences --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "committee", "kind", "verb", "obj"),
    [
        # horsens-byraadet-2016-03-29:40
        ("Byrådet vedtog indstillingen fra Økonomi- og Erhvervsudvalget.", "Byrådet",
         OutcomeKind.APPROVED, "vedtog", "indstillingen fra Økonomi- og Erhvervsudvalget"),
        # aalborg-byraad-2023-05-15:84
        ("Økonomiudvalget har haft sagen til orientering.", "Økonomiudvalget",
         OutcomeKind.NOTED, "har haft til orientering", "sagen"),
        # hilleroed-byraadet-2018-10-31:31
        ("Byrådet godkendte Ebbe Mosbæk Rasmussen (B) som stedfortræder.", "Byrådet",
         OutcomeKind.APPROVED, "godkendte", "Ebbe Mosbæk Rasmussen (B) som stedfortræder"),
        # odense-by-og-kulturudvalget-2012-06-19:68
        ("By- og Kulturudvalget anbefaler indstillingen.", "By- og Kulturudvalget",
         OutcomeKind.RECOMMENDED, "anbefaler", "indstillingen"),
        # slagelse-oekonomiudvalget-2018-10-01:54 (the excerpt ends mid-word)
        ("Økonomiudvalget tilsluttede sig, at det medd", "Økonomiudvalget",
         OutcomeKind.APPROVED, "tilsluttede sig", "at det medd"),
        # aarhus-byraad-2025-10-08-dagsorden.html (src)
        ("Magistraten kunne tiltræde indstillingen med en række tekniske ændringer til "
         "budgetforslaget", "Magistraten", OutcomeKind.APPROVED, "kunne tiltræde",
         "indstillingen med en række tekniske ændringer til budgetforslaget"),
    ],
)  # fmt: skip
def test_committee_outcomes(
    text: str, committee: str, kind: OutcomeKind, verb: str, obj: str
) -> None:
    parsed = parse_sentence(text)
    assert isinstance(parsed, OutcomeSentence), parsed
    assert parsed.committee == committee
    predicate = read_predicate(text[parsed.predicate_start : parsed.predicate_end])
    assert (predicate.kind, predicate.verb, predicate.object) == (kind, verb, obj)


def test_committee_colon() -> None:  # brief ("Byrådet: Godkendt.")
    parsed = parse_outcome("Byrådet: Godkendt.")
    assert parsed is not None
    assert parsed.committee == "Byrådet"


@pytest.mark.parametrize(
    ("predicate", "kind"),
    [
        ("kan ikke anbefale indstillingen", OutcomeKind.REJECTED),
        ("oversender sagen til Byrådet", OutcomeKind.FORWARDED),
        ("indstiller til byrådet, at planen vedtages", OutcomeKind.RECOMMENDED),
        ("har godkendt indstillingen", OutcomeKind.APPROVED),
        ("kunne ikke drøfte sagen", OutcomeKind.OTHER),
    ],
)
def test_predicates(predicate: str, kind: OutcomeKind) -> None:  # brief
    assert read_predicate(predicate).kind is kind


# -- votes -----------------------------------------------------------------------------------


def test_for_indstillingen_stemte() -> None:  # regionhovedstaden-regionsraadet-2012-09-25 (src)
    parsed = parse_sentence(
        "For indstillingen stemte Finn Aaberg, Knud Larsen, Kaj Petersen, Thomas Bak, Hans Toft, "
        "Erik Lund og Jørn Christensen"
    )
    assert isinstance(parsed, VoteSentence)
    assert (parsed.position, parsed.subject) == (Position.FOR, "indstillingen")
    assert [m.name for m in parsed.voters] == [
        "Finn Aaberg",
        "Knud Larsen",
        "Kaj Petersen",
        "Thomas Bak",
        "Hans Toft",
        "Erik Lund",
        "Jørn Christensen",
    ]


def test_imod_indstillingen_stemte() -> None:  # regionhovedstaden-regionsraadet-2012-09-25 (src)
    parsed = parse_sentence("Imod indstillingen stemte Peter Thiele og Steen Olesen")
    assert isinstance(parsed, VoteSentence)
    assert parsed.position is Position.AGAINST
    assert [m.name for m in parsed.voters] == ["Peter Thiele", "Steen Olesen"]


@pytest.mark.parametrize(
    ("text", "position", "letters"),
    [
        ("For stemte: A, B, F og Ø", Position.FOR, ["A", "B", "F", "Ø"]),  # brief
        ("Imod stemte: V", Position.AGAINST, ["V"]),  # brief
        ("Undlod at stemme: O", Position.ABSTAIN, ["O"]),  # brief
    ],
)
def test_party_letter_votes(text: str, position: Position, letters: list[str]) -> None:
    parsed = parse_sentence(text)
    assert isinstance(parsed, VoteSentence)
    assert (parsed.position, [m.name for m in parsed.voters]) == (position, letters)


def test_counted_with_abstention() -> None:  # brief
    parsed = parse_counted("Forslaget blev vedtaget med 34 stemmer imod 15. 1 undlod")
    assert isinstance(parsed, CountedSentence)
    assert (parsed.result.kind, parsed.result.subject) == ("approved", "Forslaget")
    assert [(c.position, c.count, c.parties) for c in parsed.counts] == [
        (Position.FOR, 34, ()),
        (Position.AGAINST, 15, ()),
        (Position.ABSTAIN, 1, ()),
    ]


def test_counted_with_parties() -> None:  # brief
    parsed = parse_sentence("Forslaget blev vedtaget med 18 stemmer for (A, F) og 9 imod (V).")
    assert isinstance(parsed, CountedSentence)
    assert [(c.position, c.count, c.parties) for c in parsed.counts] == [
        (Position.FOR, 18, ("A", "F")),
        (Position.AGAINST, 9, ("V",)),
    ]


def test_a_decimal_is_no_count_of_votes() -> None:  # found by the grammar property below
    assert parse_counted("Vedtaget med 0 stemmer imod 0,0") is None
    assert parse_counted("Vedtaget med 1.200 stemmer imod 3") is not None


def test_counted_rejection() -> None:  # brief
    parsed = parse_counted("Forslaget blev forkastet med 9 stemmer mod 18.")
    assert parsed is not None
    assert parsed.result.kind == "rejected"


# -- positions and remarks -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "stance", "who", "about"),
    [
        # aarhus-byraad-2025-10-08-dagsorden.html (src)
        ("Liberal Alliance kunne ikke tiltræde indstillingens beslutningspunkt 1",
         Stance.OPPOSES, ["Liberal Alliance"], "indstillingens beslutningspunkt 1"),
        ("Radikale Venstre tog forbehold for budgetsagerne", Stance.RESERVATION,
         ["Radikale Venstre"], "for budgetsagerne"),
        ("Det Konservative Folkeparti, Venstre, Radikale Venstre og Liberal Alliance tog "
         "forbehold", Stance.RESERVATION,
         ["Det Konservative Folkeparti", "Venstre", "Radikale Venstre", "Liberal Alliance"], None),
        # brief
        ("Jens Hansen (V) kunne tiltræde indstillingen.", Stance.SUPPORTS, ["Jens Hansen"],
         "indstillingen"),
    ],
)  # fmt: skip
def test_positions(text: str, stance: Stance, who: list[str], about: str | None) -> None:
    parsed = parse_sentence(text)
    assert isinstance(parsed, PositionSentence), parsed
    assert (parsed.stance, [m.name for m in parsed.people], parsed.text) == (stance, who, about)


@pytest.mark.parametrize(
    ("text", "who", "remark"),
    [
        ("A bemærker, at sagen burde have været i høring.", ["A"],
         "sagen burde have været i høring"),  # brief
        ("Ø ønsker sin stemme ført til protokol.", ["Ø"], None),  # brief
        ("Protokolbemærkning fra Enhedslisten: Vi kan ikke støtte forslaget.", ["Enhedslisten"],
         "Vi kan ikke støtte forslaget"),  # brief
        ("Protokolbemærkning: Vi kan ikke støtte forslaget.", [],
         "Vi kan ikke støtte forslaget"),  # brief
    ],
)  # fmt: skip
def test_remarks(text: str, who: list[str], remark: str | None) -> None:
    parsed = parse_sentence(text)
    assert isinstance(parsed, RemarkSentence), parsed
    assert [m.name for m in parsed.people] == who
    got = None if parsed.text_start is None else text[parsed.text_start : parsed.text_end]
    assert got == remark


# -- the grammar -------------------------------------------------------------------------------


def test_every_start_rule_is_conflict_free() -> None:
    # strict=True turns a shift/reduce conflict into an error, for all four start rules at once.
    Lark(grammar_text(GRAMMAR), parser="lalr", strict=True, start=list(STARTS))


def test_one_parser_for_every_start_rule() -> None:
    assert _parser("result") is _parser("counted") is _parser()
    with pytest.raises(ValueError, match="no start rule"):
        _parser("sentence")


def test_forwarded_is_a_result_kind() -> None:
    assert RESULT_OUTCOME["forwarded"] is OutcomeKind.FORWARDED
    assert OutcomeKind.FORWARDED.value == "oversendt"
    assert "forwarded" in RESULT_KINDS
    assert "-> forwarded" in grammar_text(GRAMMAR)


@given(st.data())
def test_grammar_generated_sentences_of_every_start_rule(data: st.DataObject) -> None:
    start = data.draw(st.sampled_from(list(STARTS)))
    sentence = data.draw(from_lark(grammar_parser(), start=start))
    parsed = parse_sentence(sentence)  # a record or None, never an exception
    if start == "counted" and isinstance(parsed, CountedSentence):
        assert all(c.count >= 0 for c in parsed.counts)
