"""The "no economic consequences" sentences (inventory §8.3) and the sentence splitter."""

from __future__ import annotations

from pathlib import Path

import pytest

from referat_economics.consequences import find_no_consequences, says_no_consequences, sentences

FIXTURES = Path(__file__).resolve().parents[2] / "tests" / "fixtures"
_LINES: dict[str, list[str]] = {}


def fixture_text(where: str) -> str:
    """The text of ``"003:310-311"`` (file prefix, 1-based lines) joined by a space."""
    prefix, _, lines = where.partition(":")
    if prefix not in _LINES:
        (path,) = FIXTURES.glob(f"{prefix}_*.txt")
        _LINES[prefix] = path.read_text(encoding="utf-8").split("\n")
    first, _, last = lines.partition("-")
    return " ".join(_LINES[prefix][n - 1] for n in range(int(first), int(last or first) + 1))


# (paragraph lines, the sentence that says so)
STATEMENTS = [
    (
        "000:289",
        "Denne sag har ikke konsekvenser for Odense Kommune, herunder for kommunens "
        "kassebeholdning.",
    ),
    (
        "001:439",
        "Denne sag har ikke økonomiske konsekvenser for Odense Kommune, herunder for kommunens "
        "kassebeholdning.",
    ),
    (
        "001:118",
        "Sagen har ikke i øvrigt økonomiske konsekvenser for Odense Kommune, herunder for "
        "kommunens kassebeholdning.",
    ),
    (
        "001:345",
        "Denne sag er en afrapporteringssag, og har derfor ikke direkte økonomiske konsekvenser "
        "for Odense Kommune.",
    ),
    (
        "001:681",
        "Denne sag har dermed ikke økonomiske konsekvenser for kommunens kassebeholdning.",
    ),
    (
        "002:652",
        "Afreporteringen af det specialiserede socialområde har ingen direkte økonomisk "
        "konsekvens for Odense Kommune.",
    ),
    (
        "003:310-311",
        "Denne sag har ikke økonomiske konsekvenser for Odense Kommune, herunder for kommunens "
        "kassebeholdning og samlede serviceramme.",
    ),
    (
        "003:426-427",
        "Sagen har ikke økonomiske konsekvenser for kommunens kassebeholdning og samlede "
        "serviceramme.",
    ),
    (
        "003:480-481",
        "Sagen har ikke økonomiske konsekvenser for kommunens kassebeholdning og samlede "
        "serviceramme.",
    ),
    (
        "003:1291-1293",
        "Bosætningsstrategi 2016 har ikke direkte økonomiske konsekvenser for Odense Kommune, "
        "herunder for kommunens kassebeholdning og samlede serviceramme.",
    ),
    (
        "003:156-157",
        "Beskæftigelses- og Socialudvalgets budgetbidrag indgår i det samlede budgetforslag, og "
        "der er derfor ingen selvstændig påvirkning af kommunens kassebeholdning i denne sag.",
    ),
    (
        "003:536-537",
        "Opnormeringen på myndighedsområdet er budgetneutral for kassebeholdningen, da "
        "finansieringen sker via det tilbageførte omprioriteringsbidrag.",
    ),
]


@pytest.mark.parametrize(("where", "sentence"), STATEMENTS, ids=[s[0] for s in STATEMENTS])
def test_statements(where: str, sentence: str) -> None:
    text = fixture_text(where)
    found = find_no_consequences(text)
    assert found is not None
    start, end = found
    assert text[start:end] == sentence


@pytest.mark.parametrize(
    "where",
    [
        "003:746-747",  # "Alt efter hvad udvalget beslutter, kan det have konsekvenser …"
        "003:73-74",  # "… vil ikke få konsekvenser for antallet af løntilskud …" (not money)
        "003:307",  # "Sagen har ingen konsekvenser for … effektmål." (the Effekt section)
        "001:42",  # "… det ikke er relevant at vurdere effektskabende konsekvenser …"
        "003:639",  # "… kan det få konsekvenser for forvaltningens budgetoverholdelse."
        "001:88",  # "… estimerne af de økonomiske konsekvenser er usikre. …"
    ],
)
def test_not_statements(where: str) -> None:
    assert find_no_consequences(fixture_text(where)) is None


def test_a_condition_is_not_a_statement() -> None:
    sentence = "Hvis der ikke findes finansiering, vil det have konsekvenser for kassebeholdningen."
    assert not says_no_consequences(sentence)


def test_sentences_split_after_kr_but_not_after_abbreviations() -> None:
    text = fixture_text("003:480-481")
    parts = [text[s:e] for s, e in sentences(text)]
    assert parts[0] == "Der søges om 999.300 kr."
    text = "Det sker bl.a. Odense Kommune og jf. Økonomiudvalget. Næste sætning."
    assert [text[s:e] for s, e in sentences(text)] == [
        "Det sker bl.a. Odense Kommune og jf. Økonomiudvalget.",
        "Næste sætning.",
    ]


def test_sentences_of_empty_and_blank_text() -> None:
    assert list(sentences("")) == []
    assert list(sentences("   ")) == []
