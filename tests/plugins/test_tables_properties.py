"""Property-based tests of the tables plugin (hypothesis)."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st
from tables_support import BLANK, Piece, build, pipe, run, tab

import referat
from referat.danish import format_number
from referat.models import TableBlock
from referat_tables.markup import cell_text
from referat_tables.quantities import parse_value

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
    (table,) = run(doc).items[0].tables
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
    tables = result.items[0].tables
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
        for table in item.tables:
            for part in table.parts:
                assert part in table.span
            for row in table.rows:
                for cell in row.cells:
                    assert doc.source_text(cell.span) == cell.raw
