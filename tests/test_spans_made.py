"""``referat.lines.make_span`` makes the same Span as ``Span(...)`` (it sets the slots directly)."""

from __future__ import annotations

import attrs
from hypothesis import given
from hypothesis import strategies as st

from referat.lines import make_span
from referat.models import Span


def test_span_has_plain_fields_only() -> None:
    # what make_span relies on: no validator, converter or setattr hook, no post-init
    for field in attrs.fields(Span):
        assert field.validator is None, field.name
        assert field.converter is None, field.name
        assert field.on_setattr in (None, attrs.setters.NO_OP), field.name
    assert not hasattr(Span, "__attrs_post_init__")
    assert [f.name for f in attrs.fields(Span)] == [
        "start_line", "start_col", "end_line", "end_col", "start", "end"
    ]  # fmt: skip


@given(st.lists(st.integers(min_value=0, max_value=10**9), min_size=6, max_size=6))
def test_make_span_equals_the_constructor(values: list[int]) -> None:
    made = make_span(*values)
    built = Span(*values)
    assert made == built
    assert hash(made) == hash(built)
    assert repr(made) == repr(built)
    assert type(made) is Span
    assert attrs.astuple(made) == tuple(values)
