"""Property tests: Danish amount formatting round trips, no crash on any text, linear time."""

from __future__ import annotations

import hashlib
import re
import sys
import time
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from referat.danish import format_number
from referat.lines import LineIndex
from referat.models import (
    AgendaItem,
    Heading,
    Paragraph,
    Referat,
    Section,
    SectionKind,
    SourceInfo,
)
from referat.registry import Registry
from referat.runner import run_extractors
from referat_economics import plugin
from referat_economics.amounts import (
    _BEFORE_CURRENCY,
    _QUALIFIER_LAST,
    _SEPARATOR_LAST,
    KELVIN,
    find_amounts,
    in_dkk,
    number_of,
    parse_amount,
    plain_matches,
)
from referat_economics.consequences import find_no_consequences, says_no_consequences, sentences
from referat_economics.models import Economy
from referat_economics.patterns import (
    AMOUNT,
    LOOKBACK,
    NUMBERISH,
    QUALIFIER,
    RANGE_LEAD,
    UNIT_FIRST,
    scale_of,
)
from referat_economics.years import years_after

UNITS = {"kr.": 1, "mio. kr.": 1_000_000, "mia. kr.": 1_000_000_000, "t. kr.": 1000}
QUALIFIERS = ["ca.", "op til", "minimum", "i alt", "samlet", "mindst", "højst", "omkring"]


@st.composite
def numbers(draw: st.DrawFn) -> Decimal:
    """A non-negative number with 0-2 decimals, as written in the minutes."""
    whole = draw(st.integers(min_value=0, max_value=10**12))
    decimals = draw(st.sampled_from([0, 0, 1, 2]))
    fraction = draw(st.integers(min_value=0, max_value=10**decimals - 1)) if decimals else 0
    return Decimal(whole) + Decimal(fraction).scaleb(-decimals) if decimals else Decimal(whole)


@given(
    number=numbers(),
    negative=st.booleans(),
    unit=st.sampled_from(sorted(UNITS)),
    group=st.booleans(),
    decimals=st.sampled_from([None, 1, 2]),
    qualifier=st.none() | st.sampled_from(QUALIFIERS),
)
def test_format_then_parse_round_trip(
    number: Decimal,
    negative: bool,
    unit: str,
    group: bool,
    decimals: int | None,
    qualifier: str | None,
) -> None:
    value = -number if negative and number else number
    written = format_number(value, decimals=decimals, group=group)
    phrase = f"{qualifier} {written} {unit}" if qualifier else f"{written} {unit}"
    if decimals is not None:  # the number as written, rounded to its decimals
        value = value.quantize(Decimal(1).scaleb(-decimals))
    found = parse_amount(phrase)
    assert found is not None, phrase
    assert found.value == value * UNITS[unit]
    assert found.scale == UNITS[unit]
    assert found.raw == f"{written} {unit}"
    assert found.unit == unit
    assert found.qualifier == qualifier
    assert found.value_to is None


@given(
    low=numbers(),
    step=st.integers(min_value=1, max_value=10**6),
    unit=st.sampled_from(sorted(UNITS)),
    form=st.sampled_from(["mellem {a} og {b}", "{a}-{b}", "fra {a} til {b}", "{a} til {b}"]),
)
def test_ranges_round_trip(low: Decimal, step: int, unit: str, form: str) -> None:
    high = low + step
    text = form.format(a=format_number(low), b=format_number(high)) + " " + unit
    found = parse_amount(text)
    assert found is not None, text
    assert (found.value, found.value_to) == (low * UNITS[unit], high * UNITS[unit])


@given(
    first=st.integers(min_value=1990, max_value=2094),  # the last year stays below 2100
    length=st.integers(min_value=0, max_value=5),
    form=st.sampled_from(
        ["i {a}", "i {a}-{b}", "fra {a} og frem", "i perioden {a}-{b}", "{a}-{b}"]
    ),
    annual=st.booleans(),
)
def test_years_round_trip(first: int, length: int, form: str, annual: bool) -> None:
    last = first + length if "{b}" in form else None
    period = form.format(a=first, b=last)
    words = f"årligt {period}" if annual and form.startswith(("i ", "fra ")) else period
    (amount,) = find_amounts(f"Der afsættes 2,5 mio. kr. {words} til formålet.")
    assert amount.years is not None
    assert amount.years.raw == words
    assert amount.years.first == first
    expected_end = None if "og frem" in form else (last if last is not None else first)
    assert amount.years.last == expected_end
    assert amount.years.annual == words.startswith("årligt")


TOKENS = [
    *"0123456789.,-– \n",
    *["kr.", " mio.", " og ", "mellem ", "ca. ", "årligt", " i ", "2017", "fra ", " frem"],
    *["ikke ", "konsekvenser", "økonomiske", "Sagen ", "jf. "],
]
MONEYISH = st.lists(st.sampled_from(TOKENS), max_size=80).map("".join)


@given(text=st.text(max_size=300) | MONEYISH)
def test_find_amounts_on_any_text(text: str) -> None:
    previous_end = 0
    for amount in find_amounts(text):
        assert previous_end <= amount.start < amount.end <= len(text)
        assert text[amount.start : amount.end] == amount.raw
        assert amount.raw.endswith(text[amount.unit_start : amount.end])
        assert amount.value_to is None or amount.value < amount.value_to
        if amount.years is not None:
            assert amount.end < amount.years.start < amount.years.end <= len(text)
            assert text[amount.years.start : amount.years.end] == amount.years.raw
        previous_end = amount.end
    for start, end in sentences(text):
        assert 0 <= start < end <= len(text)
    found = find_no_consequences(text)
    assert found is None or 0 <= found[0] < found[1] <= len(text)


def _one_paragraph_doc(text: str) -> Referat:
    head = "Punkt 1: Test\n\nØkonomi\n"
    full = head + text
    index = LineIndex(full)
    start = len(head)
    paragraph = Paragraph(text, index.span(start, len(full)))
    heading = Heading("Økonomi", index.span(len("Punkt 1: Test\n\n"), start - 1))
    section = Section(
        SectionKind.ECONOMY, heading, (paragraph,), index.span(heading.span.start, len(full))
    )
    item = AgendaItem(
        number=1,
        title="Test",
        heading=Heading("Punkt 1: Test", index.span(0, 13)),
        span=index.span(0, len(full)),
        sections=(section,),
    )
    source = SourceInfo(None, hashlib.sha256(full.encode()).hexdigest(), len(full))
    return Referat(text=full, source=source, layout="plain", items=(item,))


@settings(suppress_health_check=[HealthCheck.too_slow])
@given(
    text=st.text(
        alphabet=st.characters(blacklist_categories=["Cs"], blacklist_characters="\r\n"),
        max_size=300,
    )
    | MONEYISH.map(lambda t: t.replace("\n", " "))
)
def test_the_extractor_never_fails(text: str) -> None:
    registry = Registry()
    registry.apply(plugin, "economics")
    doc = run_extractors(_one_paragraph_doc(text), registry)
    assert not [d for d in doc.diagnostics if d.code == "plugin-failed"]
    economy = doc.items[0].extract("economics")
    assert isinstance(economy, Economy)
    for amount in economy.amounts:
        assert doc.source_text(amount.span) == amount.raw
    for diagnostic in doc.diagnostics:
        assert diagnostic.span is not None


ADVERSARIAL = {
    "digits": "1" * 200_000 + " kr.",
    "dotted digits": "1." * 100_000 + " kr.",
    "commas": "1," * 100_000 + " mio. kr.",
    "groups": "1.000" * 40_000 + " kr.",
    "groups and spaces": "1.000 " * 40_000 + "kr.",
    "mixed": "1.0,0.1,-" * 30_000 + " mio. kr.",
    "ranges": "mellem 1 og " * 20_000 + "2 kr.",
    "dashes": "1-" * 100_000 + "2 kr.",
    "signs": "-" * 200_000 + "1 kr.",
    "years": "1 kr. i " + "2017 og " * 30_000 + "frem",
    "spaces": "1" + " " * 200_000 + "kr.",
    "negations": "ikke " * 50_000 + "konsekvenser økonomiske",
    "periods": ". " * 100_000 + "A",
}


@pytest.mark.parametrize("name", sorted(ADVERSARIAL))
def test_long_adversarial_lines_take_linear_time(name: str) -> None:
    text = ADVERSARIAL[name]
    start = time.perf_counter()
    list(find_amounts(text))
    find_no_consequences(text)
    elapsed = time.perf_counter() - start
    # ~200 kB: quadratic matching would take minutes; linear takes well under a second
    assert elapsed < 5, f"{name}: {elapsed:.2f}s"


@settings(max_examples=30, deadline=None)
@given(
    unit=st.text(alphabet="0123456789.,- ", min_size=1, max_size=8),
    repeat=st.integers(min_value=1000, max_value=4000),
)
def test_generated_long_lines_of_digits_dots_and_commas(unit: str, repeat: int) -> None:
    text = unit * repeat + " mio. kr. årligt i 2017"
    start = time.perf_counter()
    list(find_amounts(text))
    assert time.perf_counter() - start < 2


# --- the cheap search finds exactly what the patterns find ------------------------------------
#
# The extractor does not scan every paragraph with the patterns: it looks for "kr"/"dkk" and the
# words a "no consequences" sentence needs in a lower-cased copy, then runs the patterns only
# around what it found (see referat_economics.amounts). These tests hold it to the plain
# reading: every pattern over the whole text, as the plugin first did it.

SCRIPT = [  # what the amount and sentence patterns react to, in odd cases and spellings
    *["kr.", "kr", "Kr.", "KR", "kR.", "\u212ar.", "kroner", "KRONER", "kroner_", "DKK", "DKk"],
    *["dkk", "dkkr", "tkr.", "tkr", "Tkr.", "TKR", "tkrav", "krav", "kræver", "100kr", "kr.-"],
    *["mio.", "mio", "Mio.", "MIO.", "mıo.", "mia.", "mill.", "t.", "million", "millioner"],
    *["milliard", "tusind", "tusinde", "mellem", "MELLEM", "og", "OG", "til", "fra", "-", "–"],
    *["ca.", "ca", "cirka", "cırka", "op til", "op  mod", "i alt", "İ alt", "samlet set"],
    *["ſamlet", "minimum", "mindst", "maksimum", "maks.", "ma\u212aſ.", "højst", "HØJST"],
    *["omkring", "i omegnen af", "knap", "\u212anap", "godt", "over", "under", "mere end"],
    *["mindre end", "årligt", "om året", "pr. år", "hvert år", "i perioden", "i årene"],
    *["fordelt over årene", "frem til", "og frem", "og fremover", "2017", "2018-2020"],
    *["kr. 12.500,-", "DKK 3,5 mio.", "kr.1.000", ",-", "kr. 2024-priser", "Kr. -250.000"],
    *["2016-18", "1999", "5.000", "1.234.567,89", "6,3", "0", "12", "999.300", "3.700.000."],
    *["10.00", "1,", ",5", "-10,8", "13,5", "\u0660\u0661", "５", "ikke", "ıkke", "İKKE"],
    *["ingen", "İngen", "konsekvenser", "konſekvenſer", "KONSEKVENSER", "økonomiske", "ØKONOMISK"],
    *["påvirkning", "pÅvirker", "p\u212bvirkning", "betydning", "kassen", "KASSEN", "kaſſen"],
    *["kassebeholdning", "serviceramme", "budget", "Budget", "budgetneutral", "NEUTRAL"],
    *["udgiftsneutral", "Sagen", "Der", "har", "for", "jf.", "bl.a.", "A.", "I", "“", "”", "ø"],
    *["Å", "?", "_", "\u00a0", "(", ")", ".", ",", "!"],
]  # fmt: skip
GLUE = [" ", " ", " ", "", "  ", ". ", ", ", " \n", "\t"]


@st.composite
def amount_phrases(draw: st.DrawFn) -> str:
    """``[qualifier] [range lead] number [.] [scale] currency [years]``, odd spellings too."""
    number = draw(
        st.sampled_from(["5", "450.000", "6,3", "-10,8", "1999", "2017", "0", "５", "1,", "12.34"])
        | st.integers(min_value=0, max_value=10**30).map(lambda n: f"{n:,}".replace(",", "."))
    )
    space = draw(st.sampled_from([" ", " ", "", "  ", "\n", " " * 45]))
    scale = draw(
        st.sampled_from(["", "", "mio. ", "mio.", "Mio ", "mıo. ", "t. ", "tusind ", "MIA. "])
    )
    currency = draw(
        st.sampled_from(["kr.", "kr", "Kr.", "KR", "\u212ar.", "kroner", "DKK", "tkr.", "TKR"])
        | st.sampled_from(["tkrav", "kr_", "krav", "kroner_", "dkkr"])
    )
    qualifier = draw(
        st.sampled_from(["", "", "ca. ", "cırka ", "i omegnen af ", "op  til ", "İ alt "])
        | st.sampled_from(["ſamlet set ", "\u212anap ", "MAKS. ", "mindre end ", "over "])
    )
    lead = draw(
        st.sampled_from(["", "", "mellem 4 og ", "fra 3 til ", "2 til ", "1-", "MELLEM 2 OG "])
        | st.sampled_from(["1–", "3 – ", "2  og ", "1 TIL "])
    )
    years = draw(
        st.sampled_from(["", "", " i 2017", " årligt", " årligt fra 2023 og frem", " og 2020"])
        | st.sampled_from([" i perioden 2018-2019", " fra 2018 til 2019 og 2020", " til"])
    )
    return f"{qualifier}{lead}{number}{space}{scale}{currency}{years}"


@st.composite
def statements(draw: st.DrawFn) -> str:
    """Sentences that may or may not say "no economic consequences", odd spellings too."""
    if draw(st.integers(0, 3)) == 0:
        neutral = draw(st.sampled_from(["budgetneutral", "kaſſeneutral", "provenuNEUTRAL"]))
        return f"Sagen er {neutral}."
    negation = draw(st.sampled_from(["ikke", "ingen", "Ikke", "İkke", "ıngen", "IKKE", "kun"]))
    words = draw(st.sampled_from(["", "økonomiske", "i øvrigt direkte", "a b c d e"]))
    effect = draw(st.sampled_from(["konsekvenser", "påvirkning", "betydning", "effekt"]))
    economy = draw(st.sampled_from(["økonomiske", "kassen", "kassebeholdningen", "budgettet"]))
    economy = draw(st.sampled_from([economy, "servicerammen", "økonomien", "Odense"]))
    sentence = f"Sagen har {negation} {words} {effect} for {economy}."
    for plain, odd in draw(
        st.lists(
            st.sampled_from([("s", "ſ"), ("i", "ı"), ("å", "Å"), ("å", "\u212b"), ("e", "E")]),
            max_size=2,
        )
    ):
        sentence = sentence.replace(plain, odd)
    return sentence


SCRIPTED = st.lists(
    st.tuples(st.sampled_from(SCRIPT) | amount_phrases() | statements(), st.sampled_from(GLUE)),
    max_size=30,
).map(lambda parts: "".join(word + glue for word, glue in parts))


def _plain_amounts(text: str) -> list[tuple[object, ...]]:
    """The amounts of ``text`` read with every pattern over the whole text (no shortcuts)."""
    found = []
    for match in plain_matches(text)[0]:
        if match.re is UNIT_FIRST:  # "kr. 12.500", "DKK 3,5 mio.": never a range
            unit = " ".join(f"{match['scale'] or ''} {match['unit']}".split())
            scale = scale_of(unit)
            start, end = match.span()
            qualifier = None
            if start and text[start - 1].isspace():
                words = QUALIFIER.search(text, max(0, start - LOOKBACK), start)
                if words is not None:
                    qualifier = " ".join(words.group("qualifier").split()).lower()
            value = in_dkk(number_of(match.group("number")), scale)
            found.append((start, end, value, None, unit, scale, qualifier, years_after(text, end)))
            continue
        assert match.re is AMOUNT
        unit = " ".join(match.group("unit").split())
        scale = scale_of(unit)
        value = in_dkk(number_of(match.group("number")), scale)
        start, end = match.span()
        value_to, qualifier = None, None
        low = None
        if start and (text[start - 1].isspace() or text[start - 1] in "-–"):
            lead = RANGE_LEAD.search(text, max(0, start - LOOKBACK), start)
            if lead is not None:
                word = (lead.group("lead") or "").lower() or None
                separator = lead.group("sep").strip().lower()
                first = in_dkk(number_of(lead.group("low")), scale)
                if not (
                    (separator == "og" and word != "mellem")
                    or (separator == "til" and word == "mellem")
                    or (word != "mellem" and re.fullmatch(r"(?:19|20)\d\d", lead.group("low")))
                    or not first < value
                ):
                    low = (lead.start("low"), first, word)
        if low is not None:
            start, value, qualifier = low[0], low[1], low[2]
            value_to = in_dkk(number_of(match.group("number")), scale)
        if qualifier is None and start and text[start - 1].isspace():
            words = QUALIFIER.search(text, max(0, start - LOOKBACK), start)
            if words is not None:
                qualifier = " ".join(words.group("qualifier").split()).lower()
        years = years_after(text, end)
        found.append((start, end, value, value_to, unit, scale, qualifier, years))
    return found


def _plain_unreadable(text: str) -> list[tuple[int, int]]:
    found = []
    for match in plain_matches(text)[1]:  # the currency words that are no amount's
        number = NUMBERISH.search(text, max(0, match.start() - LOOKBACK), match.start())
        if number is not None:
            found.append((number.start(), match.end()))
    return found


def _plain_no_consequences(text: str) -> tuple[int, int] | None:
    lowered = text.lower()
    if "ikke" not in lowered and "ingen" not in lowered and "neutral" not in lowered:
        return None
    for start, end in sentences(text):
        if says_no_consequences(text[start:end]):
            return start, end
    return None


@settings(max_examples=400)
@given(text=SCRIPTED)
def test_the_cheap_search_finds_what_the_patterns_find(text: str) -> None:
    found = [
        (a.start, a.end, a.value, a.value_to, a.unit, a.scale, a.qualifier, a.years)
        for a in find_amounts(text)
    ]
    assert found == _plain_amounts(text)
    assert find_no_consequences(text) == _plain_no_consequences(text)


@settings(max_examples=200, suppress_health_check=[HealthCheck.too_slow])
@given(text=SCRIPTED)
def test_the_extractor_reads_what_the_patterns_find(text: str) -> None:
    text = text.replace("\n", " ")
    registry = Registry()
    registry.apply(plugin, "economics")
    doc = run_extractors(_one_paragraph_doc(text), registry)
    economy = doc.items[0].extract("economics")
    assert isinstance(economy, Economy)
    assert [(a.raw, a.value, a.value_to, a.qualifier) for a in economy.amounts] == [
        (text[start:end], value, value_to, qualifier)
        for start, end, value, value_to, _, _, qualifier, _ in _plain_amounts(text)
    ]
    offset = len("Punkt 1: Test\n\nØkonomi\n")
    warned = [
        (d.span.start - offset, d.span.end - offset)
        for d in doc.diagnostics
        if d.code == "economics-unreadable-amount" and d.span is not None
    ]
    assert warned == _plain_unreadable(text)
    statement = _plain_no_consequences(text)
    expected = None if statement is None else text[statement[0] : statement[1]]
    assert (economy.no_consequences and economy.no_consequences.text) == expected


def test_the_shortcuts_know_every_case_form() -> None:
    """The cheap tests rely on which characters ``re.IGNORECASE`` reads as which letters."""
    scale_letters = re.compile("[mioaltnerdus]", re.IGNORECASE)
    lasts = _QUALIFIER_LAST | _SEPARATOR_LAST
    last_letters = re.compile(f"[{re.escape(''.join(lasts))}]", re.IGNORECASE)
    danish = re.compile("[a-zæøå]", re.IGNORECASE)
    beyond_latin1 = {KELVIN, "\u0130", "\u0131", "\u017f", "\u212b"}  # K İ ı ſ Å
    for code in range(sys.maxunicode + 1):
        char = chr(code)
        if scale_letters.fullmatch(char):
            assert _BEFORE_CURRENCY.fullmatch(char), hex(code)
        if last_letters.fullmatch(char):
            assert char in lasts, hex(code)
        if code > 0xFF and danish.fullmatch(char):
            assert char in beyond_latin1, hex(code)
