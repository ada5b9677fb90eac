"""The ``economics`` extractor on hand-built items and on the fixtures: spans, sections,
diagnostics, summary, registration."""

from __future__ import annotations

import hashlib
from decimal import Decimal
from pathlib import Path

import attrs
import pytest

import referat
from referat.lines import LineIndex
from referat.models import (
    AgendaItem,
    Heading,
    ListBlock,
    ListItem,
    Paragraph,
    Referat,
    Section,
    SectionKind,
    Severity,
    SourceInfo,
    TextPiece,
)
from referat.registry import Registry
from referat.runner import run_extractors
from referat_economics import ECONOMY, plugin
from referat_economics.extract import summarize
from referat_economics.models import Economy

FIXTURES = Path(__file__).resolve().parents[2] / "tests" / "fixtures"

Spec = list[tuple[SectionKind | None, list[list[str]]]]
Lines = list[tuple[int, int]]
Layout = list[tuple[SectionKind | None, tuple[int, int] | None, list[tuple[list[str], Lines]]]]


class _Writer:
    """Writes lines into a text and builds paragraphs whose spans point into it."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.offset = 0

    def line(self, text: str) -> tuple[int, int]:
        start = self.offset
        self.parts.append(text + "\n")
        self.offset += len(text) + 1
        return start, start + len(text)

    def paragraph(
        self, index: LineIndex, lines: list[str], spans: list[tuple[int, int]]
    ) -> Paragraph:
        pieces, offset = [], 0
        for text, (start, end) in zip(lines, spans, strict=True):
            pieces.append(TextPiece(offset, start, end))
            offset += len(text) + 1
        return Paragraph(" ".join(lines), index.span(spans[0][0], spans[-1][1]), tuple(pieces))


def build(spec: Spec) -> Referat:
    """A one-item referat: ``Punkt 1: Test``, then paragraphs (lists of wrapped lines) per
    section (``None``: the preamble). Each section starts with its heading line."""
    writer = _Writer()
    title = writer.line("Punkt 1: Test")
    layout: Layout = []
    for kind, paragraphs in spec:
        writer.line("")
        heading = writer.line(kind.value) if kind is not None else None
        written = []
        for lines in paragraphs:
            writer.line("")
            written.append((lines, [writer.line(line) for line in lines]))
        layout.append((kind, heading, written))
    text = "".join(writer.parts)
    index = LineIndex(text)
    preamble: tuple[Paragraph, ...] = ()
    sections = []
    for kind, heading, written in layout:
        blocks = tuple(writer.paragraph(index, lines, spans) for lines, spans in written)
        if kind is None or heading is None:
            preamble += blocks
            continue
        end = blocks[-1].span.end if blocks else heading[1]
        sections.append(
            Section(
                kind, Heading(kind.value, index.span(*heading)), blocks, index.span(heading[0], end)
            )
        )
    item = AgendaItem(
        number=1,
        title="Test",
        heading=Heading("Punkt 1: Test", index.span(*title)),
        span=index.span(0, len(text)),
        preamble=preamble,
        sections=tuple(sections),
    )
    source = SourceInfo(None, hashlib.sha256(text.encode()).hexdigest(), len(text))
    return Referat(text=text, source=source, layout="plain", items=(item,))


def run(doc: Referat, **registered: object) -> Referat:
    registry = Registry()
    for name, value in registered.items():
        registry.add_extractor(name, lambda item, ctx, value=value: value)
    registry.apply(plugin, "economics")
    return run_extractors(doc, registry)


def economy_of(doc: Referat) -> Economy:
    value = doc.items[0].extract("economics")
    assert isinstance(value, Economy)
    return value


def test_amounts_in_every_section_with_their_section() -> None:
    doc = run(
        build(
            [
                (None, [["Formålet koster 1 mio. kr."]]),
                (SectionKind.RESUME, [["Der er afsat 2 mio. kr. i 2024."]]),
                (SectionKind.ECONOMY, [["Udgiften er ca. 450.000 kr. årligt."]]),
            ]
        )
    )
    economy = economy_of(doc)
    assert [(a.raw, a.section, a.in_economy_section) for a in economy.amounts] == [
        ("1 mio. kr.", None, False),
        ("2 mio. kr.", SectionKind.RESUME, False),
        ("450.000 kr.", SectionKind.ECONOMY, True),
    ]
    assert [a.raw for a in economy.section_amounts] == ["450.000 kr."]
    assert economy.span == doc.items[0].section(SectionKind.ECONOMY).span  # type: ignore[union-attr]
    for amount in economy.amounts:
        assert doc.source_text(amount.span) == amount.raw
        if amount.years:
            assert doc.source_text(amount.years.span) == amount.years.raw


def test_a_wrapped_amount_spans_both_source_lines() -> None:
    doc = run(build([(SectionKind.ECONOMY, [["optimering af rammer på 6,8", "mio. kr. i 2017."]])]))
    (amount,) = economy_of(doc).amounts
    assert amount.raw == "6,8 mio. kr."
    # lines: 1 "Punkt 1: Test", 2 "", 3 "Økonomi", 4 "", 5-6 the paragraph
    assert (amount.span.start_line, amount.span.end_line) == (5, 6)
    assert doc.source_text(amount.span) == "6,8\nmio. kr."
    assert amount.value == Decimal(6800000)


def test_list_items_are_read() -> None:
    doc = build([(SectionKind.ECONOMY, [])])
    item = doc.items[0]
    economy_section = item.sections[0]
    list_item = ListItem("ca. 7,5 mio. kr.", economy_section.heading.span, "-")
    listed = ListBlock((list_item,), economy_section.heading.span)
    section = Section(SectionKind.ECONOMY, economy_section.heading, (listed,), economy_section.span)
    doc = attrs.evolve(doc, items=(attrs.evolve(item, sections=(section,)),))
    (amount,) = economy_of(run(doc)).amounts
    assert (amount.value, amount.qualifier) == (Decimal(7500000), "ca.")


def test_no_consequences_in_the_economy_section() -> None:
    sentence = "Sagen har ikke økonomiske konsekvenser for kommunens kassebeholdning."
    doc = run(
        build(
            [
                (
                    SectionKind.RESUME,
                    [["Denne sag har ingen økonomiske konsekvenser for budgettet."]],
                ),
                (SectionKind.ECONOMY, [["Der søges om 999.300 kr. " + sentence]]),
            ]
        )
    )
    economy = economy_of(doc)
    assert economy.no_consequences is not None
    assert economy.no_consequences.text == sentence
    assert doc.source_text(economy.no_consequences.span) == sentence
    assert economy.has_consequences is False
    assert summarize(economy) == (
        "Økonomi: 1 amount, largest 999.300 kr.; no economic consequences"
    )


def test_no_consequences_elsewhere_when_there_is_no_economy_section() -> None:
    doc = run(build([(SectionKind.RESUME, [["Sagen er budgetneutral for kassen."]])]))
    economy = economy_of(doc)
    assert economy.span is None
    assert economy.no_consequences is not None
    assert summarize(economy) == "no economic consequences"


def test_an_item_without_money_or_economy_section_has_no_result() -> None:
    doc = run(build([(SectionKind.RESUME, [["Udvalget drøfter sagen."]])]))
    assert doc.items[0].extract("economics") is None


def test_an_economy_section_that_says_nothing_is_reported() -> None:
    text = "Alt efter hvad udvalget beslutter, kan det have konsekvenser for kassebeholdningen."
    doc = run(build([(SectionKind.ECONOMY, [[text]])]))
    economy = economy_of(doc)
    assert economy.amounts == () and economy.no_consequences is None
    assert economy.has_consequences is None
    (diagnostic,) = [d for d in doc.diagnostics if d.plugin == "economics"]
    assert (diagnostic.severity, diagnostic.code) == (Severity.INFO, "economics-no-figures")
    assert diagnostic.span == doc.items[0].sections[0].heading.span
    assert summarize(economy) == "Økonomi: nothing stated"


@pytest.mark.parametrize("written", ["1.00.000 kr.", "12.5 mio. kr.", "1.0000 kr."])
def test_unreadable_money_is_a_warning(written: str) -> None:
    doc = run(build([(SectionKind.ECONOMY, [[f"Udgiften er {written} i alt."]])]))
    economy = economy_of(doc)
    assert economy.amounts == ()
    warnings = [d for d in doc.diagnostics if d.code == "economics-unreadable-amount"]
    assert len(warnings) == 1
    assert warnings[0].severity is Severity.WARNING
    assert warnings[0].span is not None
    assert doc.source_text(warnings[0].span) == written


def test_a_tables_result_that_is_not_tables_does_not_crash() -> None:
    doc = run(build([(SectionKind.ECONOMY, [["Udgiften er 5 kr."]])]), tables="garbage")
    economy = economy_of(doc)
    assert economy.budget_rows == ()
    assert not [d for d in doc.diagnostics if d.code == "plugin-failed"]


def test_registration() -> None:
    registry = Registry()
    registry.add_extractor("tables", lambda item, ctx: None)
    registry.apply(plugin, "economics")
    spec = registry.extractor("economics")
    assert spec is not None
    assert (spec.scope, spec.after, spec.result) == ("item", ("tables",), Economy)
    assert [s.name for s in registry.extractors()] == ["tables", "economics"]
    with pytest.raises(TypeError):
        Registry().apply(plugin, "economics", colour="blue")


def _fixture(stem: str) -> Referat:
    (path,) = FIXTURES.glob(f"{stem}_*.txt")
    return referat.parse(path.read_text(encoding="utf-8"), plugins=["tables", "economics"])


def test_fixture_wrapped_amount_003_37() -> None:
    # 003:37-38 "… optimering af udvalgets rammer på 6,8" / "mio. kr. i 2017 og 13,6 mio. kr. …"
    doc = _fixture("003")
    item = doc.item(1)
    assert item is not None and item.get(ECONOMY) is not None
    amount = next(a for a in item.get(ECONOMY).amounts if a.span.start_line == 37)
    assert (amount.raw, amount.value, amount.section) == (
        "6,8 mio. kr.",
        Decimal(6800000),
        SectionKind.CASE_PRESENTATION,
    )
    assert (amount.span.start_line, amount.span.end_line) == (37, 38)
    assert doc.source_text(amount.span) == "6,8\nmio. kr."
    assert amount.years is not None and (amount.years.raw, amount.years.start) == ("i 2017", 2017)


def test_fixture_stray_period_003_78() -> None:
    doc = _fixture("003")
    item = doc.item(1)
    assert item is not None and item.get(ECONOMY) is not None
    amount = next(a for a in item.get(ECONOMY).amounts if a.raw == "3.700.000. kr.")
    assert amount.value == Decimal(3700000)
    assert amount.span.start_line == 78
    assert amount.years is not None and (amount.years.start, amount.years.end) == (2017, 2017)


def test_fixture_summary_000_item_1() -> None:
    # 000:210-218: seven amounts in the Økonomi section, the largest "135,0 mio. kr. årligt"
    doc = _fixture("000")
    item = doc.item(1)
    assert item is not None and item.get(ECONOMY) is not None
    assert summarize(item.get(ECONOMY)).startswith("Økonomi: 7 amounts, largest 135,0 mio. kr.")


def test_fixtures_have_no_unreadable_amounts() -> None:
    for path in sorted(FIXTURES.glob("*.txt")):
        doc = referat.parse(path.read_text(encoding="utf-8"), plugins=["tables", "economics"])
        codes = [d.code for d in doc.diagnostics if d.plugin == "economics"]
        assert "economics-unreadable-amount" not in codes, path.name
        assert "plugin-failed" not in [d.code for d in doc.diagnostics], path.name


def test_json_round_trip_keeps_the_economy() -> None:
    doc = _fixture("002")
    back = referat.loads(referat.dumps(doc))
    for before, after in zip(doc.items, back.items, strict=True):
        assert after.get(ECONOMY) == before.get(ECONOMY)
    item = back.item(3)
    assert item is not None and item.get(ECONOMY) is not None
    assert isinstance(item.get(ECONOMY).amounts[0].value, Decimal)
