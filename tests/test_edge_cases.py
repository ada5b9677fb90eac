"""Regressions found in review: inputs that once raised, shifted spans, or took
super-linear time. Each was reproduced before it was fixed."""

from __future__ import annotations

import signal
from collections.abc import Iterator
from contextlib import contextmanager

import pytest

import referat
from referat import Paragraph, ReferatSyntaxError, TableBlock
from referat.layouts import Layout
from referat.models import SectionKind


@contextmanager
def deadline(seconds: int) -> Iterator[None]:
    """Fail instead of hanging. The budgets are ~1000× what a linear run takes, so machine
    noise cannot trip them; quadratic or worse behaviour on these inputs takes minutes."""

    def expire(signum: int, frame: object) -> None:
        raise TimeoutError(f"took longer than {seconds} s")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


ITEM = "Punkt 1: A\n\n00.01.00-A00-1-24\n\nSagsfremstilling\n\n"
LONG_LINES = {
    "tabs": "a" + "\t" * 5000 + "b",
    "title spaces": "REFERAT a" + " " * 50000 + "b",
    "meeting date": "Mødedato " + "a" * 50000,
    "heading spaces": "# a" + " " * 50000 + "b",
    "digits and dots": "1." * 30000 + " kr.",
    "hyphens": "Beskæftigelses-\n" * 3000,
}


@pytest.mark.parametrize("name", sorted(LONG_LINES))
def test_long_adversarial_lines_are_linear(name: str) -> None:
    with deadline(20):
        referat.parse(LONG_LINES[name])
        referat.parse(ITEM + LONG_LINES[name])


def test_many_page_break_continuations_are_linear() -> None:
    text = ITEM + "tekst uden punktum\n\n" * 20000
    with deadline(20):
        doc = referat.parse(text, plugins=[])
    (paragraph,) = doc.items[0].sections[0].blocks
    assert isinstance(paragraph, Paragraph)
    assert paragraph.text.count("tekst uden punktum") == 20000


def test_superscript_page_number_in_a_pipe_toc_does_not_raise() -> None:
    doc = referat.parse("Indholdsfortegnelse\n| Punkt 1 | ² |\n", plugins=[])
    assert doc.toc is not None and doc.toc.entries == ()


def test_a_bom_shifts_no_offset_on_line_1() -> None:
    doc = referat.parse("\ufeffFørste linje\nanden linje\n", plugins=[])
    (paragraph,) = doc.front
    assert isinstance(paragraph, Paragraph)
    assert paragraph.text == "Første linje anden linje"
    assert doc.text[paragraph.source_offset(0)] == "F"
    assert doc.source_text(paragraph.span).startswith("Første")
    table = referat.parse("\ufeff| a | b |\n", plugins=[]).front[0]
    assert isinstance(table, TableBlock)
    cell = table.rows[0].cells[0]
    assert referat.parse("\ufeff| a | b |\n", plugins=[]).source_text(cell.span) == cell.raw


def test_strict_mode_raises_the_error_that_comes_first_in_the_text() -> None:
    text = "Forord\n\nResume\n\nTekst.\n\n" + ITEM + "ok\x01\n"
    with pytest.raises(ReferatSyntaxError) as info:
        referat.parse(text, plugins=[], strict=True)
    assert (info.value.code, info.value.line) == ("section-outside-item", 3)


def test_caret_excerpt_with_cr_line_endings_and_tabs() -> None:
    with pytest.raises(ReferatSyntaxError) as info:
        referat.parse("Forord\r\r\t## Resume\r\rTekst.\r", plugins=[], strict=True)
    # the error is on line 3 (CR endings), and the excerpt is that line alone
    assert info.value.line == 3
    assert info.value.excerpt.splitlines() == ["    3 | \t## Resume", "        ^"]


def test_leading_tabs_are_indentation_unless_next_to_a_table_row() -> None:
    doc = referat.parse("\tPunkt 1: A\n\n00.01.00-A00-1-24\n\n\tResume\n\n\tIndrykket.\n")
    assert [i.title for i in doc.items] == ["A"]
    assert [s.kind for s in doc.items[0].sections] == [SectionKind.RESUME]
    assert isinstance(doc.items[0].sections[0].blocks[0], Paragraph)
    table = referat.parse(ITEM + "a\tb\n\t\t2.800.000\n", plugins=[]).items[0].sections[0]
    (block,) = table.blocks
    assert isinstance(block, TableBlock)
    assert len(block.rows) == 2


def test_recovered_unparsed_block_keeps_the_source_line() -> None:
    doc = referat.parse("Forord\n\n## **Resume**\n", plugins=[])
    unparsed = doc.front[1]
    assert isinstance(unparsed, referat.Unparsed)
    assert unparsed.text == "## **Resume**"


def test_a_layout_plugin_names_its_own_sections() -> None:
    def konklusion(registry: referat.Registry, /) -> None:
        names = {"konklusion": SectionKind.DECISION, "resume": SectionKind.RESUME}
        registry.add_layout(
            Layout("aarhus", lambda lines: 1.0 if "Konklusion" in lines else 0.0, names)
        )

    text = "Punkt 1: A\n\n00.01.00-A00-1-24\n\nResume\n\nx.\n\nKonklusion\n\nGodkendt."
    doc = referat.Parser(plugins=[]).use(konklusion).parse(text)
    assert doc.layout == "aarhus"
    assert [s.kind for s in doc.items[0].sections] == [SectionKind.RESUME, SectionKind.DECISION]


def test_a_crashing_layout_becomes_a_diagnostic() -> None:
    def broken(lines: object) -> float:
        raise RuntimeError("boom")

    def plugin(registry: referat.Registry, /) -> None:
        registry.add_layout(Layout("broken", broken))

    doc = referat.Parser(plugins=[]).use(plugin).parse(ITEM + "Tekst.")
    assert doc.layout == "plain"
    assert [d.code for d in doc.errors] == ["plugin-failed"]
    assert "broken" in doc.errors[0].message


def test_plugins_passed_as_callables_are_named_by_module_and_qualname() -> None:
    def my_plugin(registry: referat.Registry, /) -> None:
        registry.add_extractor("x", lambda item, ctx: None)

    parser = referat.Parser(plugins=[]).use(my_plugin)
    spec = parser.registry.extractor("x")
    assert spec is not None
    assert spec.plugin.endswith(
        ":test_plugins_passed_as_callables_are_named_by_module_and_qualname.<locals>.my_plugin"
    )


def test_line_final_dash_is_not_a_hyphen() -> None:
    doc = referat.parse(
        "Punkt 1: A\n\n00.01.00-A00-1-24\n\nResume\n\nEt beløb -\nnæste linje.", plugins=[]
    )
    # plain layout: consecutive lines join with a space; a dash after a space is no hyphen
    assert doc.items[0].sections[0].blocks[0].text == "Et beløb - næste linje."
