"""Property tests: Danish amount formatting round trips, no crash on any text, linear time."""

from __future__ import annotations

import hashlib
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
from referat_economics.amounts import find_amounts, parse_amount
from referat_economics.consequences import find_no_consequences, sentences
from referat_economics.models import Economy

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
