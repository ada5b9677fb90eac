"""Exact numbers in table cells: any number of digits up to the bound, a diagnostic beyond it.

Expected values are computed with Python integers and fractions from the digits the test
wrote, never with :mod:`decimal`, so a rounding Decimal context cannot hide in both sides.
"""

from __future__ import annotations

from decimal import Decimal, localcontext
from fractions import Fraction

from hypothesis import given
from hypothesis import strategies as st
from tables_support import BLANK, build, run, tab

import referat
from referat.models import Referat
from referat_tables.exact import MAX_DIGITS
from referat_tables.models import Table
from referat_tables.quantities import Value, overlong, parse_value, read_value

HEAD = "Punkt 1: Budgetopfølgning\n\nSagsnr.: 00.01.00-A00-1-23\n\n"


def _tables(doc: Referat) -> tuple[Table, ...]:
    value = doc.items[0].extract("tables")
    assert isinstance(value, tuple)
    return value


def _codes(doc: Referat) -> list[str]:
    return [d.code for d in doc.diagnostics]


def _grouped(number: int) -> str:
    """``number`` with its thousands grouped by dots, the Danish way (``1.234.567``)."""
    digits = str(number)
    head = len(digits) % 3 or 3
    groups = [digits[:head]] + [digits[i : i + 3] for i in range(head, len(digits), 3)]
    return ".".join(groups)


def test_grouped_helper() -> None:
    assert _grouped(1234567) == "1.234.567"
    assert _grouped(123) == "123"
    assert _grouped(1000) == "1.000"


# A Danish number: sign, whole digits (grouped or not), decimals; what it is worth.
@st.composite
def danish_numbers(draw: st.DrawFn, max_digits: int = MAX_DIGITS) -> tuple[str, Fraction]:
    frac_digits = draw(st.integers(0, min(20, max_digits - 1)))
    whole_digits = draw(st.integers(1, max_digits - frac_digits))
    whole = draw(
        st.integers(10 ** (whole_digits - 1) if whole_digits > 1 else 0, 10**whole_digits - 1)
    )
    frac = draw(st.text("0123456789", min_size=frac_digits, max_size=frac_digits))
    sign = draw(st.sampled_from(["", "-", "−", "–"]))
    written = _grouped(whole) if draw(st.booleans()) and whole >= 1000 else str(whole)
    if frac:
        written += "," + frac
    value = Fraction(whole) + (Fraction(int(frac), 10 ** len(frac)) if frac else 0)
    return sign + written, -value if sign else value


@given(danish_numbers())
def test_cell_numbers_are_exact(number: tuple[str, Fraction]) -> None:
    written, expected = number
    read = read_value(written)
    assert read is not None
    assert read[0] is not None
    assert Fraction(read[0]) == expected


@given(danish_numbers(), st.sampled_from([("kr.", "kr."), ("mio. kr.", "Mio. kr."), ("%", "%")]))
def test_cell_numbers_with_units_are_exact(
    number: tuple[str, Fraction], unit: tuple[str, str]
) -> None:
    written, expected = number
    value = parse_value(f"{written} {unit[0]}")
    assert value is not None
    assert value.number is not None
    assert Fraction(value.number) == expected
    assert value.unit is not None
    assert value.unit.name == unit[1]


@given(danish_numbers())
def test_cell_numbers_ignore_the_callers_context(number: tuple[str, Fraction]) -> None:
    written, expected = number
    with localcontext() as context:
        context.prec = 3  # a caller's context that would round almost every number
        read = read_value(written)
    assert read is not None
    assert read[0] is not None
    assert Fraction(read[0]) == expected


@given(st.integers(MAX_DIGITS + 1, 3 * MAX_DIGITS), st.sampled_from(["", " kr.", " %", "-"]))
def test_numbers_beyond_the_bound_are_values_without_a_number(digits: int, suffix: str) -> None:
    text = ("-" + "7" * digits) if suffix == "-" else "7" * digits + suffix
    assert parse_value(text) == Value(None, None)
    assert overlong(text) == digits


def test_the_bound_itself_is_read() -> None:
    text = "9" * MAX_DIGITS
    read = read_value(text)
    assert read is not None
    assert read[0] == Decimal(text)
    assert overlong(text) is None


def test_a_million_digits_cost_one_cell() -> None:
    digits = "1" * 1_000_001
    assert read_value(digits) == (None, None)
    assert overlong(digits + " kr.") == 1_000_001


def test_the_issue_reproducer_has_an_exact_29_digit_cell() -> None:
    doc = referat.parse(HEAD + "A\tB\n" + "1" * 29 + " kr\t2\n", plugins=["tables"])
    assert "plugin-failed" not in _codes(doc)
    (table,) = _tables(doc)
    cell = table.body_rows[0].cells[0]
    assert cell.number == int("1" * 29)
    assert cell.dkk == int("1" * 29)
    assert cell.unit == "kr."


def test_long_negative_cells_are_exact_in_dkk() -> None:
    doc = run(build(tab("1.000 kr.\tBudget", "Udgift\t-" + "1" * 30, "Indtægt\t" + "9" * 60))[0])
    assert "plugin-failed" not in _codes(doc)
    (table,) = _tables(doc)
    first, second = table.body_rows
    assert first.cells[1].number == -int("1" * 30)
    assert first.cells[1].dkk == -int("1" * 30) * 1000
    assert second.cells[1].dkk == int("9" * 60) * 1000


def test_one_bad_cell_costs_one_cell() -> None:
    bad = "1" * (MAX_DIGITS + 1) + " kr"
    doc, _ = build(
        tab("A\tB", f"{bad}\t2", "3\t4"),
        BLANK,
        tab("1.000 kr.\tBudget", "Udgift\t5"),
    )
    doc = run(doc)
    codes = _codes(doc)
    assert "plugin-failed" not in codes
    assert codes.count("table-number-too-long") == 1
    first, second = _tables(doc)
    row = first.body_rows[0]
    assert row.cells[0].text == bad
    assert row.cells[0].number is None
    assert row.cells[0].dkk is None
    assert row.cells[1].number == 2
    assert first.body_rows[1].cells[1].number == 4
    assert second.body_rows[0].cells[1].dkk == 5000
    (diagnostic,) = [d for d in doc.diagnostics if d.code == "table-number-too-long"]
    assert diagnostic.span == row.cells[0].span
    assert f"{MAX_DIGITS + 1} digits" in diagnostic.message


def test_a_bold_total_of_long_numbers_adds_up_exactly() -> None:
    # 10**39 + 7 and 10**39 + 5 add up to 2 * 10**39 + 12: in 28 digits the 12 would be lost
    # and the last row would miss its parts by more than the rounding tolerance.
    a, b = "1" + "0" * 38 + "7", "1" + "0" * 38 + "5"
    total = "2" + "0" * 37 + "12"
    off = "2" + "0" * 32 + "1000012"  # a million more: not the sum
    doc = run(
        build(
            tab("Post\tBeløb", f"A\t{a}", f"B\t{b}", f"<b>Samlet</b>\t<b>{total}</b>"),
            BLANK,
            tab("Post\tBeløb", f"A\t{a}", f"B\t{b}", f"<b>Samlet</b>\t<b>{off}</b>"),
        )[0]
    )
    adds_up, does_not = _tables(doc)
    assert [row.is_total for row in adds_up.body_rows] == [False, False, True]
    assert [row.is_total for row in does_not.body_rows] == [False, False, False]
