"""How lines become paragraphs and titles in the generic layouts (blocks.py), on small texts
written like the families they come from: web pages (a paragraph a line) and PDF text (lines
wrapped mid-sentence, page breaks as an empty line)."""

from __future__ import annotations

import referat
from referat.models import Paragraph


def paragraphs(doc: referat.Referat) -> list[str]:
    return [
        block.text
        for item in doc.items
        for section in item.sections
        for block in section.blocks
        if isinstance(block, Paragraph)
    ]


HEAD = "Udvalg: Økonomiudvalget\nMødedato: 1. januar 2006\n1. Godkendelse af dagsorden\n"
HEAD += "Sagsnr.: 2006/000100\nBeslutning\n"


def test_a_line_that_ends_a_sentence_ends_its_paragraph() -> None:
    doc = referat.parse(HEAD + "Godkendt.\nFor stemte: A.\nImod stemte: V.\n", plugins=[])
    assert paragraphs(doc) == ["Godkendt.", "For stemte: A.", "Imod stemte: V."]


def test_lines_wrapped_mid_sentence_are_one_paragraph() -> None:
    text = HEAD + "Økonomiudvalget godkender, at der gives en\nbevilling på 2,5 mio. kr. til\n"
    text += "projektet (jf. bilag 2).\nNæste afsnit.\n"
    doc = referat.parse(text, plugins=[])
    assert paragraphs(doc) == [
        "Økonomiudvalget godkender, at der gives en bevilling på 2,5 mio. kr. til projektet "
        "(jf. bilag 2).",
        "Næste afsnit.",
    ]


def test_a_quote_or_bracket_after_the_stop_still_ends_the_sentence() -> None:
    doc = referat.parse(HEAD + "Udvalget bemærkede: »Godkendt.«\nSe bilag (side 2.)\nSlut.\n")
    assert paragraphs(doc) == ["Udvalget bemærkede: »Godkendt.«", "Se bilag (side 2.)", "Slut."]


def test_a_page_break_after_a_party_letter_is_joined_when_the_text_goes_on() -> None:
    text = (
        "\n\nPunkt 1: Godkendelse af dagsorden\n\n00.01.00-A00-1-06\n\nBeslutning\n\n"
        "Udvalgsmedlem Anne Jensen (A)\n\nstemmer for indstillingen.\n"
    )
    doc = referat.parse(text, plugins=[])
    assert paragraphs(doc) == ["Udvalgsmedlem Anne Jensen (A) stemmer for indstillingen."]


def test_a_source_in_brackets_before_a_heading_is_not_joined() -> None:
    long = "Det er en gruppe med store udfordringer, hvor en del får langvarige forløb. " * 3
    text = (
        "\n\nPunkt 1: Godkendelse af dagsorden\n\n00.01.00-A00-1-06\n\nSagsfremstilling\n\n"
        f"{long}(Ungeanalysen, Odense Kommune)\n\nBaggrund for forslaget\n\nTekst.\n"
    )
    doc = referat.parse(text, plugins=[])
    section = doc.items[0].sections[0]
    assert [type(b).__name__ for b in section.blocks] == ["Paragraph", "Heading", "Paragraph"]


def test_a_title_wrapped_in_pdf_text_goes_on_in_lower_case() -> None:
    text = (
        "Punkt 6: Svar på forslag om politik og handlingsplan mod\ndiskrimination i Aarhus\n\n"
        "EMN-2025-000517\n\nBeslutninger\n\nVedtaget.\n\n"
        "Punkt 7: Bro mellem Dokk1 og Balticagade\nSagsfremstilling\nTeksten begynder her.\n"
    )
    doc = referat.parse(text, plugins=[])
    titles = [item.title for item in doc.items]
    assert titles == [
        "Svar på forslag om politik og handlingsplan mod diskrimination i Aarhus",
        "Bro mellem Dokk1 og Balticagade",
    ]
    heading = doc.items[0].heading
    assert heading is not None
    assert doc.source_text(heading.span).endswith("mod\ndiskrimination i Aarhus")


def test_a_control_character_is_found_wherever_it_stands() -> None:
    from referat.classify import CONTROL, has_control

    for code in [*range(0x20), 0x7F]:
        text = "Punkt 1: T\n\nTekst" + chr(code) + "tekst\n"
        assert has_control(text) == (CONTROL.search(text) is not None), hex(code)
    doc = referat.parse("Punkt 1: T\n\nTekst\x01tekst\n", plugins=[])
    assert [d.code for d in doc.errors] == ["control-character"]


def test_a_sentence_under_a_heading_is_no_part_of_the_title() -> None:
    text = (
        "Punkt 1: Godkendelse af dagsorden\nforslaget blev godkendt uden bemærkninger.\n\n"
        "Punkt 2: Eventuelt\n\nIntet.\n"
    )
    for source in (text, text.replace("Punkt", "## Punkt")):
        doc = referat.parse(source, plugins=[])
        assert [item.title for item in doc.items] == ["Godkendelse af dagsorden", "Eventuelt"]


def test_a_glued_label_opens_its_section_even_with_lower_case_text_below() -> None:
    doc = referat.parse(
        "Tilbage til oversigt\n\n1. Godkendelse af dagsordenReferat\ngodkendt uden bemærkninger.\n",
        plugins=[],
    )
    item = doc.items[0]
    assert item.title == "Godkendelse af dagsorden"
    assert [s.kind for s in item.sections] == [referat.SectionKind.DECISION]


def test_an_abbreviation_at_a_line_end_does_not_end_the_paragraph() -> None:
    text = HEAD + (
        "Økonomiudvalget anbefaler byrådet at godkende en bevilling på ca.\n"
        "12 mio. kr. til renovering af skolen, jf.\nSagsfremstillingen. Godkendt.\n"
    )
    doc = referat.parse(text, plugins=[])
    assert paragraphs(doc) == [
        "Økonomiudvalget anbefaler byrådet at godkende en bevilling på ca. 12 mio. kr. til "
        "renovering af skolen, jf. Sagsfremstillingen. Godkendt."
    ]


def test_a_list_of_party_letters_ends_its_sentence_an_initial_does_not() -> None:
    # found by generation (first-agenda, noisy): "D." closing a list of party letters was read
    # as the abbreviation "d." (den), so the vote and the next sentence became one paragraph
    # and neither vote was read
    text = HEAD + (
        "Godkendt.\nFor stemte: A og D.\nUdvalgsmedlem Anne Jensen (A) stemmer for.\n"
        "Imod stemte: V.\nFormand Hans J.\nJensen deltog ikke.\n"
    )
    doc = referat.parse(text, plugins=["decisions"])
    assert paragraphs(doc) == [
        "Godkendt.",
        "For stemte: A og D.",
        "Udvalgsmedlem Anne Jensen (A) stemmer for.",
        "Imod stemte: V.",
        "Formand Hans J. Jensen deltog ikke.",
    ]
    from referat_decisions import DECISION

    decision = doc.items[0].get(DECISION)
    assert decision is not None
    assert [(v.position.name, v.parties) for v in decision.votes][:2] == [
        ("FOR", ("A", "D")),
        ("FOR", ()),
    ]
