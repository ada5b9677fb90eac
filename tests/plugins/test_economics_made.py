"""``referat_economics.extract.make_amount`` makes the same Amount as ``Amount(...)`` (it sets
the slots directly, with ``referat.slots.SlotMaker``)."""

from __future__ import annotations

from decimal import Decimal

import attrs
from hypothesis import given
from hypothesis import strategies as st
from made_support import assert_plain_fields

from referat.models import SectionKind, Span
from referat_economics.extract import make_amount
from referat_economics.models import Amount, YearRange

FIELDS = [
    "raw", "value", "value_to", "unit", "scale", "qualifier", "years", "section",
    "in_economy_section", "span",
]  # fmt: skip


def test_amount_has_plain_fields_only() -> None:
    # what make_amount relies on: plain fields, and no defaults
    assert_plain_fields(Amount)
    for field in attrs.fields(Amount):
        assert field.default is attrs.NOTHING, field.name
    assert [f.name for f in attrs.fields(Amount)] == FIELDS


SPANS = st.builds(Span, *[st.integers(min_value=0, max_value=10**6)] * 6)
NUMBERS = st.decimals(allow_nan=False, allow_infinity=False)
YEARS = st.none() | st.builds(
    YearRange, st.text(), st.none() | st.integers(), st.none() | st.integers(), st.booleans(), SPANS
)


@given(
    st.text(),
    NUMBERS,
    st.none() | NUMBERS,
    st.text(),
    NUMBERS,
    st.none() | st.text(),
    YEARS,
    st.none() | st.sampled_from(SectionKind),
    st.booleans(),
    SPANS,
)
def test_make_amount_equals_the_constructor(
    raw: str,
    value: Decimal,
    value_to: Decimal | None,
    unit: str,
    scale: Decimal,
    qualifier: str | None,
    years: YearRange | None,
    section: SectionKind | None,
    in_economy: bool,
    span: Span,
) -> None:
    values = (raw, value, value_to, unit, scale, qualifier, years, section, in_economy, span)
    made, built = make_amount(*values), Amount(*values)
    assert made == built
    assert hash(made) == hash(built)
    assert repr(made) == repr(built)
    assert type(made) is Amount
    assert attrs.astuple(made, recurse=False) == values
