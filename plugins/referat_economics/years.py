"""The years an amount applies to: the phrase right after it (``i 2017``, ``årligt fra 2023``).

Pure functions over text; offsets into that text.
"""

from __future__ import annotations

from attrs import frozen

from referat_economics import patterns  # its patterns compile on first use


@frozen
class FoundYears:
    """A years phrase: ``text[start:end]`` is ``raw``; ``first``/``last`` as in ``YearRange``."""

    start: int
    end: int
    raw: str
    first: int | None
    last: int | None
    annual: bool


def _years(period: str) -> list[int]:
    """The years named in a period, with ``2016-18`` read as 2016 and 2018."""
    years: list[int] = []
    for match in patterns.YEAR_TOKEN.finditer(period):
        if match.group("year"):
            years.append(int(match.group("year")))
        elif years:
            century = years[-1] // 100 * 100
            years.append(century + int(match.group("short")))
    return years


def years_after(text: str, position: int) -> FoundYears | None:
    """The years phrase that starts (after whitespace) at ``position``, if any.

    >>> found = years_after("6,3 mio. kr. årligt fra 2023 og frem.", 12)
    >>> found.raw, found.first, found.last, found.annual
    ('årligt fra 2023 og frem', 2023, None, True)
    >>> years_after("10 mio. kr. i 2016-18 til", 11).last
    2018
    """
    match = patterns.YEARS.match(text, position)
    if match is None:
        return None
    annual = match.group("annual") is not None
    number = "1" if match.group("period1") is not None else "2"
    period = match.group("period" + number)
    prep = match.group("prep" + number) or ""
    is_open = match.group("open" + number) is not None
    years = _years(period) if period else []
    first = years[0] if years else None
    last = years[-1] if years else None
    if is_open or (annual and prep == "fra" and len(years) == 1):
        last = None  # "fra 2018 og frem", "årligt fra 2018": no end
    return FoundYears(
        start=match.start("phrase"),
        end=match.end("phrase"),
        raw=match.group("phrase"),
        first=first,
        last=last,
        annual=annual,
    )
