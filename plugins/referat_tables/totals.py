"""Totals rows and totals columns.

A body row is a **totals row** when

* its first cell is ``I alt`` / ``Total`` / ``Sum``, alone or followed by more words
  (``I alt``, ``<b>I alt</b>``, ``I alt 2024``); or
* its first cell ends with ``i alt`` (``Anlæg og gravminde i alt``, ``… i alt.``, ``… i alt:``)
  and the row totals something: it is bold, or it follows at least one other body row with
  values. ``Evt udvidelse fra 12 til 20 urner i alt⇥7.500`` (002:738), the only row of its
  table and not bold, is a data row; "i alt" in the middle of a label never makes a total; or
* it has no label (its first cell is empty), every filled cell is a plain number or amount (no
  ``%``, no ``10 borgere``), it is the last row and rows with values come before it
  (``⇥⇥⇥⇥⇥2.800.000``); or
* it is a **bold grand total**: the last row, every filled cell bold, with values, and in every
  column where it has a number that number is the sum of the numbers above it in the bold rows
  (the subtotals) or in the plain rows, up to rounding (one unit of the last printed digit per
  addend). ``<b>Beskæftigelses- og Socialudvalget</b>⇥<b>4.895.122</b>…`` (002:215) sums the
  bold ``Service`` and ``Særlige driftsområder`` rows; the bold last row of a running balance
  (``<b>Reservationspulje 2023</b>``, 002:284) does not add up, so it is not a total.

A **totals column** is a column (not the first) whose header cell reads ``I alt`` / ``i alt`` /
``Total`` (``…⇥2027⇥I alt``, ``…⇥2022⇥i alt``).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from decimal import Decimal
from typing import Final

from referat_tables.exact import EXACT, exact_sum
from referat_tables.quantities import read_value

_TOTAL_LABEL: Final = re.compile(r"(?:i\s+alt|total|sum)(?:\b.*)?", re.IGNORECASE | re.DOTALL)
_ENDS_IN_TOTAL: Final = re.compile(r".*\bi\s+alt\s*[.:]?", re.IGNORECASE | re.DOTALL)
_TOTAL_FIRST: Final = frozenset(
    "iIİıtTsSſ"
)  # the characters ``i``, ``t`` and ``s`` match, case ignored
_TOTAL_HEADER: Final = re.compile(r"(?:i\s+alt|total|sum)\s*[.:]?", re.IGNORECASE)


class RowFacts:
    """What the totals rules need to know about one body row: cell texts and boldness.

    ``amounts`` are the plain numbers or amounts of the cells (``None`` for anything else, see
    :meth:`number`); they are read from ``texts`` unless the caller already has them. The
    boldness is only needed for a few rows: instead of ``bold`` a caller may give ``bold_of``,
    which computes it when it is first needed, and ``has_value`` when it knows it.
    """

    __slots__ = ("_all_bold", "_bold", "_bold_of", "amounts", "has_value", "texts")

    def __init__(
        self,
        texts: tuple[str, ...],
        bold: tuple[bool, ...] | None = None,
        amounts: tuple[Decimal | None, ...] | None = None,
        bold_of: Callable[[], tuple[bool, ...]] | None = None,
        has_value: bool | None = None,
    ) -> None:
        self.texts = texts
        self._bold = bold
        self._bold_of = bold_of
        self.amounts = amounts = tuple(map(amount_of, texts)) if amounts is None else amounts
        #: Whether a column after the first holds a plain number or amount.
        self.has_value = has_value if has_value is not None else _any_number(amounts[1:])
        self._all_bold: bool | None = None

    @property
    def bold(self) -> tuple[bool, ...]:
        """Whether each cell is bold."""
        if self._bold is None:
            if self._bold_of is None:
                msg = "RowFacts needs bold or bold_of"
                raise TypeError(msg)
            self._bold = self._bold_of()
        return self._bold

    @property
    def all_bold(self) -> bool:
        """Whether every filled cell is bold (and some cell is filled)."""
        if self._all_bold is None:
            bold = self.bold
            self._all_bold = False
            if any(bold):
                filled = [b for t, b in zip(self.texts, bold, strict=True) if t.strip()]
                self._all_bold = bool(filled) and all(filled)
        return self._all_bold

    def number(self, index: int) -> Decimal | None:
        """The plain number or amount in column ``index`` (``None`` for anything else)."""
        return self.amounts[index] if index < len(self.amounts) else None


def _any_number(amounts: Sequence[Decimal | None]) -> bool:
    # ``is not None``, never ``==``: comparing a Decimal with None is slow (an ABC check).
    return any(amount is not None for amount in amounts)


def amount_of(text: str) -> Decimal | None:
    """The plain number or amount ``text`` holds (not a percentage or a count), else ``None``."""
    read = read_value(text)
    if read is None:
        return None
    number, unit = read
    return number if number is not None and (unit is None or unit.scale is not None) else None


def total_rows(rows: Sequence[RowFacts]) -> tuple[bool, ...]:
    """For each body row, whether it is a totals row."""
    flags: list[bool] = []
    earlier_values = False
    for index, row in enumerate(rows):
        flags.append(_is_total(row, index, rows, earlier_values=earlier_values))
        earlier_values = earlier_values or row.has_value
    return tuple(flags)


def _is_total(row: RowFacts, index: int, rows: Sequence[RowFacts], *, earlier_values: bool) -> bool:
    first = row.texts[0].strip() if row.texts else ""
    last = index == len(rows) - 1
    # Cheap tests first: what ``re.IGNORECASE`` lets ``i``, ``t``, ``s`` and ``alt`` match.
    if first and first[0] in _TOTAL_FIRST and _TOTAL_LABEL.fullmatch(first):
        return True
    if first and "alt" in first.lower() and _ENDS_IN_TOTAL.fullmatch(first):
        return earlier_values or row.all_bold  # the boldness only when it decides
    if not first and last and earlier_values:
        filled = [i for i, text in enumerate(row.texts) if text.strip()]
        return bool(filled) and all(row.number(i) is not None for i in filled)
    if last and row.has_value and earlier_values and row.all_bold:
        return _adds_up(row, rows[:index])
    return False


def _quantum(numbers: Sequence[Decimal]) -> Decimal:
    exponents = [n.as_tuple().exponent for n in numbers]
    smallest = min((e for e in exponents if isinstance(e, int)), default=0)
    return Decimal(1).scaleb(min(smallest, 0), EXACT)


def _sums_to(total: Decimal, addends: Sequence[Decimal]) -> bool:
    if not addends:
        return False
    tolerance = EXACT.multiply(_quantum([total, *addends]), len(addends))
    return EXACT.abs(EXACT.subtract(exact_sum(addends), total)) <= tolerance


def _adds_up(row: RowFacts, above: Sequence[RowFacts]) -> bool:
    checked = 0
    bold_rows = [r for r in above if r.all_bold]
    plain_rows = [r for r in above if not r.all_bold]
    for index in range(1, len(row.texts)):
        total = row.number(index)
        if total is None:
            continue
        bold = [n for r in bold_rows if (n := r.number(index)) is not None]
        if not _sums_to(total, bold):
            plain = [n for r in plain_rows if (n := r.number(index)) is not None]
            if not _sums_to(total, plain):
                return False
        checked += 1
    return checked > 0


def total_column(header_rows: Sequence[Sequence[str]]) -> int | None:
    """The index of the header's totals column, or ``None``."""
    for texts in header_rows:
        for index, text in enumerate(texts):
            if index > 0 and _TOTAL_HEADER.fullmatch(text.strip()):
                return index
    return None
