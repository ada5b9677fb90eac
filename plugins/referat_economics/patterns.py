r"""The amount language: how Danish minutes write money, as linear-time regular expressions.

This module is the specification of what the economics plugin reads. An amount phrase is::

    [qualifier] [range-lead] NUMBER [.] UNIT [years]

    NUMBER     [-] 1.234.567,89 | 1234 | 6,3          thousands grouped by ".", decimals after ","
    UNIT       [scale] currency                       "kr.", "mio. kr.", "mia. kr.", "kroner" …
    scale      mio. | mia. | mill. | t. | million(er) | milliard(er) | tusind(e)
    range-lead mellem N og | [fra] N til | N -        "mellem 18 og 24 mio. kr."
    qualifier  ca. | cirka | op til | op mod | minimum | mindst | maksimum | højst | i alt |
               samlet | omkring | knap | over | under | mere end | mindre end
    years      årligt [period] | period               "årligt fra 2023 og frem", "i 2025-2027"
    period     prep list [og frem] | YEAR-YEAR        "fra 2023 til 2024 og 2025"

A unit may also stand before the number (:data:`UNIT_FIRST`): ``kr. 12.500``, ``kr. 12.500,-``,
``DKK 3,5 mio.``, read where a currency word is not the end of an amount.

Not read: amounts in words (``et trecifret
millionbeløb``), a number whose unit is only implied (``6.300, 16.700 og 32.500 kr.`` gives one
amount, ``32.500 kr.``), and years written before the amount (``I 2023 sparede … 1,5 mio. kr.``).

Why regular expressions and not a lark grammar: amounts are found *inside* running prose, so
the job is to locate short phrases in arbitrary text, not to parse a whole input. An LALR parser
needs a token stream with known boundaries; finding those boundaries is exactly what these
patterns do. Each piece is small, named and anchored:

* :data:`AMOUNT` is the only pattern that reads a whole text. It finds ``NUMBER [.] UNIT``.
  (To save time the plugin tries it only in the few places before a currency word, found by
  :data:`referat_economics.amounts.CANDIDATE`; the matches are those of scanning the text.)
* :data:`QUALIFIER` and :data:`RANGE_LEAD` are matched *backwards* from an amount's start, in a
  window of at most :data:`LOOKBACK` characters (``pattern.search(text, start - LOOKBACK,
  start)``; the patterns end in ``$``, which matches at the window's end).
* :data:`YEARS` is matched forwards, anchored at an amount's end (``YEARS.match(text, end)``).

Linear time: every repetition over digits, dots, commas and spaces is possessive (``++``,
``*+``) or inside an atomic group ``(?>…)`` (Python ≥ 3.11), and a number may only start where
no digit, letter, dot or comma precedes it, so a run of digits is read once, from its start.
The look-back windows are bounded. ``tests/plugins/test_economics_properties.py`` checks this
on long adversarial lines.

Each pattern is compiled the first time it is used (:func:`__getattr__`): compiling them all
costs several milliseconds of the start of ``referat parse``, and a text without a currency
word needs none of them.
"""

from __future__ import annotations

import functools
import re
from decimal import Decimal

#: How far back (in characters) a qualifier or the first number of a range may start.
LOOKBACK = 48

#: The source and flags of each public pattern, compiled on first use.
_SOURCES: dict[str, tuple[str, re.RegexFlag]] = {}


def _define(name: str, source: str, flags: re.RegexFlag = re.NOFLAG) -> None:
    _SOURCES[name] = (source, flags)


def __getattr__(name: str) -> re.Pattern[str]:
    """A pattern compiled when first asked for, then kept as a module global (so that every
    later use is an ordinary attribute)."""
    try:
        source, flags = _SOURCES[name]
    except KeyError:
        msg = f"module {__name__!r} has no attribute {name!r}"
        raise AttributeError(msg) from None
    # the first one stored wins: threads asking at once all get the same object (amounts
    # tells the patterns apart by identity)
    pattern: re.Pattern[str] = globals().setdefault(name, re.compile(source, flags))
    return pattern


# A whole number: 1-3 digits then groups of ".ddd", or plain digits. Atomic: read once.
_INT = r"(?>\d{1,3}(?:\.\d{3})++(?!\d)|\d++)"
# Decimals after a comma ("6,3", "3.729.051,00").
_FRAC = r"(?:,\d++)?+"
# A sign directly attached to the number ("-10,8"); an en dash or minus sign counts too.
_SIGN = r"[-−–]"

#: The scale words, lower-cased (without the final period), and their DKK factor.
SCALES: dict[str, Decimal] = {
    "mio": Decimal(1_000_000),
    "mill": Decimal(1_000_000),
    "million": Decimal(1_000_000),
    "millioner": Decimal(1_000_000),
    "mia": Decimal(1_000_000_000),
    "milliard": Decimal(1_000_000_000),
    "milliarder": Decimal(1_000_000_000),
    "t": Decimal(1_000),
    "tusind": Decimal(1_000),
    "tusinde": Decimal(1_000),
    "tkr": Decimal(1_000),
}

_SCALE = r"""
    (?: (?P<abbr>mio|mia|mill) (?: \.\s*+ | \s++ )      # "mio. kr.", "mio.kr.", "mio kr."
      | (?P<t>t) \.\s*+                                 # "t. kr." (thousands)
      | (?P<word>millioner|million|milliarder|milliard|tusinde|tusind) \s++
    )
"""

_CURRENCY = r"""
    (?P<currency> tkr(?:\.|(?!\w)) | kr(?:\.|(?!\w)) | kroner(?!\w) | dkk(?!\w) )
"""

#: ``NUMBER [.] UNIT``: the core of every amount. Scanned over whole paragraphs.
AMOUNT: re.Pattern[str]
_define(
    "AMOUNT",
    rf"""
    (?<![\w.,])                           # not inside a word or another number
    (?P<number> (?P<sign>{_SIGN})? {_INT} {_FRAC} )
    (?: \.(?=\s*+kr) )?                   # a stray period: "3.700.000. kr."
    \s*+
    (?P<unit> (?i: {_SCALE} )?+ (?i: {_CURRENCY} ) )
    """,
    re.VERBOSE,
)

#: ``UNIT NUMBER [,-] [scale]``: a unit before the number (``kr. 12.500``, ``kr. 12.500,-``,
#: ``DKK 3,5 mio.``), matched (``match``) at a currency word that ends no :data:`AMOUNT`. The
#: number must end there: not a year of prices (``kr. 2024-priser``), not the first number
#: of a range (``kr. 10.000-15.000``, not read).
UNIT_FIRST: re.Pattern[str]
_define(
    "UNIT_FIRST",
    rf"""
    (?P<unit> (?i: (?P<currency> kr\.(?![^\W\d_]) | dkk(?!\w) ) ) )
    [ \t\u00a0]*+
    (?P<number> (?P<sign>{_SIGN})? {_INT} {_FRAC} )
    (?: ,[-–](?![\w-]) )?+
    (?! \d | [.,]\d | [-–/]\s*+\w )
    (?: [ \t\u00a0]++ (?i: (?P<scale> mio\. | mia\. | mill\. | millioner | million
                                      | milliarder | milliard ) ) (?!\w) )?+
    """,
    re.VERBOSE,
)

#: The qualifiers that may stand right before an amount (matched backwards, ending at it).
QUALIFIER: re.Pattern[str]
_define(
    "QUALIFIER",
    r"""
    (?<![\w.])
    (?P<qualifier>
        ca\. | ca(?=\s) | cirka | omkring | i\s++omegnen\s++af
      | op\s++til | op\s++mod | minimum | mindst | maksimum | maks\. | højst
      | i\s++alt | samlet\s++set | samlet | knap | godt | over | under
      | mere\s++end | mindre\s++end
    )
    \s++$
    """,
    re.VERBOSE | re.IGNORECASE,
)

#: The first number and the separator of a range whose unit is written once:
#: ``mellem 18 og`` / ``fra 18 til`` / ``18 til`` / ``18-`` before ``24 mio. kr.``.
RANGE_LEAD: re.Pattern[str]
_define(
    "RANGE_LEAD",
    rf"""
    (?: (?<![\w.]) (?P<lead>mellem|fra) \s++ )?
    (?<![\w.,])
    (?P<low> (?P<sign>{_SIGN})? {_INT} {_FRAC} )
    (?P<sep> \s*+[-–]\s*+ | \s++(?:og|til)\s++ )
    $
    """,
    re.VERBOSE | re.IGNORECASE,
)

# A year of the 20th or 21st century that is not part of a longer number.
_YEAR = r"(?:19|20)\d\d(?!\d|[.,]\d)"
# A year or a span of years: "2025-2027", "2016-18".
_SPAN = rf"{_YEAR}(?:\s*+[-–]\s*+(?:{_YEAR}|\d\d(?!\d|[.,]\d)))?+"
# Several years: "2023 til 2024 og 2025", "2021, 2022 og 2023".
_LIST = rf"{_SPAN}(?:(?:\s*+,\s*+|\s++og\s++|\s++til\s++){_SPAN})*+"
# "og frem": the period has no end.
_OPEN = r"\s++og\s++(?:frem(?:over|efter|adrettet)?|fremad|(?:de\s++følgende|efterfølgende)\s++år)"
_PREP = r"i\s++perioden|i\s++årene|(?:fordelt\s++)?(?:over|på)\s++årene|frem\s++til|fra|til|for|i"
_ANNUAL = r"(?:årligt|om\s++året|pr\.\s*+år|per\s++år|hvert\s++år)(?!\w)"


def _period(n: int) -> str:
    """A period of years; ``n`` keeps the group names of its two copies apart."""
    return rf"""
        (?P<period{n}>
            (?P<prep{n}>{_PREP}) \s++ {_LIST} (?P<open{n}>{_OPEN})?+
          | {_YEAR}\s*+[-–]\s*+{_YEAR}
        )
    """


#: The years right after an amount (anchored at its end):
#: ``årligt [period]`` or ``period``. Groups: ``annual``, ``period1``/``prep1``/``open1`` after
#: ``årligt``, ``period2``/``prep2``/``open2`` without it.
YEARS: re.Pattern[str]
_define(
    "YEARS",
    rf"""
    \s++
    (?P<phrase>
        (?P<annual>{_ANNUAL}) (?: \s++ {_period(1)} )?
      | {_period(2)}
    )
    """,
    re.VERBOSE,  # case-sensitive: "12,1 mio. kr. I 2023 var …" starts a new sentence
)

#: A year inside a years phrase, or the two-digit end of a span ("2016-18").
YEAR_TOKEN: re.Pattern[str]
_define("YEAR_TOKEN", rf"(?P<year>{_YEAR})|(?<=[-–])\s*+(?P<short>\d\d)(?!\d)")

#: A currency word anywhere: used to find money the :data:`AMOUNT` pattern could not read.
CURRENCY: re.Pattern[str]
_define("CURRENCY", r"(?<!\w)(?:tkr\.?|kr(?:\.|(?!\w))|kroner(?!\w)|dkk(?!\w))", re.IGNORECASE)

#: Something number-like right before a currency word (matched backwards from it).
NUMBERISH: re.Pattern[str]
_define(
    "NUMBERISH",
    r"""
    (?<![\w.,])
    (?P<numberish> [-−–]?\d[\d.,]*+ )
    \s*+
    (?: (?:mio|mia|mill|t)\.?\s*+ | (?:millioner|million|milliarder|milliard|tusinde?)\s++ )?
    $
    """,
    re.VERBOSE | re.IGNORECASE,
)


@functools.lru_cache(maxsize=256)
def scale_of(unit: str) -> Decimal:
    """The DKK per unit of a unit as written: ``"mio. kr."`` → 1000000, ``"kr."`` → 1.

    >>> scale_of("mio. kr."), scale_of("kr."), scale_of("Mia. kr."), scale_of("tkr.")
    (Decimal('1000000'), Decimal('1'), Decimal('1000000000'), Decimal('1000'))
    """
    word = re.match(r"[^\W\d_]+", unit.strip().lower())
    if word is None:
        return Decimal(1)
    return SCALES.get(word.group(), Decimal(1))
