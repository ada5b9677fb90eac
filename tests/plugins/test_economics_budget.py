"""Budget tables as tidy rows: from the fixtures' money tables and from hand-built tables."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

import referat
from referat.models import Span
from referat_economics import ECONOMY
from referat_economics.budget import budget_rows, table_rows, year_in
from referat_economics.models import Economy
from referat_tables.models import Cell, Row, Table

FIXTURES = Path(__file__).resolve().parents[2] / "tests" / "fixtures"


def _economy(stem: str, number: int, plugins: list[str]) -> Economy:
    (path,) = FIXTURES.glob(f"{stem}_*.txt")
    doc = referat.parse(path.read_text(encoding="utf-8"), plugins=plugins)
    item = doc.item(number)
    assert item is not None and item.get(ECONOMY) is not None
    return item.get(ECONOMY)


def test_kroner_table_in_the_economy_section() -> None:
    # 002:309-315, item 2: "Beskrivelse – Kr.⇥Styringsområde⇥Afvigelse 2023⇥Kassen⇥Overførsel
    # 2024⇥Overførsel 2025", first row "Service⇥Service⇥11.021.776⇥0⇥0⇥11.021.776".
    economy = _economy("002", 2, ["tables", "economics"])
    rows = [r for r in economy.budget_rows if 310 <= r.span.start_line <= 315]
    first = [
        (r.row_label, r.column_label, r.year, r.value) for r in rows if r.span.start_line == 310
    ]
    assert first == [
        ("Service", "Afvigelse 2023", 2023, Decimal(11021776)),
        ("Service", "Kassen", None, Decimal(0)),
        ("Service", "Overførsel 2024", 2024, Decimal(0)),
        ("Service", "Overførsel 2025", 2025, Decimal(11021776)),
    ]
    assert all(r.unit is not None and r.unit.lower() == "kr." for r in rows)
    # 002:315 "<b>I alt</b>⇥⇥<b>86.875.915</b>⇥<b>68.128.114</b>⇥<b>7.726.025</b>⇥…"
    totals = [(r.column_label, r.value) for r in rows if r.is_total]
    assert ("Afvigelse 2023", Decimal(86875915)) in totals
    assert ("Overførsel 2024", Decimal(7726025)) in totals
    # the rows add up to the table's own total line
    assert economy.total("Afvigelse 2023") == Decimal(86875915)
    assert economy.total(year=2024) == Decimal(7726025)


def test_thousands_table_is_scaled_to_kroner() -> None:
    # 002:196-197: unit "1.000 kr." in the top-left cell; "<b>Service</b>⇥<b>1.044.235</b>⇥…"
    economy = _economy("002", 2, ["tables", "economics"])
    service = [r for r in economy.budget_rows if r.span.start_line == 197]
    assert service[0].row_label == "Service"
    assert service[0].column_label == "Korrigeret budget 2023"
    assert service[0].year == 2023
    assert service[0].value == Decimal(1044235000)
    assert service[0].unit == "1.000 kr."


def test_millions_table_with_years_as_columns() -> None:
    # 002:398-399: "Mio. kr.⇥2017⇥2018⇥…⇥2023", "Bruttobesparelse⇥11,5⇥18,9⇥…"
    economy = _economy("002", 3, ["tables", "economics"])
    gross = [(r.year, r.value) for r in economy.budget_rows if r.row_label == "Bruttobesparelse"]
    assert gross[:2] == [(2017, Decimal(11500000)), (2018, Decimal(18900000))]


def test_without_the_tables_plugin_there_are_no_budget_rows() -> None:
    economy = _economy("002", 2, ["economics"])
    assert economy.budget_rows == ()
    assert economy.total(year=2024) is None
    assert len(economy.section_amounts) == 6  # the prose is read all the same


def test_tables_that_are_not_money_give_no_rows() -> None:
    # 002:430-432: "Indstillingspunkt⇥…⇥2024⇥…⇥I alt" states no unit
    economy = _economy("002", 3, ["tables", "economics"])
    assert not [r for r in economy.budget_rows if 430 <= r.span.start_line <= 432]


SPAN = Span(1, 1, 1, 2, 0, 1)


def cell(
    text: str, number: str | None = None, dkk: str | None = None, unit: str | None = None
) -> Cell:
    return Cell(
        text=text,
        raw=text,
        span=SPAN,
        number=None if number is None else Decimal(number),
        unit=unit,
        dkk=None if dkk is None else Decimal(dkk),
    )


def row(*cells: Cell, total: bool = False) -> Row:
    return Row(cells=cells, span=SPAN, is_total=total)


def test_labels_of_sub_rows_and_unlabelled_totals() -> None:
    table = Table(
        kind="tab",
        header_rows=(row(cell("1.000 kr."), cell("2024"), cell("I alt")),),
        body_rows=(
            row(cell("Vollsmose"), cell("1", "1", "1000"), cell("1", "1", "1000")),
            row(cell(""), cell("heraf drift"), cell("2", "2", "2000")),
            row(cell(""), cell("3", "3", "3000"), cell(""), total=True),
        ),
        span=SPAN,
        unit="1.000 kr.",
        scale=Decimal(1000),
        total_column=2,
    )
    rows = [(r.row_label, r.column_label, r.year, r.value, r.is_total) for r in table_rows(table)]
    assert rows == [
        ("Vollsmose", "2024", 2024, Decimal(1000), False),
        ("Vollsmose", "I alt", None, Decimal(1000), True),  # the totals column
        ("heraf drift", "I alt", None, Decimal(2000), True),
        ("", "2024", 2024, Decimal(3000), True),  # the totals row
    ]


def test_years_down_the_side() -> None:
    table = Table(
        kind="tab",
        header_rows=(row(cell("År"), cell("Beløb i kr.")),),
        body_rows=(row(cell("2021", "2021"), cell("5.000", "5000", "5000")),),
        span=SPAN,
        unit="kr.",
        scale=Decimal(1),
    )
    (only,) = table_rows(table)
    assert (only.row_label, only.column_label, only.year, only.value) == (
        "2021",
        "Beløb i kr.",
        2021,
        Decimal(5000),
    )


def test_cells_with_their_own_unit() -> None:
    table = Table(
        kind="tab",
        header_rows=(row(cell("Forening"), cell("Tilskud")),),
        body_rows=(row(cell("Projekt Husvild"), cell("105.000 kr.", "105000", "105000", "kr.")),),
        span=SPAN,
    )
    (only,) = table_rows(table)
    assert (only.value, only.unit) == (Decimal(105000), "kr.")


@pytest.mark.parametrize("result", [None, (), "not tables", ("x", 1)])
def test_anything_else_gives_no_rows(result: object) -> None:
    assert budget_rows(result) == ()


def test_year_in() -> None:
    assert year_in("Overførsel 2025") == 2025
    assert year_in("2017-2020") is None
    assert year_in("20171") is None
