"""The ``economics`` extractor: amounts, "no consequences" and budget rows of an agenda item."""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable, Iterator, Sequence
from decimal import Decimal, localcontext
from itertools import accumulate, count
from operator import add, attrgetter
from re import Match
from typing import Final

from referat.danish import format_number
from referat.models import (
    AgendaItem,
    Block,
    ListBlock,
    ListItem,
    Paragraph,
    Section,
    SectionKind,
    Severity,
    Span,
)
from referat.runner import Context
from referat.slots import SlotMaker
from referat_economics import patterns  # its patterns compile on first use
from referat_economics.amounts import (
    CANDIDATE,
    KELVIN,
    LATIN1,
    TooLong,
    candidate,
    maybe_money,
    plain_matches,
    read_amounts,
    scan_candidates,
)
from referat_economics.budget import budget_rows
from referat_economics.consequences import find_no_consequences, first_statement, needed_words
from referat_economics.models import Amount, Economy, NoConsequences, YearRange
from referat_economics.patterns import LOOKBACK
from referat_tables.exact import EXACT, MAX_DIGITS

Text = Paragraph | ListItem
_TEXT: Final = attrgetter("text")


def _texts(blocks: Sequence[Block]) -> Iterator[Text]:
    for block in blocks:
        if isinstance(block, Paragraph):
            yield block
        elif isinstance(block, ListBlock):
            yield from block.items


def _item_texts(item: AgendaItem) -> Iterator[tuple[Section | None, Text]]:
    """Every paragraph and list item of ``item`` with its section (``None``: the preamble)."""
    for node in _texts(item.preamble):
        yield None, node
    for section in item.sections:
        for node in section.paragraphs():
            yield section, node


def _add_texts(nodes: list[Text], blocks: Sequence[Block]) -> None:
    """Append the paragraphs and list items of ``blocks`` to ``nodes``, in order."""
    for block in blocks:
        if isinstance(block, Paragraph):
            nodes.append(block)
        elif isinstance(block, ListBlock):
            nodes.extend(block.items)


class _Item:
    """The texts of an agenda item in order, joined into one cheaply lower-cased string.

    ``nodes[k]`` is the k-th paragraph or list item (the preamble's, then each section's);
    ``firsts[j]`` is the index of the first text of ``sections[j]``; ``starts[k]`` is where
    text ``k`` starts in ``low`` (the texts joined by newlines, :func:`fast_lower`-ed, or
    ``None`` when a text has the Kelvin sign); ``starts[-1]`` is ``len(low) + 1``.
    """

    __slots__ = ("firsts", "low", "nodes", "sections", "starts", "texts", "wide")

    def __init__(self, item: AgendaItem) -> None:
        nodes: list[Text] = []
        _add_texts(nodes, item.preamble)
        firsts: list[int] = []
        for section in item.sections:
            firsts.append(len(nodes))
            _add_texts(nodes, section.blocks)
        self.nodes = nodes
        self.sections = item.sections
        self.firsts = firsts
        self.texts = texts = list(map(_TEXT, nodes))
        data = b"\n".join(map(LATIN1, texts))
        # Only a text with a character beyond Latin-1 (now "?") can hold the Kelvin sign, or
        # İ, ı, ſ and the Angstrom sign (see needed_words): they are looked for in ``wide``.
        self.wide = "".join(texts) if b"?" in data else ""
        self.low = None if KELVIN in self.wide else data.lower().decode("latin-1")
        # text k starts after the k texts before it and their k newlines
        self.starts = list(map(add, accumulate(map(len, texts), initial=0), count()))

    def index(self, position: int) -> int:
        """The index of the text that ``position`` of ``low`` falls in."""
        return bisect_right(self.starts, position) - 1

    def section(self, index: int) -> Section | None:
        """The section of text ``index`` (``None``: the preamble)."""
        j = bisect_right(self.firsts, index) - 1
        return self.sections[j] if j >= 0 else None

    def text_low(self, index: int) -> str:
        """``fast_lower`` of text ``index``."""
        assert self.low is not None
        return self.low[self.starts[index] : self.starts[index + 1] - 1]


class _SpanOf:
    """``ctx.text_span(node, start, end)`` for many slices of one text: a text that is one
    source slice (no pieces) by addition, a joined one by the piece map's bisection
    (:meth:`~referat.models.PieceMap.source_offset`), with no per-call test of the pieces.
    """

    __slots__ = ("_base", "_offset", "_span")

    def __init__(self, node: Text, ctx: Context) -> None:
        self._span = ctx.span
        pieces = node.pieces
        self._offset = pieces.source_offset
        self._base = None if pieces else node.span.start

    def __call__(self, start: int, end: int) -> Span:
        base = self._base
        if base is not None:  # the text is one source slice
            return self._span(base + start, base + end)
        offset = self._offset
        first = offset(start)
        return self._span(first, offset(end - 1) + 1 if end > start else first)


def _report_too_long(span_of: _SpanOf, found: list[TooLong], ctx: Context) -> None:
    for start, end, digits in found:
        ctx.report(
            Severity.WARNING,
            "economics-number-too-long",
            f"a number of {digits} digits is beyond the {MAX_DIGITS} digits an amount may "
            "have; it is not read as an amount",
            span_of(start, end),
        )


#: Amounts are made by setting their slots (referat.slots).
_AMOUNT: Final = SlotMaker(
    Amount,
    (
        "raw", "value", "value_to", "unit", "scale", "qualifier", "years", "section",
        "in_economy_section", "span",
    ),
)  # fmt: skip


def make_amount(  # noqa: PLR0917 - the fields of Amount, in its order
    raw: str,
    value: Decimal,
    value_to: Decimal | None,
    unit: str,
    scale: Decimal,
    qualifier: str | None,
    years: YearRange | None,
    section: SectionKind | None,
    in_economy_section: bool,
    span: Span,
) -> Amount:
    """``Amount(raw, value, …, span)`` (all ten fields, in order), made faster."""
    return _AMOUNT.make(
        raw, value, value_to, unit, scale, qualifier, years, section, in_economy_section, span
    )


def _read(
    node: Text,
    section: Section | None,
    matches: list[Match[str]],
    currencies: Iterable[Match[str]],
    *,
    amounts: list[Amount],
    ctx: Context,
) -> None:
    """Append the amounts of ``node`` to ``amounts``; warn about unreadable money."""
    text = node.text
    kind = section.kind if section else None
    in_economy = kind is SectionKind.ECONOMY
    span_of = _SpanOf(node, ctx)  # ctx.text_span(node, start, end)
    too_long: list[TooLong] = []
    for start, end, value, value_to, unit, scale, qualifier, found, _ in read_amounts(
        text, matches, too_long
    ):
        years = None
        if found is not None:
            years = YearRange(
                raw=found.raw,
                start=found.first,
                end=found.last,
                annual=found.annual,
                span=span_of(found.start, found.end),
            )
        amounts.append(
            make_amount(  # raw, value, value_to, unit, scale, qualifier, years, section,
                text[start:end],  # in_economy_section, span
                value,
                value_to,
                unit,
                scale,
                qualifier,
                years,
                kind,
                in_economy,
                span_of(start, end),
            )
        )
    if too_long:
        _report_too_long(span_of, too_long, ctx)
    if currencies:
        _report_unreadable(node, matches, currencies, ctx, span_of)


def _report_unreadable(
    node: Text,
    found: list[Match[str]],
    currencies: Iterable[Match[str]],
    ctx: Context,
    span_of: _SpanOf,
) -> None:
    """Warn about a currency word after something number-like that is not an amount."""
    text = node.text
    units = {amount.end() for amount in found}
    for match in currencies:
        if match.end() in units:
            continue
        number = patterns.NUMBERISH.search(text, max(0, match.start() - LOOKBACK), match.start())
        if number is None:
            continue
        raw = text[number.start() : match.end()]
        ctx.report(
            Severity.WARNING,
            "economics-unreadable-amount",
            f"{raw!r} looks like money but is not a Danish amount (1.234.567,89 kr.)",
            span_of(number.start(), match.end()),
        )


def _money(texts: _Item, amounts: list[Amount], ctx: Context) -> None:
    """The amounts of every text with a currency word; warn about unreadable money."""
    low = texts.low
    assert low is not None
    index = -1
    candidates: list[int] = []
    for match in CANDIDATE.finditer(low):
        at = match.start()
        if index < 0 or at >= texts.starts[index + 1]:
            if candidates:
                _read_text(texts, index, candidates, amounts, ctx)
            index = texts.index(at)
            candidates = []
        candidates.append(candidate(low, at, texts.starts[index]))
    if candidates:
        _read_text(texts, index, candidates, amounts, ctx)


def _read_text(
    texts: _Item, index: int, candidates: list[int], amounts: list[Amount], ctx: Context
) -> None:
    text = texts.texts[index]
    matches, currencies = scan_candidates(text, texts.text_low(index), candidates)
    _read(texts.nodes[index], texts.section(index), matches, currencies, amounts=amounts, ctx=ctx)


def extract_economy(item: AgendaItem, ctx: Context) -> Economy | None:
    """The economics of ``item``; ``None`` when it has no ``Økonomi`` section and no money."""
    economy = item.section(SectionKind.ECONOMY)
    amounts: list[Amount] = []
    # One cheap lower-cased copy of all the item's text: most paragraphs hold neither money nor
    # a "no consequences" sentence, and are passed over by a few searches of it.
    texts = _Item(item)
    if texts.low is None:  # the Kelvin sign: no shortcuts
        for section, node in _item_texts(item):
            if maybe_money(node.text):
                matches, currencies = plain_matches(node.text)
                _read(node, section, matches, currencies, amounts=amounts, ctx=ctx)
        no_consequences = _no_consequences(item, economy, ctx)
    else:
        _money(texts, amounts, ctx)
        no_consequences = _statement(texts, economy, ctx)
    rows = budget_rows(ctx.results.get("tables"))
    if economy is None and not amounts and not rows and no_consequences is None:
        return None
    if economy is not None and no_consequences is None:
        in_section = [a for a in amounts if a.in_economy_section]
        section_rows = [r for r in rows if r.span in economy.span]
        if not in_section and not section_rows:
            ctx.report(
                Severity.INFO,
                "economics-no-figures",
                "the Økonomi section names no amount and does not say that the case has no "
                "economic consequences",
                economy.heading.span,
            )
    return Economy(
        amounts=tuple(amounts),
        no_consequences=no_consequences,
        budget_rows=rows,
        span=economy.span if economy else None,
    )


def _statement(texts: _Item, economy: Section | None, ctx: Context) -> NoConsequences | None:
    """:func:`_no_consequences`, searching the item's lower-cased text for the words needed."""
    low = texts.low
    assert low is not None
    total = len(texts.nodes)
    first, last = 0, total
    if economy is not None:  # only the Økonomi section's texts
        j = next((j for j, section in enumerate(texts.sections) if section is economy), 0)
        first = texts.firsts[j]
        last = texts.firsts[j + 1] if j + 1 < len(texts.firsts) else total
    if first >= last:
        return None
    starts = texts.starts
    end = starts[last] - 1
    words = ("neutral", *needed_words(texts.wide, low)[0])
    nexts = [low.find(word, starts[first], end) for word in words]
    while True:
        hit = min((found for found in nexts if found >= 0), default=-1)
        if hit < 0:
            return None
        index = texts.index(hit)
        node = texts.nodes[index]
        text_low = texts.text_low(index)
        if "ikke" in text_low or "ingen" in text_low or "neutral" in text_low:
            found = first_statement(node.text, text_low)
            if found is not None:
                start, stop = found
                return NoConsequences(node.text[start:stop], ctx.text_span(node, start, stop))
        after = starts[index + 1]
        nexts = [
            low.find(word, after, end) if 0 <= found < after else found
            for word, found in zip(words, nexts, strict=True)
        ]


def _no_consequences(
    item: AgendaItem, economy: Section | None, ctx: Context
) -> NoConsequences | None:
    """The first "no consequences" sentence of the Økonomi section (of the item if none)."""
    if economy is not None:
        nodes: Iterator[Text] = economy.paragraphs()
    else:
        nodes = (node for _, node in _item_texts(item))
    for node in nodes:
        found = find_no_consequences(node.text)
        if found is not None:
            start, end = found
            return NoConsequences(node.text[start:end], ctx.text_span(node, start, end))
    return None


def _as_written(amount: Amount) -> str:
    """``"135,0 mio. kr."`` as written; a range with its qualifier: ``"mellem 18 og 24 …"``."""
    return amount.phrase if amount.is_range else amount.raw


def summarize(economy: Economy) -> str:
    """One line for ``--format summary``.

    ``"Økonomi: 5 amounts, largest 135,0 mio. kr."``, ``"no economic consequences"``, with
    the budget rows and the amounts outside the Økonomi section when there are any.
    """
    parts: list[str] = []
    section = economy.section_amounts
    if section:
        largest = max(section, key=lambda a: a.value_to if a.value_to is not None else a.value)
        noun = "amount" if len(section) == 1 else "amounts"
        parts.append(f"Økonomi: {len(section)} {noun}, largest {_as_written(largest)}")
    if economy.no_consequences is not None:
        parts.append("no economic consequences")
    others = len(economy.amounts) - len(section)
    if others:
        where = "elsewhere" if section or economy.span is not None else "in the text"
        parts.append(f"{others} {'amount' if others == 1 else 'amounts'} {where}")
    if economy.budget_rows:
        totals = [row for row in economy.budget_rows if row.is_total]
        text = f"{len(economy.budget_rows)} budget figures"
        if totals:
            with localcontext(EXACT):  # format_number computes in the current context
                largest_total = format_number(max(r.value for r in totals))
            text += f" (largest total {largest_total} kr.)"
        parts.append(text)
    return "; ".join(parts) if parts else "Økonomi: nothing stated"
