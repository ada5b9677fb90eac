"""The source map's packed segments: a :class:`SegmentMap` is the tuple of its segments (equal,
hashed, indexed, sliced, pickled and written to JSON as that tuple), locating a span gives what
the segments say, and :class:`TextBuilder` writes exactly the segments it is asked for.
"""

from __future__ import annotations

import pickle
import re
from collections.abc import Iterator

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import referat
from referat.convert import make
from referat.sources.sourcemap import Location, Segment, SegmentMap, SourceMap, TextBuilder

_BOX = st.tuples(*[st.floats(-1e4, 1e4, allow_nan=False)] * 4)


@st.composite
def _segments(draw: st.DrawFn) -> list[Segment]:
    """Contiguous segments from 0, of every kind: HTML/XML paths, PDF pages and boxes, generated
    runs with and without a source offset."""
    segments = []
    position = 0
    pdf = draw(st.booleans())
    for _ in range(draw(st.integers(0, 12))):
        length = draw(st.integers(1, 9))
        generated = draw(st.booleans())
        segments.append(
            Segment(
                position,
                position + length,
                page=draw(st.none() | st.integers(1, 400)) if pdf else None,
                path=None if pdf else draw(st.sampled_from(["/html[1]/p[1]", "/a/text()[2]"])),
                source_start=draw(st.none() | st.integers(0, 2**40)),
                bbox=draw(st.none() | _BOX) if pdf else None,
                generated=generated,
            )
        )
        position += length
    return segments


def _reference_locations(segments: list[Segment], start: int, end: int) -> Iterator[Location]:
    """What the segments say about ``text[start:end]``, segment by segment (no bisection)."""
    for seg in segments:
        lo, hi = max(start, seg.start), min(end, seg.end)
        if lo >= hi:
            continue
        if seg.generated or seg.source_start is None:
            source = (seg.source_start, seg.source_start)
        else:
            source = (seg.source_start - seg.start + lo, seg.source_start - seg.start + hi)
        yield Location(lo, hi, seg.page, seg.path, *source, seg.bbox, seg.generated)


@settings(max_examples=300, deadline=None)
@given(_segments(), st.data())
def test_a_segment_map_is_the_tuple_of_its_segments(
    segments: list[Segment], data: st.DataObject
) -> None:
    packed = SegmentMap(segments)
    expected = tuple(segments)
    assert packed == expected and list(packed) == segments and len(packed) == len(segments)
    assert hash(packed) == hash(expected)
    assert SegmentMap.of(packed) is packed and SegmentMap.of(expected) == packed
    if segments:
        index = data.draw(st.integers(-len(segments), len(segments) - 1))
        assert packed[index] == segments[index]
    lo, hi = data.draw(st.integers(-3, 15)), data.draw(st.integers(-3, 15))
    step = data.draw(st.sampled_from([1, 2, -1]))
    assert packed[lo:hi:step] == expected[lo:hi:step]
    assert isinstance(packed[lo:hi], SegmentMap)
    restored = pickle.loads(pickle.dumps(packed))
    assert restored == packed and list(restored) == segments
    assert eval(repr(packed)) == packed


@settings(max_examples=300, deadline=None)
@given(_segments(), st.integers(-2, 80), st.integers(-2, 80))
def test_locating_a_span_gives_what_its_segments_say(
    segments: list[Segment], start: int, end: int
) -> None:
    source_map = SourceMap("pdf", tuple(segments), "0" * 64, 0)
    assert isinstance(source_map.segments, SegmentMap)
    wanted = (start, end if end > start else start + 1)
    assert source_map.resolve((start, end)) == tuple(_reference_locations(segments, *wanted))
    holding = [s for s in segments if s.start <= start < s.end]
    assert source_map.segment_at(start) == (holding[0] if holding else None)


@settings(max_examples=100, deadline=None)
@given(_segments())
def test_a_source_map_is_written_as_its_segments(segments: list[Segment]) -> None:
    converter = make()
    source_map = SourceMap("pdf", tuple(segments), "0" * 64, 10, pages=3)
    data = converter.unstructure(source_map)
    assert data["segments"] == [converter.unstructure(s, Segment) for s in segments]
    assert converter.structure(data, SourceMap) == source_map
    assert pickle.loads(pickle.dumps(source_map)) == source_map


def test_a_segment_map_refuses_what_it_cannot_hold() -> None:
    with pytest.raises(ValueError, match="not an offset"):
        SegmentMap([Segment(0, 1, source_start=-(2**63))])
    with pytest.raises(IndexError):
        SegmentMap([Segment(0, 1)])[1]
    with pytest.raises(ValueError, match="differ in length"):
        SegmentMap.columns(
            *(SegmentMap([Segment(0, 1)])._starts, SegmentMap()._ends),
            SegmentMap()._sources,
            [],
            b"",
        )


def test_a_document_read_from_html_keeps_its_map_through_json_and_pickle() -> None:
    page = "<html><body><h1>Referat</h1><p>Punkt 1: Budget</p><p>Godkendt.</p></body></html>"
    doc = referat.parse(page, plugins=[])
    assert doc.source_map is not None and isinstance(doc.source_map.segments, SegmentMap)
    assert referat.loads(referat.dumps(doc)) == doc
    assert pickle.loads(pickle.dumps(doc)) == doc


# --- TextBuilder ----------------------------------------------------------------------------


def test_the_builder_merges_generated_runs_and_keeps_pages_and_boxes() -> None:
    out = TextBuilder()
    out.text("Budget", page=2, source_start=10, bbox=(1.0, 2.0, 3.0, 4.0))
    out.newline(2, page=2)
    out.generated("Punkt ", page=3)
    out.generated("1", page=3)
    out.text("bud-", page=3, source_start=0)
    out.drop_last(1)
    out.generated(" ", page=3, source_start=7)
    out.text("x", page=3, source_start=8)
    out.drop_last(2)  # the run "x" and the generated space before it
    text, segments = out.finish()
    assert text == "Budget\n\nPunkt 1bud\n"
    assert list(segments) == [
        Segment(0, 6, 2, None, 10, (1.0, 2.0, 3.0, 4.0), False),
        Segment(6, 8, 2, None, None, None, True),
        Segment(8, 15, 3, None, None, None, True),
        Segment(15, 18, 3, None, 0, None, False),
        Segment(18, 19, 3, None, None, None, True),
    ]


_GAPS = [" ", "  ", "\n", "\t", "\u00a0", "\u2003", "\u3000", " \r\n "]
_WORDS = ["Byrådet", "kr.", "a", "\u00adblødt", "nul\u200bbredde", "Æ"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["", *_GAPS]), st.sampled_from(_WORDS)), max_size=6))
def test_words_collapse_white_space_as_a_browser_does(parts: list[tuple[str, str]]) -> None:
    """Every white space character Python knows (the no-break and ideographic spaces too)
    collapses; soft hyphens and zero-width spaces are not white space and stay in the word."""
    value = "".join(gap + word for gap, word in parts) + (parts[0][0] if parts else "")
    out = TextBuilder()
    out.generated("X", path="/p")
    space, separator = out.words(value, "/p/text()[1]", None, None)
    text, segments = out.finish()
    gap = " " if value[:1].isspace() and not value.isspace() else ""  # a gap after X: a space
    assert text == "X" + gap + " ".join(value.split()) + "\n"
    for segment in segments:
        if segment.generated:
            continue
        piece = text[segment.start : segment.end]
        source = value[segment.source_start : segment.source_start + len(piece)]
        assert piece == source or (piece == " " and source.isspace())
    trailing = re.search(r"\s+$", value)
    assert space == (("/p/text()[1]", trailing.start()) if trailing else None)
    assert separator is None


def test_a_packed_map_adds_like_the_tuple_it_stands_for() -> None:
    from referat.models import PieceMap, TextPiece

    pieces = PieceMap([TextPiece(0, 10, 14)])
    more = (TextPiece(5, 15, 19),)
    assert pieces + more == (TextPiece(0, 10, 14), TextPiece(5, 15, 19))
    assert more + pieces == (TextPiece(5, 15, 19), TextPiece(0, 10, 14))
    assert PieceMap(pieces + more) == pieces + more
