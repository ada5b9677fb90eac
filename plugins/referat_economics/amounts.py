"""Finding money amounts in a string: pure functions over text, offsets into that text.

The extractor (:mod:`referat_economics.extract`) turns the offsets into source spans. See
:mod:`referat_economics.patterns` for the phrase language.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import Decimal, localcontext

from attrs import frozen

from referat_economics.patterns import AMOUNT, LOOKBACK, QUALIFIER, RANGE_LEAD, scale_of
from referat_economics.years import FoundYears, years_after

_ONE = Decimal(1)
_BARE_YEAR = re.compile(r"(?:19|20)\d\d")
_PRECISION = 28  # the default decimal context's precision


@frozen
class FoundAmount:
    """An amount found in a text: ``text[start:end]`` is ``raw``.

    ``unit_start`` is where the unit begins (``text[unit_start:end]`` is the unit as written).
    """

    start: int
    end: int
    raw: str
    value: Decimal
    value_to: Decimal | None
    unit: str
    scale: Decimal
    qualifier: str | None
    years: FoundYears | None
    unit_start: int


def number_of(text: str) -> Decimal:
    """The exact value of a Danish number as matched by the patterns (sign, dots, comma).

    >>> number_of("3.729.051,00"), number_of("-10,8"), number_of("454.000")
    (Decimal('3729051.00'), Decimal('-10.8'), Decimal('454000'))
    """
    negative = text[:1] in ("-", "−", "–")
    digits = text[1:] if negative else text
    whole, _, frac = digits.replace(".", "").partition(",")
    value = Decimal(f"{whole}.{frac}") if frac else Decimal(whole)
    return -value if negative else value


def in_dkk(number: Decimal, scale: Decimal) -> Decimal:
    """``number * scale``, exact, without a trailing ``.0`` when the result is whole.

    >>> in_dkk(Decimal("6.3"), Decimal(1000000)), in_dkk(Decimal("3729051.00"), Decimal(1))
    (Decimal('6300000'), Decimal('3729051'))
    """
    digits = len(number.as_tuple().digits) + len(scale.as_tuple().digits) + 2
    if digits <= _PRECISION:  # the default context is exact here
        return _whole(number * scale)
    with localcontext() as context:
        context.prec = digits
        return _whole(number * scale)


def _whole(value: Decimal) -> Decimal:
    return value.quantize(_ONE) if value == value.to_integral_value() else value


def maybe_money(text: str) -> bool:
    """A cheap test: can ``text`` hold an amount at all (does it contain a currency word)?"""
    lowered = text.lower()
    return "kr" in lowered or "dkk" in lowered


def _normal(text: str) -> str:
    return " ".join(text.split())


def _qualifier(text: str, start: int) -> str | None:
    if start == 0 or not text[start - 1].isspace():
        return None  # every qualifier is followed by a space
    match = QUALIFIER.search(text, max(0, start - LOOKBACK), start)
    return _normal(match.group("qualifier")).lower() if match else None


def _range_low(
    text: str, start: int, high: Decimal, scale: Decimal
) -> tuple[int, Decimal, str | None] | None:
    """The start, DKK value and lead word of a range's first number, if one ends at ``start``."""
    if start == 0 or not (text[start - 1].isspace() or text[start - 1] in "-–"):
        return None  # the separator ("og", "til", "-") ends right before the number
    match = RANGE_LEAD.search(text, max(0, start - LOOKBACK), start)
    if match is None:
        return None
    lead = match.group("lead")
    lead = lead.lower() if lead else None
    separator = match.group("sep").strip().lower()
    if separator == "og" and lead != "mellem":
        return None  # "i 2017 og 9,9 mio. kr." is two things, not a range
    if separator == "til" and lead == "mellem":
        return None
    if lead != "mellem" and _BARE_YEAR.fullmatch(match.group("low")):
        return None  # "reduceres i 2017 til 2.500.000 kr.": a year, not a lower bound
    low = in_dkk(number_of(match.group("low")), scale)
    if not low < high:
        return None  # "fra 13,5 til 7 mio. kr." is a change, not a range
    return match.start("low"), low, lead


def find_amounts(text: str) -> Iterator[FoundAmount]:
    """Every money amount in ``text``, in order.

    >>> [a.raw for a in find_amounts("på ca. 450.000 kr. og mellem 18 og 24 mio. kr. i 2017")]
    ['450.000 kr.', '18 og 24 mio. kr.']
    """
    if maybe_money(text):
        yield from scan(text)


def scan(text: str) -> Iterator[FoundAmount]:
    """:func:`find_amounts` without the cheap :func:`maybe_money` test (done by the caller)."""
    for match in AMOUNT.finditer(text):
        unit = _normal(match.group("unit"))
        scale = scale_of(unit)
        value = in_dkk(number_of(match.group("number")), scale)
        start, end = match.start(), match.end()
        value_to: Decimal | None = None
        qualifier: str | None = None
        low = _range_low(text, start, value, scale)
        if low is not None:
            start, low_value, qualifier = low
            value, value_to = low_value, value
        if qualifier is None:
            qualifier = _qualifier(text, start)
        yield FoundAmount(
            start=start,
            end=end,
            raw=text[start:end],
            value=value,
            value_to=value_to,
            unit=unit,
            scale=scale,
            qualifier=qualifier,
            years=years_after(text, end),
            unit_start=match.start("unit"),
        )


def parse_amount(phrase: str) -> FoundAmount | None:
    """The amount when ``phrase`` is exactly one amount phrase (qualifier and years allowed).

    >>> found = parse_amount("ca. 6,3 mio. kr. årligt fra 2018")
    >>> found.value, found.qualifier, found.years.first if found.years else None
    (Decimal('6300000'), 'ca.', 2018)
    """
    found = list(find_amounts(phrase))
    if len(found) != 1:
        return None
    amount = found[0]
    end = amount.years.end if amount.years else amount.end
    if phrase[end:].strip():
        return None
    before = _normal(phrase[: amount.start]).lower()
    return amount if before == (amount.qualifier or "") else None
