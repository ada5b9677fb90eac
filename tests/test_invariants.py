"""The invariants of DESIGN §4: lossless, spans, lenient never raises, strict raises only
ReferatSyntaxError, JSON round trip. Property-based where possible."""

from __future__ import annotations

import string

import pytest
from hypothesis import given
from hypothesis import strategies as st

import referat
from conftest import SEEDS, parsed, seed_text
from referat import ReferatSyntaxError, Trivia, leaves

PARTS = st.sampled_from(
    [
        "Punkt 1: Godkendelse af dagsorden",
        " Punkt 2: Glued",
        "# **Punkt 3: Titel**",
        "00.01.00-A00-1-24",
        "15.20.00-Ø34-1-20",
        "Resume",
        "## **Beslutning**",
        "INDSTILLING",
        "Text",
        "Økonomi",
        "Bilag",
        "Indholdsfortegnelse",
        "REFERAT Udvalget 2022-2025 d. 01-02-2024",
        "**Mødedato** Tirsdag d. 01. februar 2024 kl. 08:30",
        "Mødested Rådhuset",
        "| a | b |",
        "|--|--|",
        "a\tb\tc",
        "\t\t2.800.000",
        "- punkt",
        "1. At udvalget godkender",
        "Orientering givet.",
        "Beskæftigelses-",
        "og Socialudvalget",
        "Host-",
        "programmet",
        " ",
        "",
        "  ",
        "Titel.....\t3",
        "\x00",
        "\ufeff",
        "Step 1.",
        "### 2. Spørgsmål?",
    ]
)
NEWLINES = st.sampled_from(["\n", "\r\n", "\r", "\n\n", "\n\n\n"])
DOCUMENTS = st.lists(st.tuples(PARTS, NEWLINES), max_size=40).map(
    lambda parts: "".join(p + n for p, n in parts)
)
ANY_TEXT = st.text(alphabet=st.characters(codec="utf-8"), max_size=300) | st.text(
    alphabet=string.printable + "æøåÆØÅ\u00a0\u2028\x0c•–”", max_size=300
)


def assert_lossless(doc: referat.Referat) -> None:
    """Leaves tile the text: in order, no overlap, nothing but blank text between them."""
    pieces = []
    position = 0
    for leaf in leaves(doc):
        span = leaf.span  # type: ignore[attr-defined]
        assert span.start == position, (leaf, position)
        text = doc.source_text(span)
        if isinstance(leaf, Trivia):  # blank lines and terminators (and a leading BOM)
            bare = text[1:] if span.start == 0 and text.startswith("\ufeff") else text
            assert bare.strip() == "", repr(text)
        else:
            assert text == doc.text[span.start : span.end]
        pieces.append(text)
        position = span.end
    assert position == len(doc.text)
    assert "".join(pieces) == doc.text


def assert_spans_consistent(doc: referat.Referat) -> None:
    """Every leaf span's line/column agrees with its offsets."""
    from referat.lines import LineIndex

    index = LineIndex(doc.text)
    for leaf in leaves(doc):
        span = leaf.span  # type: ignore[attr-defined]
        assert index.span(span.start, span.end) == span


@pytest.mark.parametrize("stem", SEEDS)
def test_seeds_are_lossless(stem: str) -> None:
    doc = parsed(stem)
    assert doc.text == seed_text(stem)
    assert_lossless(doc)
    assert_spans_consistent(doc)


@given(DOCUMENTS)
def test_generated_documents_stay_lossless(text: str) -> None:
    doc = referat.parse(text, plugins=[])
    assert_lossless(doc)
    assert_spans_consistent(doc)


@given(ANY_TEXT)
def test_arbitrary_text_never_raises_and_stays_lossless(text: str) -> None:
    doc = referat.parse(text, plugins=[])
    assert_lossless(doc)


@given(DOCUMENTS)
def test_strict_raises_only_referat_syntax_error(text: str) -> None:
    try:
        doc = referat.parse(text, plugins=[], strict=True)
    except ReferatSyntaxError as error:
        assert error.line >= 1
        assert error.column >= 1
        assert error.code
        assert "^" in error.excerpt
    else:
        assert not doc.errors


def test_strict_error_points_at_the_line() -> None:
    text = "Forord\n\nResume\n\nTekst.\n"
    assert referat.parse(text, plugins=[]).errors  # lenient: a diagnostic, no exception
    with pytest.raises(ReferatSyntaxError) as info:
        referat.parse(
            text,
            plugins=[],
            strict=True,
        )
    error = info.value
    assert (error.code, error.line, error.column) == ("section-outside-item", 3, 1)
    assert error.excerpt.splitlines() == ["    3 | Resume", "        ^"]


def test_control_characters_become_unparsed_with_a_diagnostic() -> None:
    doc = referat.parse("Punkt 1: A\n\n00.01.00-A00-1-24\n\nResume\n\nok\x01\n", plugins=[])
    block = doc.items[0].sections[0].blocks[0]
    assert isinstance(block, referat.Unparsed)
    assert [d.code for d in doc.errors] == ["control-character"]
    assert doc.errors[0].span is not None and doc.errors[0].span.start_line == 7


@pytest.mark.parametrize("newline", ["\r\n", "\r"])
def test_crlf_and_cr_spans_index_the_original(newline: str) -> None:
    text = seed_text(SEEDS[4]).replace("\n", newline)
    doc = referat.parse(text, plugins=[])
    reference = parsed(SEEDS[4])
    assert [i.title for i in doc.items] == [i.title for i in reference.items]
    assert_lossless(doc)
    item = doc.items[-1]
    assert doc.source_text(item.heading.span) == reference.source_text(
        reference.items[-1].heading.span
    )


def test_bom_nbsp_and_cp1252() -> None:
    data = "\ufeffPunkt 1: Første\u00a0punkt\n\n00.01.00-A00-1-24".encode()
    doc = referat.Parser(plugins=[]).parse_bytes(data)
    assert doc.items[0].title == "Første\u00a0punkt"
    assert doc.source.encoding == "utf-8"
    assert_lossless(doc)
    latin = "Punkt 1: Økonomi på året\n\n00.01.00-A00-1-24\n".encode("cp1252")
    doc = referat.Parser(plugins=[]).parse_bytes(latin)
    assert doc.items[0].title == "Økonomi på året"
    assert doc.source.encoding == "cp1252"
    assert [d.code for d in doc.diagnostics] == ["not-utf8"]
    assert "line 1" in doc.diagnostics[0].message


@pytest.mark.parametrize("stem", SEEDS)
def test_json_round_trip_of_seeds(stem: str) -> None:
    doc = parsed(stem)
    assert referat.loads(referat.dumps(doc)) == doc


@given(DOCUMENTS)
def test_json_round_trip_of_generated_documents(text: str) -> None:
    doc = referat.parse(text, plugins=[])
    assert referat.loads(referat.dumps(doc)) == doc


# Generated models (not parsed text): every field type survives the JSON round trip.
from referat import models as m  # noqa: E402

_N = st.integers(0, 10_000)
_TEXT = st.text(max_size=12)
_SPANS = st.builds(m.Span, _N, _N, _N, _N, _N, _N)
_PIECES = st.lists(st.builds(m.TextPiece, _N, _N, _N), max_size=2).map(tuple)
_HEADINGS = st.builds(m.Heading, _TEXT, _SPANS, st.none() | st.integers(1, 6), st.booleans())
_PARAGRAPHS = st.builds(m.Paragraph, _TEXT, _SPANS, _PIECES)
_LIST_ITEMS = st.builds(
    m.ListItem, _TEXT, _SPANS, st.none() | st.sampled_from(["-", "1."]), _PIECES
)
_CELLS = st.builds(m.TableCell, _TEXT, _SPANS)
_ROWS = st.builds(m.TableRow, st.lists(_CELLS, max_size=3).map(tuple), _SPANS)
_BLOCKS = st.one_of(
    _HEADINGS,
    _PARAGRAPHS,
    st.builds(m.ListBlock, st.lists(_LIST_ITEMS, max_size=2).map(tuple), _SPANS, st.booleans()),
    st.builds(
        m.TableBlock,
        st.lists(_ROWS, max_size=2).map(tuple),
        _SPANS,
        st.sampled_from(["pipe", "tab"]),
    ),
    st.builds(m.Unparsed, _TEXT, _SPANS, _TEXT),
)
_BLOCK_TUPLES = st.lists(_BLOCKS, max_size=3).map(tuple)
_SECTIONS = st.builds(m.Section, st.sampled_from(m.SectionKind), _HEADINGS, _BLOCK_TUPLES, _SPANS)
_CASES = st.builds(
    m.CaseNumber,
    raw=_TEXT,
    span=_SPANS,
    scheme=st.sampled_from(m.CaseScheme),
    kle=st.none() | _TEXT,
    facet=st.none() | _TEXT,
    serial=st.none() | _N,
    year=st.none() | _N,
    kle_title=st.none() | _TEXT,
    label=st.none() | _TEXT,
)
#: Plugin results of extractors the test registry knows without a declared type (plain JSON):
#: a result of an extractor that no loaded plugin registers cannot be loaded (by design).
_EXTRACT_NAMES = ("wordcount", "notes")
_EXTRACTS = st.builds(
    m.Extract,
    st.sampled_from(_EXTRACT_NAMES),
    st.none() | st.integers() | _TEXT | st.booleans(),
)
_ITEMS = st.builds(
    m.AgendaItem,
    number=st.none() | _N,
    title=st.none() | _TEXT,
    heading=st.none() | _HEADINGS,
    span=_SPANS,
    case_number=st.none() | _CASES,
    case_type=st.none() | st.sampled_from(m.CaseType),
    case_type_raw=st.none() | _TEXT,
    preamble=_BLOCK_TUPLES,
    sections=st.lists(_SECTIONS, max_size=3).map(tuple),
    extracts=st.lists(_EXTRACTS, max_size=2).map(tuple),
    closed=st.none() | st.booleans(),
)
_HEADER_LINES = st.builds(m.HeaderLine, st.sampled_from(m.HeaderField), _TEXT, _SPANS)
_MEETINGS = st.builds(
    m.Meeting,
    lines=st.lists(_HEADER_LINES, min_size=1, max_size=3).map(tuple),
    span=_SPANS,
    committee=st.none() | _TEXT,
    period=st.none() | _TEXT,
    date=st.none() | st.dates(),
    start_time=st.none() | st.times(),
    location=st.none() | _TEXT,
)
_TOCS = st.builds(
    m.Toc,
    _HEADINGS,
    st.lists(st.builds(m.TocEntry, _TEXT, _SPANS, st.none() | _N, st.none() | _N), max_size=3).map(
        tuple
    ),
    _SPANS,
    st.lists(_ROWS, max_size=2).map(tuple),
)
_DIAGNOSTICS = st.builds(
    m.Diagnostic,
    st.sampled_from(m.Severity),
    _TEXT,
    _TEXT,
    st.none() | _SPANS,
    st.none() | _TEXT,
    st.none() | _N,
)
MODELS = st.builds(
    m.Referat,
    text=st.text(max_size=40),
    source=st.builds(
        m.SourceInfo, st.none() | _TEXT, _TEXT, _N, st.sampled_from(["utf-8", "cp1252"])
    ),
    layout=st.sampled_from(["markdown", "plain", "wrapped"]),
    items=st.lists(_ITEMS, max_size=3).map(tuple),
    meeting=st.none() | _MEETINGS,
    toc=st.none() | _TOCS,
    front=_BLOCK_TUPLES,
    diagnostics=st.lists(_DIAGNOSTICS, max_size=2).map(tuple),
)


@given(MODELS)
def test_json_round_trip_of_generated_models(doc: referat.Referat) -> None:
    registry = referat.Registry()  # undeclared results: extract values stay plain JSON
    for name in _EXTRACT_NAMES:
        registry.add_extractor(name, lambda item, context: None)
    assert referat.loads(referat.dumps(doc, registry=registry), registry=registry) == doc
