"""Cut running text into sentences (offsets into the text).

A sentence ends at ``.``, ``!`` or ``?`` (plus closing quotes or brackets) followed by
whitespace and a capital letter, a quote or bold markup — or at the end of the text. A full
stop after an initial (``Hans J. Jensen``) or a common abbreviation (``jf.``, ``fx.``, ``ca.``)
ends no sentence; a full stop after ``kr.`` does (``… 25 mio. kr. I overensstemmelse …``).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Final

from referat.vocabulary import stop_is_abbreviation

# The end of a sentence: its punctuation, then the whitespace before the next one. Linear:
# every quantifier runs over a distinct character class.
_BOUNDARY: Final = re.compile(r"[.!?][\"”»)]*\s+(?=[*\"“„«(]*[A-ZÀ-ÖØ-Þ])")


def _is_abbreviation(text: str, stop: int) -> bool:
    """Is the full stop at ``text[stop]`` part of an abbreviation or an initial (the shared
    rule: :func:`referat.vocabulary.stop_is_abbreviation`)?"""
    return stop_is_abbreviation(text[max(0, stop - 40) : stop + 1])


def split_sentences(text: str) -> list[tuple[int, int]]:
    """The ``(start, end)`` offsets of the sentences of ``text``, whitespace trimmed."""
    return list(iter_sentences(text))


def first_sentence(text: str) -> tuple[int, int] | None:
    """The offsets of the first sentence of ``text`` (``None``: all white space), found
    without cutting the rest."""
    return next(iter_sentences(text), None)


def iter_sentences(text: str) -> Iterator[tuple[int, int]]:
    """The sentences of ``text`` as :func:`split_sentences` gives them, cut as they are asked
    for."""
    start = 0
    for match in _BOUNDARY.finditer(text):
        if text[match.start()] == "." and _is_abbreviation(text, match.start()):
            continue
        end = match.end() - (len(match.group()) - len(match.group().rstrip()))
        trimmed = _trim(text, start, end)
        if trimmed[0] < trimmed[1]:
            yield trimmed
        start = match.end()
    trimmed = _trim(text, start, len(text))
    if trimmed[0] < trimmed[1]:
        yield trimmed


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end
