"""Danish number formats: ``1.044.235``, ``-20.371``, ``11,5``, ``3.729.051,00``, ``37,4 %``.

Thousands are grouped with ``.``, decimals follow ``,``. Shared by the tables and economics
plugins; pure functions with no state.
"""

from __future__ import annotations

import re
from decimal import Decimal

#: A Danish number: optional sign, digits grouped by dots (or not), optional decimal comma.
NUMBER = re.compile(r"(?P<sign>[-−–]\s?)?(?P<int>\d{1,3}(?:\.\d{3})+|\d+)(?:,(?P<frac>\d+))?(?!\d)")
_WHOLE = re.compile(r"\s*" + NUMBER.pattern + r"\.?\s*(?P<pct>%)?\s*")


def parse_number(text: str) -> Decimal | None:
    """The value of a cell or phrase that is exactly one Danish number, else ``None``.

    >>> parse_number("1.044.235"), parse_number("-20.371"), parse_number("11,5")
    (Decimal('1044235'), Decimal('-20371'), Decimal('11.5'))
    >>> parse_number("37,4 %"), parse_number("3.700.000."), parse_number("–")
    (Decimal('37.4'), Decimal('3700000'), None)
    """
    match = _WHOLE.fullmatch(text)
    if match is None:
        return None
    return number_value(match)


def number_value(match: re.Match[str]) -> Decimal:
    """The value of a :data:`NUMBER` match."""
    digits = match.group("int").replace(".", "")
    frac = match.group("frac")
    value = Decimal(f"{digits}.{frac}") if frac else Decimal(digits)
    return -value if match.group("sign") else value


def format_number(value: Decimal, *, decimals: int | None = None, group: bool = True) -> str:
    """Write ``value`` the Danish way: ``Decimal("-1234567.5")`` → ``"-1.234.567,5"``.

    >>> format_number(Decimal("-1234567.5"))
    '-1.234.567,5'
    """
    if decimals is not None:
        value = value.quantize(Decimal(1).scaleb(-decimals))
    sign = "-" if value < 0 else ""
    text = format(abs(value), "f")
    whole, _, frac = text.partition(".")
    if group:
        whole = f"{int(whole):,}".replace(",", ".")
    return f"{sign}{whole},{frac}" if frac else f"{sign}{whole}"
