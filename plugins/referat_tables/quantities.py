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

import functools
import re
from decimal import Decimal

from attrs import frozen

from referat.danish import NUMBER
from referat.models import Model
from referat_tables.exact import decimal_of, within_bound

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


@functools.cache
def _unit_patterns() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    """The patterns of a unit in a header cell, compiled on first use (a table whose cells
    name no unit needs none; compiling them is a millisecond or two of every start):

    * a whole cell that is a unit, optionally "i"/"in" before it: ``1.000 kr.``, ``i kr.``;
    * a unit at the end of a label: ``Beskrivelse – Kr.``, ``Engangsbeløb i kr.``, ``Beløb, kr.``;
    * a unit in parentheses at the end of a label: ``Beløb (1.000 kr.)``, ``Budget (i mio. kr.)``.
    """
    return (
        re.compile(rf"(?:(?:i|in)\s+)?{_UNIT}", re.IGNORECASE),
        re.compile(rf"(?:\s[–—-]|\si|,)\s+{_UNIT}\s*", re.IGNORECASE),
        re.compile(rf"\((?:i\s+)?{_UNIT}\)\s*", re.IGNORECASE),
    )


_UNIT_PATTERN_NAMES = ("_WHOLE_UNIT", "_TRAILING_UNIT", "_PAREN_UNIT")


def __getattr__(name: str) -> re.Pattern[str]:
    """The unit patterns by name, as the module had them (``quantities._WHOLE_UNIT``)."""
    if name in _UNIT_PATTERN_NAMES:
        return _unit_patterns()[_UNIT_PATTERN_NAMES.index(name)]
    msg = f"module {__name__!r} has no attribute {name!r}"
    raise AttributeError(msg)


_CELL_UNIT = rf"(?:{_UNIT_ALTERNATIVES}|(?P<pct>%))"
#: A count noun after a number: ``10 borgere``, ``3 stk.`` (one word, letters only).
_COUNT_WORD = r"(?P<word>[^\W\d_]+\.?)"
#: A value cell: stars, a number, then its own unit (maybe after a stray period), a counted
#: word (not after a period: ``1. indikator`` is an ordinal) or a stray period; stars.
_VALUE = re.compile(
    rf"\**\s*(?:{NUMBER.pattern})(?:\.?\s*{_CELL_UNIT}|\s+{_COUNT_WORD}|\.)?\s*\**",
    re.IGNORECASE,
)
_YEAR = re.compile(r"(?:19|20)\d\d")


@frozen(repr=False, eq=False)
class Unit(Model):
    """A unit as stated in a table: canonical ``name`` and DKK ``scale`` (``None``: not money)."""

    name: str
    scale: Decimal | None


PERCENT = Unit("%", None)


_MONEY_UNITS = tuple(Unit(name, scale) for _, name, scale in _MONEY_WORDS)
_UNIT_GROUPS = ("pct", *(f"m{index}" for index in range(len(_MONEY_WORDS))))
_VALUE_GROUPS = ("sign", "int", "frac", *_UNIT_GROUPS, "word")
_DASHES = frozenset("-–—")
#: The first character of every value that is not a digit (``\d``): a star, a sign, a dash.
VALUE_START = frozenset("*-−–—")
_SIGNS = frozenset("-−–")


def may_state_unit(text: str) -> bool:
    """Whether ``text`` may hold a unit: a cheap test before the unit regexes.

    Every unit spelling contains ``kr``, ``dkk``, ``%``, ``pct`` or ``procent``, and with
    ``re.IGNORECASE`` each of these letters matches exactly the characters whose lower case
    it is (the KELVIN SIGN lowers to ``k``), so ``str.lower`` finds every place they can match.
    """
    if "%" in text:
        return True
    low = text.lower()
    return "kr" in low or "dkk" in low or "pct" in low or "procent" in low


def _unit_of(match: re.Match[str]) -> Unit:
    pct, *money = match.group(*_UNIT_GROUPS)
    if pct:
        return PERCENT
    for unit, group in zip(_MONEY_UNITS, money, strict=True):
        if group:
            return unit
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
    if not may_state_unit(text):
        return None
    whole, trailing, parenthesised = _unit_patterns()
    match = whole.fullmatch(text)
    if match is None:
        match = trailing.search(text)
        if match is not None and match.end() != len(text):
            match = None
    if match is None:
        match = parenthesised.search(text)
        if match is not None and match.end() != len(text):
            match = None
    return _unit_of(match) if match is not None else None


def is_unit_cell(text: str) -> bool:
    """Whether a cell is nothing but a unit (``1.000 kr.``, ``Mio. kr.``, ``%``)."""
    text = text.strip()
    return may_state_unit(text) and _unit_patterns()[0].fullmatch(text) is not None


@frozen(repr=False, eq=False)
class Value(Model):
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

    A number of more than :data:`~referat_tables.exact.MAX_DIGITS` digits is a value cell
    without a number, as a dash is (:func:`overlong` tells it apart):

    >>> parse_value("1" * 101 + " kr.")
    Value(number=None, unit=None)
    """
    read = read_value(text)
    return None if read is None else Value(*read)


#: What :func:`read_value` gives for a dash, or a number beyond the bound: a value cell
#: without a number.
NO_NUMBER: tuple[Decimal | None, Unit | None] = (None, None)


def read_value(text: str) -> tuple[Decimal | None, Unit | None] | None:
    """:func:`parse_value` as a ``(number, unit)`` pair, without building a :class:`Value`."""
    text = text.strip()
    if not text or not (text[0] in VALUE_START or text[0].isdecimal()):
        return None  # a value starts with a star, a sign, a dash or a digit (``\d``)
    if text.isdecimal():  # digits only (``\d+``): ``_VALUE`` reads them as they are
        return (Decimal(text), None) if within_bound(len(text)) else NO_NUMBER
    plain = _read_plain(text)
    if plain is not None:
        return plain
    if text in _DASHES:
        return NO_NUMBER
    match = _VALUE.fullmatch(text)
    if match is None:
        return None
    sign, digits, frac, pct, *money, word = match.group(*_VALUE_GROUPS)
    number = _number(sign, digits, frac)
    if number is None:
        return NO_NUMBER
    if pct:
        return number, PERCENT
    for unit, group in zip(_MONEY_UNITS, money, strict=True):
        if group:
            return number, unit
    return number, Unit(word, None) if word else None


def _read_plain(text: str) -> tuple[Decimal | None, Unit | None] | None:
    """A bare Danish number, maybe with ``%`` (the usual values), read without a regex.

    Reads exactly what ``NUMBER`` followed by ``(\\s*%)?`` matches as a whole (``None`` for
    anything else); ``_VALUE`` reads such a text the same way, since after the number there
    is no letter for another unit or a word to match. ``str.isdecimal`` and ``str.isspace``
    are exactly ``\\d`` and ``\\s``. A number beyond the bound is :data:`NO_NUMBER`.
    """
    sign = text[0] in _SIGNS
    body = text
    if sign:  # ``[-−–]\s?``
        body = text[1:]
        if body[:1].isspace():
            body = body[1:]
    pct = body.endswith("%")
    if pct:  # ``\s*%``
        body = body[:-1].rstrip()
    whole, comma, frac = body.partition(",")
    if comma and not frac.isdecimal():  # ``,\d+``
        return None
    if not whole.isdecimal():  # not ``\d+``: then ``\d{1,3}(?:\.\d{3})+``
        digits = whole.replace(".", "")
        dots = len(whole) - len(digits)
        head = len(digits) - 3 * dots  # the digits before the first dot
        # A dot after the head and after every three digits, the rest digits.
        if not (dots and 0 < head <= 3 and digits.isdecimal() and whole[head::4] == "." * dots):
            return None
        whole = digits
    if not within_bound(len(whole) + len(frac)):
        return NO_NUMBER
    return decimal_of(whole, frac, negative=sign), PERCENT if pct else None


def _number(sign: str | None, digits: str, frac: str | None) -> Decimal | None:
    """The value of a :data:`~referat.danish.NUMBER` match's groups (as ``number_value``,
    but exact for any number of digits); ``None`` beyond the bound."""
    digits = digits.replace(".", "")
    if not within_bound(len(digits) + len(frac or "")):
        return None
    return decimal_of(digits, frac, negative=bool(sign))


def overlong(text: str) -> int | None:
    """The number of digits of a value cell's number when it is beyond the bound (the cell
    :func:`read_value` reads as a value without a number), else ``None``.

    >>> overlong("1" * 101 + " kr."), overlong("-1" + ".111" * 40), overlong("1" * 100)
    (101, 121, None)
    >>> overlong("1" * 200 + " og mere") is None
    True
    """
    text = text.strip()
    if within_bound(len(text)):
        return None  # a number has no more digits than its text has characters
    match = _VALUE.fullmatch(text)
    if match is None:
        return None
    digits = len(match.group("int").replace(".", "")) + len(match.group("frac") or "")
    return None if within_bound(digits) else digits


def is_year(text: str) -> bool:
    """Whether ``text`` is a bare four-digit year (a column label, not a value)."""
    return _YEAR.fullmatch(text.strip()) is not None
