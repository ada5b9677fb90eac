"""Finding money amounts in a string: pure functions over text, offsets into that text.

The extractor (:mod:`referat_economics.extract`) turns the offsets into source spans. See
:mod:`referat_economics.patterns` for the phrase language.

How the search is kept cheap (the results are exactly those of ``AMOUNT.finditer`` and
``CURRENCY.finditer``): every amount ends in a currency word, and every currency word contains
``kr`` or ``dkk`` in any case. So the text is lower-cased cheaply (:func:`fast_lower`), the
places where a currency word may start are found in one pass (:data:`CANDIDATE`), and the
patterns are only tried there, AMOUNT in the short window before each such place that could
hold a number and a scale (:func:`scan_candidates`). Most paragraphs have no such place.

Linear time: each candidate's window reaches back no further than the previous candidate (no
currency word crosses another's ``k``), so the windows are disjoint and every character is
looked at a bounded number of times, however many candidates a text has.

Values are exact (:mod:`referat_tables.exact`): an amount whose number has more than
:data:`~referat_tables.exact.MAX_DIGITS` digits is not read (:func:`read_amounts` tells its
caller where it is), never rounded.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from decimal import Decimal
from operator import methodcaller
from typing import Final

from attrs import frozen

from referat_economics import patterns  # its patterns compile on first use
from referat_economics.patterns import LOOKBACK, scale_of
from referat_economics.years import FoundYears, years_after
from referat_tables.exact import decimal_of, times, whole, within_bound

_BARE_YEAR: Final = re.compile(r"(?:19|20)\d\d")
_SIGNS: Final = ("-", "−", "–")

#: The Kelvin sign: the one character beyond Latin-1 that ``IGNORECASE`` (and ``str.lower``)
#: reads as an ASCII letter of a currency word (``k``). :func:`fast_lower` refuses texts with it.
KELVIN: Final = "\u212a"

# Every character the part of an amount before its currency word may consist of: the number
# (sign, digits, dots, commas), spaces and the letters of the scale words in any case
# (``ı``/``İ`` match ``i`` and ``ſ`` matches ``s`` under IGNORECASE). Never ``k``: so a search
# window that ends at one currency word never reaches back past the previous one.
_BEFORE_CURRENCY: Final = re.compile(r"[\d\s.,\-−–mioaltnerdusMIOALTNERDUSİıſ]*+")
# :data:`QUALIFIER` and :data:`RANGE_LEAD` read backwards: matched at the start of the
# reversed text before an amount (its spaces skipped), they tell cheaply whether the patterns
# can match at all. Every alternative of QUALIFIER reversed, then its ``(?<![\w.])``; the
# separator of RANGE_LEAD reversed, then the last digit of the number before it.
_QUALIFIERS: Final = (
    "ca.", "ca", "cirka", "omkring", "i omegnen af", "op til", "op mod", "minimum", "mindst",
    "maksimum", "maks.", "højst", "i alt", "samlet set", "samlet", "knap", "godt", "over",
    "under", "mere end", "mindre end",
)  # fmt: skip
_QUALIFIER_BACKWARDS: Final = re.compile(
    "(?:"
    + "|".join(
        r"\s++".join(re.escape(word[::-1]) for word in reversed(phrase.split()))
        for phrase in _QUALIFIERS
    )
    + r")(?![\w.])",
    re.IGNORECASE,
)
_SEPARATOR_BACKWARDS: Final = re.compile(r"(?:[-–]\s*+|(?:go|lit)\s++)\d", re.IGNORECASE)
# The characters those two can start with (their words' last letters in either case: none of
# these letters has a third form under IGNORECASE).
_QUALIFIER_LAST: Final = frozenset(
    c for phrase in _QUALIFIERS for c in (phrase[-1], phrase[-1].upper())
)
_SEPARATOR_LAST: Final = frozenset("-–gGlL")
# The spaces and the start of a years phrase (YEARS is case-sensitive): "årligt", "om året",
# "over", "pr. år", "per år", "på", "hvert år", "i ", "fordelt", "frem", "fra", "for", "til",
# or a year.
_YEARS_START: Final = re.compile(r"\s++(?:å|o[mv]|p[erå]|hv|i\s|f[or]|ti|19|20)")
# How far back from a currency word its amount is looked for first (most are much shorter).
_WINDOW: Final = 40
# How far past the start of a currency word the patterns look: ``kroner`` and the character
# after it (``(?!\w)``).
_CURRENCY_REACH: Final = 7


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


def _parts(text: str) -> tuple[bool, str, str]:
    """Whether a number as matched by the patterns is negative, its whole digits and its
    decimals (``"-1.234,5"`` → ``(True, "1234", "5")``)."""
    negative = text[:1] in _SIGNS
    digits = text[1:] if negative else text
    integral, _, frac = digits.replace(".", "").partition(",")
    return negative, integral, frac


def digit_count(text: str) -> int:
    """The number of digits of a number as matched by the patterns.

    >>> digit_count("-3.729.051,00")
    9
    """
    _, integral, frac = _parts(text)
    return len(integral) + len(frac)


def number_of(text: str) -> Decimal:
    """The exact value of a Danish number as matched by the patterns (sign, dots, comma).

    >>> number_of("3.729.051,00"), number_of("-10,8"), number_of("454.000")
    (Decimal('3729051.00'), Decimal('-10.8'), Decimal('454000'))
    >>> number_of("-" + "1" * 30) == -int("1" * 30)
    True

    A number beyond the bound raises ``ValueError`` (the plugin checks the bound first).
    """
    negative, integral, frac = _parts(text)
    if not within_bound(len(integral) + len(frac)):
        msg = f"a number of {len(integral) + len(frac)} digits is beyond the bound"
        raise ValueError(msg)
    return decimal_of(integral, frac, negative=negative)


def in_dkk(number: Decimal, scale: Decimal) -> Decimal:
    """``number * scale``, exact, without a trailing ``.0`` when the result is whole.

    >>> in_dkk(Decimal("6.3"), Decimal(1000000)), in_dkk(Decimal("3729051.00"), Decimal(1))
    (Decimal('6300000'), Decimal('3729051'))
    """
    return whole(times(number, scale))


def _value(number: str, scale: Decimal) -> Decimal | None:
    """``in_dkk(number_of(number), scale)``, or ``None`` when the number has more digits than
    the bound (then no Decimal is made of them)."""
    negative, integral, frac = _parts(number)
    if not within_bound(len(integral) + len(frac)):
        return None
    value = times(decimal_of(integral, frac, negative=negative), scale)
    # whole times whole (every scale is whole) is whole already: nothing for ``whole`` to do
    return whole(value) if frac else value


def maybe_money(text: str) -> bool:
    """A cheap test: can ``text`` hold an amount at all (does it contain a currency word)?"""
    lowered = text.lower()
    return "kr" in lowered or "dkk" in lowered


def fast_lower(text: str) -> str | None:
    """``text`` with its ASCII letters lower-cased and every character beyond Latin-1 as ``?``.

    The result has the length of ``text``, so offsets carry over. For ASCII words such as
    ``kr`` or ``ikke`` it finds exactly what ``str.lower`` and ``re.IGNORECASE`` find (no other
    character lower-cases to an ASCII letter), except for the Kelvin sign: ``None`` then, and
    the caller takes the plain path.

    >>> fast_lower("Mio. KR. – DKK")
    'mio. kr. ? dkk'
    """
    if KELVIN in text:
        return None
    return text.encode("latin-1", "replace").lower().decode("latin-1")


#: ``text.encode("latin-1", "replace")``: a plain copy for most texts. :func:`fast_lower` of
#: texts joined by newlines is ``b"\n".join(map(LATIN1, texts)).lower().decode("latin-1")``
#: (when none of them holds the Kelvin sign).
LATIN1: Final = methodcaller("encode", "latin-1", "replace")


#: Where a currency word may start, in :func:`fast_lower` text: ``kr`` (also in ``tkr`` and
#: ``kroner``) not followed by a letter, ``kroner``, ``tkr``, and ``dkk`` (the match starts at
#: its first ``k``). ``\w`` is read in the lower-cased copy, where a character beyond Latin-1
#: is ``?``: that lets a few more through, never fewer. One pass with the literal prefix ``k``.
CANDIDATE: Final = re.compile(r"k(?:r(?:(?!\w)|oner(?!\w)|(?<=tkr))|k(?<=dkk)(?!\w))")


def candidate(low: str, at: int, offset: int = 0) -> int:
    """The code of a :data:`CANDIDATE` match at ``at`` in ``low``, for a text starting at
    ``offset``: ``2 * i`` for ``kr`` at ``i``, ``2 * i + 1`` for ``dkk`` at ``i``."""
    if low[at + 1] == "k":
        return 2 * (at - 1 - offset) + 1
    return 2 * (at - offset)


def currency_candidates(low: str) -> list[int]:
    """Where a currency word may start in the text whose :func:`fast_lower` is ``low``, in
    order (see :func:`candidate`): every currency word of :data:`AMOUNT` and :data:`CURRENCY`
    starts at one."""
    return [candidate(low, match.start()) for match in CANDIDATE.finditer(low)]


def _run_back(text: str, start: int, end: int) -> int:
    """Where the run of ``_BEFORE_CURRENCY`` characters that ends at ``end`` starts, looking no
    further back than ``start``."""
    run = _BEFORE_CURRENCY.match(text[start:end][::-1])
    return end - run.end() if run else end


def scan_candidates(
    text: str, low: str, candidates: list[int]
) -> tuple[list[re.Match[str]], list[re.Match[str]]]:
    """The matches of :data:`AMOUNT` in ``text`` (exactly ``list(AMOUNT.finditer(text))``) and
    those of :data:`CURRENCY` that do not end an amount.

    ``low`` is :func:`fast_lower` of ``text``, ``candidates`` its :func:`currency_candidates`.
    An amount ends in a currency word, and what comes before that word (number, spaces,
    scale) consists of the characters of ``_BEFORE_CURRENCY``; so each candidate's amount can
    only start in the run of those characters right before it, and AMOUNT is searched in that
    window only. The window ends :data:`_CURRENCY_REACH` characters after the candidate (all
    the pattern looks at); a match found there counts only when its currency word is the
    candidate's. CURRENCY is tried at the other candidates: where an amount's currency word
    is, it either fails or ends with the amount.
    """
    amounts: list[re.Match[str]] = []
    currencies: list[re.Match[str]] = []
    done = 0  # the end of the last amount: finditer goes on from there
    floor = 0  # just past the ``k`` of the previous candidate: no run crosses it
    length = len(text)
    for code in candidates:
        at = code >> 1
        kr = not code & 1
        bottom = max(done, floor)
        floor = at + 1  # "kr" has its ``k`` at ``at``, "dkk" at ``at + 1``
        if at >= done:
            # where the run of _BEFORE_CURRENCY characters that ends at the candidate starts
            # (read backwards; a run that fills the window is measured back to the bottom)
            lowest = max(bottom, at - _WINDOW)
            start = _run_back(text, lowest, at)
            if start == lowest > bottom:
                start = _run_back(text, bottom, at)
            match = patterns.AMOUNT.search(text, start, min(length, at + _CURRENCY_REACH))
            if match is not None:
                word = match.start("currency")
                if word == at or (kr and word == at - 1):  # "tkr"
                    amounts.append(match)
                    done = match.end()
                    continue
        # "tkr": CURRENCY at the "kr" would start inside a word
        currency = patterns.CURRENCY.match(text, at - 1 if kr and at and low[at - 1] == "t" else at)
        if currency is not None:
            if at >= done and (first := _unit_first_match(text, currency.start())) is not None:
                amounts.append(first)  # "kr. 12.500": the unit before the number
                done = first.end()
                continue
            currencies.append(currency)
    return amounts, currencies


def _unit_first_match(text: str, start: int) -> re.Match[str] | None:
    """:data:`UNIT_FIRST` at ``start``, unless an :data:`AMOUNT` begins inside it (``kr. 5
    mio. kr.``, ``kr.-1kr``: the amount after the unit wins, as everywhere)."""
    first = patterns.UNIT_FIRST.match(text, start)
    if first is None:
        return None
    # an amount can only begin inside it at its number, or right after the number's sign
    number = first.start("number")
    if patterns.AMOUNT.match(text, number) is not None:
        return None
    if first.group("sign") and patterns.AMOUNT.match(text, number + 1) is not None:
        return None
    return first


def plain_matches(text: str) -> tuple[list[re.Match[str]], list[re.Match[str]]]:
    """What :func:`scan_candidates` finds, by scanning the whole text with the patterns:
    the amounts in order (the :data:`AMOUNT` matches, and a :data:`UNIT_FIRST` match at
    each currency word outside them) and the other currency words."""
    found = list(patterns.AMOUNT.finditer(text))
    amounts: list[re.Match[str]] = []
    currencies: list[re.Match[str]] = []
    done = 0  # the end of the last amount before the currency word
    k = 0
    for currency in patterns.CURRENCY.finditer(text):
        start = currency.start()
        while k < len(found) and found[k].start() <= start:
            amounts.append(found[k])
            done = max(done, found[k].end())
            k += 1
        if start < done:
            continue  # inside an amount: its currency word
        first = _unit_first_match(text, start)
        if first is not None:
            amounts.append(first)
            done = first.end()
            continue
        currencies.append(currency)
    amounts.extend(found[k:])
    return amounts, currencies


def _normal(text: str) -> str:
    return " ".join(text.split())


_UNITS: Final[dict[str, tuple[str, Decimal]]] = {}


def _unit(raw: str) -> tuple[str, Decimal]:
    """The unit as written (spaces normalised) and its scale."""
    known = _UNITS.get(raw)
    if known is None:
        unit = _normal(raw)
        known = (unit, scale_of(unit))
        if len(_UNITS) < 1024:
            _UNITS[raw] = known
    return known


def _backwards(text: str, start: int) -> str:
    """The text of the look-back window before ``start`` without the spaces that end it,
    reversed, with the character before the window (the patterns' look-behinds see it)."""
    return text[max(0, start - LOOKBACK - 1) : start].rstrip()[::-1]


def _qualifier(text: str, start: int, backwards: str | None = None) -> str | None:
    """The qualifier ending (with spaces) at ``start``; ``backwards`` is
    ``_backwards(text, start)`` when the caller has it."""
    if start == 0 or not text[start - 1].isspace():
        return None  # every qualifier is followed by a space
    if backwards is None:
        backwards = _backwards(text, start)
    if not _QUALIFIER_BACKWARDS.match(backwards):
        return None  # cheap: no qualifier ends here
    match = patterns.QUALIFIER.search(text, max(0, start - LOOKBACK), start)
    return _normal(match.group("qualifier")).lower() if match else None


def _range_low(
    text: str,
    start: int,
    high: Decimal,
    scale: Decimal,
    backwards: str | None = None,
) -> tuple[int, Decimal, str | None] | None:
    """The start, DKK value and lead word of a range's first number, if one ends at ``start``.

    ``backwards`` is ``_backwards(text, start)`` when the caller has it.
    """
    if start == 0 or not (text[start - 1].isspace() or text[start - 1] in "-–"):
        return None  # the separator ("og", "til", "-") ends right before the number
    if backwards is None:
        backwards = _backwards(text, start)
    if not _SEPARATOR_BACKWARDS.match(backwards):
        return None  # cheap: no number and separator end here
    match = patterns.RANGE_LEAD.search(text, max(0, start - LOOKBACK), start)
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
    low = _value(match.group("low"), scale)
    if low is None:  # never: the look-back window is shorter than the bound on a number
        return None
    if not low < high:
        return None  # "fra 13,5 til 7 mio. kr." is a change, not a range
    return match.start("low"), low, lead


#: What :func:`read_amounts` gives per amount: start, end, value, value_to, unit, scale,
#: qualifier, years, unit_start (the fields of :class:`FoundAmount` but ``raw``).
AmountParts = tuple[
    int, int, Decimal, Decimal | None, str, Decimal, str | None, FoundYears | None, int
]

#: A number beyond the bound: its start and end in the text, and its number of digits.
TooLong = tuple[int, int, int]


def read_amounts(
    text: str, matches: Iterable[re.Match[str]], too_long: list[TooLong] | None = None
) -> Iterator[AmountParts]:
    """Each :data:`AMOUNT` match read as an amount: value, range, qualifier and years.

    A match whose number has more digits than the bound is no amount: it is left out, and
    added to ``too_long``. (The first number of a range always has fewer: it fits in the
    :data:`~referat_economics.patterns.LOOKBACK` window.)
    """
    for match in matches:
        number, written = match.group("number", "unit")
        if match.re is patterns.UNIT_FIRST:
            yield from _unit_first(text, match, too_long)
            continue
        unit, scale = _UNITS.get(written) or _unit(written)
        value = _value(number, scale)
        if value is None:
            if too_long is not None:
                too_long.append((*match.span("number"), digit_count(number)))
            continue
        start, end = match.span()
        value_to: Decimal | None = None
        qualifier: str | None = None
        if start:
            before = text[start - 1]
            spaced = before.isspace()
            if spaced or before in "-–":
                backwards = _backwards(text, start)
                last = backwards[:1]
                low = None
                if last in _SEPARATOR_LAST:
                    low = _range_low(text, start, value, scale, backwards)
                if low is not None:
                    start, value_to, qualifier = low
                    value, value_to = value_to, value
                    if qualifier is None:
                        qualifier = _qualifier(text, start)
                elif spaced and last in _QUALIFIER_LAST:
                    qualifier = _qualifier(text, start, backwards)
        years = years_after(text, end) if _YEARS_START.match(text, end) else None
        yield start, end, value, value_to, unit, scale, qualifier, years, match.start("unit")


def _unit_first(
    text: str, match: re.Match[str], too_long: list[TooLong] | None
) -> Iterator[AmountParts]:
    """A :data:`UNIT_FIRST` match read as an amount (``kr. 12.500``; ``DKK 3,5 mio.`` is
    3.500.000 kr. in the unit ``mio. DKK``); a qualifier and years as for any amount, never
    a range."""
    number, written, scale_word = match.group("number", "unit", "scale")
    unit, scale = _unit(f"{scale_word} {written}" if scale_word else written)
    value = _value(number, scale)
    if value is None:
        if too_long is not None:
            too_long.append((*match.span("number"), digit_count(number)))
        return
    start, end = match.span()
    qualifier = _qualifier(text, start) if start and text[start - 1].isspace() else None
    years = years_after(text, end) if _YEARS_START.match(text, end) else None
    yield start, end, value, None, unit, scale, qualifier, years, match.start("unit")


def find_amounts(text: str) -> Iterator[FoundAmount]:
    """Every money amount in ``text``, in order (but those whose number has more digits than
    the bound).

    >>> [a.raw for a in find_amounts("på ca. 450.000 kr. og mellem 18 og 24 mio. kr. i 2017")]
    ['450.000 kr.', '18 og 24 mio. kr.']
    """
    yield from scan(text)


def text_matches(text: str) -> list[re.Match[str]]:
    """``plain_matches(text)[0]`` (the amounts), found the cheap way when it can be."""
    low = fast_lower(text)
    if low is None:
        return plain_matches(text)[0] if maybe_money(text) else []
    candidates = currency_candidates(low)
    return scan_candidates(text, low, candidates)[0] if candidates else []


def scan(text: str) -> Iterator[FoundAmount]:
    """:func:`find_amounts` (kept for callers that did the cheap test themselves)."""
    for start, end, value, value_to, unit, scale, qualifier, years, unit_start in read_amounts(
        text, text_matches(text)
    ):
        yield FoundAmount(
            start=start,
            end=end,
            raw=text[start:end],
            value=value,
            value_to=value_to,
            unit=unit,
            scale=scale,
            qualifier=qualifier,
            years=years,
            unit_start=unit_start,
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
