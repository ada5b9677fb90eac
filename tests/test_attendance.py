"""referat.attendance: Danish attendance statements, read from real sentences of the training
excerpts (../shared/corpus/train, file and line in each case) and from generated lists."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from conftest import cpu_seconds
from referat import attendance as att
from referat.attendance import Found, label_status, read_attendance, scan_attendance
from referat.models import AttendanceStatus, Span

A = AttendanceStatus.ABSENT
P = AttendanceStatus.PRESENT
SUB = AttendanceStatus.SUBSTITUTE
LEFT = AttendanceStatus.LEFT
ARR = AttendanceStatus.ARRIVED
INH = AttendanceStatus.CONFLICT


def people(text: str, **kw: object) -> list[tuple[str, AttendanceStatus, str | None]]:
    return [(f.name, f.status, f.party) for f in scan_attendance(text, **kw)]  # type: ignore[arg-type]


def one(text: str) -> Found:
    (found,) = scan_attendance(text)
    return found


# -- labels and lists ----------------------------------------------------------------------


def test_label_list_with_parties_in_parentheses() -> None:  # mariagerfjord:26
    assert people("Fraværende: Peter Muhl (A).") == [("Peter Muhl", A, "A")]


def test_afbud_label_and_stedfortraeder_label() -> None:  # hilleroed:33-35
    text = "Afbud: Jørgen Suhr (B)\n \nStedfortræder: Ebbe Mosbæk Rasmussen (B)"
    assert people(text) == [("Jørgen Suhr", A, "B"), ("Ebbe Mosbæk Rasmussen", SUB, "B")]
    substitute = scan_attendance(text)[1]
    assert substitute.substitute_for == "Jørgen Suhr"


def test_der_var_afbud_fra_with_og() -> None:  # holstebro:11
    assert people("Der var afbud fra Søren Olesen (O) og Pernille Bloch (C).") == [
        ("Søren Olesen", A, "O"),
        ("Pernille Bloch", A, "C"),
    ]


def test_afbud_inside_a_sentence_and_a_substitute_for_the_one_absent() -> None:  # glostrup:52
    text = (
        "Borgmesteren oplyste, at der var afbud fra Robert Sørensen (Ø). Steen Rosenquist (Ø) "
        "var indkaldt som stedfortrædere efter styrelsesvedtægtens § 25."
    )
    absent, substitute = scan_attendance(text)
    assert (absent.name, absent.status, absent.party) == ("Robert Sørensen", A, "Ø")
    assert (substitute.name, substitute.status, substitute.substitute_for) == (
        "Steen Rosenquist",
        SUB,
        "Robert Sørensen",
    )
    assert text[absent.start : absent.end] == "afbud fra Robert Sørensen (Ø)."
    assert text[absent.name_start : absent.name_end] == "Robert Sørensen (Ø)"


def test_tilstede_list_with_initials() -> None:  # gentofte:5
    text = "Tilstede: Hans Toft, Søren B. Heisel, Pia Nyring, Poul V. Jensen, Jeanne Toxværd"
    assert [n for n, _, _ in people(text)] == [
        "Hans Toft",
        "Søren B. Heisel",
        "Pia Nyring",
        "Poul V. Jensen",
        "Jeanne Toxværd",
    ]
    assert {s for _, s, _ in people(text)} == {P}


def test_fravaerende_with_substitutes_in_parentheses() -> None:  # gentofte:5
    text = (
        "Fraværende: Marianne Zangenberg (stedfortræder: Per B. Andersen) og Anne Hjorth "
        "(stedfortræder: Gitte H. Terndrup) Indholdsfortegnelse Kommunalbestyrelsen"
    )
    found = {(f.name, f.status, f.substitute_for) for f in scan_attendance(text)}
    assert found == {
        ("Marianne Zangenberg", A, None),
        ("Anne Hjorth", A, None),
        ("Per B. Andersen", SUB, "Marianne Zangenberg"),
        ("Gitte H. Terndrup", SUB, "Anne Hjorth"),
    }


def test_list_stops_before_the_date() -> None:  # toender:14
    text = "Fraværende: Birthe Frikk, Christina Htens, Eike Albrechtsen 25. april 2013"
    assert [n for n, _, _ in people(text)] == [
        "Birthe Frikk",
        "Christina Htens",
        "Eike Albrechtsen",
    ]


def test_two_labels_on_one_line() -> None:  # helsingoer-byraadet:14
    assert people("Deltagere: Thomas Kok Fraværende: Anders Drachmann") == [
        ("Thomas Kok", P, None),
        ("Anders Drachmann", A, None),
    ]


def test_label_alone_on_its_line_opens_a_list() -> None:  # koege-byraad:79-81
    text = "Fraværende\nClaus René Olesen (C)\nMartin Knudsen (D)"
    assert people(text) == [("Claus René Olesen", A, "C"), ("Martin Knudsen", A, "D")]


def test_party_after_a_comma_on_a_numbered_line() -> None:  # glostrup:56-57
    assert people("Afbud:\n  1. Robert Sørensen, Ø") == [("Robert Sørensen", A, "Ø")]


@pytest.mark.parametrize(
    "text",
    [
        "Fraværende: ",  # slagelse:21
        "Fraværende:\nSagsnr.: 00.32.10-S00-1-24",  # hedensted-kommunalbestyrelsen:26-27
        "Fraværende med afbud:\n\nIngen.",  # koebenhavn-oekonomiudvalget-2020:21-23
        "Mødets deltagere og fraværende noteres her.",  # hedensted-kommunalbestyrelsen:12
        "Henrik Olsen, Sommervej 6, 4632 Bjæverskov er 1. stedfortræder på kandidatlisten.",
        "I tilfælde af, at et medlem af byrådet er fraværende med lovligt anmeldt forfald, skal "
        "der indkaldes stedfortræder for den pågældende.",  # hilleroed:17
        "",
    ],
)
def test_nothing_to_read(text: str) -> None:
    assert scan_attendance(text) == []


def test_titles_are_not_names_and_reasons_end_a_line() -> None:  # koebenhavn-node14246:9-29
    text = (
        "Tilstede var:\nOverborgmester Frank Jensen\n\nBorgmester Ninna Thomsen\n\n"
        "Afbud fra:\nBorgmester Morten Kabell grundet tjenesterejse.\n\n"
        "Borgmester Pia Allerslev forlod mødet kl. 18.01 under Sager til orientering, "
        "underpunkt 3."
    )
    assert people(text) == [
        ("Frank Jensen", P, None),
        ("Ninna Thomsen", P, None),
        ("Morten Kabell", A, None),
        ("Pia Allerslev", LEFT, None),
    ]
    assert scan_attendance(text)[-1].items == ()  # "underpunkt 3" is not an agenda item


# -- people and a verb -----------------------------------------------------------------------


def test_var_fravaerende_two_people() -> None:  # aalborg-2023-05-15:22
    assert people("Jane Østergaard og Vibeke Gamst var fraværende.") == [
        ("Jane Østergaard", A, None),
        ("Vibeke Gamst", A, None),
    ]


def test_committee_label_before_the_people() -> None:  # aalborg-2023-11-13:36
    assert people("Senior- og Omsorgsudvalget: Daniel Borup var fraværende.") == [
        ("Daniel Borup", A, None)
    ]


def test_lower_case_surname_and_suppleanter() -> None:  # hedensted-landdistriktsraad:18-19
    text = (
        "Peter Andersen, Gert winther og Linda Peitersen deltog ikke på mødet.\n"
        "Kenneth Dahl og Morten Juhl deltog som suppleanter."
    )
    assert people(text) == [
        ("Peter Andersen", A, None),
        ("Gert winther", A, None),
        ("Linda Peitersen", A, None),
        ("Kenneth Dahl", SUB, None),
        ("Morten Juhl", SUB, None),
    ]
    # Three were absent: whom each suppleant replaced is not said.
    assert [f.substitute_for for f in scan_attendance(text)[3:]] == [None, None]


def test_deltog_ikke_i_moedet() -> None:  # horsens:42
    found = one("Hans Bang-Hansen deltog ikke i mødet.")
    assert (found.name, found.status, found.items) == ("Hans Bang-Hansen", A, ())


def test_items_as_a_range() -> None:  # koege-klima:36
    found = one("Torben Haack (F) deltog ikke under punkterne 12-15.")
    assert (found.name, found.party, found.status, found.items) == (
        "Torben Haack",
        "F",
        A,
        (12, 13, 14, 15),
    )


def test_items_listed_and_after_punkt_with_a_full_stop() -> None:  # lyngby-2016-01-21:15
    text = (
        "I stedet for Jan Kaspersen deltog Morten Grøn. Morten Normann Jørgensen deltog ikke "
        "under punkt. 18. Curt Købsted var fraværende under punkterne 19, 20 og 21."
    )
    sub, absent18, absent19 = scan_attendance(text)
    assert (sub.name, sub.status, sub.substitute_for) == ("Morten Grøn", SUB, "Jan Kaspersen")
    assert (absent18.name, absent18.items) == ("Morten Normann Jørgensen", (18,))
    assert (absent19.name, absent19.items) == ("Curt Købsted", (19, 20, 21))


def test_absent_then_i_stedet_deltog_run_on() -> None:  # lyngby-2016-12-22:57
    text = (
        "Mette Hoff (A) var fraværende. I stedet deltog Rie Frank (A) Bodil Kornbek (A) var "
        "fraværende. I stedet deltog Silas Mudoh (A)"
    )
    assert [(f.name, f.status, f.substitute_for) for f in scan_attendance(text)] == [
        ("Mette Hoff", A, None),
        ("Rie Frank", SUB, "Mette Hoff"),
        ("Bodil Kornbek", A, None),
        ("Silas Mudoh", SUB, "Bodil Kornbek"),
    ]


def test_protocol_roll_call_run_on() -> None:  # lyngby-2016-01-21:11
    text = "Medlemmer Sofia Osmani deltog Søren P. Rasmussen deltog Simon Pihl Sørensen deltog"
    assert people(text) == [
        ("Sofia Osmani", P, None),
        ("Søren P. Rasmussen", P, None),
        ("Simon Pihl Sørensen", P, None),
    ]


def test_glued_sentences_substitute_and_left() -> None:  # odense-byraad-2008:28
    text = (
        "I stedet for Vivi Kier deltog Preben Petersen.Rådmand Jane Jegind forlod mødet efter "
        "pkt. 4.Borgmesteren orienterede om"
    )
    sub, left = scan_attendance(text)
    assert (sub.name, sub.substitute_for) == ("Preben Petersen", "Vivi Kier")
    assert (left.name, left.status, left.items) == ("Jane Jegind", LEFT, (4,))


def test_afbud_fra_then_i_stedet_moedte() -> None:  # odense-byraad-2019:11
    absent, sub = scan_attendance("Afbud fra Maria Brumvig. I stedet mødte Jess Heilbo.")
    assert (absent.name, absent.status) == ("Maria Brumvig", A)
    assert (sub.name, sub.status, sub.substitute_for) == ("Jess Heilbo", SUB, "Maria Brumvig")


def test_inhabilitet_makes_it_a_conflict() -> None:  # odense-byraad-2019:21
    found = one("Keld Hansen deltog ikke behandlingen af punkt 13 pga. inhabilitet.")
    assert (found.name, found.status, found.items) == ("Keld Hansen", INH, (13,))


def test_medvirkede_ikke_idet_han_var_inhabil() -> None:  # haderslev:14
    found = one(
        "Gunnar Nielsen medvirkede ikke ved behandlingen af pkt. 357, idet han var inhabil."
    )
    assert (found.name, found.status, found.items) == ("Gunnar Nielsen", INH, (357,))


def test_gjorde_opmaerksom_paa_inhabilitet() -> None:  # varde-2019:59
    text = "Anders Linde gjorde opmærksom på inhabilitet i punkt 451 Ansøgning om lånoptagelse"
    found = one(text)
    assert (found.name, found.status, found.items) == ("Anders Linde", INH, (451,))


def test_har_meldt_forfald_after_at() -> None:  # koege-byraad:55
    text = (
        "Borgmesteren orienterede om, at Martin Knudsen (D) har meldt forfald til Byrådets møde "
        "på grund af sygdom."
    )
    assert people(text) == [("Martin Knudsen", A, "D")]


def test_forhindret_with_a_pronoun() -> None:  # randers-nemagenda:24
    text = (
        "Ole Skiffard (A) har meddelt, at han vil være forhindret i at deltage i byrådsmødet på "
        "grund af ferie."
    )
    assert people(text) == [("Ole Skiffard", A, "A")]


def test_deltog_via_telefon_is_present() -> None:  # odense-oekonomiudvalget-2019:29
    assert people("Rådmand Jane Jegind deltog via telefon.") == [("Jane Jegind", P, None)]


def test_deltog_herefter_after_a_decision_about_the_substitute() -> None:  # koege-byraad:61
    text = (
        "Byrådet besluttede, at betingelserne for at indkalde stedfortræder er opfyldt, og at "
        "Henrik Olsen er rette stedfortræder og valgbar. Henrik Olsen deltog herefter i mødet."
    )
    assert people(text) == [("Henrik Olsen", P, None)]


# -- substitutes -----------------------------------------------------------------------------


def test_som_stedfortraeder_deltog() -> None:  # hedensted-kommunalbestyrelsen:16-17
    text = (
        "Jacob Ejs (A) var fraværende. Som stedfortræder deltog Helle Obenhausen Mortensen (A)\n"
        "Merete Skovgaard-Jensen (V) var fraværende. Som stedfortræder deltog Peter Sebastian "
        "Petersen (V)"
    )
    assert [(f.name, f.status, f.party, f.substitute_for) for f in scan_attendance(text)] == [
        ("Jacob Ejs", A, "A", None),
        ("Helle Obenhausen Mortensen", SUB, "A", "Jacob Ejs"),
        ("Merete Skovgaard-Jensen", A, "V", None),
        ("Peter Sebastian Petersen", SUB, "V", "Merete Skovgaard-Jensen"),
    ]


def test_som_suppleant_er_indkaldt() -> None:  # svendborg:9-10
    text = (
        "Afbud fra Jørgen Lundsgaard (B). Som suppleant er indkaldt Hanne Ringgaard Møller (B).\n"
        "Der var afbud fra Dorthe Ullemose (O)."
    )
    assert [(f.name, f.status, f.party, f.substitute_for) for f in scan_attendance(text)] == [
        ("Jørgen Lundsgaard", A, "B", None),
        ("Hanne Ringgaard Møller", SUB, "B", "Jørgen Lundsgaard"),
        ("Dorthe Ullemose", A, "O", None),
    ]


def test_stedfortraeder_for_after_the_party() -> None:  # fredensborg:62
    found = one("Frederik Ingemann (A) Stedfortræder for Ergin Øzer (A)")
    assert (found.name, found.party, found.status, found.substitute_for) == (
        "Frederik Ingemann",
        "A",
        SUB,
        "Ergin Øzer",
    )


def test_comma_stedfortraeder_for() -> None:  # regionsjaelland-regionsraadet:85
    found = one("Ellen Knudsen (C), stedfortræder for Brigitte Klintskov Jerkel")
    assert (found.name, found.party, found.substitute_for) == (
        "Ellen Knudsen",
        "C",
        "Brigitte Klintskov Jerkel",
    )


def test_deltog_som_stedfortraeder() -> None:  # esbjerg (Sagsoversigt, per key)
    assert people("Lars Boel (V) deltog som stedfortræder.") == [("Lars Boel", SUB, "V")]


def test_godkendte_x_som_stedfortraeder() -> None:  # hilleroed:31
    text = "Byrådet godkendte Ebbe Mosbæk Rasmussen (B) som stedfortræder."
    assert people(text) == [("Ebbe Mosbæk Rasmussen", SUB, "B")]


def test_afbud_block_with_dash_stedfortraeder() -> None:  # regionsyddanmark-2019:61-64
    text = (
        " • Afbud\n   \n • Villy Søvndal, F - Tine Hundahl Jensen stedfortræder\n"
        " • Annette Blynel, F - Marianne Thomsen stedfortræder"
    )
    assert [(f.name, f.status, f.party, f.substitute_for) for f in scan_attendance(text)] == [
        ("Villy Søvndal", A, "F", None),
        ("Tine Hundahl Jensen", SUB, None, "Villy Søvndal"),
        ("Annette Blynel", A, "F", None),
        ("Marianne Thomsen", SUB, None, "Annette Blynel"),
    ]


# -- a status after the name -----------------------------------------------------------------


def test_status_after_a_colon_with_substitute_and_items() -> None:  # regionhovedstaden:48-50
    text = (
        " • Lars Gaardhøj: Deltog\n"
        " • Sofie de Bretteville Olsen: Afbud (Stedfortræder Jarl Feyling, fraværende ved sag "
        "1-4. )\n"
        " • Leila Lindén: Deltog"
    )
    found = [(f.name, f.status, f.substitute_for, f.items) for f in scan_attendance(text)]
    assert found == [
        ("Lars Gaardhøj", P, None, ()),
        ("Sofie de Bretteville Olsen", A, None, ()),
        ("Jarl Feyling", SUB, "Sofie de Bretteville Olsen", ()),
        ("Jarl Feyling", A, None, (1, 2, 3, 4)),
        ("Leila Lindén", P, None, ()),
    ]


def test_flags_glued_to_names_under_deltagere() -> None:  # regionsjaelland-regionsraadet:17-29
    text = (
        "Deltagere:\n\nHeino Knudsen (A), Formand\n\nPeter Jacobsen (O), 1. næstformand- afbud\n\n"
        "Freddy Blak (A)- deltog ikke i behandlingen af punkt: 12\n\nJorun Bech (A)- afbud\n\n"
        "Susanne Lundvald (A)"
    )
    found = [(f.name, f.party, f.status, f.items) for f in scan_attendance(text)]
    assert found == [
        ("Heino Knudsen", "A", P, ()),
        ("Peter Jacobsen", "O", A, ()),
        ("Freddy Blak", "A", A, (12,)),
        ("Jorun Bech", "A", A, ()),
        ("Susanne Lundvald", "A", P, ()),
    ]


def test_items_after_a_colon_and_comma() -> None:  # regionsjaelland-regionsraadet:91
    found = one("Anna Bondo Nielsen (Ø)- deltog ikke i behandlingen af punkt: 1, 2")
    assert (found.name, found.party, found.items) == ("Anna Bondo Nielsen", "Ø", (1, 2))


def test_numbered_point_afbud() -> None:  # regionnordjylland-2020-12-22:18
    text = "1. Afbud. Der var afbud fra Jørgen Hansen, Jørgen Rørbæk Henriksen og Arne Nielsen."
    assert [n for n, s, _ in people(text) if s is A] == [
        "Jørgen Hansen",
        "Jørgen Rørbæk Henriksen",
        "Arne Nielsen",
    ]


# -- the forms the brief names, with made-up members ---------------------------------------


def test_arrived_and_declared_conflict() -> None:
    text = (
        "Peter Hansen (V) ankom under behandlingen af punkt 6. Jens Jensen erklærede sig "
        "inhabil. Anna Berg forlod mødet kl. 18.30 under behandling af pkt. 5."
    )
    assert [(f.name, f.status, f.items) for f in scan_attendance(text)] == [
        ("Peter Hansen", ARR, (6,)),
        ("Jens Jensen", INH, ()),
        ("Anna Berg", LEFT, (5,)),
    ]


def test_ikke_til_stede_and_var_fravaerende_and_y_deltog_i_stedet_for_x() -> None:
    text = "Ikke til stede: Anna Berg (A). Ole Dam (V) deltog i stedet for Anna Berg."
    assert [(f.name, f.status, f.substitute_for) for f in scan_attendance(text)] == [
        ("Anna Berg", A, None),
        ("Ole Dam", SUB, "Anna Berg"),
    ]


def test_party_name_dash_stedfortraeder() -> None:
    assert people("Ole Dam (A) - stedfortræder") == [("Ole Dam", SUB, "A")]


def test_one_word_is_not_a_person() -> None:  # slagelse:36-37 ("Fraværende: " then this)
    text = "Fraværende: \nBrev til regionen vedrørende nedlæggelse af busruter er afsendt."
    assert scan_attendance(text) == []


def test_joined_lines_of_titled_names() -> None:  # koebenhavn-node14246:12-13, lines joined
    text = "Tilstede var: Borgmester Ninna Thomsen Borgmester Pia Allerslev"
    assert people(text) == [("Ninna Thomsen", P, None), ("Pia Allerslev", P, None)]
    assert att.leading_label(text) is P
    assert att.leading_label("Borgmester Ninna Thomsen") is None


def test_status_argument_for_lines_under_a_heading() -> None:
    assert people("Claus René Olesen (C)", status=A) == [("Claus René Olesen", A, "C")]


def test_joined_lines_of_names_with_parties() -> None:  # koege-byraad:80-81, lines joined
    assert people("Claus René Olesen (C) Martin Knudsen (D)", status=A) == [
        ("Claus René Olesen", A, "C"),
        ("Martin Knudsen", A, "D"),
    ]
    assert people("Fraværende: Claus René Olesen (C) Martin Knudsen (D)") == [
        ("Claus René Olesen", A, "C"),
        ("Martin Knudsen", A, "D"),
    ]


def test_label_end() -> None:  # slagelse:21-22, joined
    assert att.label_end("Fraværende: Godkendt.") == len("Fraværende: ")
    assert att.label_end("Godkendt.") == 0


@pytest.mark.parametrize(
    ("text", "status"),
    [
        ("Fraværende", A),
        ("Afbud:", A),
        (" • Afbud", A),
        ("Fraværende med afbud:", A),
        ("Tilstede var:", P),
        ("Deltagere", P),
        ("Stedfortræder:", SUB),
        ("Afbud fra:", A),
        ("Som stedfortræder deltog", None),
        ("Afbud: Jørgen Suhr (B)", None),
        ("Beslutning", None),
        ("", None),
    ],
)
def test_label_status(text: str, status: AttendanceStatus | None) -> None:
    assert label_status(text) is status


# -- spans -----------------------------------------------------------------------------------


def test_read_attendance_spans() -> None:
    text = "Godkendt.\nJane Østergaard og Vibeke Gamst var fraværende."  # aalborg:20-22
    own = read_attendance(text)
    assert [a.name for a in own] == ["Jane Østergaard", "Vibeke Gamst"]
    assert (own[0].span.start_line, own[0].span.start_col) == (2, 1)
    assert text[own[0].span.start : own[0].span.end] == (
        "Jane Østergaard og Vibeke Gamst var fraværende."
    )
    shifted = read_attendance(text, lambda s, e: Span(9, s + 1, 9, e + 1, 100 + s, 100 + e))
    assert shifted[1].span.start == 100 + text.index("Jane")


# -- properties ------------------------------------------------------------------------------

UPPER = "ABDEFGHIJKLMNOPRSTUVWYÆØÅ"
LOWER = "abdeghijklmnoprstuvwyæøå"
FORBIDDEN = att._NOT_NAMES | att._TITLES | {w[0] for w in att._LABEL_STATUS}
word = st.builds(
    lambda first, rest: first + rest, st.sampled_from(UPPER), st.text(LOWER, min_size=2, max_size=8)
).filter(
    lambda w: (
        w.lower() not in FORBIDDEN
        and not w.lower().endswith(att._TITLE_SUFFIXES + att._BODY_SUFFIXES)
        and w.lower() not in att._ANCHORS
    )
)
name = st.lists(word, min_size=2, max_size=3).map(" ".join)  # people are named with 2+ words
party = st.one_of(st.none(), st.sampled_from(["A", "B", "C", "F", "O", "V", "Ø", "Å", "SF", "LA"]))
members = st.lists(st.tuples(name, party), min_size=1, max_size=6)


def _listed(people_: list[tuple[str, str | None]], comma_party: bool) -> str:
    shown = [(f"{n}, {p}" if comma_party else f"{n} ({p})") if p else n for n, p in people_]
    if len(shown) == 1 or comma_party:
        return (", " if not comma_party else "\n").join(shown)
    return ", ".join(shown[:-1]) + " og " + shown[-1]


LABELS = [
    ("Afbud fra:", A),
    ("Afbud:", A),
    ("Fraværende:", A),
    ("Ikke til stede:", A),
    ("Tilstede:", P),
    ("Deltagere:", P),
    ("Der var afbud fra", A),
]


@given(members, st.sampled_from(LABELS), st.booleans())
def test_generated_label_lists_round_trip(
    listed: list[tuple[str, str | None]], label: tuple[str, AttendanceStatus], lines: bool
) -> None:
    words, status = label
    # One person a line under a label alone on its line, with "Name, Party"; or a running list.
    text = f"{words}\n{_listed(listed, True)}" if lines else f"{words} {_listed(listed, False)}."
    assert people(text) == [(n, status, p) for n, p in listed], text


POSTFIX = [
    ("var fraværende", A),
    ("deltog ikke i mødet", A),
    ("deltog som stedfortrædere", SUB),
    ("erklærede sig inhabile", INH),
    ("forlod mødet", LEFT),
]


@given(members, st.sampled_from(POSTFIX), st.sampled_from(["", "Godkendt. ", "Udvalget: "]))
def test_generated_postfix_statements_round_trip(
    listed: list[tuple[str, str | None]], verb: tuple[str, AttendanceStatus], before: str
) -> None:
    phrase, status = verb
    text = f"{before}{_listed(listed, False)} {phrase}."
    found = scan_attendance(text)
    assert [(f.name, f.status, f.party) for f in found] == [(n, status, p) for n, p in listed]
    for f, (n, p) in zip(found, listed, strict=True):
        assert text[f.name_start : f.name_end] == (f"{n} ({p})" if p else n)


@given(st.text(max_size=300))
def test_arbitrary_text_never_crashes(text: str) -> None:
    for found in scan_attendance(text):
        assert 0 <= found.name_start < found.name_end <= len(text)
        assert found.start <= found.name_start and found.name_end <= found.end


# -- speed -----------------------------------------------------------------------------------

ADVERSARIAL = (
    "Aaaa Bbbb deltog Afbud: (stedfortræder: Cccc, Dddd (A)- og Eeee, F punkt 1-2, 3 og "
    "I stedet for Ffff han var fraværende under punkterne 4-5 ( ( . Gg. H. "
)


def _seconds(text: str) -> float:
    return cpu_seconds(lambda: scan_attendance(text), rounds=2)


def test_linear_on_a_long_adversarial_line() -> None:
    small = ADVERSARIAL * (10_000 // len(ADVERSARIAL))
    big = ADVERSARIAL * (1_000_000 // len(ADVERSARIAL))
    ratio = _seconds(big) / _seconds(small)
    # 100 times the text: linear is about 100, quadratic would be about 10 000.
    assert ratio < 600, ratio
