"""Property-based tests of the tables plugin (hypothesis)."""

from __future__ import annotations

import html
import re
from decimal import Decimal

from hypothesis import example, given
from hypothesis import strategies as st
from tables_support import BLANK, Piece, build, pipe, run, tab

import referat
from referat.danish import format_number, number_value
from referat.models import Span, TableBlock, TableCell, TableRow
from referat_tables import TABLES, markup, quantities
from referat_tables.build import RowCache, _number_of, is_separator_row
from referat_tables.header import is_value_cell
from referat_tables.markup import cell_text
from referat_tables.quantities import parse_value, read_value

# -- Danish numbers: format → parse round trip -------------------------------------------------

decimals = st.integers(min_value=0, max_value=3)
magnitudes = st.integers(min_value=-(10**12), max_value=10**12)


@given(magnitudes, decimals, st.booleans())
def test_number_round_trip(units: int, places: int, group: bool) -> None:
    value = Decimal(units).scaleb(-places)
    text = format_number(value, group=group)
    parsed = parse_value(text)
    assert parsed is not None, text
    assert parsed.number == value
    assert parsed.unit is None


@given(
    magnitudes,
    decimals,
    st.booleans(),
    st.sampled_from([("kr.", " kr.", Decimal(1)), ("%", " %", None), ("%", "%", None)]),
    st.sampled_from(["{}", "<b>{}</b>", " {} ", "<p>{}</p>", "*{}"]),
)
def test_number_with_unit_and_markup_round_trip(
    units: int,
    places: int,
    group: bool,
    unit: tuple[str, str, Decimal | None],
    wrapper: str,
) -> None:
    name, suffix, scale = unit
    value = Decimal(units).scaleb(-places)
    raw = wrapper.format(format_number(value, group=group) + suffix)
    parsed = parse_value(cell_text(raw))
    assert parsed is not None, raw
    assert parsed.number == value
    assert parsed.unit is not None
    assert (parsed.unit.name, parsed.unit.scale) == (name, scale)


@given(magnitudes, decimals)
def test_table_cells_scale_to_dkk(units: int, places: int) -> None:
    value = Decimal(units).scaleb(-places)
    doc, _ = build(tab("1.000 kr.\tBeløb", f"Post\t{format_number(value)}"))
    (table,) = run(doc).items[0].get(TABLES) or ()
    cell = table.body_rows[0].cells[1]
    assert cell.number == value
    assert cell.dkk == value * 1000


# -- random tables never crash the extractor, and every span nests ------------------------------

_WORDS = st.sampled_from(
    [
        "I alt",
        "i alt",
        "Service",
        "1.044.235",
        "-20.371",
        "11,5",
        "37,4 %",
        "–",
        "-",
        "105.000 kr.",
        "1.000 kr.",
        "Mio. kr.",
        "2024",
        "(> 40 %)",
        "10 borgere",
        "Ja.",
        "<b>",
        "</b>",
        "<br>",
        "<p>",
        "</p>",
        "<i>",
        '<ul style="list-style-type: none">',
        "<li>",
        "</li>",
        "• ",
        "<",
        ">",
        "&amp;",
        "*",
        "***",
        "---",
        "--",
        "  ",
        "Å",
        "ø",
    ]
)
_CELL = st.lists(
    _WORDS
    | st.text(
        alphabet=st.characters(blacklist_characters="\t|\n\r", blacklist_categories=["Cs"]),
        max_size=6,
    ),
    max_size=4,
).map("".join)
_ROW = st.lists(_CELL, min_size=1, max_size=6)


@st.composite
def _table_pieces(draw: st.DrawFn) -> list[Piece]:
    pieces: list[Piece] = []
    for _ in range(draw(st.integers(min_value=1, max_value=3))):
        kind = draw(st.sampled_from(["tab", "pipe"]))
        rows = draw(st.lists(_ROW, min_size=1, max_size=6))
        lines: list[str] = []
        for cells in rows:
            if kind == "tab":
                line = "\t".join(cells)
                if "\t" not in line:
                    line += "\t"  # a TAB row always has a TAB
            else:
                line = "|" + "|".join(cells) + "|"
            if not line.strip():
                line = "\t" if kind == "tab" else "| |"
            lines.append(line)
            if draw(st.integers(min_value=0, max_value=5)) == 0:
                lines.append("--\t---" if kind == "tab" else "|--|---|")
        lines = [line if line.strip() else "x" for line in lines]
        pieces.append(tab(*lines) if kind == "tab" else pipe(*lines))
        if draw(st.booleans()):
            pieces.append(BLANK)
    return pieces


@given(_table_pieces(), st.integers(min_value=0, max_value=2))
def test_random_tables_never_crash_and_spans_nest(pieces: list[Piece], preamble: int) -> None:
    doc, blocks = build(*pieces, preamble=min(preamble, sum(p[0] != "blank" for p in pieces)))
    result = run(doc)
    assert not [d for d in result.diagnostics if d.code == "plugin-failed"]
    tables = result.items[0].get(TABLES) or ()
    table_blocks = [b for b in blocks if isinstance(b, TableBlock)]
    content_rows = sum(1 for b in table_blocks for r in b.rows if not r.is_separator)
    assert sum(len(t.rows) for t in tables) <= content_rows
    for table in tables:
        assert table.columns >= 1
        for row in table.rows:
            assert row.span in table.span
            assert not (
                row.cells
                and all(set(c.raw.strip()) <= {"-", ":"} for c in row.cells)
                and any(c.raw.strip() for c in row.cells)
            )
            for cell in row.cells:
                assert any(cell.span in block.span for block in table_blocks)
                assert cell.span in row.span
                assert result.source_text(cell.span) == cell.raw
                assert cell.text == cell.text.strip()
                if cell.dkk is not None:
                    assert cell.number is not None
        assert all(row.is_total is False for row in table.header_rows)


_LINE = st.lists(_CELL, min_size=1, max_size=5).map("\t".join) | st.lists(
    _CELL, min_size=1, max_size=5
).map(lambda cells: "| " + " | ".join(cells) + " |")


@given(st.lists(_LINE | st.sampled_from(["", "|---|---|", "--\t---", "Tekst."]), max_size=12))
def test_parsed_documents_never_crash_the_extractor(lines: list[str]) -> None:

    text = "Punkt 1: Test\n\n00.01.00-A00-1-24\n\nØkonomi\n\n" + "\n".join(lines)
    doc = referat.parse(text, plugins=["tables"])
    assert not [d for d in doc.diagnostics if d.code == "plugin-failed"]
    for item in doc.items:
        for table in item.get(TABLES) or ():
            for part in table.parts:
                assert part in table.span
            for row in table.rows:
                for cell in row.cells:
                    assert doc.source_text(cell.span) == cell.raw


# -- the fast paths read exactly what the plain regex readings read ------------------------------
#
# The plugin reads cells with string methods and shortcuts where it can; these references are
# the plain readings (one regex per step), and every shortcut must agree with them.

_REF_TAG = re.compile(
    rf"</?(?P<name>{markup._INLINE}|{markup._BLOCK})(?![\w-])[^<>]*>", re.IGNORECASE
)
_REF_BLOCK = re.compile(rf"(?:{markup._BLOCK})\Z", re.IGNORECASE)
_REF_DASH = re.compile(r"[-–—]")


def _ref_cell_text(raw: str) -> str:
    text = _REF_TAG.sub(lambda m: " " if _REF_BLOCK.match(m.group("name")) else "", raw)
    text = markup._CUT_TAG.sub("", text)
    text = markup._ENTITY.sub(lambda m: html.unescape(m.group(0)), text)
    return re.sub(r"\s+", " ", text).strip()


def _ref_is_bold(raw: str) -> bool:
    if not _ref_cell_text(raw):
        return False
    outside: list[str] = []
    depth = position = 0
    for match in _REF_TAG.finditer(raw):
        if depth == 0:
            outside.append(raw[position : match.start()])
        if markup._BOLD.fullmatch(match.group(0)):
            depth += 1
        elif markup._BOLD_END.fullmatch(match.group(0)):
            depth = max(0, depth - 1)
        position = match.end()
    if depth == 0:
        outside.append(raw[position:])
    return not _ref_cell_text("".join(outside))


def _ref_read_value(text: str) -> tuple[Decimal | None, str | None, Decimal | None] | None:
    text = text.strip()
    if _REF_DASH.fullmatch(text):
        return (None, None, None)
    match = quantities._VALUE.fullmatch(text)
    if match is None:
        return None
    number = number_value(match)
    if match.group("pct"):
        return (number, "%", None)
    for index, (_, name, scale) in enumerate(quantities._MONEY_WORDS):
        if match.group(f"m{index}"):
            return (number, name, scale)
    word = match.group("word")
    return (number, word, None) if word else (number, None, None)


_MARKUP = st.lists(
    st.sampled_from(
        [
            "<b>",
            "</b>",
            "<B>",
            "</b >",
            "<strong>",
            "</strong>",
            "<p>",
            "</p>",
            "<br>",
            "<br/>",
            "<li>",
            "</li>",
            "<i>",
            "<span>",
            "<ſtrong>",
            "<b-x>",
            "<bx>",
            "<ul",
            "<b",
            "<",
            ">",
            "<<",
            "&amp;",
            "&",
            "&#65;",
            " ",
            "  ",
            "\t",
            "\n",
            "\xa0",
            "\u2003",
            "x",
            "I alt",
            "1.000",
        ]
    )
    | st.text(max_size=3),
    max_size=8,
).map("".join)
_NUMBERISH = st.lists(
    st.sampled_from(
        [
            "0",
            "1",
            "12",
            "123",
            "1.000",
            "1.0",
            ".",
            ",",
            ",5",
            "-",
            "−",
            "–",
            "—",
            "*",
            " ",
            "\t",
            "\xa0",
            "%",
            " %",
            "kr.",
            " kr",
            " Mio. kr.",
            "1.000 kr",
            " borgere",
            "٣",
            "²",
            "x",
            "(",
            ")",
        ]
    ),
    max_size=6,
).map("".join)


@st.composite
def _numbers(draw: st.DrawFn) -> str:
    """Danish numbers, well and badly grouped, with signs, decimals, units and stars."""
    digits = st.text(alphabet="0123456789", min_size=1, max_size=4)
    text = draw(st.sampled_from(["", "", "-", "- ", "−", "–", "—", "*", "** ", " "]))
    text += ".".join(draw(st.lists(digits, min_size=1, max_size=4)))
    text += draw(st.sampled_from(["", "", ",", ",5", ",25", ".", ",5,5"]))
    text += draw(
        st.sampled_from(
            [
                "",
                "",
                "%",
                " %",
                "  %",
                " kr.",
                "kr",
                ". kr.",
                " mio. kr",
                " 1.000 kr",
                " borgere",
                " stk.",
                " *",
                "%%",
                " x y",
            ]
        )
    )
    return text + draw(st.sampled_from(["", "", " ", "\n"]))


@st.composite
def _simple_markup(draw: st.DrawFn) -> str:
    """A tag around a text (``<b>I alt</b>``), sometimes unmatched or with an entity."""
    tag = draw(st.sampled_from(["b", "strong", "p", "i", "li", "div", "span", "B", "br", "s"]))
    close = draw(st.sampled_from([tag, tag, "b", "p"]))
    inner = draw(st.sampled_from(["I alt", "", " ", "1.000", "a  b", "a&amp;b", "x>y", "<i>z"]))
    space = st.sampled_from(["", " ", "\t"])
    return f"{draw(space)}<{tag}>{inner}</{close}>{draw(space)}"


@example("<p>I alt</p>")
@example(" <b>1.000</b> ")
@example("<b>I alt</p>")
@example("<<i>b>x")
@given(_MARKUP | _simple_markup() | _simple_markup().map(lambda raw: raw + raw))
def test_cell_text_and_boldness_read_as_the_plain_regexes(raw: str) -> None:
    expected = (_ref_cell_text(raw), _ref_is_bold(raw))
    assert (cell_text(raw), markup.is_bold(raw)) == expected
    assert markup.text_and_bold(raw) == expected


@given(st.lists(_MARKUP | _CELL, min_size=1, max_size=5))
def test_row_texts_read_as_cell_text(cells: list[str]) -> None:
    row = TableRow(
        tuple(TableCell(raw, Span(0, 0, 0, 0, 0, 0)) for raw in cells), Span(0, 0, 0, 0, 0, 0)
    )
    assert RowCache().texts(row) == tuple(_ref_cell_text(raw) for raw in cells)
    assert is_separator_row(row) == row.is_separator


@example("1231.000")
@example("12.3456")
@example("- 1.044.235,50 %")
@example("3.700.000. kr.")
@example("4 samtaler indenfor 6 måneder. Herefter samtaler efter behov.")
@given(_NUMBERISH | _numbers() | _numbers())
def test_values_read_as_the_value_regex(text: str) -> None:
    value = parse_value(text)
    read = (
        None
        if value is None
        else (
            value.number,
            value.unit.name if value.unit else None,
            value.unit.scale if value.unit else None,
        )
    )
    expected = _ref_read_value(text)
    assert repr(read) == repr(expected)  # repr: Decimal("1.0") and Decimal("1") differ
    if text and text == " ".join(text.split()):  # a visible cell text: single spaces
        plain = read_value(text)
        assert repr(_number_of(text)) == repr(None if plain is None or plain[0] is None else plain)


def _ref_header_unit(text: str) -> tuple[str, Decimal | None] | None:
    text = text.strip()
    match = quantities._WHOLE_UNIT.fullmatch(text)
    for pattern in (quantities._TRAILING_UNIT, quantities._PAREN_UNIT):
        if match is None:
            match = pattern.search(text)
            if match is not None and match.end() != len(text):
                match = None
    if match is None:
        return None
    if match.group("pct"):
        return ("%", None)
    for index, (_, name, scale) in enumerate(quantities._MONEY_WORDS):
        if match.group(f"m{index}"):
            return (name, scale)
    raise AssertionError  # pragma: no cover


def _ref_is_value_cell(text: str) -> bool:
    text = text.strip()
    if not text or quantities._YEAR.fullmatch(text) or quantities._WHOLE_UNIT.fullmatch(text):
        return False
    if _ref_read_value(text) is not None:
        return True
    return re.match(r"[-−–]?\s?\d", text) is not None and not re.fullmatch(r"\(.*\)", text, re.S)


_HEADERISH = st.lists(
    st.sampled_from(
        [
            "Beløb",
            " ",
            "i ",
            "in ",
            "–",
            "-",
            ",",
            "(",
            ")",
            "kr.",
            "Kr",
            "KR",
            "\u212ar",
            "dkk",
            "1.000 kr.",
            "t. kr",
            "tkr",
            "Mio. kr.",
            "mia kr",
            "tusind kr",
            "millioner kr",
            "%",
            "pct.",
            "Procent",
            "2023",
            "I alt",
            "antal",
            "x",
        ]
    ),
    max_size=5,
).map("".join)


@given(_HEADERISH | _NUMBERISH | _numbers())
def test_units_and_value_cells_read_as_the_plain_regexes(text: str) -> None:
    unit = quantities.header_unit(text)
    assert (None if unit is None else (unit.name, unit.scale)) == _ref_header_unit(text)
    assert quantities.is_unit_cell(text) == (
        quantities._WHOLE_UNIT.fullmatch(text.strip()) is not None
    )
    assert is_value_cell(text) == _ref_is_value_cell(text)
