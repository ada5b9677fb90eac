"""``referat.slots.SlotMaker`` makes the same object as the class's own ``__init__``."""

from __future__ import annotations

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from referat.lines import make_span
from referat.models import Heading, ListItem, Paragraph, Span, TableCell
from referat.models.document import NO_PIECES, PieceMap, TextPiece
from referat.slots import SlotMaker

ints = st.integers(min_value=0, max_value=10**9)
spans = st.builds(Span, ints, ints, ints, ints, ints, ints)
texts = st.text(max_size=30)
piece_maps = st.one_of(
    st.just(NO_PIECES),
    st.lists(st.builds(TextPiece, ints, ints, ints), max_size=3).map(PieceMap.of),
    st.lists(st.builds(TextPiece, ints, ints, ints), max_size=3),  # converted, as attrs does
)


def _same(made: object, built: object) -> None:
    assert type(made) is type(built)
    assert made == built
    assert hash(made) == hash(built)
    assert repr(made) == repr(built)
    assert attrs.astuple(made, recurse=False) == attrs.astuple(built, recurse=False)


@given(st.lists(ints, min_size=6, max_size=6))
def test_make_span_is_the_constructor(values: list[int]) -> None:
    _same(make_span(*values), Span(*values))


@given(texts, spans, piece_maps)
def test_a_paragraph(text: str, span: Span, pieces: object) -> None:
    maker = SlotMaker(Paragraph, ("text", "span", "pieces"))
    _same(maker.make(text, span, pieces), Paragraph(text, span, pieces))  # type: ignore[arg-type]


@given(texts, spans, st.none() | texts, piece_maps)
def test_a_list_item(text: str, span: Span, marker: str | None, pieces: object) -> None:
    maker = SlotMaker(ListItem, ("text", "span", "marker", "pieces"))
    built = ListItem(text, span, marker, pieces)  # type: ignore[arg-type]
    _same(maker.make(text, span, marker, pieces), built)


@given(texts, spans, st.none() | st.integers(1, 6), st.booleans())
def test_a_heading(text: str, span: Span, level: int | None, bold: bool) -> None:
    maker = SlotMaker(Heading, ("text", "span", "level", "bold"))
    _same(maker.make(text, span, level, bold), Heading(text, span, level, bold))


@given(texts, spans)
def test_a_table_cell(raw: str, span: Span) -> None:
    _same(SlotMaker(TableCell, ("raw", "span")).make(raw, span), TableCell(raw, span))


def test_a_class_it_would_make_differently_is_refused() -> None:
    @attrs.frozen
    class Checked:
        value: int = attrs.field(validator=attrs.validators.instance_of(int))

    @attrs.frozen
    class Finished:
        value: int

        def __attrs_post_init__(self) -> None:
            pass

    @attrs.frozen
    class Prepared:
        value: int

        def __attrs_pre_init__(self) -> None:
            pass

    @attrs.frozen(cache_hash=True)
    class CachedHash:
        value: int

    @attrs.frozen
    class Derived:
        value: int
        twice: int = attrs.field(init=False, default=0)

    @attrs.frozen
    class SelfConverted:
        value: int = attrs.field(converter=attrs.Converter(lambda v, self: v, takes_self=True))

    @attrs.frozen(init=False)
    class OwnInit:
        value: int

        def __init__(self, value: int) -> None:
            self.__attrs_init__(value * 2)  # type: ignore[attr-defined]

    @attrs.define
    class Plain:
        value: int

    @attrs.frozen(slots=False)
    class WithoutSlots:
        value: int

    with pytest.raises(TypeError, match="validator"):
        SlotMaker(Checked, ("value",))
    for refused in (Finished, Prepared, CachedHash, OwnInit, WithoutSlots):
        with pytest.raises(TypeError, match="plain slotted"):
            SlotMaker(refused, ("value",))
    with pytest.raises(TypeError, match="as given"):
        SlotMaker(Derived, ("value", "twice"))
    with pytest.raises(TypeError, match="as given"):
        SlotMaker(SelfConverted, ("value",))
    with pytest.raises(TypeError, match="fields"):
        SlotMaker(Span, ("start", "end"))  # every field, in order
    assert SlotMaker(Plain, ("value",)).make(3) == Plain(3)  # a mutable slotted class is fine


def test_every_value_must_be_given() -> None:
    maker = SlotMaker(TableCell, ("raw", "span"))
    with pytest.raises(TypeError, match="takes 2 values, not 1"):
        maker.make("x")
    with pytest.raises(TypeError, match="takes 2 values, not 3"):
        maker.make("x", Span(1, 1, 1, 2, 0, 1), None)
