"""``referat_tables.build.make_cell`` makes the same Cell as ``Cell(...)`` (it sets the slots
directly, with ``referat.slots.SlotMaker``)."""

from __future__ import annotations

from decimal import Decimal

import attrs
from hypothesis import given
from hypothesis import strategies as st
from made_support import assert_plain_fields

from referat.models import Span
from referat_tables.build import make_cell
from referat_tables.models import Cell


def test_cell_has_plain_fields_only() -> None:
    # what make_cell relies on: plain fields, and no default factory
    assert_plain_fields(Cell)
    for field in attrs.fields(Cell):
        assert not isinstance(field.default, attrs.Factory), field.name  # type: ignore[arg-type]
    assert [f.name for f in attrs.fields(Cell)] == ["text", "raw", "span", "number", "unit", "dkk"]
    assert [f.default for f in attrs.fields(Cell)][3:] == [None, None, None]


SPANS = st.builds(Span, *[st.integers(min_value=0, max_value=10**6)] * 6)
NUMBERS = st.none() | st.decimals(allow_nan=False, allow_infinity=False)


@given(st.text(), st.text(), SPANS, NUMBERS, st.none() | st.text(), NUMBERS)
def test_make_cell_equals_the_constructor(
    text: str, raw: str, span: Span, number: Decimal | None, unit: str | None, dkk: Decimal | None
) -> None:
    for made, built in [
        (make_cell(text, raw, span, number, unit, dkk), Cell(text, raw, span, number, unit, dkk)),
        (make_cell(text, raw, span), Cell(text, raw, span)),
    ]:
        assert made == built
        assert hash(made) == hash(built)
        assert repr(made) == repr(built)
        assert type(made) is Cell
        assert attrs.astuple(made, recurse=False) == attrs.astuple(built, recurse=False)
