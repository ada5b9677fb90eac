"""referat.render: a document written as the text of a layout, the templates as layout data,
and a diagnostic for everything a layout cannot write."""

from __future__ import annotations

import datetime as dt
import warnings

import attrs
import pytest

import referat
from conftest import SEEDS, parsed
from referat.layouts import LayoutError, builtin_layouts, load_layout
from referat.layouts.spec import RenderSpec
from referat.models import (
    AgendaItem,
    Attendance,
    AttendanceStatus,
    CaseNumber,
    CaseScheme,
    Heading,
    Meeting,
    Paragraph,
    Referat,
    Section,
    SectionKind,
    SourceInfo,
    Span,
    TableBlock,
    TableCell,
    TableRow,
)
from referat.render import RenderWarning, render_with_diagnostics
from referat.testing import outline

NO = Span(1, 1, 1, 1, 0, 0)
LAYOUTS = [layout.name for layout in builtin_layouts()]


def doc_of(*items: AgendaItem, meeting: Meeting | None = None, layout: str = "plain") -> Referat:
    return Referat("", SourceInfo(None, "0" * 64, 0), layout, items=items, meeting=meeting)


def item(
    number: int = 1,
    title: str = "Budget 2024",
    case: CaseNumber | None = None,
    sections: tuple[Section, ...] = (),
    closed: bool | None = None,
) -> AgendaItem:
    return AgendaItem(number, title, None, NO, case_number=case, sections=sections, closed=closed)


def section(kind: SectionKind, name: str, *texts: str, body: str | None = None,
            date: dt.date | None = None) -> Section:  # fmt: skip
    return Section(kind, Heading(name, NO), tuple(Paragraph(t, NO) for t in texts), NO, body, date)


KLE = CaseNumber("00.30.00-S00-1-21", NO)
JOURNAL = CaseNumber("2012/012799", NO, CaseScheme.JOURNAL)
MEETING = Meeting(
    (), NO, "Økonomiudvalget", "2022-2025", dt.date(2016, 2, 9), dt.time(8, 30), "Rådhuset"
)
DECISION = section(SectionKind.DECISION, "Beslutning", "Økonomiudvalget godkender indstillingen.")


def test_plain_layout_writes_the_odense_export() -> None:
    doc = doc_of(item(case=KLE, sections=(DECISION,)), meeting=MEETING)
    text, diagnostics = render_with_diagnostics(doc, "plain")
    assert diagnostics == ()
    assert text == (
        "\n\nREFERAT Økonomiudvalget 2022-2025 d. 09-02-2016\n\n"
        "Mødedato Tirsdag d. 09. februar 2016 kl. 08:30\n\n"
        "Mødested Rådhuset\n\n"
        "Punkt 1: Budget 2024\n\n"
        "00.30.00-S00-1-21\n\n"
        "Beslutning\n\n"
        "Økonomiudvalget godkender indstillingen.\n"
    )


def test_first_agenda_writes_labels_dated_decisions_and_no_blank_lines() -> None:
    dated = section(
        SectionKind.DECISION,
        "Beslutning i Byrådet den 16-02-2016",
        "Godkendt.",
        body="Byrådet",
        date=dt.date(2016, 2, 16),
    )
    doc = doc_of(item(case=JOURNAL, sections=(DECISION, dated)), meeting=MEETING)
    text, diagnostics = render_with_diagnostics(doc, "first-agenda")
    assert diagnostics == ()
    assert text.splitlines() == [
        "Udvalg: Økonomiudvalget 2022-2025",
        "Mødedato: 9. februar 2016",
        "Mødetidspunkt: 08:30",
        "Mødested: Rådhuset",
        "1. Budget 2024",
        "Sagsnr.: 2012/012799",
        "Beslutning",
        "Økonomiudvalget godkender indstillingen.",
        "Beslutning i Byrådet den 16-02-2016",
        "Godkendt.",
    ]
    again = referat.parse(text)
    sections = again.items[0].sections
    assert [(s.kind, s.body, s.date) for s in sections] == [
        (SectionKind.DECISION, None, None),
        (SectionKind.DECISION, "Byrådet", dt.date(2016, 2, 16)),
    ]


def test_wrapped_layout_glues_headings_and_wraps_text() -> None:
    long = " ".join(["Forvaltningen har udarbejdet et oplæg til udvalgets drøftelse."] * 4)
    effect = section(SectionKind.EFFECT, "Virkning", long)  # not a heading the layout reads
    text, diagnostics = render_with_diagnostics(
        doc_of(item(case=KLE, sections=(effect,))), "wrapped"
    )
    assert diagnostics == ()
    lines = text.splitlines()
    assert lines[:5] == [" Punkt 1: Budget 2024", " ", "00.30.00-S00-1-21", " ", "Text"]
    assert all(len(line) <= 118 for line in lines)
    assert " ".join(lines[5:]) == long  # wrapped at spaces only


@pytest.mark.parametrize("layout", LAYOUTS)
def test_every_layout_writes_what_it_reads(layout: str) -> None:
    doc = doc_of(
        item(case=KLE, sections=(section(SectionKind.RESUME, "Resume", "Kort."), DECISION))
    )
    text, diagnostics = render_with_diagnostics(doc, layout)
    assert diagnostics == ()
    again = outline(referat.parse(text), decisions=False).items
    assert [(i.number, i.title, i.case) for i in again] == [(1, "Budget 2024", KLE.raw)]
    assert [s.kind for s in again[0].sections] == [SectionKind.RESUME, SectionKind.DECISION]


def codes(doc: Referat, layout: str) -> list[str]:
    return [d.code for d in render_with_diagnostics(doc, layout)[1]]


def test_what_a_layout_cannot_write_is_reported() -> None:
    assert codes(doc_of(item(case=JOURNAL)), "plain") == ["render-case-scheme"]
    assert codes(doc_of(item(case=KLE), meeting=MEETING), "wrapped") == ["render-meeting"] * 5
    dated = section(SectionKind.DECISION, "Beslutning i Byrådet", "Godkendt.", body="Byrådet")
    assert codes(doc_of(item(case=KLE, sections=(dated,))), "plain") == ["render-heading"]
    other = section(SectionKind.LEGAL_BASIS, "Lovgrundlag", "Styrelsesloven.")
    assert codes(doc_of(item(case=KLE, sections=(other,))), "plain") == ["render-section"]
    assert codes(doc_of(item(case=KLE, closed=True)), "plain") == ["render-closed"]
    untitled = AgendaItem(None, None, None, NO, case_number=KLE)
    assert codes(doc_of(untitled), "plain") == ["render-item-number", "render-item-title"]
    # a generic layout opens an untitled item at a labelled case number or an access marker
    assert codes(doc_of(untitled), "danish") == []
    bare = AgendaItem(None, None, None, NO, case_number=JOURNAL)
    assert codes(doc_of(bare), "sbsys") == ["render-item-number", "render-item-title"]
    assert codes(doc_of(attrs.evolve(bare, closed=False)), "sbsys") == []
    nothing = AgendaItem(None, None, None, NO, sections=(DECISION,))
    assert codes(doc_of(nothing), "danish") == ["render-item-number", "render-item-title"]
    absent = Attendance("Anne Jensen", AttendanceStatus.ABSENT, NO, "A")
    with_absence = attrs.evolve(MEETING, attendance=(absent,))
    assert codes(doc_of(item(case=KLE), meeting=with_absence), "plain") == ["render-attendance"]
    assert codes(doc_of(item(case=KLE), meeting=with_absence), "danish") == []


def test_a_sub_heading_that_names_a_section_elsewhere_is_reported() -> None:
    blocks = (Paragraph("Tekst.", NO), Heading("Baggrund", NO), Paragraph("Mere tekst.", NO))
    case = Section(SectionKind.CASE_PRESENTATION, Heading("Sagsfremstilling", NO), blocks, NO)
    doc = doc_of(item(case=KLE, sections=(case,)))
    assert codes(doc, "plain") == []  # the Odense layouts have no "Baggrund" section
    (problem,) = render_with_diagnostics(doc, "danish")[1]
    assert problem.code == "render-ambiguous" and "'Baggrund'" in problem.message


def test_render_warns_and_render_with_diagnostics_returns() -> None:
    doc = doc_of(item(case=JOURNAL))
    with pytest.warns(RenderWarning, match="journal case number"):
        text = referat.render(doc, "plain")
    assert "2012/012799" in text  # written all the same: never dropped
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        referat.render(doc, "danish")  # the danish layout writes journal numbers


def test_layout_by_name_object_or_the_documents_own() -> None:
    doc = doc_of(item(case=KLE), layout="markdown")
    assert referat.render(doc).startswith("\n\n# Punkt 1: Budget 2024")
    custom = attrs.evolve(
        builtin_layouts()[0], name="mine", render=RenderSpec(item="Sag {number} - {title}")
    )
    assert "Sag 1 - Budget 2024" in referat.render(doc, custom)
    with pytest.raises(ValueError, match="no layout called 'nope'"):
        referat.render(doc, "nope")
    with pytest.raises(ValueError, match="no render templates"):
        referat.render(doc, attrs.evolve(custom, render=None))


def test_registered_plugin_layouts_are_found_by_name() -> None:
    registry = referat.Registry()
    toml = 'name = "kommune"\nextends = "danish"\n[render]\nitem = "Pkt. {number} {title}"\n'
    registry.add_layout(load_layout(toml))
    text = referat.render(doc_of(item(case=KLE)), "kommune", registry=registry)
    assert text.startswith("Pkt. 1 Budget 2024\n")


@pytest.mark.parametrize("stem", SEEDS)
def test_the_seeds_round_trip_through_their_own_layout(stem: str) -> None:
    doc = parsed(stem, plugins=True)
    text, diagnostics = render_with_diagnostics(doc)
    assert {d.code for d in diagnostics} <= {"render-toc"}
    again = referat.parse(text)
    assert again.layout == doc.layout
    assert outline(again) == outline(doc)
    assert len(outline(doc).items) > 3  # the comparison compares something


# -- templates are layout data ------------------------------------------------------------------


def test_toml_render_table_extends_the_base() -> None:
    layout = load_layout(
        'name = "x"\nextends = "danish"\n[render]\nitem = "Punkt {number} - {title}"\n'
        'separator = false\n[render.headings]\nDECISION = "Afgørelse"\n'
    )
    spec = layout.render
    assert spec is not None
    assert spec.item == "Punkt {number} - {title}" and spec.separator is None
    assert spec.headings[SectionKind.DECISION] == "Afgørelse"
    assert spec.headings[SectionKind.RESUME] == "Resume"  # from danish
    assert spec.case == "Sagsnr.: {raw}"


@pytest.mark.parametrize(
    ("table", "message"),
    [
        ('item = "{nummer}"', "unknown fields \\['nummer'\\]"),
        ("colour = 1", "unknown keys in \\[render\\] \\['colour'\\]"),
        ('[render.headings]\nDECISON = "x"', "DECISON"),
        ('schemes = ["KLE", "CPR"]', "schemes: 'CPR'"),
        ("wrap = 5", "wrap must be a width"),
        ("separator = 3", "separator must be a string or false"),
        ('tables = ["html"]', "render tables \\['html'\\]"),
    ],
)
def test_bad_render_tables_name_the_file_and_key(table: str, message: str) -> None:
    with pytest.raises(LayoutError, match=message):
        load_layout(f'name = "x"\nextends = "danish"\n[render]\n{table}\n', origin="x.toml")


def test_a_toml_layout_without_render_and_base_cannot_render() -> None:
    assert load_layout('name = "bare"\n').render is None


def test_every_shipped_layout_has_render_templates() -> None:
    assert all(layout.render is not None for layout in builtin_layouts())


# -- untitled items and tables ----------------------------------------------------------------


def untitled_item(case: CaseNumber | None, closed: bool | None) -> AgendaItem:
    resume = section(SectionKind.RESUME, "Resume", "Kort.")
    return AgendaItem(
        None, None, None, NO, case_number=case, sections=(resume, DECISION), closed=closed
    )


@pytest.mark.parametrize(
    ("layout", "closed", "first"),
    [
        ("danish", None, "Sagsnr.: 2012/012799"),
        ("danish", True, "Lukket"),
        ("first-agenda", False, "Åben"),
        ("sbsys", False, "Åben"),
        ("odense-web", True, "Lukket"),
    ],
)
def test_untitled_items_are_written_as_the_generic_reader_opens_them(
    layout: str, closed: bool | None, first: str
) -> None:
    doc = doc_of(untitled_item(JOURNAL, closed), untitled_item(JOURNAL, closed), layout=layout)
    text, diagnostics = render_with_diagnostics(doc)
    assert diagnostics == ()
    assert next(line for line in text.splitlines() if line.strip()) == first
    again = outline(referat.parse(text), decisions=False)
    assert again == outline(doc, decisions=False)
    assert [(i.number, i.title, i.case, i.closed) for i in again.items] == [
        (None, None, JOURNAL.raw, closed)
    ] * 2


def table(kind: str, *rows: tuple[str, ...]) -> TableBlock:
    def row(cells: tuple[str, ...]) -> TableRow:
        return TableRow(tuple(TableCell(c, NO) for c in cells), NO)

    return TableBlock(tuple(map(row, rows)), NO, kind)


PIPE = table("pipe", (" Beløb i 1.000 kr. ", " 2024 "), (" --- ", " --- "), (" Drift ", " 1.250 "))
TAB = table("tab", ("Beløb i 1.000 kr.", "2024"), ("Drift", "1.250"))


def with_table(block: TableBlock, layout: str) -> Referat:
    economy = Section(
        SectionKind.ECONOMY, Heading("Økonomi", NO), (Paragraph("Udgiften er:", NO), block), NO
    )
    return doc_of(item(case=KLE, sections=(economy,)), layout=layout)


@pytest.mark.parametrize(("block", "layout"), [(PIPE, "markdown"), (TAB, "markdown"),
                                               (TAB, "plain"), (TAB, "danish")])  # fmt: skip
def test_tables_are_written_in_their_own_kind(block: TableBlock, layout: str) -> None:
    doc = with_table(block, layout)
    text, diagnostics = render_with_diagnostics(doc)
    assert diagnostics == ()
    again = referat.parse(text)
    (found,) = [b for b in again.items[0].sections[0].blocks if isinstance(b, TableBlock)]
    assert found.kind == block.kind
    assert [[c.raw for c in r.cells] for r in found.rows] == [
        [c.raw for c in r.cells] for r in block.rows
    ]
    assert outline(again, decisions=False) == outline(doc, decisions=False)


def test_a_table_of_another_kind_is_written_in_the_layouts_kind() -> None:
    text, diagnostics = render_with_diagnostics(with_table(PIPE, "plain"))
    assert [(d.code, d.severity.name) for d in diagnostics] == [("render-table-kind", "INFO")]
    assert "Beløb i 1.000 kr.\t2024\n---\t---\nDrift\t1.250\n" in text  # a TAB rule row
    again = referat.parse(text)
    assert outline(again, decisions=False) == outline(with_table(PIPE, "plain"), decisions=False)


def test_a_layout_without_tables_writes_the_rows_as_text_and_says_so() -> None:
    with pytest.warns(RenderWarning, match="render-table: .*a table \\(2 rows"):
        text = referat.render(with_table(PIPE, "wrapped"))
    assert "Beløb i 1.000 kr.  2024" in text and "Drift  1.250" in text  # never dropped
    assert "|" not in text and "\t" not in text
