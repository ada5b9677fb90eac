"""Exact decimal arithmetic with a bound, shared by the tables and economics plugins.

Every number a table cell or an amount holds is a :class:`~decimal.Decimal` read exactly from
its digits. Python's default context keeps only 28 significant digits: ``-x`` or ``x * scale``
of a 30-digit number would round it, and ``quantize`` of one raises ``InvalidOperation``. So
the plugins never compute in the default context; they compute in :data:`EXACT`, whose
precision holds every product and every sum of numbers within the bound, and which raises
(``Inexact``) rather than round should that promise ever be broken.

The bound: a number may have at most :data:`MAX_DIGITS` digits (sign, dots and comma not
counted). Real money has fewer than 20; 100 leaves room for any real number while keeping a
number cheap to read. A longer one is not read as a number: the tables plugin keeps its cell
as text, the economics plugin skips the amount, and each says so in a diagnostic
(``table-number-too-long``, ``economics-number-too-long``). Its digits are never turned
into a Decimal, so even a million-digit number costs only the time to look at it.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import (
    ROUND_HALF_EVEN,
    Context,
    Decimal,
    DivisionByZero,
    Inexact,
    InvalidOperation,
    Overflow,
)
from typing import Final

#: The most digits a number may have to be read (sign, dots and comma not counted).
MAX_DIGITS: Final = 100

#: The context of every computation on numbers read: a product of two numbers within the
#: bound has at most ``2 * MAX_DIGITS`` digits, a sum of numbers within the bound (even of
#: products with a money scale) at most ``2 * MAX_DIGITS + 10`` plus the digits of the number
#: of addends. Rounding is an error here, never silent.
EXACT: Final = Context(
    prec=3 * MAX_DIGITS,
    rounding=ROUND_HALF_EVEN,
    traps=[InvalidOperation, DivisionByZero, Overflow, Inexact],
)

_ONE: Final = Decimal(1)


def decimal_of(whole: str, frac: str | None, *, negative: bool = False) -> Decimal:
    """The exact value of a number written as the digits ``whole`` and ``frac`` (after the
    comma; ``None`` or empty when there are none).

    The caller checks the bound (:func:`within_bound`) first.

    >>> decimal_of("3729051", "00"), decimal_of("108", None, negative=True)
    (Decimal('3729051.00'), Decimal('-108'))
    >>> decimal_of("1" * 30, None, negative=True) == -int("1" * 30)
    True
    """
    value = Decimal(f"{whole}.{frac}") if frac else Decimal(whole)
    return EXACT.minus(value) if negative else value


def within_bound(digits: int) -> bool:
    """Whether a number of ``digits`` digits is read (see :data:`MAX_DIGITS`)."""
    return digits <= MAX_DIGITS


def times(number: Decimal, scale: Decimal) -> Decimal:
    """``number * scale``, exact.

    >>> times(Decimal("1" * 40), Decimal(1000000)) == int("1" * 40) * 10**6
    True
    """
    return EXACT.multiply(number, scale)


def whole(value: Decimal) -> Decimal:
    """``value`` without a fraction of zeros when it is whole (``12.00`` → ``12``), exact.

    >>> whole(Decimal("6300000.0")), whole(Decimal("10.80"))
    (Decimal('6300000'), Decimal('10.80'))
    >>> whole(Decimal("9" * 60 + ".00")) == int("9" * 60)
    True
    """
    if value == value.to_integral_value(context=EXACT):
        return value.quantize(_ONE, context=EXACT)
    return value


def exact_sum(values: Iterable[Decimal]) -> Decimal:
    """The exact sum of ``values`` (``0`` for none).

    >>> exact_sum([Decimal("1" * 40), Decimal("0.5"), Decimal(-1)]) == Decimal("1" * 39 + "0.5")
    True
    """
    result = Decimal(0)
    for value in values:
        result = EXACT.add(result, value)
    return result
