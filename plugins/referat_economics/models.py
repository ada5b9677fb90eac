"""The result of the ``economics`` extractor: amounts, "no consequences", budget rows.

Every value carries a :class:`~referat.models.span.Span` into the original text. Money is a
:class:`~decimal.Decimal` in Danish kroner (DKK). Nothing here imports lark or cattrs.
"""

from decimal import Decimal

from attrs import frozen

from referat.models import Model, SectionKind, Span
from referat_tables.exact import exact_sum


@frozen(repr=False, eq=False)
class YearRange(Model):
    """The years an amount applies to, as written right after it.

    ``i 2017`` → 2017-2017; ``i 2018 og frem`` / ``fra 2018 og frem`` → 2018-``None`` (open);
    ``i 2025-2027`` / ``i perioden 2018-2019`` / ``fra 2023 til 2024 og 2025`` → first-last;
    ``til 2024`` and a bare ``fra 2023`` → that year; ``årligt`` → no years, ``annual=True``;
    ``årligt fra 2018`` and ``årligt fra 2023 og frem`` → 2018/2023-``None``, annual.
    ``raw`` is the phrase as written (``"fordelt over årene 2021-2024"``). A phrase only counts
    right after the amount: ``35 mio. kr. årligt med Budget 2020`` is ``årligt``.
    """

    raw: str
    start: int | None
    end: int | None
    annual: bool
    span: Span

    def covers(self, year: int) -> bool:
        """Whether ``year`` lies in the range (an open end runs forever; no years: ``False``)."""
        if self.start is None:
            return False
        return self.start <= year and (self.end is None or year <= self.end)


@frozen(repr=False, eq=False)
class Amount(Model):
    """One money amount in the running text of an agenda item.

    ``raw`` is the amount as written in the paragraph text, from its first digit (or sign) to
    the end of its unit: ``"6,3 mio. kr."``, ``"3.700.000. kr."``, ``"18 og 24 mio. kr."`` (a
    range; ``qualifier`` is then ``"mellem"``). Wrapped lines are joined with a space in ``raw``;
    ``span`` covers the source lines. ``value`` is in DKK (``6,3 mio. kr.`` → 6300000);
    ``value_to`` is the upper bound of a range. ``unit`` is the unit as written (``"kr."``,
    ``"mio. kr."``) and ``scale`` the DKK per unit (1, 1000, 1000000, 1000000000).
    ``qualifier`` is the word right before the amount, lower-cased (``"ca."``, ``"op til"``,
    ``"minimum"``, ``"i alt"``, ``"samlet"``, ``"mellem"`` …). ``section`` is the section the
    text is in (``None`` for the item's preamble); ``in_economy_section`` is true in ``Økonomi``.
    """

    raw: str
    value: Decimal
    value_to: Decimal | None
    unit: str
    scale: Decimal
    qualifier: str | None
    years: YearRange | None
    section: SectionKind | None
    in_economy_section: bool
    span: Span

    @property
    def is_range(self) -> bool:
        """Whether the amount is a range (``mellem 18 og 24 mio. kr.``)."""
        return self.value_to is not None

    @property
    def phrase(self) -> str:
        """The qualifier and the amount: ``"ca. 70 mio. kr."``."""
        return f"{self.qualifier} {self.raw}" if self.qualifier else self.raw


@frozen(repr=False, eq=False)
class NoConsequences(Model):
    """A sentence stating that the case has no (direct) economic consequences.

    ``text`` is the sentence as in the paragraph text (wrapped lines joined with a space).
    """

    text: str
    span: Span


@frozen(repr=False, eq=False)
class BudgetRow(Model):
    """One number of a money table, as a tidy row.

    ``row_label`` is the text of the row's label cell, ``column_label`` the column's header
    text; ``year`` is the year the column (or, in a table with years down the side, the row)
    names, if exactly one. ``value`` is in DKK (the cell's number times the table's scale),
    ``unit`` the unit it was written in (``"1.000 kr."``, ``"kr."``). ``is_total`` marks a
    totals row or a totals column (``I alt``), which must not be added to the other rows.
    """

    row_label: str
    column_label: str
    year: int | None
    value: Decimal
    unit: str | None
    span: Span
    is_total: bool = False


@frozen(repr=False, eq=False)
class Economy(Model):
    """The economics of one agenda item.

    ``amounts`` are all money amounts in the item's prose (every section and the preamble), in
    text order; ``no_consequences`` is the first "no economic consequences" statement of the
    ``Økonomi`` section (of the whole item when it has no such section); ``budget_rows`` are
    the numbers of the item's money tables; ``span`` is the ``Økonomi`` section's span (``None``
    when the item has none).
    """

    amounts: tuple[Amount, ...]
    no_consequences: NoConsequences | None
    budget_rows: tuple[BudgetRow, ...]
    span: Span | None

    @property
    def has_consequences(self) -> bool | None:
        """``False`` when the text says there are none, ``True`` when the ``Økonomi`` section
        names amounts or budget figures, ``None`` when it says neither."""
        if self.no_consequences is not None:
            return False
        if self.section_amounts or self.budget_rows:
            return True
        return None

    @property
    def section_amounts(self) -> tuple[Amount, ...]:
        """The amounts of the ``Økonomi`` section."""
        return tuple(amount for amount in self.amounts if amount.in_economy_section)

    @property
    def largest(self) -> Amount | None:
        """The amount with the largest value (the upper bound for a range), or ``None``."""
        if not self.amounts:
            return None
        return max(self.amounts, key=lambda a: a.value_to if a.value_to is not None else a.value)

    def total(self, column: str | None = None, *, year: int | None = None) -> Decimal | None:
        """The sum of the budget rows that are not totals, in one ``column`` and/or ``year``.

        ``None`` when no row matches. At least one of ``column`` and ``year`` is required: the
        columns of one table are unlike figures (budget, accounts, deviation). Amounts in prose
        are never summed: the text often gives a total and its parts side by side.
        """
        if column is None and year is None:
            msg = "total() needs a column label or a year"
            raise ValueError(msg)
        rows = [
            row
            for row in self.budget_rows
            if not row.is_total
            and (column is None or row.column_label == column)
            and (year is None or row.year == year)
        ]
        if not rows:
            return None
        return exact_sum(row.value for row in rows)
