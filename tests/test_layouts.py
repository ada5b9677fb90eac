"""Layouts as data, the generic Danish reader, and recall against the answer keys.

Expected values come from reading the small texts below (written in the shapes of the
training families) and from the answer keys in tests/corpus/keys (written by reading).
"""

from __future__ import annotations

import copy
import datetime as dt
import json
import pickle
import sys
from collections.abc import Callable
from pathlib import Path

import jsonschema
import pytest

import referat
from conftest import growth
from referat.layouts import LayoutError, builtin_layouts, detect_layout, load_layout, shipped
from referat.models import CaseScheme, DocumentKind, ItemNumber, SectionKind
from referat.schema import schema

sys.path.insert(0, str(Path(__file__).resolve().parent / "corpus"))
import recall

FIXTURES = Path(__file__).resolve().parent / "fixtures"


def parse(text: str) -> referat.Referat:
    return referat.parse(text, plugins=[])


# --- detection ---------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("fixture", "layout"),
    [
        ("000_fbb4b2740ee2460a.txt", "markdown"),
        ("001_9fc52eb63df70165.txt", "plain"),
        ("003_b3f7aaf997165b18.txt", "wrapped"),
    ],
)
def test_the_seeds_keep_their_layouts(fixture: str, layout: str) -> None:
    doc = referat.parse_file(FIXTURES / fixture, plugins=[])
    assert doc.layout == layout
    assert doc.layout_score > 0.4


@pytest.mark.skipif(not recall.SHARED.is_dir(), reason="the shared corpus is not here")
@pytest.mark.parametrize(
    ("name", "layout"),
    [
        ("odense-byraad-2019-04-10-sbsys.txt", "sbsys"),
        ("odense-by-og-kulturudvalget-2012-06-19.txt", "odense-web"),
        ("svendborg-oekonomiudvalget-2023-09-12.txt", "first-agenda"),
    ],
)
def test_families_are_named(name: str, layout: str) -> None:
    doc = parse(recall.training_text(recall.SHARED / "train" / name))
    assert doc.layout == layout


def test_text_that_is_no_referat_gives_no_items_and_says_so() -> None:
    doc = parse("Kære Jens\n\nTak for sidst. Vi ses til sommer.\n\nHilsen Mette\n")
    assert doc.items == ()
    (diagnostic,) = [d for d in doc.diagnostics if d.code == "no-items"]
    assert "not recognised" in diagnostic.message


def test_an_agenda_is_recognised_as_an_agenda() -> None:
    text = (
        "Dagsorden\ntil\nmødet i Økonomiudvalget\nden 1. februar 2023 kl. 09:00\n\n"
        "1. Godkendelse af dagsorden\nSagsnr.: 23/1234\nResume\nDagsordenen fremlægges.\n"
    )
    doc = parse(text)
    assert doc.meeting is not None
    assert doc.meeting.kind is DocumentKind.AGENDA
    assert doc.meeting.date == dt.date(2023, 2, 1)
    assert doc.meeting.committee == "Økonomiudvalget"
    assert [(i.number, i.title) for i in doc.items] == [(1, "Godkendelse af dagsorden")]


def test_a_layout_whose_score_is_no_number_is_skipped_with_a_diagnostic() -> None:
    bad = referat.layouts.Layout("bad", lambda lines: "high")  # type: ignore[arg-type,return-value]
    layout, _, problems = detect_layout(["Punkt 1: T"], (bad, *builtin_layouts()))
    assert layout.name != "bad"
    assert [p.code for p in problems] == ["plugin-failed"]


# --- the generic reader --------------------------------------------------------------------
SLAGELSE_LIKE = """Økonomiudvalget – Referat – 1. oktober 2018
1. Godkendelse af dagsorden (B)
1.     Godkendelse af dagsorden (B)
Sagsnr.: 330-2018-3619                 Dok.nr.: 330-2018-500301          Åbent
Beslutningstema
Godkendelse af dagsorden.
Indstilling
Borgmesteren indstiller,
1.    at dagsordenen godkendes
Beslutning i Økonomiudvalget den 1. oktober 2018:
Godkendt.
2. Siden sidst fra udvalgets medlemmer (O)
Sagsnr.: 2014/001192
Beslutningstema
Orientering fra udvalgets medlemmer.
Beslutning i Økonomiudvalget den 1. oktober 2018:
Taget til efterretning.
"""


def test_numbered_items_with_case_numbers_and_dated_decisions() -> None:
    doc = parse(SLAGELSE_LIKE)
    assert [(i.number, i.title) for i in doc.items] == [
        (1, "Godkendelse af dagsorden"),
        (2, "Siden sidst fra udvalgets medlemmer"),
    ]
    first, second = doc.items
    assert first.case_number is not None and first.case_number.raw == "330-2018-3619"
    assert first.case_number.scheme is CaseScheme.LOCAL
    assert second.case_number is not None and second.case_number.scheme is CaseScheme.JOURNAL
    assert (second.case_number.year, second.case_number.serial) == (2014, 1192)
    assert first.case_type_raw == "(B)" and second.case_type_raw == "(O)"
    assert [s.kind for s in first.sections] == [
        SectionKind.DECISION_THEME,
        SectionKind.RECOMMENDATION,
        SectionKind.DECISION,
    ]
    decision = first.sections[-1]
    assert (decision.body, decision.date) == ("Økonomiudvalget", dt.date(2018, 10, 1))
    assert doc.meeting is not None and doc.meeting.date == dt.date(2018, 10, 1)
    assert doc.meeting.committee == "Økonomiudvalget"


@pytest.mark.parametrize(
    "heading",
    [
        "Punkt {n}: {t}",
        "Punkt {n} {t}",
        "Punkt nr. {n}: {t}",
        "Pkt. {n} {t}",
        "Sag nr. {n}: {t}",
        "Nr. {n} - {t}",
        "{n}. {t}",
        "{n}.{t}",
        "{n}: {t}",
        "{n}) {t}",
        " {n}.  {n}. {t}",
        "{n} {t}",
        "  • {n}. {t}",
    ],
)
def test_item_heading_forms(heading: str) -> None:
    text = "".join(
        heading.format(n=n, t=title) + "\nSagsnr.: 20/85" + str(n) + "\nBeslutning\nGodkendt.\n"
        for n, title in ((12, "Godkendelse af dagsorden"), (13, "Lokalplan 1067 for Enø Strand"))
    )
    doc = parse(text)
    assert [(i.number, i.title) for i in doc.items] == [
        (12, "Godkendelse af dagsorden"),
        (13, "Lokalplan 1067 for Enø Strand"),
    ]
    assert [i.case_number.raw for i in doc.items if i.case_number] == ["20/8512", "20/8513"]


def test_numbered_clauses_in_a_recommendation_are_not_items() -> None:
    text = (
        "1. Budget 2024\nSagsnr.: 23/100\nIndstilling\nDirektionen indstiller,\n"
        "1. At budgettet godkendes,\n2. At rammerne fastholdes.\nBeslutning\nGodkendt.\n"
        "2. Takster 2024\nSagsnr.: 23/101\nBeslutning\nGodkendt.\n"
    )
    doc = parse(text)
    assert [(i.number, i.title) for i in doc.items] == [(1, "Budget 2024"), (2, "Takster 2024")]


def test_sub_items_are_items_whose_numbers_print_as_written() -> None:
    # the Aarhus mødesystem layout: "N Title", "N.M Title", "Oplæg:" and "Referat:"
    text = (
        "Referat\n\nMødesystemgruppen\n\n1 First Agenda\n1.1 Status siden sidst\nOplæg:\n"
        "Der er foretaget et servicevindue.\n\nReferat: Alle skal have indhold.\n\n"
        "1.2 Plan for resten af året\nOplæg:\nFørst AD-integration.\n\nReferat:\n\n"
        "2 GetOrganized\n2.1 Status siden sidst\nOplæg:\nVersion 5.5 er i produktion.\n\n"
        "3 Eventuelt\n\nOplæg:\n\nReferat:\n"
    )
    doc = parse(text)
    assert [(str(i.number), i.title) for i in doc.items] == [
        ("1", "First Agenda"),
        ("1.1", "Status siden sidst"),
        ("1.2", "Plan for resten af året"),
        ("2", "GetOrganized"),
        ("2.1", "Status siden sidst"),
        ("3", "Eventuelt"),
    ]
    assert [i.sub_numbers for i in doc.items] == [(), (1,), (2,), (), (1,), ()]
    sub = doc.items[1]
    assert isinstance(sub.number, ItemNumber)
    assert (int(sub.number), sub.number.path, f"{sub.number}") == (1, (1, 1), "1.1")
    assert [s.kind for s in sub.sections] == [SectionKind.CASE_PRESENTATION, SectionKind.DECISION]
    assert "Alle skal have indhold." in doc.source_text(sub.sections[1].span)
    # JSON holds the path in sub_numbers; loading gives the ItemNumber back
    again = referat.loads(referat.dumps(doc))
    assert again == doc
    assert [str(i.number) for i in again.items] == [str(i.number) for i in doc.items]
    data = json.loads(referat.dumps(doc))
    assert [(i["number"], i["sub_numbers"]) for i in data["items"][:2]] == [(1, []), (1, [1])]
    jsonschema.Draft202012Validator(schema()).validate(data)


def test_keyword_headings_with_sub_numbers() -> None:
    text = (
        "Punkt 1: Budget\nSagsnr.: 23/100\nBeslutning\nGodkendt.\n"
        "Punkt 1.1: Driftsbudget\nSagsnr.: 23/101\nBeslutning\nGodkendt.\n"
        "Punkt 2: Takster\nSagsnr.: 23/102\nBeslutning\nGodkendt.\n"
    )
    doc = parse(text)
    assert [(str(i.number), i.title) for i in doc.items] == [
        ("1", "Budget"),
        ("1.1", "Driftsbudget"),
        ("2", "Takster"),
    ]
    assert [i.case_number.raw for i in doc.items if i.case_number] == ["23/100", "23/101", "23/102"]


def test_an_item_number_path_agrees_with_its_sub_numbers() -> None:
    span = referat.Span(1, 1, 1, 2, 0, 1)
    built = referat.AgendaItem(2, "Status", None, span, sub_numbers=(3,))
    assert built.number == ItemNumber(2, (3,)) and str(built.number) == "2.3"
    assert referat.AgendaItem(ItemNumber.parse("2.3"), "Status", None, span).sub_numbers == (3,)
    assert referat.AgendaItem(2, "Status", None, span).sub_numbers == ()
    assert copy.deepcopy(built.number).path == (2, 3)
    assert pickle.loads(pickle.dumps(built)) == built
    with pytest.raises(ValueError, match="sub-number"):
        ItemNumber(2, ())


def test_a_table_of_contents_is_not_read_as_items() -> None:
    text = (
        "Referat\nIndholdsfortegnelse\n1 (Åben) Godkendelse af dagsorden ....3\n"
        "2 (Lukket) Salg af grund ....4\n\n1. Godkendelse af dagsorden\n"
        "Sagsnr.: 21/55\nBeslutning\nGodkendt.\n2. Salg af grund\nSagsnr.: 21/56\n"
        "Beslutning\nGodkendt.\n"
    )
    doc = parse(text)
    assert [i.number for i in doc.items] == [1, 2]
    assert doc.toc is not None
    assert [(e.number, e.title, e.page) for e in doc.toc.entries] == [
        (1, "Godkendelse af dagsorden", 3),
        (2, "Salg af grund", 4),
    ]
    assert [e.item_number for e in doc.toc.entries] == [1, 2]


def test_a_heading_with_its_text_on_the_same_line() -> None:
    text = (
        "Referat af byrådsmøde 12. marts 2019\nPunkt 1 - Godkendelse af dagsorden\n"
        "Beslutning: Godkendt.\nPunkt 2 - Budget 2020\n"
        "Indstilling: Forvaltningen indstiller, at budgettet godkendes.\n"
        "Beslutning:   Godkendt med 20 stemmer mod 5.\n"
    )
    doc = parse(text)
    assert [(i.number, i.title) for i in doc.items] == [
        (1, "Godkendelse af dagsorden"),
        (2, "Budget 2020"),
    ]
    decision = doc.items[1].sections[1]
    assert (decision.kind, decision.name) == (SectionKind.DECISION, "Beslutning")
    (paragraph,) = decision.blocks
    assert isinstance(paragraph, referat.models.Paragraph)
    assert paragraph.text == doc.source_text(paragraph.span) == "Godkendt med 20 stemmer mod 5."
    assert "".join(doc.source_text(leaf.span) for leaf in referat.leaves(doc)) == text
    assert doc.meeting is not None and doc.meeting.date == dt.date(2019, 3, 12)


def test_untitled_items_open_at_each_case_number() -> None:
    text = (
        "Udvalg: Kommunalbestyrelsen 2022-2025\nMødedato: 25. juni 2025\n"
        "Mødested: Rådhussalen\nSagsnr.: 00.00.00-P35-34-24\nBeslutningstema\n"
        "Mødets deltagere noteres her.\nBeslutning\nHanne Grangaard (A) var fraværende.\n"
        "Sagsnr.: 00.32.10-S00-1-24\nBeslutningstema\nRevisionsberetning nr. 34.\n"
        "Beslutning\nGodkendt.\n"
    )
    doc = parse(text)
    assert [i.case_number.raw for i in doc.items if i.case_number] == [
        "00.00.00-P35-34-24",
        "00.32.10-S00-1-24",
    ]
    assert all(i.number is None and i.title is None for i in doc.items)
    kle = doc.items[1].case_number
    assert kle is not None and (kle.kle, kle.facet, kle.serial, kle.year) == (
        "00.32.10",
        "S00",
        1,
        2024,
    )
    assert doc.meeting is not None and doc.meeting.committee == "Kommunalbestyrelsen"
    assert doc.meeting.period == "2022-2025"
    assert doc.meeting.date == dt.date(2025, 6, 25)


def test_untitled_items_open_at_access_markers_and_repeated_sections() -> None:
    aalborg = (
        "Åben\nBeslutning\nGodkendt.\nÅben\nIndstilling\nX indstiller.\nBeslutning\nGodkendt.\n"
    )
    assert [len(i.sections) for i in parse(aalborg).items] == [1, 2]
    svendborg = (
        "Beslutning i Økonomiudvalget den 12-09-2023\nGodkendt.\nBeslutningstema\nBudget.\n"
        "Sagsfremstilling\nTekst.\nBeslutning i Økonomiudvalget den 12-09-2023\nGodkendt.\n"
        "Beslutningstema\nTakster.\n"
    )
    doc = parse(svendborg)
    assert [next(s.kind for s in i.sections) for i in doc.items] == [SectionKind.DECISION] * 2
    assert doc.meeting is not None and doc.meeting.date == dt.date(2023, 9, 12)


def test_a_case_number_above_its_heading_belongs_to_it() -> None:
    text = (
        "85.02.02-G01-5-17\n131. Godkendelse af dagsorden\nBeslutning\nGodkendt.\n"
        "02.34.02-P19-12-20\n132. Højdevej 13 - Byggesag\nIndstilling\nTekst.\n"
    )
    doc = parse(text)
    assert [(i.number, i.case_number.raw if i.case_number else None) for i in doc.items] == [
        (131, "85.02.02-G01-5-17"),
        (132, "02.34.02-P19-12-20"),
    ]


def test_furniture_is_kept_apart_and_never_lost() -> None:
    text = "Til toppen\n1. Budget\nSagsnr.: 20/8545\nUdskriv\nBeslutning\nGodkendt.\nSide 2 af 7\n"
    doc = parse(text)
    furniture = [b for b in doc.front if isinstance(b, referat.models.Furniture)]
    assert [f.text for f in furniture] == ["Til toppen"]
    item = doc.items[0]
    assert [b.text for b in item.preamble if isinstance(b, referat.models.Furniture)] == ["Udskriv"]
    assert "".join(doc.source_text(leaf.span) for leaf in referat.leaves(doc)) == text


def test_an_unknown_heading_stays_text_never_dropped() -> None:
    text = "1. Budget\nSagsnr.: 20/8545\nSærlige forhold\nTekst om forholdene.\nBeslutning\nOK.\n"
    doc = parse(text)
    item = doc.items[0]
    texts = [getattr(b, "text", "") for b in item.preamble]
    assert "Særlige forhold" in " ".join(texts)
    assert "".join(doc.source_text(leaf.span) for leaf in referat.leaves(doc)) == text


# --- layouts from TOML ---------------------------------------------------------------------------
def test_a_layout_from_toml_extends_the_generic_reader() -> None:
    layout = load_layout(
        """
name = "fanø"
extends = "danish"
description = "Fanø Kommune's intranet export"
items = ['Dagsordenspunkt (?P<number>\\d+) - (?P<title>.+)']

[sections]
"udvalgets bemærkninger" = "DECISION"

[[markers]]
pattern = '^Dagsordenspunkt \\d+ - '
weight = 0.6
"""
    )
    assert layout.generic and layout.name == "fanø"
    assert layout.section_kind("Udvalgets bemærkninger") is SectionKind.DECISION
    assert layout.section_kind("Sagsfremstilling") is SectionKind.CASE_PRESENTATION  # inherited
    parser = referat.Parser(plugins=[])
    parser.registry.add_layout(layout)
    doc = parser.parse("Dagsordenspunkt 4 - Ny skolestruktur\nUdvalgets bemærkninger\nGodkendt.\n")
    assert doc.layout == "fanø"
    assert [(i.number, i.title) for i in doc.items] == [(4, "Ny skolestruktur")]
    assert doc.items[0].sections[0].kind is SectionKind.DECISION


@pytest.mark.parametrize(
    ("toml", "words"),
    [
        ('name = "x"\ncolour = "red"\n', "unknown keys ['colour']"),
        ('name = "x"\nitems = ["(unclosed"]\n', "items[0] is not a valid regular expression"),
        ('name = "x"\n[sections]\n"a" = "NOPE"\n', "sections.'a' = 'NOPE'"),
        ('name = "x"\nextends = "nowhere"\n', "no shipped layout called 'nowhere'"),
        ("name = [1]\n", "'name' must be a non-empty string"),
    ],
)
def test_bad_layout_files_name_the_file_and_the_key(toml: str, words: str) -> None:
    with pytest.raises(LayoutError) as info:
        load_layout(toml, origin="my.toml")
    assert str(info.value).startswith("my.toml") or "no shipped layout" in str(info.value)
    assert words in str(info.value)


def test_every_shipped_layout_loads_and_extends_danish() -> None:
    for name in ("danish", "odense-web", "sbsys", "first-agenda", "edoc", "pdf-transcript"):
        layout = shipped(name)
        assert layout.generic
        assert layout.section_kind("beslutning") is SectionKind.DECISION


# --- linear time -----------------------------------------------------------------------------
SHAPES: dict[str, Callable[[int], str]] = {
    "text and list lines": lambda k: "Punkt 1: T\n\n" + "tekst\n- punkt\n" * k,
    "short wrapped lines": lambda k: " \n" * 6 + "Punkt 1: T\n \n" + "kort linje\n" * k,
    "one number a line": lambda k: "Punkt 1: T\n\n" + "1\n" * k,
    "the same heading again": lambda k: "1 Titel\n" * k,
    "numbered headings": lambda k: "".join(f"{n}. Titel\nSagsnr.: 20/1\n" for n in range(k)),
    "labels without values": lambda k: "Sagsnr.:\nBeslutning\n" * k,
    "dot leaders": lambda k: ("1 Titel " + "." * 50 + "\n") * k,
    "one paragraph over many page breaks": lambda k: (
        "Punkt 1: T\n\nstart\n\n" + "ord fortsætter\n\n" * k
    ),
}


@pytest.mark.parametrize("shape", sorted(SHAPES))
def test_the_lexer_is_linear(shape: str) -> None:
    small, large = SHAPES[shape](500), SHAPES[shape](2000)
    ratio = growth(
        lambda: referat.parse(small, plugins=[]), lambda: referat.parse(large, plugins=[])
    )
    if ratio > 6:  # a noisy machine: measure once more, longer, before failing
        ratio = min(
            ratio,
            growth(
                lambda: referat.parse(small, plugins=[]),
                lambda: referat.parse(large, plugins=[]),
                rounds=9,
            ),
        )
    assert ratio <= 6, f"{shape}: 4x the input took {ratio:.1f}x the time"


# --- recall against the answer keys ---------------------------------------------------------------
@pytest.mark.skipif(not recall.SHARED.is_dir(), reason="the shared corpus is not here")
def test_recall_on_the_training_corpus(capsys: pytest.CaptureFixture[str]) -> None:
    totals = recall.report(recall.training_documents(), verbose=False)
    capsys.readouterr()

    def rate(measure: str) -> float:
        found, expected = totals[measure]
        return found / expected

    assert rate("items") >= 0.95
    assert rate("titles") >= 0.95
    assert rate("case numbers") >= 0.95
    assert rate("meeting dates") >= 0.85
    assert rate("attendance") >= 0.70


def test_sub_items_in_order_raise_no_sequence_warning() -> None:
    # 1, 1.1, 1.2, 2 is in order; a skipped number is still reported
    text = (
        "Punkt 1: Meddelelser\n\nResume\n\nx\n\nPunkt 1.1: Status\n\nResume\n\ny\n\n"
        "Punkt 1.2: Økonomi\n\nResume\n\nz\n\nPunkt 2: Eventuelt\n\nResume\n\nw\n\n"
        "Punkt 4: Lukket punkt\n\nResume\n\nv\n"
    )
    doc = referat.parse(text, plugins=[])
    assert [str(item.number) for item in doc.items] == ["1", "1.1", "1.2", "2", "4"]
    warnings = [d.message for d in doc.diagnostics if d.code == "item-number-sequence"]
    assert warnings == ["item 4 follows item 2"]
