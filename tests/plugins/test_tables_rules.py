"""Unit tests of the tables plugin's rules, on hand-built TableBlocks (see tables_support)."""

from __future__ import annotations

import time
from decimal import Decimal

import pytest
from tables_support import BLANK, build, heading, para, pipe, run, tab, tables_of, texts

import referat
from referat.models import SectionKind
from referat_tables import TABLES, Cell, Table, plugin
from referat_tables.extract import summarize
from referat_tables.markup import cell_text, is_bold
from referat_tables.quantities import header_unit, parse_value

# -- HTML in cells ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "text"),
    [
        ("<b>Arbejdsgruppe 1</b><br>Kontraktstyring", "Arbejdsgruppe 1 Kontraktstyring"),
        ("År 1: 8 årlige samtaler<br>Fra år 2: 7", "År 1: 8 årlige samtaler Fra år 2: 7"),
        ("<p>Første afsnit.</p> <p>Andet afsnit.</p>", "Første afsnit. Andet afsnit."),
        ("<i>Understøtter Odensemålet</i>", "Understøtter Odensemålet"),
        ("<b>3,8 %</b> <b>(0,9 procentpoint)</b> (Dec-23)", "3,8 % (0,9 procentpoint) (Dec-23)"),
        (
            '<ul style="list-style-type: none"><li>• Indsamling</li><li>• Inddragelse</li></ul>',
            "• Indsamling • Inddragelse",
        ),
        # unclosed <ul> (001:1062): no </ul>, no <li>
        (
            '<ul style="list-style-type: none"> • Oplysning om bande • Frivillig pleje',
            "• Oplysning om bande • Frivillig pleje",
        ),
        ('Tekst <ul style="list-style', "Tekst"),  # a tag cut off by the end of the cell
        ("<b>Fed uden slut", "Fed uden slut"),
        ("(< 55 %)", "(< 55 %)"),  # a comparison, not a tag
        ("<https://star.dk/x.pdf>", "<https://star.dk/x.pdf>"),  # an autolink, not HTML
        ("Udbud & Kontrakt &amp; mere", "Udbud & Kontrakt & mere"),
        ("  (til uforudsete støttebe- hov)  ", "(til uforudsete støttebe- hov)"),  # kept as printed
        ("", ""),
    ],
)
def test_cell_text_strips_html(raw: str, text: str) -> None:
    assert cell_text(raw) == text


def test_bold_cells() -> None:
    assert is_bold("<b>I alt</b>")
    assert is_bold(" <b>-84.962</b> ")
    assert is_bold("<b>Anlæg og gravminde i alt</b>")
    assert not is_bold("<b>3,8 %</b> (Dec-23)")
    assert not is_bold("")
    assert not is_bold("<b></b>")


def test_cells_keep_raw_and_raw_span() -> None:
    doc, blocks = build(
        tab("Ansøger\tFormålet", 'Husvild\t<ul style="list-style-type: none"> • Meraktivitet')
    )
    table = (run(doc).items[0].get(TABLES) or ())[0]
    cell = table.body_rows[0].cells[1]
    assert cell.text == "• Meraktivitet"
    assert cell.raw == '<ul style="list-style-type: none"> • Meraktivitet'
    assert cell.span == blocks[0].rows[1].cells[1].span  # type: ignore[union-attr]
    assert doc.source_text(cell.span) == cell.raw


def test_pipe_cells_are_trimmed_but_raw_is_not() -> None:
    (table,) = tables_of(
        pipe("| Målgruppe   | Niveau |", "|---|--|", "| Forsikrede | <b>Ja.</b><br>x |")
    )
    assert texts(table.rows) == [["Målgruppe", "Niveau"], ["Forsikrede", "Ja. x"]]
    assert table.rows[0].cells[0].raw == " Målgruppe   "


# -- numbers and units ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "number", "unit"),
    [
        ("1.044.235", "1044235", None),
        ("-20.371", "-20371", None),
        ("11,5", "11.5", None),
        ("3.729.051,00 kr.", "3729051.00", "kr."),
        ("37,4 %", "37.4", "%"),
        ("75,0%", "75.0", "%"),
        ("*** 55,2 %", "55.2", "%"),
        ("105.000 kr.", "105000", "kr."),
        ("6,3 mio. kr.", "6.3", "Mio. kr."),
        ("3.700.000.", "3700000", None),
        ("10 borgere", "10", "borgere"),
        ("0", "0", None),
    ],
)
def test_parse_value(text: str, number: str, unit: str | None) -> None:
    value = parse_value(text)
    assert value is not None
    assert value.number == Decimal(number)
    assert (value.unit.name if value.unit else None) == unit


@pytest.mark.parametrize("text", ["-", "–", "—"])
def test_dash_means_none(text: str) -> None:
    value = parse_value(text)
    assert value is not None
    assert value.number is None


@pytest.mark.parametrize(
    "text",
    [
        "3,7 % (0,9 procentpoint over landsgns.) (Sep-23)",
        "(76,8 %)",
        "117 (2022)",
        "Ja.",
        "",
        "CFU = 19,36",
        "1. indikator",
        "10 årig vedligeholdelsesaftale",
    ],
)
def test_text_is_not_a_number(text: str) -> None:
    assert parse_value(text) is None


@pytest.mark.parametrize(
    ("text", "unit", "scale"),
    [
        ("1.000 kr.", "1.000 kr.", 1000),
        ("Mio. kr.", "Mio. kr.", 1000000),
        ("Beskrivelse – Kr.", "kr.", 1),
        ("Engangsbeløb i kr.", "kr.", 1),
        ("Beløb (1.000 kr.)", "1.000 kr.", 1000),
        ("kr.", "kr.", 1),
        ("%", "%", None),
    ],
)
def test_header_units(text: str, unit: str, scale: int | None) -> None:
    found = header_unit(text)
    assert found is not None
    assert found.name == unit
    assert found.scale == (Decimal(scale) if scale is not None else None)


@pytest.mark.parametrize("text", ["Korrigeret budget 2023", "Antal personer", "2024", "Skr.", ""])
def test_no_header_unit(text: str) -> None:
    assert header_unit(text) is None


def test_unit_top_left_scales_every_amount() -> None:
    (table,) = tables_of(
        tab(
            "1.000 kr.\tKorrigeret budget 2023\tAfvigelse",
            "<b>Service</b>\t<b>1.044.235</b>\t<b>251</b>",
            "Uddannelse\t493.815\t-20.371",
        )
    )
    assert (table.unit, table.scale) == ("1.000 kr.", Decimal(1000))
    service, education = table.body_rows
    assert service.cells[1].text == "1.044.235"
    assert service.cells[1].number == Decimal(1044235)
    assert service.cells[1].dkk == Decimal(1044235000)
    assert education.cells[2].dkk == Decimal(-20371000)
    assert education.cells[0].number is None
    # header cells are labels: no number even for "1.000 kr." or a year
    assert all(cell.number is None for cell in table.header_rows[0].cells)


def test_decimal_millions() -> None:
    (table,) = tables_of(tab("Mio. kr.\t2017\t2018", "Bruttobesparelse\t11,5\t18,9"))
    assert table.unit == "Mio. kr."
    assert [c.dkk for c in table.body_rows[0].cells] == [None, Decimal(11500000), Decimal(18900000)]
    assert table.column_labels == ("Mio. kr.", "2017", "2018")


def test_unit_after_dash_in_label_cell() -> None:
    (table,) = tables_of(tab("Beskrivelse – Kr.\tAfvigelse 2023", "Service\t11.021.776"))
    assert (table.unit, table.scale) == ("kr.", Decimal(1))
    assert table.body_rows[0].cells[1].dkk == Decimal(11021776)


def test_unit_of_the_only_amount_column() -> None:
    (table,) = tables_of(tab("Anlæg og gravminde\tEngangsbeløb i kr.", "Anlæg\t16.700"))
    assert table.unit == "kr."
    assert table.body_rows[0].cells[1].dkk == Decimal(16700)


def test_partial_unit_columns_give_no_table_unit() -> None:
    (table,) = tables_of(
        tab(
            "Årstal\tEj tilbagefald\t\tTilbagefald\t",
            "\tAntal personer\tProcent\tAntal personer\tProcent",
            "2020\t13\t65 %\t7\t35 %",
        )
    )
    assert table.unit is None
    assert all(cell.dkk is None for cell in table.body_rows[0].cells)
    assert table.body_rows[0].cells[2].unit == "%"


def test_cell_money_unit_without_table_unit() -> None:
    (table,) = tables_of(
        tab(
            "Ansøger\tAnsøgt beløb\tTilskud",
            "Husvild\t105.000 kr.\t25.000 kr.",
            "I alt\t155.000 kr.\t",
        )
    )
    assert table.unit is None
    first = table.body_rows[0].cells[1]
    assert (first.number, first.unit, first.dkk) == (Decimal(105000), "kr.", Decimal(105000))


def test_percent_column_in_money_table_gets_no_dkk() -> None:
    (table,) = tables_of(tab("1.000 kr.\tBudget\tAndel", "Service\t100\t12", "Job\t50\t6,5 %"))
    service, job = table.body_rows
    assert service.cells[1].dkk == Decimal(100000)
    assert service.cells[2].dkk is None
    assert job.cells[2].dkk is None


# -- header detection -------------------------------------------------------------------


def test_two_row_header_with_thresholds() -> None:
    (table,) = tables_of(
        tab(
            "Område\tAntal beboere\tUden for arbejds-markedet\tAndel dømte",
            "\t\t(> 40 %)\t(= 2,27 %)",
            "",  # empty line between header and body (kept in the block)
            "Rising\t1323\t37,4 %\t2,30 %",
            "Korsløkken*\t2154\t39,6 %\t1,44 %",
        )
    )
    assert len(table.header_rows) == 2
    assert texts(table.header_rows)[1] == ["", "", "(> 40 %)", "(= 2,27 %)"]
    assert [r.label for r in table.body_rows] == ["Rising", "Korsløkken*"]
    assert table.body_rows[0].cells[2].number == Decimal("37.4")


def test_spanning_header_with_empty_first_cells() -> None:
    (table,) = tables_of(
        tab(
            "\tAntal personer i ydelsesgruppe\t\tAndel med færre end 4 samtaler\t",
            "\tJuli 2022\tAug 2022\tJuli 2022\tAug 2022",
            "Jobafklaring\t42\t42\t23,8 %\t40,5 %",
            "\t\t\t10 borgere\t17 borgere",
        )
    )
    assert (len(table.header_rows), len(table.body_rows)) == (2, 2)
    assert not any(row.is_total for row in table.body_rows)  # a continuation row, not a total
    assert table.body_rows[1].cells[3].number == Decimal(10)


def test_subtitle_row_is_header_but_indicator_row_is_not() -> None:
    (table,) = tables_of(
        tab(
            "Udv. algs. mål: Lige muligheder\t\tForrige måling\tResultat 2023",
            "<i>Understøtter Odense. Ålet: En storby</i>\t\t\t",
            "1. indikator\tAndel på offentlig forsørgelse (18-64 år)\t\t",
            "\tVollsmose\t42,5 % (Dec-22)\t<b>41,9 %</b> (Dec-23)",
        )
    )
    assert len(table.header_rows) == 2
    assert [r.label for r in table.body_rows] == ["1. indikator", ""]
    assert table.body_rows[1].cells[3].text == "41,9 % (Dec-23)"
    assert table.body_rows[1].cells[3].number is None


def test_years_and_units_are_column_labels() -> None:
    (table,) = tables_of(tab("Indstillingspunkt\tBeskrivelse\t2024", "3\tKonvertering\t25.936.428"))
    assert len(table.header_rows) == 1
    assert table.body_rows[0].cells[0].number == Decimal(3)


def test_year_row_labels_are_body() -> None:
    (table,) = tables_of(tab("Årstal\tAntal personer", "2020\t22", "2019\t16"))
    assert (len(table.header_rows), len(table.body_rows)) == (1, 2)
    assert table.body_rows[0].cells[0].number == Decimal(2020)


def test_text_only_table_has_first_row_as_header() -> None:
    (table,) = tables_of(
        tab("Ansøger\tFormål", "Projekt Husvild\tOplysning", "Reden\tMeraktivitet")
    )
    assert (len(table.header_rows), len(table.body_rows)) == (1, 2)


def test_single_row_table_has_no_header() -> None:
    (table,) = tables_of(tab("<p><b>FASE 1</b> <i>Desk</i></p>\t<p><b>FASE 2</b></p>", "--\t---"))
    assert (len(table.header_rows), len(table.body_rows)) == (0, 1)
    assert texts(table.body_rows) == [["FASE 1 Desk", "FASE 2"]]


def test_pipe_header_is_what_precedes_the_separator() -> None:
    (table,) = tables_of(
        pipe(
            "| BSU, BUU, ÆHU og ØU   |  |  |",
            "|---|--|--|",
            "| Direktørgruppen   |  |  |",
            "| <b>Arbejdsgruppe 1</b><br>Kontraktstyring | <b>Arbejdsgruppe 2</b><br>Data | x |",
        )
    )
    assert (len(table.header_rows), len(table.body_rows)) == (1, 2)
    assert table.columns == 3
    assert table.body_rows[1].cells[1].text == "Arbejdsgruppe 2 Data"


def test_empty_pipe_header_row_is_a_header_row() -> None:
    (table,) = tables_of(pipe("|  |    |", "|--|----|", "| Godkendelse | 3 |", "| Status | 4 |"))
    assert len(table.header_rows) == 1
    assert texts(table.header_rows) == [["", ""]]
    assert len(table.body_rows) == 2


# -- separators ---------------------------------------------------------------------------


def test_separator_rows_are_never_rows() -> None:
    (table,) = tables_of(
        tab(
            "Udv. algs. mål\tForrige måling\tResultat",
            "1. indikator\t42,5 %\t41,9 %",
            "",
            "Opfølgning\t<p>Tekst.</p>",
            "------------\t---",
        )
    )
    assert len(table.body_rows) == 2
    assert table.body_rows[1].label == "Opfølgning"
    assert all(not set(t) <= {"-"} for row in texts(table.rows) for t in row if t)
    assert table.span.end_line == 7  # the stray separator still belongs to the table's lines


def test_table_of_separators_only_is_reported() -> None:
    doc = run(build(tab("--\t---"))[0])
    assert doc.items[0].get(TABLES) is None
    assert [d.code for d in doc.diagnostics] == ["table-empty"]


# -- totals ---------------------------------------------------------------------------------


def test_i_alt_rows() -> None:
    (table,) = tables_of(
        tab("Årstal\tGennemført\tAfbrudt", "2019\t1\t3", "2020\t-\t-", "I alt\t6\t7"),
    )
    assert [r.is_total for r in table.body_rows] == [False, False, True]
    assert table.body_rows[1].cells[1].number is None
    assert [r.label for r in table.total_rows] == ["I alt"]


def test_bold_i_alt_with_empty_cells() -> None:
    (table,) = tables_of(
        tab(
            "Indstillingspunkt\tBeskrivelse\tUdvalg\t2024",
            "3\tKonvertering\tBSU\t25.936.428",
            "3\tKonvertering\tBSU\t-25.936.428",
            "<b>I alt</b>\t\t\t<b>0</b>",
        )
    )
    total = table.body_rows[-1]
    assert total.is_total
    assert total.label == "I alt"
    assert total.cells[3].number == Decimal(0)


def test_label_ending_in_i_alt() -> None:
    (table,) = tables_of(
        tab(
            "Anlæg og gravminde\tEngangsbeløb i kr.",
            "Anlæg af gravsted\t16.700",
            "Gravminde, natursten\t32.500",
            "<b>Anlæg og gravminde i alt</b>\t<b>49.200</b>",
        ),
    )
    assert [r.is_total for r in table.body_rows] == [False, False, True]
    assert [r.label for r in table.total_rows] == ["Anlæg og gravminde i alt"]


def test_i_alt_ending_label_with_period() -> None:
    tables = tables_of(
        tab(
            "Beskrivelse\tEngangsbeløb i kr.",
            "Gravsted\t6.300",
            "<b>Erhvervelse i alt.</b>\t<b>20.300</b>",
        ),
    )
    assert [r.label for r in tables[0].total_rows] == ["Erhvervelse i alt."]


def test_lone_row_ending_in_i_alt_is_data() -> None:
    (table,) = tables_of(
        tab("Udvidelse:\tEngangsbeløb i kr.", "Evt udvidelse fra 12 til 20 urner i alt\t7.500")
    )
    assert not table.body_rows[0].is_total
    assert table.body_rows[0].cells[1].dkk == Decimal(7500)


def test_i_alt_inside_a_label_is_not_a_total() -> None:
    (table,) = tables_of(
        tab("Post\tBeløb", "Første post\t10", "Udgifter i alt for området X\t20", "Sidste\t30")
    )
    assert not any(r.is_total for r in table.body_rows)


def test_unlabelled_total_and_total_column() -> None:
    (table,) = tables_of(
        tab(
            "Anvendelse af pulje- midler\t2019\t2020\ti alt",
            "Tilskud Projekt Husvild\t200.000\t200.000\t400.000",
            "Buffer (til uforudsete støttebe- hov)\t90.000\t90.000\t180.000",
            "\t\t\t580.000",
        )
    )
    assert table.total_column == 3
    assert table.column_labels[3] == "i alt"
    assert [r.is_total for r in table.body_rows] == [False, False, True]
    assert table.body_rows[1].label == "Buffer (til uforudsete støttebe- hov)"  # not joined


def test_bold_grand_total_that_adds_up() -> None:
    (table,) = tables_of(
        tab(
            "1.000 kr.\tBudget\tRegnskab",
            "<b>Service</b>\t<b>1.044.235</b>\t<b>1.043.984</b>",
            "Staben\t61.251\t59.864",
            "<b>Særlige driftsområder:</b>\t<b>3.850.886</b>\t<b>3.764.262</b>",
            "Uden overførselsadgang\t3.890.301\t3.822.173",
            "<b>Beskæftigelses- og Socialudvalget</b>\t<b>4.895.122</b>\t<b>4.808.246</b>",
        )
    )
    assert [r.is_total for r in table.body_rows] == [False, False, False, False, True]


def test_bold_running_balance_is_not_a_total() -> None:
    (table,) = tables_of(
        tab(
            "1.000 kr.\tReservationspulje",
            "<b>Reservationspulje ved budget</b>\t<b>71.426</b>",
            "Vurdering ved 1. halvår\t-156.388",
            "<b>Reservationspulje efter 1. halvår</b>\t<b>-84.962</b>",
            "Regnskab 2023\t68.128",
            "<b>Reservationspulje 2023</b>\t<b>131.936</b>",
        )
    )
    assert not any(r.is_total for r in table.body_rows)
    assert table.body_rows[2].cells[1].text == "-84.962"
    assert table.body_rows[2].cells[1].dkk == Decimal(-84962000)


def test_bold_values_in_total_column_do_not_make_total_rows() -> None:
    (table,) = tables_of(
        tab(
            "Punkt\tBeskrivelse\t2024\t2025\tI alt",
            "2\tKontrol\t416.667\t1.000.000\t<b>1.416.667</b>",
            "2\tKontrol\t-416.667\t-1.000.000\t<b>-1.416.667</b>",
        )
    )
    assert table.total_column == 4
    assert not any(r.is_total for r in table.body_rows)


# -- tables split and joined ---------------------------------------------------------------


def test_pipe_table_split_by_page_break_is_merged() -> None:
    doc = run(
        build(
            pipe(
                "| Målgruppe | Niveau |",
                "|---|---|",
                "| Forsikrede | Nej. |",
                "| Jobparate | Ja. |",
            ),
            BLANK,
            pipe("|       |   |", "|-------|---|", "| Aktivitetsparate unge | Ja. |"),
        )[0]
    )
    (table,) = doc.items[0].get(TABLES) or ()
    assert len(table.parts) == 2
    assert [(p.start_line, p.end_line) for p in table.parts] == [(3, 6), (8, 10)]
    assert (table.span.start_line, table.span.end_line) == (3, 10)
    assert (len(table.header_rows), len(table.body_rows)) == (1, 3)
    assert table.body_rows[2].label == "Aktivitetsparate unge"
    assert [d.code for d in doc.diagnostics] == ["table-merged"]


def test_empty_header_with_other_column_count_is_not_merged() -> None:
    tables = tables_of(
        pipe("| A | B |", "|---|---|", "| x | y |"),
        BLANK,
        pipe("|  |  |  |", "|--|--|--|", "| 1 | 2 | 3 |"),
    )
    assert len(tables) == 2


def test_identical_tab_headers_stay_two_tables() -> None:
    header = "Indstillingspunkt\tBeskrivelse\tStyringsområde\tUdvalg\t2024"
    first = (header, "3\tKonvertering\tService\tBSU\t25.936.428", "<b>I alt</b>\t\t\t\t<b>0</b>")
    second = (
        header,
        "4\tAfregning\tSærlig drift\tKassen\t68.128.114",
        "<b>I alt</b>\t\t\t\t<b>0</b>",
    )
    as_two_blocks = tables_of(tab(*first), BLANK, tab(*second))
    as_one_block = tables_of(tab(*first, "", *second))
    for tables in (as_two_blocks, as_one_block):
        assert len(tables) == 2
        assert [len(t.body_rows) for t in tables] == [2, 2]
        assert all(len(t.parts) == 1 for t in tables)
        assert [t.span.start_line for t in tables] == [3, 7]


def test_tab_table_continues_after_an_empty_line() -> None:
    tables = tables_of(
        tab("Succeskriterier\tResultater 2018\tAmbitions niveau 2019", "Andelen\t47,5 %\t60 %"),
        BLANK,
        tab("Fravær *\tCFU = 19,36 Odense = 12,02\tSamme niveau"),
    )
    assert len(tables) == 1
    assert len(tables[0].body_rows) == 2
    assert len(tables[0].parts) == 1


def test_header_cut_by_empty_line_is_joined() -> None:
    (table,) = tables_of(
        tab("Område\tAntal beboere\tAndel dømte", "\t\t(= 2,27 %)"),
        BLANK,
        tab("Rising\t1323\t2,30 %"),
    )
    assert (len(table.header_rows), len(table.body_rows)) == (2, 1)


def test_tabbed_heading_between_tab_blocks_is_a_row() -> None:
    doc = run(
        build(
            tab("Udv. algs. mål: Flere i job\t\tForrige måling\tResultat 2023"),
            heading("Understøtter Odensemålet: Flere i job\t\t\t"),
            tab("1. indikator\tLedighedsprocent\t3,7 %\t3,8 %", "Opfølgning\t<p>Tekst</p>\t\t"),
        )[0]
    )
    (table,) = doc.items[0].get(TABLES) or ()
    assert (len(table.header_rows), len(table.body_rows)) == (2, 2)
    assert table.header_rows[1].cells[0].text == "Understøtter Odensemålet: Flere i job"
    assert doc.source_text(table.header_rows[1].cells[0].span) == table.header_rows[1].cells[0].raw
    assert [d.code for d in doc.diagnostics] == ["table-row-from-heading"]


def test_caption_heading_before_a_table_is_left_alone() -> None:
    tables = tables_of(
        para("Tekst."),
        BLANK,
        heading("Tabel 1: Effektandelen\t"),
        tab("Forventet effektandel\tFaktisk effektandel", "35 %\t40 %"),
    )
    (table,) = tables
    assert table.span.start_line == 6  # line 5 is the caption
    assert texts(table.header_rows) == [["Forventet effektandel", "Faktisk effektandel"]]


def test_tables_separated_by_text_are_separate() -> None:
    tables = tables_of(tab("A\tB", "x\t1"), para("Tekst imellem."), tab("A\tB", "y\t2"))
    assert len(tables) == 2


# -- the extractor as a whole ----------------------------------------------------------------


def test_preamble_and_sections_in_document_order() -> None:
    doc, _ = build(
        tab("Årstal\tAntal", "2020\t22"),
        BLANK,
        para("Tekst."),
        BLANK,
        tab("Mio. kr.\t2017", "Besparelse\t11,5"),
        preamble=1,
    )
    tables = run(doc).items[0].get(TABLES) or ()
    assert [t.section for t in tables] == [None, SectionKind.ECONOMY]
    assert [t.unit for t in tables] == [None, "Mio. kr."]


def test_no_tables_no_result() -> None:
    doc = run(build(para("Ingen tabeller her."))[0])
    assert doc.items[0].extract("tables") is None
    assert doc.items[0].get(TABLES) is None


def test_summary() -> None:
    one = tables_of(tab("1.000 kr.\tA", "x\t1"))
    two = tables_of(
        tab("1.000 kr.\tA", "x\t1"),
        para("."),
        tab("Årstal\tAntal", "2020\t2"),
        para("."),
        tab("1.000 kr.\tB", "y\t2"),
    )
    assert summarize(one) == "1 table (1.000 kr.: 1)"
    assert summarize(two) == "3 tables (1.000 kr.: 2)"
    assert summarize(tables_of(tab("Årstal\tAntal", "2020\t2"))) == "1 table"


def test_models_helpers() -> None:
    (table,) = tables_of(tab("Årstal\tEj tilbagefald\t", "\tAntal\tProcent", "2020\t13\t65 %"))
    assert isinstance(table, Table)
    assert table.columns == 3
    assert table.column_labels == ("Årstal", "Ej tilbagefald Antal", "Procent")
    assert table.rows == table.header_rows + table.body_rows
    assert table.cell(2, 2) == table.body_rows[0].cells[2]
    assert table.cell(9, 0) is None
    assert isinstance(table.column(1)[0], Cell)
    assert table.body_rows[0].texts == ("2020", "13", "65 %")
    assert table.body_rows[0].cell(5) is None


def test_plugin_through_the_public_parser() -> None:
    text = (
        "Punkt 1: Test\n\n00.01.00-A00-1-24\n\nØkonomi\n\n"
        "1.000 kr.\tBudget\nService\t1.044\nI alt\t1.044"
    )
    doc = referat.Parser(plugins=[]).use(plugin).parse(text)
    tables = doc.items[0].get(TABLES) or ()
    assert [t.unit for t in tables] == ["1.000 kr."]
    assert tables[0].total_rows[0].cells[1].dkk == Decimal(1044000)


def test_plugin_rejects_options() -> None:
    with pytest.raises(TypeError):
        referat.Parser(plugins=[]).use(plugin, strict=True)


def test_stray_separator_below_values_does_not_make_a_header() -> None:
    (table,) = tables_of(
        tab("Post\tBeløb", "Service\t10", "Job\t20", "------------\t---"),
        BLANK,
        tab("Ydelsen\t30"),
    )
    assert (len(table.header_rows), len(table.body_rows)) == (1, 3)


def test_separator_before_an_empty_line_still_ends_the_header() -> None:
    (table,) = tables_of(
        pipe("| Målgruppe | Niveau |", "|---|---|"),
        BLANK,
        pipe("| Forsikrede | Nej. |", "| Unge | Ja. |"),
    )
    assert (len(table.header_rows), len(table.body_rows)) == (1, 2)


def test_many_pieces_stay_linear() -> None:
    pieces = [tab("1.000 kr.\tA\tB")]
    for i in range(2000):
        pieces += [BLANK, tab(f"Post {i}\t{i}.000\t-{i}")]
    doc, _ = build(*pieces)
    started = time.perf_counter()
    (table,) = run(doc).items[0].get(TABLES) or ()
    assert time.perf_counter() - started < 10  # about 0.2 s; a quadratic join takes minutes
    assert len(table.body_rows) == 2000
