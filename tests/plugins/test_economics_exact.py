"""Exact amounts: any number of digits up to the bound, a diagnostic beyond it, never rounding.

Expected values are computed with Python integers and fractions from the digits the test
wrote, never with :mod:`decimal`, so a rounding Decimal context cannot hide in both sides.
"""

from __future__ import annotations

from decimal import Decimal, localcontext
from fractions import Fraction

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

import referat
from referat.models import Referat, Span
from referat_economics import find_amounts, parse_amount
from referat_economics.amounts import plain_matches, text_matches
from referat_economics.extract import summarize
from referat_economics.models import BudgetRow, Economy
from referat_economics.patterns import LOOKBACK
from referat_tables.exact import MAX_DIGITS

HEAD = "Punkt 1: Budgetopfølgning\n\nSagsnr.: 00.01.00-A00-1-23\n\n"
SCALES = {"kr.": 1, "kroner": 1, "t. kr.": 1000, "mio. kr.": 10**6, "mia. kr.": 10**9}
SPAN = Span(1, 1, 1, 2, 0, 1)


def _grouped(number: int) -> str:
    """``number`` with its thousands grouped by dots, the Danish way (``1.234.567``)."""
    digits = str(number)
    head = len(digits) % 3 or 3
    return ".".join([digits[:head]] + [digits[i : i + 3] for i in range(head, len(digits), 3)])


def test_grouped_helper() -> None:
    assert _grouped(1234567) == "1.234.567"
    assert _grouped(999) == "999"


@st.composite
def danish_numbers(draw: st.DrawFn, digits: int = MAX_DIGITS) -> tuple[str, Fraction]:
    """A number as the minutes write it (sign, grouped or plain digits, decimals) of at most
    ``digits`` digits, and its value."""
    frac_digits = draw(st.integers(0, min(12, digits - 1)))
    whole_digits = draw(st.integers(1, digits - frac_digits))
    low = 10 ** (whole_digits - 1) if whole_digits > 1 else 0
    whole = draw(st.integers(low, 10**whole_digits - 1))
    frac = draw(st.text("0123456789", min_size=frac_digits, max_size=frac_digits))
    sign = draw(st.sampled_from(["", "", "-", "−", "–"]))
    written = _grouped(whole) if whole >= 1000 and draw(st.booleans()) else str(whole)
    value = Fraction(whole)
    if frac:
        written += "," + frac
        value += Fraction(int(frac), 10 ** len(frac))
    return sign + written, -value if sign else value


def _codes(doc: Referat) -> list[str]:
    return [d.code for d in doc.diagnostics]


def _economy(doc: Referat) -> Economy:
    value = doc.items[0].extract("economics")
    assert isinstance(value, Economy)
    return value


@settings(max_examples=300)
@given(danish_numbers(), st.sampled_from(sorted(SCALES)))
def test_amounts_are_exact(number: tuple[str, Fraction], unit: str) -> None:
    written, value = number
    (amount,) = find_amounts(f"Udgiften bliver {written} {unit} i år.")
    assert amount.raw == f"{written} {unit}"
    assert Fraction(amount.value) == value * SCALES[unit]
    if (value * SCALES[unit]).denominator == 1:  # a whole amount is written without decimals
        assert amount.value.as_tuple().exponent == 0


@given(danish_numbers(), st.sampled_from(sorted(SCALES)))
def test_amounts_ignore_the_callers_context(number: tuple[str, Fraction], unit: str) -> None:
    written, value = number
    with localcontext() as context:
        context.prec = 3  # a caller's context that would round almost every amount
        found = parse_amount(f"ca. {written} {unit}")
    assert found is not None
    assert Fraction(found.value) == value * SCALES[unit]


@given(danish_numbers(digits=20), danish_numbers())
def test_ranges_of_long_numbers_are_exact(
    first: tuple[str, Fraction], second: tuple[str, Fraction]
) -> None:
    # the first number (at most 20 digits: 26 characters) fits the look-back window
    (low_written, low), (high_written, high) = first, second
    assume(low < high)
    found = parse_amount(f"mellem {low_written} og {high_written} mio. kr.")
    assert found is not None
    assert Fraction(found.value) == low * 10**6
    assert found.value_to is not None
    assert Fraction(found.value_to) == high * 10**6


@pytest.mark.parametrize("digits", [29, 30, 45, 60, MAX_DIGITS])
@pytest.mark.parametrize("sign", ["", "-"])
def test_long_amounts_through_parse(digits: int, sign: str) -> None:
    number = "1" + "0" * (digits - 2) + "7"
    doc = referat.parse(HEAD + f"Det koster {sign}{number} mio. kr.\n", plugins=["economics"])
    codes = _codes(doc)
    assert "plugin-failed" not in codes
    assert "economics-number-too-long" not in codes
    (amount,) = _economy(doc).amounts
    expected = int(number) * 10**6
    assert amount.value == (-expected if sign else expected)
    assert amount.scale == 10**6


def test_thirty_digit_negatives_are_not_rounded() -> None:
    for sign in ("-", "−", "–"):
        (amount,) = find_amounts(f"Resultatet er {sign}{'1' * 30} kr.")
        assert amount.value == -int("1" * 30)


def test_beyond_the_bound_is_a_diagnostic() -> None:
    number = "1" * (MAX_DIGITS + 1)
    text = HEAD + f"Det koster {number} kr. og ca. 1.000 kr.\n"
    assert [a.raw for a in find_amounts(text)] == ["1.000 kr."]
    doc = referat.parse(text, plugins=["economics"])
    assert "plugin-failed" not in _codes(doc)
    assert [a.raw for a in _economy(doc).amounts] == ["1.000 kr."]
    (diagnostic,) = [d for d in doc.diagnostics if d.code == "economics-number-too-long"]
    assert diagnostic.span is not None
    assert doc.text[diagnostic.span.start : diagnostic.span.end] == number
    assert f"{MAX_DIGITS + 1} digits" in diagnostic.message


def test_a_million_digits_are_a_diagnostic_not_an_overflow() -> None:
    doc = referat.parse(HEAD + "1" * 1_000_001 + " kr.\n", plugins=["economics"])
    codes = _codes(doc)
    assert "plugin-failed" not in codes
    assert codes.count("economics-number-too-long") == 1
    (diagnostic,) = [d for d in doc.diagnostics if d.code == "economics-number-too-long"]
    assert "1000001 digits" in diagnostic.message


def test_a_wrapped_amount_beyond_the_bound_is_located_in_the_source() -> None:
    number = "9" * (MAX_DIGITS + 5)
    text = HEAD + "Udgiften er\nca. " + number + "\nkr. i alt.\n"
    doc = referat.parse(text, plugins=["economics"])
    (diagnostic,) = [d for d in doc.diagnostics if d.code == "economics-number-too-long"]
    assert diagnostic.span is not None
    assert text[diagnostic.span.start : diagnostic.span.end] == number


def test_the_first_number_of_a_range_always_fits_the_bound() -> None:
    # The range's first number is looked for in a window shorter than the bound, so it can
    # never be too long to read (the code relies on it).
    assert LOOKBACK < MAX_DIGITS


def test_total_of_long_budget_rows_is_exact() -> None:
    rows = tuple(
        BudgetRow("Post", "Budget 2024", 2024, Decimal(value), "kr.", SPAN)
        for value in ("1" + "0" * 38 + "7", "1" + "0" * 38 + "5", "-0.25")
    )
    total = Economy((), None, rows, None).total(year=2024)
    assert total is not None
    assert Fraction(total) == Fraction(2 * 10**39 + 12) - Fraction(1, 4)


def test_summary_writes_a_long_total_exactly() -> None:
    total = BudgetRow(
        "I alt", "Budget", None, Decimal("123456789012345678901234567890"), "kr.", SPAN, True
    )
    summary = summarize(Economy((), None, (total,), None))
    assert "largest total 123.456.789.012.345.678.901.234.567.890 kr." in summary


# Texts dense in currency words, digits and scale words: the cheap search (windows bounded by
# the previous currency word) must find exactly what scanning the whole text finds (AMOUNT,
# and UNIT_FIRST at the other currency words: ``kr.1``, ``kr. 1.000``).
FRAGMENTS = [
    "kr", "kr.", "Kr", "KR.", "dkk", "DKK", "tkr", "kroner", "k", "d", "t", "r", " ", "  ",
    "\n", "1", "12", "1.000", "3.729.051", ",5", ",00", "-", "–", "mio.", "mia ", "t.",
    "millioner ", "og", "til", "mellem", "ca.", "årligt", "2023", "x", ".",
]  # fmt: skip


@settings(max_examples=400)
@given(st.lists(st.sampled_from(FRAGMENTS), max_size=60).map("".join))
def test_the_bounded_windows_find_what_the_pattern_finds(text: str) -> None:
    assert [m.span() for m in text_matches(text)] == [m.span() for m in plain_matches(text)[0]]


@given(st.integers(1, 200), st.integers(0, 5), st.sampled_from(["kr", "dkk", "tkr"]))
def test_long_runs_before_a_currency_word(spaces: int, repeat: int, word: str) -> None:
    text = ("1 " + " " * spaces + "2" + " " * spaces + word + " ") * (repeat + 1)
    assert [m.span() for m in text_matches(text)] == [m.span() for m in plain_matches(text)[0]]


def test_long_amounts_and_budget_rows_survive_json_exactly() -> None:
    text = (
        HEAD
        + "Det koster -"
        + "9" * 60
        + ",25 mio. kr.\n\n1.000 kr.\tBudget\nUdgift\t-"
        + "1" * 59
        + ",5\nI alt\t"
        + "2" * 70
        + "\n"
    )
    doc = referat.parse(text, plugins=["tables", "economics"])
    assert "plugin-failed" not in _codes(doc)
    again = referat.loads(referat.dumps(doc))
    economy = _economy(again)
    (amount,) = economy.amounts
    assert amount.value == -(int("9" * 60) * 10**6 + 250_000)
    assert [row.value for row in economy.budget_rows] == [
        -(int("1" * 59) * 1000 + 500),
        int("2" * 70) * 1000,
    ]
    assert again == doc
