"""The economics and tables plugins take time linear in their input, whatever its shape.

Each test builds one adversarial shape at a size ``n`` and at ``4 n``, times the plugin's
extractor on the pre-parsed document (the best of three runs each, so that a busy machine
costs less), and fails when the larger input takes more than :data:`MAX_RATIO` times as long:
linear work gives about 4, quadratic work about 16. The plugins are timed alone (their
extractors called on a document the core parsed beforehand), so that the structure lexer's own
cost does not hide theirs; the two reproducers of the economics plugin are also timed through
``referat.parse``.

The sizes keep each test under about two seconds; the shapes come from issue 8 (a wrapped
paragraph with an amount on every line, a long line of ``kr`` after runs of spaces) and from
what PDF extraction and spreadsheets produce (one short number per line, very wide TAB rows,
many tiny tables, a wrapped paragraph of unreadable money).
"""

from __future__ import annotations

from collections.abc import Callable

import pytest

import referat
from conftest import growth
from referat.lines import LineIndex
from referat.models import Referat
from referat.runner import Context
from referat_economics import extract_economy
from referat_tables import extract_tables

#: How much longer the input four times as large may take.
MAX_RATIO = 6.0
#: Runs below this many seconds are too short to compare: the smaller size is measured as
#: taking at least this long.
FLOOR = 0.005

Shape = Callable[[int], str]


def _ratio(shape: Shape, n: int, timed: Callable[[str], Callable[[], object]]) -> float:
    """How much longer ``timed`` takes on ``shape(4 * n)`` than on ``shape(n)``."""
    return growth(timed(shape(n)), timed(shape(4 * n)), floor=FLOOR)


def assert_linear(shape: Shape, n: int, timed: Callable[[str], Callable[[], object]]) -> None:
    """``timed(shape(4 * n))`` takes at most :data:`MAX_RATIO` times ``timed(shape(n))``.

    ``timed(text)`` prepares what is not being measured and returns the call to time. A
    failing ratio is measured once more before the test fails: a machine shared with other
    work can slow one measurement down, never every one of a quadratic plugin's.
    """
    ratio = _ratio(shape, n, timed)
    if ratio > MAX_RATIO:
        ratio = min(ratio, _ratio(shape, n, timed))
    assert ratio <= MAX_RATIO, f"4x the input took {ratio:.1f}x the time"


def _parsed(text: str) -> Referat:
    doc = referat.parse(text, plugins=[])
    assert doc.items, "the shape must parse into an agenda item"
    return doc


def economics_alone(text: str) -> Callable[[], object]:
    """The economics extractor over every item of the pre-parsed ``text``."""
    doc = _parsed(text)
    index = LineIndex(doc.text)

    def run() -> object:
        context = Context(doc, index)
        return [extract_economy(item, context) for item in doc.items]

    return run


def tables_alone(text: str) -> Callable[[], object]:
    """The tables extractor over every item of the pre-parsed ``text``."""
    doc = _parsed(text)
    index = LineIndex(doc.text)

    def run() -> object:
        context = Context(doc, index)
        return [extract_tables(item, context) for item in doc.items]

    return run


def economics_parse(text: str) -> Callable[[], object]:
    """``referat.parse`` with the economics plugin (the lexer included)."""
    return lambda: referat.parse(text, plugins=["economics"])


HEAD = "Punkt 1: Budgetopfølgning\n\nSagsnr.: 00.01.00-A00-1-23\n\n"


def amount_lines(k: int) -> str:
    """Issue 8: a wrapped paragraph with an amount, a qualifier and years on every line."""
    return HEAD + "Udgiften er ca. 1.000 kr. årligt fra 2023.\n" * k


def spaced_kr(k: int) -> str:
    """Issue 8: one long line of ``kr`` after 41 spaces (candidates without amounts)."""
    return HEAD + (" " * 41 + "kr ") * k


def numbers_with_kr(k: int) -> str:
    """A money column flattened by PDF extraction: one short amount per line."""
    return HEAD + "".join(f"{i % 997} kr.\n" for i in range(k))


def unreadable_money(k: int) -> str:
    """A wrapped paragraph of money the patterns cannot read (a warning each)."""
    return HEAD + "".join(f"{i % 97}.{i % 13} kr. og\n" for i in range(k))


def long_digit_runs(k: int) -> str:
    """Runs of digits before ``kr``, each longer than the bound on a number."""
    return HEAD + ("1" * 150 + " kr. og ") * k


def one_number_per_line(k: int) -> str:
    """A table flattened by PDF extraction: one short number per line, no TABs."""
    return HEAD + "".join(f"{i % 997}\n" for i in range(k))


def wide_tab_rows(k: int) -> str:
    """One table of two very wide TAB rows: a header of years, a row of amounts."""
    header = "Mio. kr.\t" + "\t".join(str(2000 + i % 50) for i in range(k))
    row = "Udgift\t" + "\t".join(f"{i % 1000},{i % 10}" for i in range(k))
    return f"{HEAD}{header}\n{row}\n"


def tiny_tables(k: int) -> str:
    """Many tables of two rows each, one after another."""
    return HEAD + "Beløb\tkr.\nUdgift\t1.000\n\n" * k


def tall_table(k: int) -> str:
    """One table of many rows with a totals row at the end."""
    rows = "".join(f"Post {i}\t{i % 1000}.000\t-{i % 7},5\n" for i in range(k))
    return f"{HEAD}1.000 kr.\t2023\t2024\n{rows}I alt\t1\t2\n"


def broken_rows(k: int) -> str:
    """One table whose rows are cut apart by empty lines (a page break after every row)."""
    return HEAD + "Post\tBeløb\n" + "Udgift\t1.000\n\n" * k


def broken_text_rows(k: int) -> str:
    """A table of text only whose rows are cut apart by empty lines."""
    return HEAD + "Tekst\tmere tekst\n\n" * k


@pytest.mark.parametrize(
    ("shape", "n"),
    [
        (amount_lines, 500),
        (spaced_kr, 2000),
        (numbers_with_kr, 1000),
        (unreadable_money, 1500),
        (long_digit_runs, 1000),
        (one_number_per_line, 2000),
    ],
)
def test_economics_is_linear(shape: Shape, n: int) -> None:
    assert_linear(shape, n, economics_alone)


@pytest.mark.parametrize(
    ("shape", "n"),
    [
        (wide_tab_rows, 1000),
        (tiny_tables, 150),
        (tall_table, 400),
        (broken_rows, 600),
        (broken_text_rows, 600),
    ],
)
def test_tables_is_linear(shape: Shape, n: int) -> None:
    assert_linear(shape, n, tables_alone)


@pytest.mark.parametrize(("shape", "n"), [(amount_lines, 500), (spaced_kr, 2000)])
def test_economics_reproducers_through_parse(shape: Shape, n: int) -> None:
    assert_linear(shape, n, economics_parse)


def routing_remarks(k: int) -> str:
    """A decision of many routing sentences with a remark each (Aarhus' Magistrat form)."""
    sentence = "Fremsendes til Aarhus Byråd med bemærkning, at Magistraten anbefaler, at forslaget godkendes. "
    return "Punkt 1: T\n\n00.01.00-A00-1-25\n\nBeslutning\n\n" + sentence * k + "\n"


def decisions_parse(text: str) -> Callable[[], object]:
    """The whole pipeline with the decisions plugin alone."""
    parser = referat.Parser(plugins=["decisions"])
    return lambda: parser.parse(text)


def test_decisions_routing_remarks_are_linear() -> None:
    assert_linear(routing_remarks, 200, decisions_parse)
