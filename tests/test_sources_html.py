"""The HTML front end on markup-dense pages: the source map stays total and exact on generated
pages with First Agenda rows, furniture, nested tables, lists, inline styles and entities; the
structure the markup marks is found as XPath would find it; time and output grow linearly.

Speed itself is measured by ``tests/benchmarks/sources_bench.py``, never asserted here.
"""

from __future__ import annotations

import html

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from referat.sources.html import _FIRST_AGENDA_CLASSES, _by_class, extract_html
from referat.sources.sourcemap import SourceMap

lxml_etree = pytest.importorskip("lxml.etree")


def _tree(document: str) -> object:
    return lxml_etree.fromstring(
        document.encode("utf-8"), lxml_etree.HTMLParser(remove_comments=True, encoding="utf-8")
    )


def _node(root: object, path: str) -> str:
    found = root.xpath(path)
    assert len(found) == 1, path
    return str(found[0])


def _assert_exact(document: str, text: str, source_map: SourceMap) -> None:
    """Total (no gap, no overlap) and exact: each source run is the text node it names."""
    root = _tree(document)
    position = 0
    for segment in source_map.segments:
        assert segment.start == position < segment.end, segment
        position = segment.end
        assert segment.path is not None
        if segment.generated:
            continue
        piece = text[segment.start : segment.end]
        node = _node(root, segment.path)
        source = node[segment.source_start : segment.source_start + len(piece)]
        if piece == " ":  # a collapsed run of white space maps to its first character
            assert source.isspace(), (segment, source)
        else:
            assert piece == source, (segment, piece, source)
    assert position == len(text)


# --- generated markup-dense pages ------------------------------------------------------------

_WORD = st.sampled_from(
    [
        *("Byrådet", "godkendte", "&aelig;ndring", "&Oslash;konomi", "2026&ndash;2029"),
        *("&#8220;x&#8221;", "kr.", "At&nbsp;1)", "&amp;", "Sagsnr.:", "Beslutning:", "12"),
    ]
)
_GAP = st.sampled_from(["", " ", "  ", "\n  ", "&nbsp;", "\t"])
_STYLE = " style='font-family:Arial;font-size:10.0pt;mso-fareast-language:DA'"


@st.composite
def _words(draw: st.DrawFn) -> str:
    return "".join(draw(_GAP) + draw(_WORD) for _ in range(draw(st.integers(0, 4))))


@st.composite
def _inline(draw: st.DrawFn, depth: int = 0) -> str:
    kind = draw(
        st.sampled_from(["text", "span", "b", "i", "br", "nest"] if depth < 3 else ["text"])
    )
    if kind == "text":
        return draw(_words())
    if kind == "br":
        return "<br>"
    inner = "".join(draw(st.lists(_inline(depth + 1), max_size=3)))
    tag = "span" if kind == "nest" else kind
    return f"<{tag}{_STYLE if draw(st.booleans()) else ''}>{inner}</{tag}>"


@st.composite
def _block(draw: st.DrawFn, depth: int = 0) -> str:
    kinds = ["p", "div", "h3", "ul", "ol", "table", "hidden", "furniture", "script", "inline"]
    kind = draw(st.sampled_from(kinds if depth < 3 else ["p", "inline"]))
    inline = "".join(draw(st.lists(_inline(), max_size=3)))
    if kind in ("ul", "ol"):
        items = draw(st.lists(_inline(), min_size=1, max_size=3))
        return f"<{kind}>" + "".join(f"<li>{i}</li>" for i in items) + f"</{kind}>"
    if kind == "table":
        rows = draw(st.lists(st.lists(_block(depth + 1), min_size=1, max_size=3), max_size=3))
        body = "".join(
            "<tr style='height:12pt'>"
            + "".join(f"<td valign='top'{_STYLE}>{c}</td>" for c in row)
            + "</tr>"
            for row in rows
        )
        return f"<table class='MsoTableGrid'><tbody>{body}</tbody></table>"
    if kind == "hidden":
        return f"<div hidden>SKJULT {inline}</div>"
    if kind == "furniture":
        cls = draw(st.sampled_from(["modal", "dropdown-menu x", "sr-only", "navbar"]))
        return f"<div class='{cls}'><span>SKJULT</span></div>{inline}"
    if kind == "script":
        return "<script>var s = '<p>SKJULT</p>';</script>"
    if kind == "inline":
        return inline
    inner = inline + "".join(draw(st.lists(_block(depth + 1), max_size=2)))
    return f"<{kind} class='MsoNormal'>{inner}</{kind}>"


@st.composite
def _punktrow(draw: st.DrawFn) -> str:
    number = draw(st.integers(1, 99))
    title = draw(_words())
    details = "".join(draw(st.lists(_block(), max_size=3)))
    extra = "".join(f"<td>{draw(_inline())}</td>" for _ in range(draw(st.integers(0, 2))))
    return (
        f"<tr class='punktrow'><td class='text-center'><span class='label label-default'>"
        f"{number}</span></td><td><button><h2 class='overskrift text-left'>{title}</h2>"
        f"</button><div class='details'><span class='sagsnummer'>EMN-2025-{number:06d}</span>"
        f"<div class='punkt'>{details}</div></div></td>{extra}</tr>"
    )


@st.composite
def dense_pages(draw: st.DrawFn) -> str:
    parts = draw(st.lists(_block(), max_size=4))
    rows = draw(st.lists(_punktrow(), max_size=3))
    table = f"<table class='dagsorden'><tbody>{''.join(rows)}</tbody></table>" if rows else ""
    return (
        "<html><head><title>SKJULT</title><style>p{}</style></head><body>"
        f"<nav>SKJULT</nav>{''.join(parts)}{table}</body></html>"
    )


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(dense_pages())
def test_the_source_map_is_total_and_exact_on_dense_pages(document: str) -> None:
    result = extract_html(document.encode("utf-8"))
    _assert_exact(document, result.text, result.source_map)
    assert "SKJULT" not in result.text  # head, nav, scripts, hidden and furniture stay out
    assert "&aelig;" not in result.text and "&nbsp;" not in result.text  # entities decoded
    if "punktrow" in document:
        assert result.source_map.layout == "firstagenda-html"
        assert result.text.count("Punkt ") >= document.count("class='punktrow'")


# --- First Agenda rows: found as XPath finds them --------------------------------------------


def test_a_row_with_many_cells_numbers_every_cell() -> None:
    cells = "".join(f"<td>celle {i}</td>" for i in range(3, 41))
    document = (
        "<html><body><table><tbody><tr class='punktrow'><td><span class='label'>7</span></td>"
        f"<td><h2 class='overskrift'>Budget</h2></td>{cells}</tr></tbody></table></body></html>"
    )
    result = extract_html(document.encode())
    _assert_exact(document, result.text, result.source_map)
    start = result.text.index("celle 40")
    (location,) = result.source_map.resolve((start, start + len("celle 40")))
    assert location.path == "/html/body[1]/table[1]/tbody[1]/tr[1]/td[40]/text()[1]"
    assert result.text.startswith("Punkt 7: Budget\n")


@pytest.mark.parametrize(
    ("cls", "found"),
    [
        ("label", True),
        ("x\tlabel\ny", True),  # XPath's normalize-space splits on TAB and line breaks
        ("label-default", False),
        ("label\u00a0default", False),  # ... but not on a no-break space
    ],
)
def test_row_classes_split_as_xpath_splits_them(cls: str, found: bool) -> None:
    document = (
        "<html><body><table><tr class='punktrow'><td>"
        f"<span class='{cls}'>4</span></td><td><h2 class='overskrift'>Titel</h2></td>"
        "</tr></table></body></html>"
    )
    root = _tree(document)
    row = root.xpath("//tr")[0]
    hits = row.xpath(".//*[contains(concat(' ', normalize-space(@class), ' '), ' label ')]")
    assert bool(hits) is found  # the rule, as the XPath states it
    text = extract_html(document.encode()).text
    assert text.startswith("Punkt 4: Titel" if found else "Punkt : Titel")


_CLASSES = st.sampled_from(
    ["", "label", "overskrift x", "details", "sagsnummer", "x\tlabel", "label\u00a0y", "punkt"]
)
_TAGS = st.sampled_from(["div", "span", "td", "p", "h2", "b"])


@st.composite
def _row_content(draw: st.DrawFn, depth: int = 0) -> str:
    """Elements below a row: any tag, any of the First Agenda classes (or none), repeated tags
    among siblings, nested, with text between."""
    parts = []
    for _ in range(draw(st.integers(0, 3 if depth < 3 else 0))):
        tag, cls = draw(_TAGS), draw(_CLASSES)
        inner = draw(_row_content(depth + 1))
        attribute = f" class='{cls}'" if cls else ""
        parts.append(f"<{tag}{attribute}>{draw(_words())}{inner}</{tag}>{draw(_words())}")
    return "".join(parts)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_row_content())
def test_row_fields_and_their_paths_are_found_as_xpath_finds_them(content: str) -> None:
    document = f"<html><body><table><tr class='punktrow'>{content}</tr></table></body></html>"
    root = _tree(document)
    (row,) = root.xpath("//tr")
    path = "/html/body[1]/table[1]/tr[1]"
    assert root.xpath(path) == [row]
    found = _by_class(row, path, _FIRST_AGENDA_CLASSES, {})
    for cls in _FIRST_AGENDA_CLASSES:
        hits = row.xpath(f".//*[contains(concat(' ', normalize-space(@class), ' '), ' {cls} ')]")
        if not hits:
            assert cls not in found
            continue
        element, element_path = found[cls]
        assert element is hits[0]
        assert root.xpath(element_path) == [element], (cls, element_path)
    result = extract_html(document.encode("utf-8"))
    _assert_exact(document, result.text, result.source_map)


def test_rows_nested_in_details_are_items_of_their_own() -> None:
    inner = (
        "<table><tr class='punktrow'><td><span class='label'>2</span></td><td>"
        "<h2 class='overskrift'>Indre</h2><div class='details'><p>Godkendt.</p></div></td></tr>"
        "</table>"
    )
    document = (
        "<html><body><table><tr class='punktrow'><td><span class='label'>1</span></td><td>"
        f"<h2 class='overskrift'>Ydre</h2><div class='details'>{inner}</div></td></tr></table>"
        "</body></html>"
    )
    result = extract_html(document.encode())
    _assert_exact(document, result.text, result.source_map)
    assert result.text == "Punkt 1: Ydre\n\nPunkt 2: Indre\n\nGodkendt.\n"


# --- linear growth ---------------------------------------------------------------------------


def _page(rows: int) -> bytes:
    row = (
        "<tr class='punktrow'><td><span class='label'>7</span></td><td>"
        "<h2 class='overskrift'>Budget&nbsp;2026</h2><div class='details'>"
        "<span class='sagsnummer'>EMN-1</span><div><span style='color:red'>Byr&aring;det</span>"
        " <b>godkendte</b></div></div></td></tr>"
    )
    body = row * rows
    return f"<html><body><table><tbody>{body}</tbody></table></body></html>".encode()


def test_text_and_source_map_grow_linearly() -> None:
    small, large = extract_html(_page(50)), extract_html(_page(800))
    # Every row writes the same lines; the text ends with one line break, not a blank line.
    assert large.text + "\n" == (small.text + "\n") * 16
    assert large.text.count("Punkt 7: Budget 2026\n") == 800  # a no-break space collapses too
    assert html.unescape("Byr&aring;det godkendte") in large.text
    # ... and the same segments per row (the first row has no blank line before it, the last
    # ends with the one closing line break instead).
    assert len(large.source_map.segments) == 16 * len(small.source_map.segments)
