"""Grammar lint (every .lark file is conflict-free LALR) and grammar-driven fuzzing."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra.lark import from_lark
from lark import Lark

import referat
from referat.grammar import grammar_dir, grammar_text

GRAMMARS = sorted(p.name for p in grammar_dir().glob("*.lark"))


@pytest.mark.parametrize("name", GRAMMARS)
def test_grammar_is_conflict_free_lalr(name: str) -> None:
    # strict=True makes a shift/reduce conflict an error instead of a silent choice.
    text = grammar_text(name)
    first_rule = re.search(r"^\??([a-z_][a-z_0-9]*)\s*:", text, re.MULTILINE)
    assert first_rule is not None
    Lark(text, parser="lalr", strict=True, start=first_rule.group(1))


def test_grammars_ship_from_the_repository_folder() -> None:
    assert (Path(__file__).resolve().parents[1] / "grammars" / "referat.lark").is_file()
    assert "referat.lark" in GRAMMARS


def block(*lines: str) -> st.SearchStrategy[str]:
    return st.sampled_from(lines).map(lambda line: line + "\n\n")


# One strategy per block token: what the lexer would turn into that token.
TOKENS = {
    "HEADER_LINE": block(
        "REFERAT Udvalget 2022-2025 d. 09-04-2024",
        "**Mødedato** Tirsdag d. 09. april 2024 kl. 08:30",
        "Mødested Rådhuset",
    ),
    "TOC_HEADING": block("## **Indholdsfortegnelse**", "Indholdsfortegnelse"),
    "TOC_ENTRY": block("Godkendelse af dagsorden.....\t3", "| Aktuelle sager..... | 18 |"),
    "TOC_RULE": block("|--|----|"),
    "ITEM_HEADING": st.integers(1, 30).map(lambda n: f"Punkt {n}: Titel {n}\n\n"),
    "CASE_NUMBER": block("00.01.00-A00-1-24", "15.20.00-Ø34-1-20"),
    "SECTION_HEADING": block("Resume", "## **Beslutning**", "INDSTILLING", "Økonomi", "Bilag"),
    "PARAGRAPH": block("Orientering givet.", "Beskæftigelses- og Socialudvalget godkender."),
    "HEADING": block("### Baggrund", "# TIDSPLAN 2024"),
    "LIST": block("- et punkt\n- et andet", "1. At udvalget godkender"),
    "TABLE": block("a\tb\tc\n1\t2\t3", "| a | b |\n|--|--|"),
    "UNPARSED": block("kontrol\x01tegn"),
    "FURNITURE": block("Til toppen", "Udskriv", "Side 3 af 12"),
    "LEADING_CASE": block("85.02.02-G01-5-17", "Sagsnr.: 20/8545"),
    "ITEM_CASE": block("Sagsnr.: 00.00.00-P35-34-24", "Sagsid.: 17/3668"),
    "ITEM_START": block("Beslutning i Økonomiudvalget den 12-09-2023", "Åben"),
}


def structure_grammar() -> Lark:
    return Lark(grammar_text("referat.lark"), parser="lalr")  # uncached: from_lark needs .grammar


@given(from_lark(structure_grammar(), start="start", explicit=TOKENS))
def test_grammar_sentences_parse_or_fail_cleanly(text: str) -> None:
    try:
        doc = referat.parse(text, plugins=[], strict=True)
    except referat.ReferatSyntaxError as error:
        assert error.code and error.line >= 1
    else:
        assert not doc.errors
    lenient = referat.parse(text, plugins=[])
    assert "".join(lenient.source_text(leaf.span) for leaf in referat.leaves(lenient)) == text
