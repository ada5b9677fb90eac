"""Numbers and units in table cells, and the unit a header cell states.

Cell values (after :func:`referat_tables.markup.cell_text`):

* a Danish number, grouped with ``.`` and with a decimal ``,`` (``1.044.235``, ``-20.371``,
  ``11,5``, ``3.729.051,00``), possibly followed by its own unit: ``%`` (``37,4 %``,
  ``75,0%``), ``kr.`` (``105.000 kr.``), ``mio. kr.``, ``mia. kr.``, ``t. kr.``;
* or followed by one word naming what is counted (``10 borgere``: number 10, unit
  ``borgere``, not money);
* footnote stars before or after the number are ignored (``*** 55,2 %``);
* a lone dash (``-``, ``–``, ``—``) means "none": it is a value cell without a number.

Anything else (``3,7 % (0,9 procentpoint …) (Sep-23)``, ``10 årig aftale``, ``CFU = 19,36 …``) is
text: no number.

Header units (:func:`header_unit`) come from a header cell that is a unit (``1.000 kr.``,
``Mio. kr.``, ``kr.``, ``%``) or ends with one after ``–``, ``-``, ``i``, ``,`` or inside
parentheses (``Beskrivelse – Kr.``, ``Engangsbeløb i kr.``, ``Beløb (1.000 kr.)``). Money
units carry their scale in DKK per unit.
"""

from __future__ import annotations

import re
from decimal import Decimal

from attrs import frozen

from referat.danish import NUMBER, number_value

_MONEY_WORDS = (
    # (regex for the unit as written, canonical spelling, DKK per unit)
    (r"1\.000\s*kr\.?|t\.?\s?kr\.?|tkr\.?|tusind\s+kr\.?", "1.000 kr.", Decimal(1000)),
    (r"mio\.?\s*kr\.?|millioner\s+kr\.?", "Mio. kr.", Decimal(1000000)),
    (r"mia\.?\s*kr\.?|milliarder\s+kr\.?", "Mia. kr.", Decimal(1000000000)),
    (r"kr\.?|kroner|dkk", "kr.", Decimal(1)),
)
_PERCENT_WORDS = r"%|pct\.?|procent"

_UNIT_ALTERNATIVES = "|".join(f"(?P<m{i}>{w})" for i, (w, _, _) in enumerate(_MONEY_WORDS))
_UNIT = rf"(?:{_UNIT_ALTERNATIVES}|(?P<pct>{_PERCENT_WORDS}))"

#: A whole header cell that is a unit, optionally "i"/"in" before it: ``1.000 kr.``, ``i kr.``.
_WHOLE_UNIT = re.compile(rf"(?:(?:i|in)\s+)?{_UNIT}", re.IGNORECASE)
#: A unit at the end of a label: ``Beskrivelse – Kr.``, ``Engangsbeløb i kr.``, ``Beløb, kr.``.
_TRAILING_UNIT = re.compile(rf"(?:\s[–—-]|\si|,)\s+{_UNIT}\s*", re.IGNORECASE)
#: A unit in parentheses at the end of a label: ``Beløb (1.000 kr.)``, ``Budget (i mio. kr.)``.
_PAREN_UNIT = re.compile(rf"\((?:i\s+)?{_UNIT}\)\s*", re.IGNORECASE)

_CELL_UNIT = rf"(?:{_UNIT_ALTERNATIVES}|(?P<pct>%))"
#: A count noun after a number: ``10 borgere``, ``3 stk.`` (one word, letters only).
_COUNT_WORD = r"(?P<word>[^\W\d_]+\.?)"
#: A value cell: stars, a number, then its own unit (maybe after a stray period), a counted
#: word (not after a period: ``1. indikator`` is an ordinal) or a stray period; stars.
_VALUE = re.compile(
    rf"\**\s*(?:{NUMBER.pattern})(?:\.?\s*{_CELL_UNIT}|\s+{_COUNT_WORD}|\.)?\s*\**",
    re.IGNORECASE,
)
_DASH = re.compile(r"[-–—]")
_YEAR = re.compile(r"(?:19|20)\d\d")


@frozen
class Unit:
    """A unit as stated in a table: canonical ``name`` and DKK ``scale`` (``None``: not money)."""

    name: str
    scale: Decimal | None


PERCENT = Unit("%", None)


def _unit_of(match: re.Match[str]) -> Unit:
    if match.group("pct"):
        return PERCENT
    for index, (_, name, scale) in enumerate(_MONEY_WORDS):
        if match.group(f"m{index}"):
            return Unit(name, scale)
    msg = "a unit match without a unit group"  # pragma: no cover - the regex guarantees one
    raise AssertionError(msg)


def header_unit(text: str) -> Unit | None:
    """The unit a header cell states, or ``None``.

    >>> header_unit("1.000 kr."), header_unit("Beskrivelse – Kr.")
    (Unit(name='1.000 kr.', scale=Decimal('1000')), Unit(name='kr.', scale=Decimal('1')))
    >>> header_unit("Engangsbeløb i kr.").name, header_unit("Mio. kr.").name
    ('kr.', 'Mio. kr.')
    >>> header_unit("Korrigeret budget 2023") is None
    True
    """
    text = text.strip()
    match = _WHOLE_UNIT.fullmatch(text)
    if match is None:
        match = _TRAILING_UNIT.search(text)
        if match is not None and match.end() != len(text):
            match = None
    if match is None:
        match = _PAREN_UNIT.search(text)
        if match is not None and match.end() != len(text):
            match = None
    return _unit_of(match) if match is not None else None


def is_unit_cell(text: str) -> bool:
    """Whether a cell is nothing but a unit (``1.000 kr.``, ``Mio. kr.``, ``%``)."""
    return _WHOLE_UNIT.fullmatch(text.strip()) is not None


@frozen
class Value:
    """A parsed value cell: ``number`` (``None`` for a dash) and the cell's own ``unit``."""

    number: Decimal | None
    unit: Unit | None = None

    @property
    def is_amount(self) -> bool:
        """A number that is a plain number or money (not a percentage or a count of things)."""
        return self.number is not None and (self.unit is None or self.unit.scale is not None)


def parse_value(text: str) -> Value | None:
    """The value of a cell that is one number (maybe with its own unit) or a dash, else ``None``.

    >>> parse_value("105.000 kr.")
    Value(number=Decimal('105000'), unit=Unit(name='kr.', scale=Decimal('1')))
    >>> parse_value("37,4 %").number, parse_value("–").number, parse_value("10 borgere").unit.name
    (Decimal('37.4'), None, 'borgere')
    >>> parse_value("3,7 % (Sep-23)") is None, parse_value("10 årig aftale") is None
    (True, True)
    >>> parse_value("1. indikator") is None, parse_value("3.700.000. kr.").number
    (True, Decimal('3700000'))
    """
    text = text.strip()
    if _DASH.fullmatch(text):
        return Value(None)
    match = _VALUE.fullmatch(text)
    if match is None:
        return None
    has_unit = match.group("pct") is not None or any(
        match.group(f"m{index}") is not None for index in range(len(_MONEY_WORDS))
    )
    if has_unit:
        return Value(number_value(match), _unit_of(match))
    word = match.group("word")
    return Value(number_value(match), Unit(word, None) if word else None)


def is_year(text: str) -> bool:
    """Whether ``text`` is a bare four-digit year (a column label, not a value)."""
    return _YEAR.fullmatch(text.strip()) is not None
