"""The ``economics`` extractor: amounts, "no consequences" and budget rows of an agenda item."""

from __future__ import annotations

from collections.abc import Iterator, Sequence

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
)
from referat.runner import Context
from referat_economics.amounts import FoundAmount, maybe_money, scan
from referat_economics.budget import budget_rows
from referat_economics.consequences import find_no_consequences
from referat_economics.models import Amount, Economy, NoConsequences, YearRange
from referat_economics.patterns import CURRENCY, LOOKBACK, NUMBERISH

Text = Paragraph | ListItem


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


def _amount(found: FoundAmount, node: Text, section: Section | None, ctx: Context) -> Amount:
    years = None
    if found.years is not None:
        years = YearRange(
            raw=found.years.raw,
            start=found.years.first,
            end=found.years.last,
            annual=found.years.annual,
            span=ctx.text_span(node, found.years.start, found.years.end),
        )
    kind = section.kind if section else None
    return Amount(
        raw=found.raw,
        value=found.value,
        value_to=found.value_to,
        unit=found.unit,
        scale=found.scale,
        qualifier=found.qualifier,
        years=years,
        section=kind,
        in_economy_section=kind is SectionKind.ECONOMY,
        span=ctx.text_span(node, found.start, found.end),
    )


def _report_unreadable(node: Text, found: list[FoundAmount], ctx: Context) -> None:
    """Warn about a currency word after something number-like that is not an amount."""
    text = node.text
    units = {amount.end for amount in found}
    for match in CURRENCY.finditer(text):
        if match.end() in units:
            continue
        number = NUMBERISH.search(text, max(0, match.start() - LOOKBACK), match.start())
        if number is None:
            continue
        raw = text[number.start() : match.end()]
        ctx.report(
            Severity.WARNING,
            "economics-unreadable-amount",
            f"{raw!r} looks like money but is not a Danish amount (1.234.567,89 kr.)",
            ctx.text_span(node, number.start(), match.end()),
        )


def extract_economy(item: AgendaItem, ctx: Context) -> Economy | None:
    """The economics of ``item``; ``None`` when it has no ``Økonomi`` section and no money."""
    economy = item.section(SectionKind.ECONOMY)
    amounts: list[Amount] = []
    for section, node in _item_texts(item):
        if not maybe_money(node.text):
            continue
        found = list(scan(node.text))
        amounts.extend(_amount(amount, node, section, ctx) for amount in found)
        _report_unreadable(node, found, ctx)
    no_consequences = _no_consequences(item, economy, ctx)
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


def _money(amount: Amount) -> str:
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
        parts.append(f"Økonomi: {len(section)} {noun}, largest {_money(largest)}")
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
            text += f" (largest total {format_number(max(r.value for r in totals))} kr.)"
        parts.append(text)
    return "; ".join(parts) if parts else "Økonomi: nothing stated"
